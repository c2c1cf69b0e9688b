/**
 * `response-conformance observe`, run as a user runs it, in front of the
 * FastAPI shop (Debian's python3), with a frontend's traffic as a browser
 * sends it (test/support/scripted-frontend.ts) as its command: each broken
 * shop found with exactly its finding id, the shop as it is with none; the
 * exit status (the command's failure wins, 1 for a MUST, 2 when nothing
 * could be judged); SIGTERM ends the observing and judges; a target that
 * hangs or resets gets the gateway's answer and a note; the HAR holds no
 * secret and, read back with --har, is judged the same.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PYTHON, shopArgs } from '../../examples/own-api/misconfigured';
import { BROKEN_SHOPS } from '../../examples/observe/broken-shops';
import { levelOf, RULES } from '../../rules/catalogue';
import { ROOT, startListening, type StartedProcess } from '../../scripts/support/processes';
import { cli, reportDir, type Outcome } from '../support/cli';
import { hangingServer, resettingServer } from '../support/hostile-servers';

const SAME_SITE = 'http://127.0.0.1:5173';
const CROSS_SITE = 'http://localhost:5173';
const FRONTEND = ['--', process.execPath, '-r', path.join(ROOT, 'scripts', 'transpile-only.js'), path.join(ROOT, 'test', 'support', 'scripted-frontend.ts'), '--origin'];

/** The secrets the frontend's traffic carries: none may reach a report. */
const SECRETS = ['wonderland-7c1f', 'demo-token-3b9d'];

interface Observed {
  readonly outcome: Outcome;
  readonly report: { operations: { label: string; findings: { id: string; count: number }[] }[]; findings: { id: string }[]; levels: { MUST: number; SHOULD: number }; notes: string[]; error?: string };
  readonly dir: string;
}

async function observe(target: string, origin: string, extra: readonly string[] = []): Promise<Observed> {
  const dir = reportDir();
  const outcome = await cli(['observe', '--target', target, '--credentials', 'include', '--report-dir', dir, ...extra, ...FRONTEND, origin]);
  const report = JSON.parse(readFileSync(path.join(dir, 'observe.json'), 'utf8'));
  return { outcome, report, dir };
}

const findingIds = (report: Observed['report']) => [...new Set([...report.operations.flatMap((o) => o.findings.map((f) => f.id)), ...report.findings.map((f) => f.id)])].sort();

async function withShop<T>(appOrigin: string, misconfig: string | readonly string[] | undefined, body: (url: string) => Promise<T>): Promise<T> {
  const args = typeof misconfig === 'string' ? shopArgs(appOrigin, misconfig) : [...shopArgs(appOrigin), ...(misconfig ?? [])];
  const shop = await startListening(PYTHON, args);
  try {
    return await body(shop.url);
  } finally {
    await shop.stop();
  }
}

/** Each new kind of mistake a frontend meets (examples/observe/broken-shops.ts), from the scripted frontend: the same walk as the example's page. */
describe('observe finds each broken shop with exactly its finding', () => {
  for (const broken of BROKEN_SHOPS) {
    const origin = broken.frontendHost === 'localhost' ? CROSS_SITE : SAME_SITE;
    // The document is read for a promise's finding only: a 500 the document does not declare is also undeclared-status (the example's test reads it always).
    const withDocument = RULES[broken.finding].scope === 'promise';
    const expected = (withDocument ? [broken.finding, ...broken.alongside] : [broken.finding]).sort();
    it(`${broken.name}: ${expected.join(' and ')}, and nothing else`, () =>
      withShop(origin, broken.args, async (url) => {
        const { outcome, report } = await observe(url, origin, withDocument ? ['--openapi', `${url}/openapi.json`] : []);
        assert.deepEqual(findingIds(report), expected, outcome.stdout);
        const must = report.levels.MUST > 0;
        assert.equal(outcome.code, must ? 1 : 0, outcome.stderr);
        assert.match(outcome.stdout, new RegExp(`${levelOf(broken.finding)} ${broken.finding} \\(once; first #\\d+ `));
      }));
  }

  it('the shop as it is, its document read, with a same-site frontend: no finding, exit 0', () =>
    withShop(SAME_SITE, undefined, async (url) => {
      const { outcome, report } = await observe(url, SAME_SITE, ['--openapi', `${url}/openapi.json`]);
      assert.deepEqual(findingIds(report), [], outcome.stdout);
      assert.equal(report.operations.length, 4);
      assert.equal(outcome.code, 0, outcome.stderr);
    }));
});

