/**
 * The GitHub Action, as far as it can be run here: its steps are
 * scripts/action.sh, run with the inputs GitHub would pass (INPUT_*), and
 * action.yml passes each input the script reads.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BROKEN_SERVERS } from '../../examples/broken/catalogue';
import { startFaultyServer } from '../../examples/broken/fault-proxy';
import { startReferenceServer, type RunningServer } from '../../reference-server/server';
import { ROOT } from '../../scripts/support/processes';

const SCRIPT = path.join(ROOT, 'scripts', 'action.sh');

function action(inputs: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string; output: string; reports: string }> {
  const work = mkdtempSync(path.join(tmpdir(), 'rc-action-'));
  const output = path.join(work, 'github-output');
  writeFileSync(output, '');
  const reports = path.join(work, 'reports');
  const env = { ...process.env, RC_COMMAND: `${process.execPath} ${path.join(ROOT, 'bin', 'response-conformance.js')}`, GITHUB_OUTPUT: output, INPUT_REPORT_DIR: reports, INPUT_WAIT: '5', ...inputs };
  return new Promise((resolve) => {
    execFile('bash', [SCRIPT], { cwd: ROOT, env, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr, output: readFileSync(output, 'utf8'), reports });
    });
  });
}

describe('the GitHub Action (action.yml, scripts/action.sh)', () => {
  let reference: RunningServer;
  let broken: RunningServer;
  before(async () => {
    reference = await startReferenceServer();
    broken = await startFaultyServer(BROKEN_SERVERS.find((b) => b.name === 'temporal-header-missing')!.fault);
  });
  after(async () => {
    await reference.close();
    await broken.close();
  });

  it('gates a conformant server: exit 0, the output exit-code=0, every report', async () => {
    const run = await action({ INPUT_TARGET: reference.url, INPUT_STRICT: 'true', INPUT_FEATURES: 'test/fixtures/feature-errors/untagged.feature\nexamples/own-api/features/../../../features/cookies.feature' });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.output, 'exit-code=0\n');
    for (const name of ['summary.json', 'junit.xml', 'report.html', 'summary.md', 'messages.ndjson']) assert.ok(existsSync(path.join(run.reports, name)), name);
    const summary = JSON.parse(readFileSync(path.join(run.reports, 'summary.json'), 'utf8'));
    assert.equal(summary.strict, true);
    assert.deepEqual([...new Set(summary.scenarios.map((s: { area: string }) => s.area))].sort(), ['cookies', 'untagged']);
  });

  it('fails a server that is not: exit 1, the output exit-code=1', async () => {
    const run = await action({ INPUT_TARGET: broken.url, INPUT_BROWSERS: '' });
    assert.equal(run.code, 1, run.stdout);
    assert.equal(run.output, 'exit-code=1\n');
    assert.match(run.stdout, /FAIL headers-1 \[MUST\]/);
  });

  it('says which input is missing', async () => {
    const run = await action({ INPUT_TARGET: '' });
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /INPUT_TARGET: the action needs the input target, the URL of the server to check/);
  });

  it('action.yml passes every input the script reads, and runs the script', () => {
    const yml = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
    const script = readFileSync(SCRIPT, 'utf8');
    assert.match(yml, /run: bash "\$GITHUB_ACTION_PATH\/scripts\/action\.sh"/);
    const read = [...new Set([...script.matchAll(/\bINPUT_([A-Z_]+)/g)].map((m) => m[1]))];
    for (const name of read) {
      const input = name.toLowerCase().replace(/_/g, '-');
      assert.match(yml, new RegExp(`^  ${input}:$`, 'm'), `input ${input} is not declared`);
      assert.match(yml, new RegExp(`INPUT_${name}: \\$\\{\\{ inputs\\.${input} \\}\\}`), `INPUT_${name} is not passed`);
    }
  });
});
