/**
 * The compliance matrix, as `npm run matrix` builds it (and writes
 * reports/matrix.md): no false alarms on any conformant implementation, and
 * every broken server failing exactly the scenarios the catalogue names. A
 * fault that fails other scenarios too means a scenario is not about one
 * rule; one that fails fewer means a rule the suite claims to check goes
 * unchecked.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { COOKIE_MISTAKES } from '../../examples/signed-in/cookie-mistakes';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BROKEN_SERVERS } from '../../examples/broken/catalogue';
import { IMPLEMENTATIONS } from '../../examples/targets/registry';
import { writeMatrix } from '../../scripts/matrix';
import { compatibilityOutcomes } from '../../scripts/matrix/compatibility';
import { MATRIX_ENGINES, killRate, type Matrix } from '../../scripts/matrix/run';
import { STACKS, stackMissing } from '../../examples/targets/stacks/registry';
import { ROOT } from '../../scripts/support/processes';
import { chromiumAvailable } from '../../browser/chromium';

const reportsDir = path.join(ROOT, 'reports');

describe('the compliance matrix', () => {
  let matrix: Matrix;
  const compatibility = path.join(mkdtempSync(path.join(tmpdir(), 'rc-compat-')), 'COMPATIBILITY.md');
  before(async () => {
    matrix = await writeMatrix(reportsDir, compatibility);
  });

  describe('conformant implementations pass everything under --strict', () => {
    for (const implementation of IMPLEMENTATIONS) {
      it(implementation.name, () => {
        const run = matrix.implementations.find((r) => r.implementation.slug === implementation.slug)!;
        const failures = run.summary.scenarios.filter((s) => s.status !== 'passed').map((s) => `${s.id} ${s.status}: ${s.message}`);
        assert.deepEqual(failures, []);
        assert.equal(run.summary.conformant, true);
        assert.ok(run.summary.scenarios.length >= 30);
      });
    }
  });

  describe('each broken server fails exactly the scenarios it names', () => {
    for (const broken of BROKEN_SERVERS) {
      it(`${broken.name} (${broken.breaks}): ${broken.fails.join(', ')}`, () => {
        const run = matrix.broken.find((b) => b.broken.name === broken.name)!;
        assert.deepEqual([...run.failed].sort(), [...run.expected].sort());
        assert.equal(run.caught, true);
      });
    }
  });

  it('runs the @browser scenarios, unless Chromium is missing outside CI', { skip: !chromiumAvailable() && !process.env.CI && 'no Chromium here' }, () => {
    const browserRuns = matrix.implementations.flatMap((run) => run.summary.scenarios.filter((s) => s.area === 'browser-cors'));
    assert.ok(browserRuns.length > 0);
    assert.deepEqual(browserRuns.filter((s) => s.status === 'skipped').map((s) => s.id), []);
  });

  describe('each real stack fails exactly its triaged scenarios (docs/COMPATIBILITY.md)', () => {
    for (const stack of STACKS) {
      const missing = stackMissing(stack);
      it(`${stack.name}, ${stack.configuration.split(':')[0]}: ${stack.fails.map((f) => f.id).join(', ') || 'nothing'}`, { skip: missing !== null && !process.env.CI && missing }, () => {
        const run = matrix.stacks.find((r) => r.stack.slug === stack.slug)!;
        assert.equal(run.skipped, undefined, run.skipped);
        assert.deepEqual([...run.failed].sort(), [...run.expected].sort());
        // The document column: exactly the triaged promise findings, and every engine agreeing with the model.
        if (stack.document !== undefined) {
          assert.equal(run.document?.report.error, undefined);
          assert.deepEqual(run.document!.findings, run.document!.expected);
          assert.deepEqual(run.document!.disagreements, []);
          assert.ok(run.document!.report.routes.some((r) => r.operation === '/inventory/{item_id}'), 'the document routes were called');
        }
        // The feature the audit wrote passes against the stack it was written from, SHOULD included, when the audit found no MUST.
        assert.ok(run.written !== undefined, 'the written feature was run');
        if (run.written.mustFindings === 0) assert.deepEqual(run.written.failures, [], run.written.file);
      });
    }
  });

  it('docs/COMPATIBILITY.md is the table as the stacks behave now (run `npm run matrix` after a change)', { skip: (STACKS.some((s) => stackMissing(s) !== null) || MATRIX_ENGINES.length < 2) && !process.env.CI && 'not every stack and engine is installed here' }, () => {
    // Outcomes, not bytes: the versions the file records may be older than what is installed.
    assert.deepEqual(compatibilityOutcomes(readFileSync(path.join(ROOT, 'docs', 'COMPATIBILITY.md'), 'utf8')), compatibilityOutcomes(readFileSync(compatibility, 'utf8')));
  });

  it('kills every broken server: 100%', () => {
    const rate = killRate(matrix);
    assert.equal(rate.caught, rate.total);
    assert.equal(rate.exact, rate.total);
    assert.ok(rate.total >= 20);
  });

  it('catches every cookie mistake: its scenarios exactly, in every engine, and the audit\'s finding', { skip: !existsSync('/usr/bin/python3') && 'no /usr/bin/python3' }, () => {
    assert.equal(matrix.cookies?.length, COOKIE_MISTAKES.length);
    for (const run of matrix.cookies ?? []) {
      assert.ok(run.exact, `${run.mistake.name}: ${JSON.stringify(run.failed, null, 2)}`);
      assert.deepEqual(run.findings, [run.mistake.finding], run.mistake.name);
    }
    assert.match(readFileSync(path.join(reportsDir, 'matrix.md'), 'utf8'), /## Cookie mistakes/);
  });

  it('writes reports/matrix.md with a row per implementation and each run\'s own report', () => {
    const markdown = readFileSync(path.join(reportsDir, 'matrix.md'), 'utf8');
    for (const implementation of IMPLEMENTATIONS) assert.match(markdown, new RegExp(`\\| \\[${implementation.name.replace(/[+()]/g, '\\$&')}\\]\\(matrix/${implementation.slug}/report.html\\)`));
    assert.match(markdown, /Broken servers caught: (\d+)\/\1 \(100%\)/);
    readFileSync(path.join(reportsDir, 'matrix', 'hono', 'report.html'));
    readFileSync(path.join(reportsDir, 'matrix.html'));
  });
});