describe('observe: the HAR it writes', () => {
  let shop: StartedProcess;
  let observed: Observed;
  before(async () => {
    shop = await startListening(PYTHON, shopArgs(SAME_SITE, 'error-not-readable'));
    observed = await observe(shop.url, SAME_SITE, ['--openapi', `${shop.url}/openapi.json`]);
  });
  after(() => shop.stop());

  it('holds every exchange and no secret: no password, no token, no cookie value', () => {
    const har = readFileSync(path.join(observed.dir, 'traffic.har'), 'utf8');
    const entries = JSON.parse(har).log.entries as unknown[];
    assert.equal(entries.length, 8);
    for (const secret of SECRETS) assert.ok(!har.includes(secret), `${secret} in traffic.har`);
    const cookie = /session=([A-Za-z0-9_-]{20,})/.exec(har);
    assert.equal(cookie, null, `a cookie value in traffic.har: ${cookie?.[1]}`);
    for (const name of ['observe.json']) for (const secret of SECRETS) assert.ok(!readFileSync(path.join(observed.dir, name), 'utf8').includes(secret), `${secret} in ${name}`);
  });

  it('read back with --har, is judged the same', async () => {
    const dir = reportDir();
    const again = await cli(['observe', '--target', shop.url, '--credentials', 'include', '--openapi', `${shop.url}/openapi.json`, '--har', path.join(observed.dir, 'traffic.har'), '--report-dir', dir]);
    const report = JSON.parse(readFileSync(path.join(dir, 'observe.json'), 'utf8'));
    assert.deepEqual(findingIds(report), findingIds(observed.report), again.stdout);
    assert.equal(again.code, observed.outcome.code);
  });
});

describe('observe: its exit status', () => {
  it("the command's own failure wins over the findings", () =>
    withShop(SAME_SITE, 'logout-keeps-cookie', async (url) => {
      const dir = reportDir();
      const script = path.join(dir, 'frontend-then-fail.js');
      writeFileSync(script, `require('node:child_process').execFileSync(process.execPath, ${JSON.stringify(FRONTEND.slice(2))}.concat(${JSON.stringify(SAME_SITE)}), { stdio: 'inherit' }); process.exit(3);`);
      const outcome = await cli(['observe', '--target', url, '--credentials', 'include', '--report-dir', dir, '--', process.execPath, script]);
      assert.equal(outcome.code, 3, outcome.stderr);
      assert.match(outcome.stdout, /MUST logout-keeps-cookie/);
    }));

  it('a command that sends nothing through the proxy is an error of the run (2), saying where to point the frontend', async () => {
    const dir = reportDir();
    const outcome = await cli(['observe', '--target', 'http://127.0.0.1:9', '--report-dir', dir, '--', process.execPath, '-e', '0']);
    assert.equal(outcome.code, 2);
    assert.match(outcome.stderr, /nothing was observed: no request reached http:\/\/127\.0\.0\.1:\d+\. Point the frontend .* OBSERVE_URL/);
  });

  it('a command that cannot be started is an error of the run (2)', async () => {
    const outcome = await cli(['observe', '--target', 'http://127.0.0.1:9', '--report-dir', reportDir(), '--', 'no-such-command-rc']);
    assert.equal(outcome.code, 2);
    assert.match(outcome.stderr, /could not be started \(no-such-command-rc: command not found\)/);
  });

  it('a usage mistake is exit 2 with the usage: no --target; --har with a command', async () => {
    const none = await cli(['observe']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /observe needs --target URL/);
    assert.match(none.stderr, /usage: response-conformance observe/);
    const both = await cli(['observe', '--target', 'http://127.0.0.1:9', '--har', 'x.har', '--', 'true']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--har judges a HAR recorded elsewhere/);
  });

  it('a HAR that is no HAR is an error of the run (2), said plainly', async () => {
    const dir = reportDir();
    writeFileSync(path.join(dir, 'broken.har'), '{"log": {}}');
    const outcome = await cli(['observe', '--target', 'http://127.0.0.1:9', '--har', path.join(dir, 'broken.har'), '--report-dir', dir]);
    assert.equal(outcome.code, 2);
    assert.match(outcome.stderr, /is not a HAR: it has no log\.entries list/);
    assert.doesNotMatch(outcome.stderr, /\n\s+at /);
  });
});

