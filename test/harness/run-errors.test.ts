/**
 * A harness failure is never the server's. Each kind of error of the run is
 * planted against the bundled reference server, which passes the contract:
 * a sentence misused ("asks to call", then "the script can read"), the After
 * hook's no-check guard, a document that cannot be read (--openapi naming a
 * file that is not there), and a TypeError in support code loaded only by
 * this test (test/fixtures/run-errors/planted-bug.ts). Each run exits 2, the
 * run could not judge; counts no MUST failure; and says what went wrong in
 * the terminal and in every report: never FAIL, never a <failure>.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { validateXML } from 'xmllint-wasm';
import { main, type CliStreams } from '../../runner/cli/index';
import { loadVocabulary } from '../../runner/run/index';
import { ROOT } from '../../scripts/support/processes';
import { cli, readReport, readSummary, reportDir } from '../support/cli';

const FIXTURES = 'test/fixtures/run-errors';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly dir: string;
}

/** The command in this process, its streams captured (as cli-in-process.test.ts drives it): needed to plant support code. */
async function inProcess(args: readonly string[]): Promise<Run> {
  const dir = reportDir();
  const out: string[] = [];
  const sink = (into: string[]) => new Writable({ write: (chunk, _encoding, done) => (into.push(String(chunk)), done()) });
  const io: CliStreams = { stdout: sink(out), stderr: sink([]), env: { NO_COLOR: '1' } };
  const code = await main([...args, '--no-browser', '--report-dir', dir], io);
  return { code, stdout: out.join(''), dir };
}

async function validJunit(xml: string): Promise<void> {
  const result = await validateXML({
    xml: [{ fileName: 'junit.xml', contents: xml }],
    schema: [{ fileName: 'junit.xsd', contents: readFileSync(path.join(ROOT, 'test', 'fixtures', 'junit.xsd'), 'utf8') }],
  });
  assert.deepEqual(result.errors.map((e) => e.message), []);
}

/**
 * What every error of the run must show: exit 2, no failure counted, the
 * scenario an error with its exact message, and the message in the terminal
 * and every report, apart from any failure.
 */
async function assertErrorOfTheRun(run: Run, id: string, message: string, errors = 1): Promise<Record<string, unknown>> {
  assert.equal(run.code, 2, run.stdout);
  const summary = readSummary(run.dir);
  const scenario = summary.scenarios.find((s: { id: string }) => s.id === id);
  assert.equal(scenario.status, 'error');
  assert.equal(scenario.outcome, 'harness');
  assert.equal(scenario.message, message);
  assert.equal(summary.conformant, false);
  assert.equal(summary.counts.failed, 0, 'no MUST or SHOULD failure is counted');
  assert.equal(summary.counts.error, errors);
  assert.equal(summary.error, `harness: the run could not judge 1 scenario (an error of the run, not a failure of the server): ${id}: ${message}`);

  assert.match(run.stdout, new RegExp(`^ERROR OF THE RUN ${id} \\[MUST\\]`, 'm'));
  assert.doesNotMatch(run.stdout, /^FAIL /m);
  assert.ok(run.stdout.includes(`     ${message.split('\n')[0]}`), 'the message, under the scenario');
  assert.match(run.stdout, /^verdict: NOT JUDGED$/m);
  assert.match(run.stdout, new RegExp(`^conformance: \\d+ passed, 0 failed, 0 skipped, ${errors} errors? of the run: the run could not judge$`, 'm'));

  const junit = readReport(run.dir, 'junit.xml');
  assert.match(junit, /<error message="the run could not judge it: /);
  assert.doesNotMatch(junit, /<failure/);
  await validJunit(junit);
  const html = readReport(run.dir, 'report.html');
  assert.match(html, new RegExp(`<section class="card error" data-id="${id}" data-status="error">`));
  assert.match(html, /error of the run: not judged \(not a failure of the server\)/);
  assert.match(readReport(run.dir, 'summary.md'), new RegExp(`^- \`${id}\` MUST \\*\\*error of the run\\*\\* \\(not judged\\): `, 'm'));
  return scenario;
}

describe('an error of the run: exit 2, never a failure of the server', () => {
  before(() => loadVocabulary());

  it('a sentence misused: "asks to call", then "the script can read", through the command as a user runs it', async () => {
    const dir = reportDir();
    const { code, stdout } = await cli(['--features', path.join(FIXTURES, 'misuse.feature'), '--no-browser', '--report-dir', dir]);
    await assertErrorOfTheRun(
      { code, stdout, dir },
      'misuse-1',
      'only the preflight was sent for a script on https://frontend.example ("asks to call"): this step needs a script that calls the route',
    );
    assert.equal(readSummary(dir).counts.passed, 1, 'the rest of the run is judged as ever');
  });

  it("the After hook's guard: a scenario that checks nothing", async () => {
    const run = await inProcess(['--features', path.join(FIXTURES, 'no-check.feature')]);
    await assertErrorOfTheRun(run, 'no-check-1', 'this scenario made no check: every scenario must assert something about the server');
  });

  it('a document that cannot be read: --openapi naming a file that is not there', async () => {
    const run = await inProcess(['--features', path.join(FIXTURES, 'document.feature'), '--openapi', 'no-such-openapi.json']);
    await assertErrorOfTheRun(
      run,
      'document-1',
      `--openapi no-such-openapi.json: no such file (looked for ${path.resolve('no-such-openapi.json')}). Give the document's file, relative to the current directory, or its URL, such as http://127.0.0.1:8000/openapi.json.`,
    );
  });

  describe('a TypeError in support code loaded only by this test', () => {
    let uproot: () => void;
    before(async () => {
      // After the steps are loaded: the World class is theirs, registered with cucumber as they load.
      const { ConformanceWorld } = await import('../../steps/support/world');
      const { plantBug } = await import('../fixtures/run-errors/planted-bug');
      uproot = plantBug(ConformanceWorld);
    });
    after(() => uproot());

    it('is an error of the run, with its type, its message and where it was thrown', async () => {
      const run = await inProcess(['--features', path.join(FIXTURES, 'bug.feature')]);
      const scenario = await assertErrorOfTheRun(run, 'bug-1', "TypeError: Cannot read properties of undefined (reading 'answer')");
      assert.match(String(scenario.at), /^test\/fixtures\/run-errors\/planted-bug\.ts:\d+:\d+ \(.*lastResponse\)$/);
      assert.ok(run.stdout.includes(`(thrown at ${String(scenario.at)})`), 'the terminal says where');
      assert.ok(readReport(run.dir, 'report.html').includes(`Thrown at <code>${String(scenario.at)}</code>`));
      assert.ok(readReport(run.dir, 'junit.xml').includes(`at ${String(scenario.at)}`));
    });
  });
});
