/**
 * Two runs in one process, side by side, each give the answer they give
 * alone: nothing a run is configured with, or learns, is kept where another
 * run can see it. The engine paths travel with the run into the browser
 * pool (a browser per executable, closed only when no run holds it); the
 * timeout breaker is the run's (or the audit's) own.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAudit, runSuite, type AuditReport, type Summary } from '../../runner/api';
import { closeBrowser } from '../../browser/pool';
import { hangingServer, type Hostile } from '../support/hostile-servers';

const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
const work = mkdtempSync(path.join(tmpdir(), 'rc-side-by-side-'));

/** A Chromium that writes a line to its log each time it is launched, then is Debian's chromium-headless-shell. */
function recordingChromium(name: string): { readonly executable: string; readonly launches: () => number } {
  const executable = path.join(work, name);
  const log = path.join(work, `${name}.launches`);
  writeFileSync(log, '');
  writeFileSync(executable, `#!/bin/sh\necho launched >> '${log}'\nexec ${HEADLESS_SHELL} "$@"\n`);
  chmodSync(executable, 0o755);
  return { executable, launches: () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length };
}

/** A run's answer: each scenario's status, and why it failed, by kind. */
const answer = (summary: Summary) => ({
  conformant: summary.conformant,
  counts: summary.counts,
  scenarios: summary.scenarios.map((s) => `${s.id} ${s.status}${s.message === null ? '' : ` ${/^not sent: /.test(s.message) ? 'not sent' : /^timed out after /.test(s.message) ? 'timed out' : s.outcome}`}`),
});

describe('two runs side by side, each with its own Chromium', { skip: !existsSync(HEADLESS_SHELL) && !process.env.CI && `no ${HEADLESS_SHELL} here (in CI this fails instead)` }, () => {
  // One run names its Chromium; the other takes the default, which CHROMIUM_PATH names here: each executable records its launches.
  const named = recordingChromium('named-chromium');
  const byDefault = recordingChromium('default-chromium');
  const saved = process.env.CHROMIUM_PATH;
  before(() => void (process.env.CHROMIUM_PATH = byDefault.executable));
  after(async () => {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
    await closeBrowser();
  });
  const options = { tags: '@id:browser-1 or @id:browser-2 or @id:browser-3', browser: 'on' } as const;

  it('each launches the Chromium it asked for, once, and judges as it does alone', async () => {
    const aloneNamed = answer(await runSuite({ ...options, chromiumPath: named.executable }));
    const aloneDefault = answer(await runSuite(options));
    assert.deepEqual([named.launches(), byDefault.launches()], [1, 1], 'alone, each run launched its own Chromium once and closed it');
    assert.equal(aloneNamed.counts.passed, 3, JSON.stringify(aloneNamed));

    const [sideNamed, sideDefault] = await Promise.all([runSuite({ ...options, chromiumPath: named.executable }), runSuite(options)]);
    // Had the runs shared a browser, or one run's paths reached the other, one executable would not have been launched again.
    assert.deepEqual([named.launches(), byDefault.launches()], [2, 2], 'side by side, each run launched the Chromium it asked for');
    assert.deepEqual(answer(sideNamed), aloneNamed);
    assert.deepEqual(answer(sideDefault), aloneDefault);
  });
});

/**
 * An API with a part that never answers (/hang/…) and a part that answers
 * after a moment, granting the frontend's origin with credentials.
 */
async function halfHangingApi(): Promise<{ readonly url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/hang/')) return; // never answered
    setTimeout(() => {
      const origin = req.headers.origin;
      const cors = origin === undefined || origin !== 'https://shop.example' ? {} : { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' };
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'content-type', Vary: 'Origin' }).end();
        return;
      }
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json', Vary: 'Origin' }).end('{"ok": true}');
    }, 60);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** An audit's answer: its error, or each route's status, grant and the browser's opinion; its findings; its exit code. */
const auditAnswer = (report: AuditReport & { exitCode: number }) => ({
  error: report.error?.replace(/\/hang\/\d/, '/hang/N') ?? null,
  exitCode: report.exitCode,
  routes: report.routes.map((r) => `${r.method} ${r.path} ${r.status} ${r.granted} browser:${r.browser === null ? 'none' : r.browser.granted}`),
  findings: [...report.findings, ...report.routes.flatMap((r) => r.findings)].map((f) => f.id).sort(),
  judgedBy: report.judgedBy,
});

