/** The command as a user and a CI job run it: exit codes, output, summary.json. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { BROKEN_SERVERS } from '../../examples/broken/catalogue';
import { startFaultyServer } from '../../examples/broken/fault-proxy';
import type { RunningServer } from '../../reference-server/server';
import { cli, readReport, readSummary, reportDir } from '../support/cli';
import { WELL_BEFORE_A_HANG_MS } from '../support/bounds';
import { engineAvailable, engineMissing, enginePath } from '../../browser/engines';

const faultNamed = (name: string) => BROKEN_SERVERS.find((b) => b.name === name)!.fault;
const noStackTrace = (text: string) => assert.doesNotMatch(text, /^\s+at .+:\d+:\d+\)?$/m, 'a stack trace was printed');

describe('response-conformance', () => {
  it('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await cli(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /--target URL/);
  });

  it('steps prints every sentence with an example, and the parameter types: exit 0', async () => {
    const { code, stdout } = await cli(['steps']);
    assert.equal(code, 0);
    assert.match(stdout, /^\d+ sentences a feature can use/);
    assert.match(stdout, /^  Then the cookie \{string\} is \{cookieFlag\}\n      e\.g\. Then the cookie "session" is HttpOnly$/m);
    assert.match(stdout, /^  \{status\}  a status code with its reason phrase/m);
  });

  it('an unknown command is a usage error', async () => {
    const { code, stderr } = await cli(['stpes']);
    assert.equal(code, 2);
    assert.match(stderr, /^response-conformance: unknown command "stpes" \(the commands are: steps, audit, observe; everything else is a --flag\)/);
  });

  it('--with-contract runs the contract\'s scenarios beside your own', async () => {
    const dir = reportDir();
    const { code, stdout } = await cli(['--features', 'test/fixtures/feature-errors/untagged.feature', '--with-contract', '--no-browser', '--report-dir', dir]);
    assert.equal(code, 0, stdout);
    const summary = readSummary(dir);
    assert.equal(summary.scenarios.length, 67);
    assert.deepEqual(summary.scenarios.filter((s: { area: string }) => s.area === 'untagged').map((s: { status: string }) => s.status), ['passed']);
  });

  it('an unknown flag is a usage error: exit 2, the usage, no stack trace', async () => {
    const { code, stderr } = await cli(['--targte', 'http://127.0.0.1:1']);
    assert.equal(code, 2);
    assert.match(stderr, /Unknown option '--targte'/);
    noStackTrace(stderr);
  });

  it('--list prints every scenario id and level, runs nothing, exits 0', async () => {
    const { code, stdout } = await cli(['--list']);
    assert.equal(code, 0);
    const rows = stdout.split('\n').filter((line) => /^\S+\s+(MUST|SHOULD)\s/.test(line));
    assert.ok(rows.length >= 30, `only ${rows.length} scenarios listed`);
    assert.match(stdout, new RegExp(`^${rows.length} scenarios$`, 'm'));
  });

  it('runs the bundled reference server by default: conformant, exit 0, summary.json in the documented shape', async () => {
    const dir = reportDir();
    const { code, stdout } = await cli(['--report-dir', dir]);
    assert.equal(code, 0, stdout);
    const summary = readSummary(dir);
    assert.deepEqual(Object.keys(summary).sort(), ['conformant', 'counts', 'credentials', 'origin', 'scenarios', 'strict', 'target']);
    assert.deepEqual(summary.credentials, { mode: 'include', source: 'the default' });
    assert.equal(summary.origin, 'https://frontend.example');
    assert.equal(summary.conformant, true);
    assert.deepEqual(Object.keys(summary.counts).sort(), ['error', 'expected-failure', 'failed', 'flaky', 'passed', 'skipped', 'unexpected-pass']);
    assert.equal(summary.counts.passed, summary.scenarios.length);
    for (const scenario of summary.scenarios) {
      assert.deepEqual(Object.keys(scenario).sort(), ['area', 'attempts', 'durationMs', 'feature', 'id', 'level', 'message', 'name', 'outcome', 'response', 'status']);
    }
    assert.match(stdout, /^conformance: \d+ passed, 0 failed, 0 skipped$/m);
    // The header names the target and the origin; the reference server grants the default origin, so no trap, and it serves the contract.
    assert.match(stdout, /^target: http:\/\/127\.0\.0\.1:\d+ \(bundled reference server\) · scripts on https:\/\/frontend\.example \(the default origin\) · fetch\(\) with credentials \(the default\)$/m);
    assert.doesNotMatch(stdout, /^note: /m);
    assert.doesNotMatch(stdout + readReport(dir, 'summary.md'), /does not seem to serve the contract/);
  });

  it('a target that refuses connections: exit 2 without waiting, one line naming the URL, every scenario reported', async () => {
    const port = await closedPort();
    const dir = reportDir();
    const { code, stdout, stderr, ms } = await cli(['--target', `http://127.0.0.1:${port}`, '--report-dir', dir]);
    assert.equal(code, 2);
    assert.ok(ms < WELL_BEFORE_A_HANG_MS, `took ${ms} ms`);
    assert.match(stderr, new RegExp(`^response-conformance: cannot reach GET http://127\\.0\\.0\\.1:${port}/: ECONNREFUSED\n$`));
    noStackTrace(stdout + stderr);
    const summary = readSummary(dir);
    assert.equal(summary.conformant, false);
    assert.ok(summary.scenarios.length >= 30);
    assert.ok(summary.scenarios.every((s: { status: string }) => s.status === 'skipped'), 'unrun scenarios must be skipped, never passed');
  });

  it('a tag expression that matches nothing judges nothing: exit 2', async () => {
    const { code, stderr } = await cli(['--tags', '@no-such-tag', '--report-dir', reportDir()]);
    assert.equal(code, 2);
    assert.match(stderr, /no scenario matched the tags @no-such-tag: nothing was checked/);
  });

  describe('against broken servers', () => {
    let mustBroken: RunningServer;
    let shouldBroken: RunningServer;
    before(async () => {
      mustBroken = await startFaultyServer(faultNamed('temporal-header-wrong-value'));
      shouldBroken = await startFaultyServer(faultNamed('cookie-no-path'));
    });
    after(async () => {
      await mustBroken.close();
      await shouldBroken.close();
    });

    it('a MUST failure exits 1 and shows the requirement, expected against actual, and the response head', async () => {
      const dir = reportDir();
      const { code, stdout } = await cli(['--target', mustBroken.url, '--report-dir', dir, '--no-browser']);
      assert.equal(code, 1);
      assert.match(stdout, /FAIL headers-1 \[MUST\] A header set on the temporal response is sent with the returned data/);
      assert.match(stdout, /X-Cat-Dog: expected "alone in the world", got "together in the world"/);
      assert.match(stdout, /response to GET http:\/\/127\.0\.0\.1:\d+\/headers-and-object\/:\n\s+HTTP 200\n/);
      assert.match(stdout, /NOT CONFORMANT/);
      const failed = readSummary(dir).scenarios.filter((s: { status: string }) => s.status === 'failed');
      assert.deepEqual(failed.map((s: { id: string }) => s.id), ['headers-1']);
      assert.match(failed[0].message, /alone in the world/);
      assert.match(failed[0].response, /^response to GET .*\/headers-and-object\/:\n\s+HTTP 200\n/);
    });

    it('SHOULD failures only warn: exit 0', async () => {
      const { code, stdout } = await cli(['--target', shouldBroken.url, '--report-dir', reportDir(), '--no-browser']);
      assert.equal(code, 0);
      assert.match(stdout, /WARN cookies-2 \[SHOULD\]/);
      assert.match(stdout, /CONFORMANT with 2 SHOULD warning/);
    });

    it('SHOULD failures fail the run under --strict: exit 1', async () => {
      const { code, stdout } = await cli(['--target', shouldBroken.url, '--strict', '--report-dir', reportDir(), '--no-browser']);
      assert.equal(code, 1);
      assert.match(stdout, /FAIL cookies-2 \[SHOULD\]/);
    });
  });

  it('without Chromium, @browser scenarios are skipped with the reason by default, and are errors of the run under --browser', async () => {
    const noChromium = { CHROMIUM_PATH: '/nonexistent/chromium' };
    const dir = reportDir();
    const auto = await cli(['--tags', '@browser', '--report-dir', dir], noChromium);
    assert.equal(auto.code, 2, auto.stdout); // nothing ran: nothing was judged
    const scenarios = readSummary(dir).scenarios;
    assert.ok(scenarios.length > 0);
    for (const s of scenarios) {
      assert.equal(s.status, 'skipped');
      assert.match(s.message, /no Chromium at \/nonexistent\/chromium/);
    }
    // Asked for and missing: the run cannot judge them, which is never the server's failure.
    const forced = await cli(['--tags', '@browser', '--browser', '--report-dir', reportDir()], noChromium);
    assert.equal(forced.code, 2);
    assert.match(forced.stdout, /ERROR OF THE RUN browser-1 .*\n(.*\n)*.*no Chromium at \/nonexistent\/chromium/);
    assert.doesNotMatch(forced.stdout, /^FAIL /m);
  });

  it('--browsers chromium,firefox judges each @browser scenario in each engine, reported per engine', { skip: !engineAvailable('firefox') && !process.env.CI && engineMissing('firefox') }, async () => {
    const dir = reportDir();
    const { code, stdout } = await cli(['--tags', '@browser', '--browsers', 'chromium,firefox', '--report-dir', dir]);
    assert.equal(code, 0, stdout);
    const scenarios = readSummary(dir).scenarios as { id: string; area: string; status: string; engine?: string }[];
    assert.equal(scenarios.length, 18);
    assert.deepEqual(scenarios.filter((s) => s.engine === 'firefox').map((s) => s.id), Array.from({ length: 9 }, (_, i) => `browser-${i + 1}@firefox`));
    assert.ok(scenarios.every((s) => s.status === 'passed'));
    assert.match(stdout, /^browser-cors@firefox\s+9\/9$/m);
  });

  it('--browsers firefox with Firefox missing makes its scenarios errors of the run (exit 2), saying why; it is never a skip, nor a failure of the server', async () => {
    const dir = reportDir();
    const { code, stdout } = await cli(['--tags', '@browser', '--browsers', 'firefox', '--report-dir', dir], { FIREFOX_PATH: '/nonexistent/firefox' });
    assert.equal(code, 2, stdout);
    const scenarios = readSummary(dir).scenarios as { id: string; status: string; message: string }[];
    assert.equal(scenarios.length, 9);
    for (const s of scenarios) {
      assert.match(s.id, /^browser-\d+@firefox$/);
      assert.equal(s.status, 'error');
      assert.match(s.message, /no Firefox at \/nonexistent\/firefox/);
    }
  });

  it('--chromium-path naming no file is a usage error: exit 2, naming the flag and the path, before anything runs', async () => {
    const { code, stdout, stderr } = await cli(['--chromium-path', '/nonexistent']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^response-conformance: --chromium-path \/nonexistent: no such file; give the path of Chromium's executable/);
    noStackTrace(stderr);
  });

  it('audit --firefox-path naming no file is a usage error too', async () => {
    const { code, stderr } = await cli(['audit', '--target', 'http://127.0.0.1:9', '--origin', 'https://app.example', '--route', 'GET /', '--firefox-path', '/nonexistent']);
    assert.equal(code, 2);
    assert.match(stderr, /^response-conformance audit: --firefox-path \/nonexistent: no such file/);
  });

  it('--chromium-path wins over CHROMIUM_PATH', { skip: !engineAvailable('chromium') && !process.env.CI && engineMissing('chromium') }, async () => {
    const dir = reportDir();
    const { code, stdout } = await cli(['--tags', '@id:browser-1', '--browser', '--chromium-path', enginePath('chromium'), '--report-dir', dir], { CHROMIUM_PATH: '/nonexistent/chromium' });
    assert.equal(code, 0, stdout);
    assert.deepEqual(readSummary(dir).scenarios.map((s: { id: string; status: string }) => `${s.id} ${s.status}`), ['browser-1 passed']);
  });

  describe('the contract against an API that does not serve it (404 to everything)', () => {
    let server: Server;
    let target: string;
    before(async () => {
      server = createHttpServer((_request, response) => response.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('says once, after the failures, that the target does not serve the contract, and what to run instead', async () => {
      const dir = reportDir();
      const { code, stdout } = await cli(['--target', target, '--no-browser', '--report-dir', dir]);
      // 2, not 1: status-5's set-up (creating its task) got a 404, so the run could not judge it, an error of the run.
      assert.equal(code, 2, stdout);
      assert.match(stdout, /^ERROR OF THE RUN status-5 /m);
      const said = stdout.split('\n').filter((line) => /does not seem to serve the contract/.test(line));
      assert.equal(said.length, 1, stdout);
      assert.match(said[0], /^The target does not seem to serve the contract: \d+ of the \d+ contract scenarios that got a response got 404 Not Found\.$/);
      assert.ok(stdout.lastIndexOf('\nFAIL ') < stdout.indexOf(said[0]), 'not said after the failures');
      assert.match(stdout, /the suite's own routes .* which framework authors serve/);
      assert.ok(stdout.includes(`  npx response-conformance audit --target ${target} --origin https://app.example --route "GET /api/items" --write-feature features/api/audit.feature\n`), stdout);
      assert.ok(stdout.includes(`  npx response-conformance --target ${target} --origin https://app.example --features features/api\n`), stdout);
      const markdown = readReport(dir, 'summary.md');
      assert.equal(markdown.split('does not seem to serve the contract').length, 2, markdown);
      const summary = readSummary(dir);
      assert.equal(summary.origin, 'https://frontend.example');
      assert.ok(summary.contractNotServed.notFound * 2 > summary.contractNotServed.answered);
    });

    it('names the target and the default origin in the header, and warns of the origin trap', async () => {
      const { stdout } = await cli(['--target', target, '--tags', '@id:cors-1', '--no-browser', '--report-dir', reportDir()]);
      const lines = stdout.split('\n');
      const header = lines.findIndex((line) => line.startsWith('target: '));
      assert.equal(lines[header], `target: ${target} · scripts on https://frontend.example (the default origin) · fetch() with credentials (the default)`);
      assert.match(lines[header + 1], /^note: the scripts ran on the default origin https:\/\/frontend\.example.*Pass --origin with your frontend's real origin/);
      assert.ok(header < lines.findIndex((line) => line.startsWith('FAIL ')), 'the header comes before the failures');
    });

    it('with --origin, the header names it and there is no trap', async () => {
      const { stdout } = await cli(['--target', target, '--origin', 'https://shop.example', '--tags', '@id:cors-1', '--no-browser', '--report-dir', reportDir()]);
      assert.match(stdout, new RegExp(`^target: ${target.replace(/[.]/g, '\\.')} · scripts on https://shop\\.example \\(--origin\\) · fetch\\(\\) with credentials \\(the default\\)$`, 'm'));
      assert.doesNotMatch(stdout, /^note: /m);
    });

    it('says nothing of the contract when only your own features ran', async () => {
      const { stdout } = await cli(['--target', target, '--features', 'test/fixtures/feature-errors/untagged.feature', '--report-dir', reportDir()]);
      assert.doesNotMatch(stdout, /serve the contract/);
    });
  });

  it('--browsers with an engine it does not know is a usage error', async () => {
    const { code, stderr } = await cli(['--browsers', 'chromium,safari']);
    assert.equal(code, 2);
    assert.match(stderr, /^response-conformance: --browsers takes a comma-separated list of chromium, firefox; got "chromium,safari"/);
  });

  it('never prints a --header value or --target userinfo, in output or in summary.json', async () => {
    const secret = 'sekret-token-4d1f';
    const server = await startFaultyServer(() => undefined);
    try {
      const dir = reportDir();
      const target = server.url.replace('http://', `http://user:${secret}-pw@`);
      const { code, stdout, stderr } = await cli(['--target', target, '--header', `Authorization: Bearer ${secret}`, '--report-dir', dir]);
      assert.equal(code, 0, stdout + stderr);
      for (const text of [stdout, stderr, readFileSync(path.join(dir, 'summary.json'), 'utf8')]) assert.equal(text.includes(secret), false);
    } finally {
      await server.close();
    }
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
