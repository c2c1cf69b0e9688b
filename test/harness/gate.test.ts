/**
 * The CI gate against real servers on loopback: baselines, unexpected
 * passes, expiry, flaky scenarios, and reports that CI viewers and
 * browsers can read.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { BROKEN_SERVERS } from '../../examples/broken/catalogue';
import { removeHeader, requestHeader, startFaultyServer, type Fault } from '../../examples/broken/fault-proxy';
import type { RunningServer } from '../../reference-server/server';
import { chromiumAvailable, launchChromium } from '../../browser/chromium';
import { cli as runCli, readReport, readSummary, reportDir } from '../support/cli';
import { ROOT } from '../../scripts/support/processes';

// The gate is under test here, not the browser: leave the @browser scenarios out (they are skipped, and say so).
const cli = (args: readonly string[], env?: NodeJS.ProcessEnv) => runCli([...args, '--no-browser'], env);
const faultNamed = (name: string) => BROKEN_SERVERS.find((b) => b.name === name)!.fault;
const statusOf = (dir: string, id: string) => readSummary(dir).scenarios.find((s: { id: string }) => s.id === id)?.status;

function baselineFile(entries: object[]): string {
  const file = path.join(reportDir(), 'expectations.json');
  writeFileSync(file, JSON.stringify({ 'expected-failures': entries }));
  return file;
}

/** Drops X-Cat-Dog from every other plain (script-less) request to /headers-and-object/: headers-1 fails, then passes on a retry. */
function flakyFault(): Fault {
  let plainRequests = 0;
  return (req, res) => {
    if (req.method !== 'GET' || req.path !== '/headers-and-object/' || requestHeader(req, 'Origin') !== undefined) return;
    plainRequests += 1;
    if (plainRequests % 2 === 1) removeHeader(res, 'X-Cat-Dog');
  };
}

async function validJunit(dir: string): Promise<void> {
  const result = await validateXML({
    xml: [{ fileName: 'junit.xml', contents: readReport(dir, 'junit.xml') }],
    schema: [{ fileName: 'junit.xsd', contents: readFileSync(path.join(ROOT, 'test', 'fixtures', 'junit.xsd'), 'utf8') }],
  });
  assert.deepEqual(result.errors.map((e) => e.message), []);
  assert.equal(result.valid, true);
}

