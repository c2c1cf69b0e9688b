/**
 * The Fetch model's WPT-derived cases (test/wpt/cases.ts) in Chromium and
 * in Firefox: a page on https://frontend.example calls fetch() as the WPT
 * test does, against test/wpt/server.ts, which answers as the WPT resource
 * does and logs what arrives. What each engine sent (the preflight or none,
 * its Accept and Access-Control-Request-* headers, the request's Accept)
 * and what its script saw (refused, or the status and the headers the test
 * reads) must be what the model says, on every case, except where the
 * ledger (test/wpt/expectation.json) records that engine's answer; a ledger
 * entry that no longer holds fails too. With the ledger's own rule (the
 * model follows the browsers where both differ from the standard), this
 * holds the model to both engines wherever they agree.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { browserScripts, closeBrowser } from '../../browser/pool';
import { ENGINES, engineName } from '../../browser/engines';
import { skipReason } from '../support/engine-skip';
import type { BrowserScripts } from '../../browser/browser-scripts';
import { TargetClient } from '../../http/client';
import { modelScript } from '../../http/script-fetch';
import { fieldValues, getCombined } from '../../http/header-list';
import { caseName, describeObserved, modelObserves, PAGE_ORIGIN, printable, readNames, readsOf, type Observed, type WptCase } from '../wpt/case';
import { WPT_CASES } from '../wpt/cases';
import { preflightPy } from '../wpt/resources';
import { LEDGER } from '../wpt/ledger';
import { startWptServer, type WptServer } from '../wpt/server';

/** What the engine sent, from the server's log, and what its script saw. */
async function engineObserves(browser: BrowserScripts, server: WptServer, index: number, c: WptCase, token: string): Promise<Observed> {
  let view;
  try {
    view = await browser.fetch(PAGE_ORIGIN, { method: c.script.method, url: `${server.url}/case/${index}?${token}`, headers: c.script.headers, body: c.script.body, credentials: c.script.credentials, timeoutMs: 5000 });
  } catch (error) {
    return { preflight: false, outcome: 'refused', actualAccept: `(the harness gave up: ${(error as Error).message})` };
  }
  const log = server.log(index);
  const preflight = log.find((request) => request.method === 'OPTIONS' && getCombined(request.headers, 'Access-Control-Request-Method') !== null);
  const actual = log.find((request) => request !== preflight);
  return {
    preflight: preflight !== undefined,
    preflightAsks: preflight && {
      method: getCombined(preflight.headers, 'Access-Control-Request-Method'),
      headers: getCombined(preflight.headers, 'Access-Control-Request-Headers'),
      accept: getCombined(preflight.headers, 'Accept'),
    },
    actualAccept: actual && getCombined(actual.headers, 'Accept'),
    outcome: view.ok ? { status: view.status, reads: readsOf(view, readNames(c)) } : 'refused',
  };
}

const files = [...new Set(WPT_CASES.map((c) => c.file))];

for (const engine of ENGINES) describe(`the Fetch model agrees with ${engineName(engine)} on the WPT-derived cases`, { skip: skipReason(engine) }, () => {
  const seen = new Map<WptCase, string>();
  before(async () => {
    const browser = await browserScripts(engine);
    const server = await startWptServer(WPT_CASES);
    const token = randomUUID();
    try {
      for (const [index, c] of WPT_CASES.entries()) seen.set(c, describeObserved(await engineObserves(browser, server, index, c, token)));
    } finally {
      await server.close();
    }
  });
  after(() => closeBrowser(engine));

  for (const file of files) {
    it(`on ${file}`, () => {
      const found: string[] = [];
      for (const c of WPT_CASES.filter((w) => w.file === file)) {
        const inEngine = seen.get(c);
        const byModel = describeObserved(modelObserves(c));
        const entry = LEDGER.get(caseName(c));
        const recorded = entry?.[engine];
        if (recorded !== undefined && recorded !== inEngine) found.push(`${printable(c.test)}: the ledger records ${engineName(engine)} as ${recorded}, it now gives ${inEngine}`);
        else if (recorded === undefined && inEngine !== byModel) found.push(`${printable(c.test)}: ${engineName(engine)} ${inEngine}; model ${byModel}`);
      }
      assert.deepEqual(found, []);
    });
  }
});

describe("the suite's own probes put on the wire what a browser does", () => {
  // Two cases answered as fetch/api/resources/preflight.py does, which refuses a preflight without Accept: */*.
  const probes: WptCase[] = [0, 1].map((n) => ({
    file: 'the suite',
    test: `probe ${n}`,
    script: { method: 'PUT', headers: [], credentials: 'include' },
    resource: preflightPy({ origin: PAGE_ORIGIN, credentials: true, allow_methods: 'PUT', allow_headers: 'content-type, x-probe' }),
    expect: { outcome: {} },
  }));
  const sent = async (headers: [string, string][]) => {
    const server = await startWptServer(probes);
    try {
      const client = new TargetClient({ target: server.url, timeoutMs: 5000, extraHeaders: [] });
      const outcome = await modelScript((request) => client.send(request), PAGE_ORIGIN, { method: 'PUT', path: '/case/0', headers, body: { a: 1 } });
      return { outcome, log: server.log(0) };
    } finally {
      await server.close();
    }
  };

  it('one Accept: */* on the preflight and on the request, when the script sets none', async () => {
    const { outcome, log } = await sent([['Content-Type', 'application/json']]);
    assert.deepEqual(log.map((request) => [request.method, fieldValues(request.headers, 'Accept')]), [['OPTIONS', ['*/*']], ['PUT', ['*/*']]]);
    assert.equal(outcome.view.ok, true, 'preflight.py grants a preflight that carries Accept: */*');
  });
  it("the script's own Accept on the request, and still */* on the preflight", async () => {
    const { log } = await sent([['Content-Type', 'application/json'], ['Accept', 'application/json']]);
    assert.deepEqual(log.map((request) => [request.method, fieldValues(request.headers, 'Accept')]), [['OPTIONS', ['*/*']], ['PUT', ['application/json']]]);
  });
});
