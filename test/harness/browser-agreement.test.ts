/**
 * The Fetch model agrees with Chromium and with Firefox, which implements
 * CORS independently. For every contract route, from the
 * allowed origin and from another, on every implementation and on every
 * broken server that touches CORS, the model's verdict on the server's
 * answers must be what a credentialed fetch() in the browser shows: granted
 * or refused, and if granted, the same status and the same readable header
 * names. Where they disagree, the browser is right and the model is fixed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BROKEN_SERVERS } from '../../examples/broken/catalogue';
import { setHeader, startFaultyServer } from '../../examples/broken/fault-proxy';
import { IMPLEMENTATIONS } from '../../examples/targets/registry';
import { startListening } from '../../scripts/support/processes';
import type { BrowserScripts } from '../../browser/browser-scripts';
import { browserScripts, closeBrowser } from '../../browser/pool';
import { ENGINES, engineName } from '../../browser/engines';
import { skipReason } from '../support/engine-skip';
import { CONTRACT_CALLS } from '../../steps/support/contract';
import type { ScriptView } from '../../http/fetch-model';
import { TargetClient } from '../../http/client';
import { modelScript } from '../../http/script-fetch';

const ORIGINS = ['https://frontend.example', 'https://elsewhere.example'];

/** What a script can tell: refused, or the status and the names it can read. */
function observable(view: ScriptView): string {
  if (!view.ok) return 'refused';
  const names = [...new Set(view.headers.map(([name]) => name.toLowerCase()))].sort();
  return `${view.status} [${names.join(', ')}]`;
}

async function disagreements(browser: BrowserScripts, target: string): Promise<string[]> {
  const client = new TargetClient({ target, timeoutMs: 5000, extraHeaders: [] });
  const found: string[] = [];
  for (const origin of ORIGINS) {
    for (const call of CONTRACT_CALLS) {
      const body = typeof call.body === 'string' ? call.body : undefined;
      const inBrowser = observable(await browser.fetch(origin, { method: call.method, url: client.urlFor(call.path), headers: call.headers, body, timeoutMs: 5000 }));
      const byModel = observable((await modelScript((r) => client.send(r), origin, call)).view);
      if (inBrowser !== byModel) found.push(`${origin} ${call.label}: ${browser.name} ${inBrowser}, model ${byModel}`);
    }
  }
  return found;
}

const corsBroken = BROKEN_SERVERS.filter((b) => b.fails.some((id) => id.startsWith('cors-')));

for (const engine of ENGINES) describe(`the Fetch model agrees with ${engineName(engine)}`, { skip: skipReason(engine) }, () => {
  let browser: BrowserScripts;
  before(async () => {
    browser = await browserScripts(engine);
  });
  after(() => closeBrowser(engine));

  for (const implementation of IMPLEMENTATIONS) {
    it(`on ${implementation.name}`, async () => {
      const server = await startListening(implementation.command, implementation.args);
      try {
        assert.deepEqual(await disagreements(browser, server.url), []);
      } finally {
        await server.stop();
      }
    });
  }

  for (const broken of corsBroken) {
    it(`on the broken server ${broken.name} (${broken.breaks})`, async () => {
      const server = await startFaultyServer(broken.fault);
      try {
        assert.deepEqual(await disagreements(browser, server.url), []);
      } finally {
        await server.close();
      }
    });
  }

  // Access-Control-Expose-Headers that parse, and that do not (Fetch: a list that fails to parse exposes nothing).
  for (const value of ['X-Cat-Dog, X Hidden', 'X-Cat-Dog,, X-Hidden', '"X-Cat-Dog"', 'X-Cat-Dog;', 'x-cat-dog , x-hidden', '*', 'X-Cat-Dog, *']) {
    it(`on Access-Control-Expose-Headers: ${value}`, async () => {
      const server = await startFaultyServer((req, res) => {
        if (req.method !== 'OPTIONS') setHeader(res, 'Access-Control-Expose-Headers', value);
      });
      try {
        assert.deepEqual(await disagreements(browser, server.url), []);
      } finally {
        await server.close();
      }
    });
  }

  it('covers at least the CORS faults the issue names', () => {
    const names = corsBroken.map((b) => b.name);
    for (const name of ['cat-dog-not-exposed', 'expose-only-on-preflight', 'expose-star-with-credentials', 'allow-origin-star-with-credentials']) assert.ok(names.includes(name), name);
  });
});