describe('the gate', () => {
  let conformant: RunningServer;
  let broken: RunningServer;
  before(async () => {
    conformant = await startFaultyServer(() => undefined);
    broken = await startFaultyServer(faultNamed('temporal-header-wrong-value')); // fails headers-1 only
  });
  after(async () => {
    await conformant.close();
    await broken.close();
  });

  it('a baseline turns a known MUST failure into exit 0, reported as expected-failure', async () => {
    const dir = reportDir();
    const expect = baselineFile([{ id: 'headers-1', reason: 'the proxy rewrites the header (OPS-1)' }]);
    const { code, stdout } = await cli(['--target', broken.url, '--expect', expect, '--report-dir', dir]);
    assert.equal(code, 0, stdout);
    assert.equal(statusOf(dir, 'headers-1'), 'expected-failure');
    assert.equal(readSummary(dir).conformant, true);
    assert.match(stdout, /EXPECTED FAILURE headers-1/);
    await validJunit(dir);
  });

  it('the same baseline against a conformant server exits 1, naming the unexpected pass', async () => {
    const dir = reportDir();
    const expect = baselineFile([{ id: 'headers-1', reason: 'the proxy rewrites the header (OPS-1)' }]);
    const { code, stdout } = await cli(['--target', conformant.url, '--expect', expect, '--report-dir', dir]);
    assert.equal(code, 1);
    assert.match(stdout, /UNEXPECTED PASS headers-1 .*\n(.*\n)*.*remove it from the baseline/);
    assert.equal(statusOf(dir, 'headers-1'), 'unexpected-pass');
    await validJunit(dir);
  });

  it('an expired baseline entry counts as a plain failure', async () => {
    const dir = reportDir();
    const expect = baselineFile([{ id: 'headers-1', reason: 'was to be fixed by spring', expires: '2020-03-01' }]);
    const { code, stdout } = await cli(['--target', broken.url, '--expect', expect, '--report-dir', dir]);
    assert.equal(code, 1);
    assert.equal(statusOf(dir, 'headers-1'), 'failed');
    assert.match(stdout, /expired on 2020-03-01/);
  });

  it('unknown ids in a baseline are a usage error naming them', async () => {
    const expect = baselineFile([{ id: 'headers-99', reason: 'x' }, { id: 'nope', reason: 'y' }]);
    const { code, stderr } = await cli(['--target', broken.url, '--expect', expect, '--report-dir', reportDir()]);
    assert.equal(code, 2);
    assert.match(stderr, /unknown scenario id\(s\): headers-99, nope/);
  });

  it('--write-expectations writes today\'s failures as a baseline the gate then accepts', async () => {
    const file = path.join(reportDir(), 'written.json');
    const first = await cli(['--target', broken.url, '--write-expectations', file, '--report-dir', reportDir()]);
    assert.equal(first.code, 1);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(written['expected-failures'].map((e: { id: string }) => e.id), ['headers-1']);
    assert.match(written['expected-failures'][0].reason, /failing since \d{4}-\d{2}-\d{2}/);
    const second = await cli(['--target', broken.url, '--expect', file, '--report-dir', reportDir()]);
    assert.equal(second.code, 0, second.stdout);
  });

  it('a scenario that passes only on a retry is reported as flaky, never as a plain pass', async () => {
    const server = await startFaultyServer(flakyFault());
    try {
      const dir = reportDir();
      const { code, stdout } = await cli(['--target', server.url, '--retries', '1', '--report-dir', dir]);
      assert.equal(code, 0, stdout);
      const summary = readSummary(dir);
      const flaky = summary.scenarios.filter((s: { status: string }) => s.status === 'flaky');
      assert.deepEqual(flaky.map((s: { id: string }) => s.id), ['headers-1']);
      assert.equal(flaky[0].attempts, 2);
      assert.equal(summary.counts.flaky, 1);
      assert.match(stdout, /FLAKY headers-1/);
      assert.match(stdout, /conformance: \d+ passed, 0 failed, \d+ skipped, 1 flaky/);
      await validJunit(dir);
    } finally {
      await server.close();
    }
  });

  it('without --retries the same server fails the run', async () => {
    const server = await startFaultyServer(flakyFault());
    try {
      const { code } = await cli(['--target', server.url, '--report-dir', reportDir()]);
      assert.equal(code, 1);
    } finally {
      await server.close();
    }
  });

  it('writes every report, appends summary.md to $GITHUB_STEP_SUMMARY, and junit.xml validates', async () => {
    const dir = reportDir();
    const stepSummary = path.join(reportDir(), 'step-summary.md');
    writeFileSync(stepSummary, '# earlier step\n');
    const { code } = await cli(['--target', broken.url, '--report-dir', dir], { GITHUB_STEP_SUMMARY: stepSummary });
    assert.equal(code, 1);
    for (const name of ['summary.json', 'junit.xml', 'report.html', 'summary.md', 'messages.ndjson']) assert.ok(readReport(dir, name).length > 0, name);
    const markdown = readFileSync(stepSummary, 'utf8');
    assert.match(markdown, /^# earlier step\n/);
    assert.match(markdown, /### response-conformance: NOT CONFORMANT/);
    assert.match(markdown, /\| temporal-response-headers \| 4\/5, 1 failed \|/);
    const envelopes = readReport(dir, 'messages.ndjson').trim().split('\n').map((line) => JSON.parse(line));
    assert.ok(envelopes.some((e) => e.testRunFinished), 'the message stream is whole');
    await validJunit(dir);
  });

  it('an unreachable target still gets every report, with every scenario skipped', async () => {
    const dir = reportDir();
    const { code } = await cli(['--target', 'http://127.0.0.1:9', '--report-dir', dir]);
    assert.equal(code, 2);
    for (const name of ['summary.json', 'junit.xml', 'report.html', 'summary.md', 'messages.ndjson']) readReport(dir, name);
    assert.ok(readSummary(dir).scenarios.every((s: { status: string }) => s.status === 'skipped'));
    await validJunit(dir);
  });

  it('NO_COLOR and a pipe both mean no escape codes', async () => {
    const { stdout } = await cli(['--target', broken.url, '--report-dir', reportDir()], { NO_COLOR: '1' });
    assert.doesNotMatch(stdout, /\x1b\[/);
  });

  it('report.html opens in headless Chromium and shows the failure with expected, actual and the response head', { skip: !chromiumAvailable() && !process.env.CI && 'Debian chromium is not installed (in CI this fails instead)' }, async () => {
    const dir = reportDir();
    await cli(['--target', broken.url, '--report-dir', dir]);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      // Offline: refuse every request the page makes beyond its own file.
      await page.route(/^(?!file:)/, (route) => route.abort());
      await page.goto(`file://${path.join(dir, 'report.html')}`);
      assert.match(await page.locator('#verdict').innerText(), /NOT CONFORMANT \(1 MUST failure/);
      const card = page.locator('section.card[data-id="headers-1"]');
      assert.equal(await card.isVisible(), true);
      assert.match(await card.locator('.requirement').innerText(), /A header set on the temporal response is sent with the returned data/);
      assert.match(await card.locator('.message').innerText(), /X-Cat-Dog: expected "alone in the world", got "together in the world"/);
      assert.match(await card.locator('.response').innerText(), /HTTP 200\n\s*.*\n(.*\n)*\s*X-Cat-Dog: together in the world/i);
      assert.equal(await page.locator('section.card').count(), 1);
      assert.match(await page.locator('#areas').innerText(), /temporal-response-headers\s+4\/5, 1 failed/);
    } finally {
      await browser.close();
    }
  });
});