/** observe without a command, in a child process: its stderr until it says where it listens, then `after`, then SIGTERM; its exit and output. */
function observeUntilSignalled(args: readonly string[], after: (proxy: string) => Promise<void>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'response-conformance.js'), 'observe', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    let started = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      const proxy = /forwarding (http:\/\/[\d.:]+)/.exec(stderr)?.[1];
      if (proxy !== undefined && !started) {
        started = true;
        after(proxy).then(() => child.kill('SIGTERM'), reject);
      }
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('observe without a command, and hostile targets', () => {
  it('runs until SIGTERM, then judges what it saw and writes its reports', () =>
    withShop(SAME_SITE, 'error-not-readable', async (url) => {
      const dir = reportDir();
      const result = await observeUntilSignalled(['--target', url, '--credentials', 'include', '--report-dir', dir], async (proxy) => {
        await runFrontend(proxy, SAME_SITE);
      });
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stdout, /MUST error-not-readable/);
      assert.ok(JSON.parse(readFileSync(path.join(dir, 'observe.json'), 'utf8')).exchanges >= 5);
    }));

  it('a target that hangs: the frontend gets 504 after --timeout, the report a note, and observe ends', async () => {
    const hanging = await hangingServer();
    try {
      const dir = reportDir();
      const outcome = await cli(['observe', '--target', hanging.url, '--timeout', '300', '--report-dir', dir, '--', process.execPath, '-e', FETCH_ONCE]);
      assert.match(outcome.stdout, /answered 504/);
      const report = JSON.parse(readFileSync(path.join(dir, 'observe.json'), 'utf8'));
      assert.deepEqual(report.unanswered, { 'target-timed-out': 1 });
      assert.equal(outcome.code, 0, outcome.stderr);
    } finally {
      await hanging.close();
    }
  });

  it('a target that resets the connection in the middle of its answer: the frontend gets the head and a body that breaks off, the report a note', async () => {
    const resetting = await resettingServer();
    try {
      const dir = reportDir();
      const outcome = await cli(['observe', '--target', resetting.url, '--report-dir', dir, '--', process.execPath, '-e', FETCH_BODY]);
      assert.match(outcome.stdout, /answered 200, then failed/);
      const report = JSON.parse(readFileSync(path.join(dir, 'observe.json'), 'utf8'));
      assert.deepEqual(report.unanswered, { 'target-reset': 1 });
      assert.match(report.operations[0].notes.join('\n'), /answer failed after its head was sent \(ECONNRESET\)/);
      assert.equal(outcome.code, 0, outcome.stderr);
    } finally {
      await resetting.close();
    }
  });
});

/** One fetch() through the proxy, printing the status it got. */
const FETCH_ONCE = "fetch(process.env.OBSERVE_URL + '/api/items').then((r) => console.log('answered ' + r.status), (e) => { console.log('failed ' + e.message); })";

/** One fetch() through the proxy and its body read: the status, then whether the body came whole. */
const FETCH_BODY = "fetch(process.env.OBSERVE_URL + '/api/items').then((r) => r.text().then(() => console.log('answered ' + r.status + ', whole'), (e) => console.log('answered ' + r.status + ', then failed: ' + e.message)), (e) => console.log('failed ' + e.message))";

async function runFrontend(proxy: string, origin: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, FRONTEND.slice(2).concat(origin), { cwd: ROOT, env: { ...process.env, OBSERVE_URL: proxy }, stdio: 'ignore' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the frontend exited ${code}`))));
  });
}