describe('two audits side by side, one of an API that hangs', () => {
  let api: Awaited<ReturnType<typeof halfHangingApi>>;
  const document = path.join(work, 'hanging.json');
  before(async () => {
    api = await halfHangingApi();
    const get = { get: { responses: { 200: { description: 'ok' } } } };
    writeFileSync(document, JSON.stringify({ openapi: '3.1.0', info: { title: 'hangs', version: '1' }, paths: Object.fromEntries([1, 2, 3, 4].map((n) => [`/hang/${n}`, get])) }));
  });
  after(async () => {
    await api.close();
    await closeBrowser();
  });

  // Same origin, so that only the breakers' being the audits' own keeps the hanging one's timeouts from the other's requests.
  const hanging = () => runAudit({ target: api.url, origin: 'https://shop.example', openapi: document, timeoutMs: 1500, browser: 'off' });
  const routes = ['GET /items/1', 'GET /items/2', 'GET /items/3', 'GET /items/4', 'GET /items/5', 'GET /items/6', 'POST /items {"name": "x"}', 'GET /items/7'];
  const healthy = () => runAudit({ target: api.url, origin: 'https://shop.example', routes, browsers: ['chromium'], timeoutMs: 5000 });

  it('the hanging one trips its own breaker; the other is judged, browser included, as it is alone', { skip: !existsSync(HEADLESS_SHELL) && !process.env.CI && `no ${HEADLESS_SHELL} here` }, async () => {
    const aloneHanging = auditAnswer(await hanging());
    const aloneHealthy = auditAnswer(await healthy());
    assert.match(aloneHanging.error ?? '', /^timed out after 1500 ms waiting for GET http:\/\/127\.0\.0\.1:\d+\/hang\/N$/);
    assert.equal(aloneHealthy.error, null);
    assert.equal(aloneHealthy.judgedBy.chromium, true);
    assert.ok(aloneHealthy.routes.every((r) => / 200 true browser:true$/.test(r)), aloneHealthy.routes.join('\n'));

    // The healthy audit is still sending when the other's four requests time out together, and still asking Chromium when the other ends.
    const [sideHanging, sideHealthy] = await Promise.all([hanging(), healthy()]);
    assert.deepEqual(auditAnswer(sideHanging), aloneHanging);
    assert.deepEqual(auditAnswer(sideHealthy), aloneHealthy);
  });
});

describe('two suite runs side by side, one against a target that never answers', () => {
  let silent: Hostile;
  before(async () => (silent = await hangingServer()));
  after(() => silent.close());

  it('the silent target\'s run times out three times, then sends nothing, as alone; the runs beside it pass as alone', async () => {
    const stalled = () => runSuite({ target: silent.url, tags: '@id:cookies-1 or @id:cookies-2 or @id:cookies-3 or @id:status-1 or @id:status-2 or @id:status-3 or @id:status-4', browser: 'off', timeoutMs: 1000 });
    const healthy = () => runSuite({ tags: '@id:cookies-1 or @id:cors-1 or @id:status-1 or @id:status-2', browser: 'off', parallel: 2 });
    const aloneStalled = answer(await stalled());
    const aloneHealthy = answer(await healthy());
    assert.equal(aloneStalled.scenarios.filter((s) => s.endsWith(' timed out')).length, 3, aloneStalled.scenarios.join('\n'));
    assert.ok(aloneStalled.scenarios.filter((s) => s.endsWith(' not sent')).length > 0, aloneStalled.scenarios.join('\n'));
    assert.equal(aloneHealthy.conformant, true);

    // Healthy runs one after another for as long as the stalled one lasts: their shards start while its breaker counts, and none resets it.
    let over = false;
    const side = stalled().finally(() => (over = true));
    const beside: ReturnType<typeof answer>[] = [];
    while (!over) beside.push(answer(await healthy()));
    assert.deepEqual(answer(await side), aloneStalled);
    assert.ok(beside.length >= 2, `only ${beside.length} run beside it`);
    for (const run of beside) assert.deepEqual(run, aloneHealthy);
  });
});
