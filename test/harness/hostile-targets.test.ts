/**
 * The harness against targets that misbehave: it keeps going, says clearly
 * what happened per scenario, ends in bounded time, never prints a stack
 * trace, and always leaves complete reports.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BROKEN_SERVERS } from '../../examples/broken/catalogue';
import { setHeader, requestHeader, startFaultyServer } from '../../examples/broken/fault-proxy';
import { startReferenceServer } from '../../reference-server/server';
import { ROOT } from '../../scripts/support/processes';
import { WELL_BEFORE_A_HANG_MS } from '../support/bounds';
import { cli, readReport, readSummary, reportDir } from '../support/cli';
import * as hostile from '../support/hostile-servers';

const REPORTS = ['summary.json', 'junit.xml', 'report.html', 'summary.md', 'messages.ndjson'];
const noStackTrace = (text: string) => assert.doesNotMatch(text, /^\s+at .+:\d+:\d+\)?$/m, 'a stack trace was printed');

type Scenario = { id: string; status: string; outcome: string | null; message: string | null };
/** The scenarios that ran: the @browser ones are skipped here (--no-browser), and say so. */
const ran = (scenarios: Scenario[]) => scenarios.filter((s) => s.status !== 'skipped');

/** Runs the suite (no browser: these are about the harness) and checks the invariants every bad target shares. */
async function against(url: string, ...flags: string[]) {
  return run(url, '--no-browser', ...flags);
}

/** The same, as users run it by default: the browser on (when Chromium is installed). */
async function run(url: string, ...flags: string[]) {
  const dir = reportDir();
  const outcome = await cli(['--target', url, '--report-dir', dir, ...flags]);
  noStackTrace(outcome.stdout + outcome.stderr);
  for (const name of REPORTS) readReport(dir, name); // every report is there
  const summary = readSummary(dir);
  assert.ok(summary.scenarios.length >= 50, 'every scenario is reported');
  return { ...outcome, dir, summary, scenarios: summary.scenarios as Scenario[] };
}

async function withServer<T>(start: () => Promise<hostile.Hostile>, use: (url: string, server: hostile.Hostile) => Promise<T>): Promise<T> {
  const server = await start();
  try {
    return await use(server.url, server);
  } finally {
    await server.close();
  }
}

describe('targets that do not answer', () => {
  it('an unresolvable host: exit 2 without waiting, one line naming the URL', async () => {
    const { code, stderr, ms, scenarios } = await against('http://no-such-host.invalid:8000');
    assert.equal(code, 2);
    assert.ok(ms < WELL_BEFORE_A_HANG_MS, `took ${ms} ms`);
    assert.match(stderr, /^response-conformance: cannot reach GET http:\/\/no-such-host\.invalid:8000\/: (ENOTFOUND|EAI_AGAIN)\n$/);
    assert.ok(scenarios.every((s) => s.status === 'skipped'));
  });

  it('a server that accepts and never answers: each request times out, the run ends in bounded time', async () => {
    await withServer(hostile.hangingServer, async (url) => {
      const { code, ms, scenarios, stdout } = await against(url, '--timeout', '300');
      assert.equal(code, 1);
      assert.ok(ms < WELL_BEFORE_A_HANG_MS, `took ${ms} ms`);
      const failed = scenarios.filter((s) => s.status === 'failed');
      assert.equal(failed.length, ran(scenarios).length);
      assert.ok(failed.every((s) => s.outcome === 'timed-out'), JSON.stringify(failed.filter((s) => s.outcome !== 'timed-out').slice(0, 2)));
      assert.ok(failed.some((s) => /^timed out after 300 ms waiting for /.test(s.message ?? '')));
      assert.ok(failed.some((s) => /^not sent: the target timed out on 3 requests in a row/.test(s.message ?? '')));
      assert.match(stdout, /FAIL \(timed-out\) /);
    });
  });

  it('a server that sends its answer one byte a second: each request times out', async () => {
    await withServer(hostile.tricklingServer, async (url) => {
      const { code, ms, scenarios } = await against(url, '--timeout', '400');
      assert.equal(code, 1);
      assert.ok(ms < WELL_BEFORE_A_HANG_MS, `took ${ms} ms`);
      const odd = ran(scenarios).filter((s) => s.outcome !== 'timed-out');
      assert.deepEqual(odd, []);
    });
  });
});

describe('with the browser on, as users run it by default', () => {
  const cases: [string, () => Promise<hostile.Hostile>, string, string][] = [
    ['a server that accepts and never answers', hostile.hangingServer, '300', 'timed-out'],
    ['a server that sends its answer one byte a second', hostile.tricklingServer, '400', 'timed-out'],
    ['a connection reset mid-body', hostile.resettingServer, '2000', 'protocol-error'],
  ];
  for (const [what, start, timeout, kind] of cases) {
    it(`${what}: every scenario, the @browser ones included, fails as ${kind}, in bounded time`, async () => {
      await withServer(start, async (url) => {
        const { code, ms, scenarios } = await run(url, '--timeout', timeout);
        assert.equal(code, 1);
        assert.ok(ms < WELL_BEFORE_A_HANG_MS, `took ${ms} ms`);
        assert.deepEqual(scenarios.filter((s) => s.status !== 'failed' && !/no Chromium/.test(s.message ?? '')).map((s) => s.id), []);
        assert.deepEqual(ran(scenarios).filter((s) => s.outcome !== kind).map((s) => `${s.id}: ${s.outcome} ${s.message}`), []);
      });
    });
  }
});

describe('targets that answer badly', () => {
  const cases: [string, () => Promise<hostile.Hostile>, string, RegExp][] = [
    ['a connection reset mid-body', hostile.resettingServer, 'protocol-error', /the connection was closed before the response was complete/],
    ['a status line that is not HTTP', hostile.garbageServer, 'protocol-error', /the response is not valid HTTP\/1\.1 \(HPE_/],
    ['a malformed header line', hostile.malformedHeaderServer, 'protocol-error', /the response is not valid HTTP\/1\.1 \(HPE_/],
    ['a 1 MiB header section', hostile.hugeHeaderServer, 'protocol-error', /header section is larger than the 16 KiB/],
  ];
  for (const [what, start, kind, message] of cases) {
    it(`${what}: every scenario fails as ${kind}, saying so`, async () => {
      await withServer(start, async (url) => {
        const { code, scenarios } = await against(url, '--timeout', '2000');
        assert.equal(code, 1);
        const failed = scenarios.filter((s) => s.status === 'failed');
        assert.equal(failed.length, ran(scenarios).length);
        assert.ok(failed.every((s) => s.outcome === kind), JSON.stringify(failed.find((s) => s.outcome !== kind)));
        assert.match(failed[0].message ?? '', message);
      });
    });
  }

  it('a body that is not JSON where JSON is required: a failure showing a short snippet', async () => {
    await withServer(hostile.htmlServer, async (url) => {
      const { code, scenarios } = await against(url);
      assert.equal(code, 1);
      const body = scenarios.find((s) => s.id === 'headers-3')!;
      assert.equal(body.outcome, 'assertion');
      assert.match(body.message ?? '', /^the body is not JSON: "<!doctype html><html><head><title>Welcome to nginx!<\/title>.{0,120}…"$/);
    });
  });

  it('a redirect is not followed, and the failures say so; a set-up it redirects is an error of the run, never a failure', async () => {
    await withServer(hostile.redirectingServer, async (url) => {
      const { code, scenarios } = await against(url);
      // status-5 creates its task first (a set-up, not a check): the 301 leaves nothing to judge, so the run cannot judge it, and exits 2.
      assert.equal(code, 2);
      const status = scenarios.find((s) => s.id === 'headers-5')!;
      assert.equal(status.status, 'failed');
      assert.match(status.message ?? '', /answered 301, a redirect to \/elsewhere\/; redirects are not followed/);
      assert.deepEqual(
        scenarios.filter((s) => s.status === 'error').map((s) => `${s.id}: ${s.message}`),
        ['status-5: set-up failed: creating the task answered 301'],
      );
    });
  });
});

describe('HTTPS with a self-signed certificate', () => {
  it('is a clear error without --insecure, and passes with it', async () => {
    const reference = await startReferenceServer();
    try {
      await withServer(
        () => hostile.selfSignedFront(reference.url),
        async (url) => {
          const refused = await against(url);
          assert.equal(refused.code, 2);
          assert.match(refused.stderr, /^response-conformance: the TLS certificate of https:\/\/127\.0\.0\.1:\d+\/ is not trusted \(\w+: .*\); pass --insecure to accept it\n$/);
          const accepted = await against(url, '--insecure');
          assert.equal(accepted.code, 0, accepted.stdout);
          assert.equal(accepted.summary.counts.failed, 0);
        },
      );
    } finally {
      await reference.close();
    }
  });
});

describe('interruption', () => {
  // The plain run, and a browser's fetch() in flight (the @browser scenarios alone, with the browser on).
  const runs = [
    ['', ['--no-browser']],
    [' while a browser waits on the target', ['--tags', '@browser']],
  ] as const;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) for (const [while_, flags] of runs) {
    it(`${signal} stops the run at once${while_} and still writes every report, marked interrupted`, async () => {
      await withServer(hostile.hangingServer, async (url, server) => {
        const dir = reportDir();
        const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'response-conformance.js'), '--target', url, ...flags, '--timeout', '60000', '--report-dir', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (c) => (output += c));
        child.stderr.on('data', (c) => (output += c));
        // Waiting on the silent server: its first request has arrived (however long start-up took on a loaded machine), and a moment more for the others in flight.
        await Promise.race([server.firstRequest, new Promise((resolve) => child.on('exit', resolve))]);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const sent = Date.now();
        child.kill(signal);
        const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
        // The request would wait 60 s (--timeout 60000): stopping well before that is the signal's doing.
        assert.ok(Date.now() - sent < WELL_BEFORE_A_HANG_MS, `took ${Date.now() - sent} ms to stop`);
        assert.equal(exitCode, code, output);
        noStackTrace(output);
        const summary = readSummary(dir);
        assert.equal(summary.interrupted, true);
        assert.equal(summary.conformant, false);
        assert.match(summary.error, new RegExp(`interrupted by ${signal}`));
        assert.ok(summary.scenarios.length >= (while_ === '' ? 50 : 9));
        assert.ok(summary.scenarios.every((s: Scenario) => s.status === 'skipped' || s.status === 'failed'));
        for (const name of REPORTS) readReport(dir, name);
      });
    });
  }
});

describe('secrets', () => {
  it('a --header value and --target userinfo appear in no output, even when the server echoes them', async () => {
    const secret = 'sekret-4d1f9a';
    const wrong = BROKEN_SERVERS.find((b) => b.name === 'temporal-header-wrong-value')!.fault;
    // Echo the credentials into every response, and fail a scenario so response heads are reported.
    const server = await startFaultyServer((req, res) => {
      setHeader(res, 'X-Echo-Authorization', requestHeader(req, 'Authorization') ?? '');
      setHeader(res, 'X-Echo-Key', requestHeader(req, 'X-Api-Key') ?? '');
      wrong(req, res);
    });
    try {
      const target = server.url.replace('http://', `http://robot:${secret}-pw@`);
      const { code, stdout, stderr, dir } = await against(target, '--header', `X-Api-Key: ${secret}-key`);
      assert.equal(code, 1);
      const outputs = { stdout, stderr, ...Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')])) };
      for (const [name, text] of Object.entries(outputs)) assert.equal(text.includes(secret), false, `${name} contains the secret`);
      assert.match(readReport(dir, 'summary.json'), /X-Echo-Key: \[REDACTED\]/);
    } finally {
      await server.close();
    }
  });
});
