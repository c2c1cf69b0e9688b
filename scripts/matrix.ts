/**
 * `npm run matrix`: the suite against every implementation and every broken
 * server; writes reports/matrix.md, reports/matrix.html,
 * reports/compatibility.html (the stacks at a glance) and each run's own
 * reports under reports/matrix/. Exits 1 on any false failure or miss.
 */
import path from 'node:path';
import { writeAtomically } from '../runner/reports';
import { MATRIX_ENGINES, falseFailures, killRate, runMatrix } from './matrix/run';
import { renderCompatibility } from './matrix/compatibility';
import { compatibilityHtml } from './matrix/compatibility-html';
import { matrixHtml, matrixMarkdown, percent } from './matrix/render';

export const COMPATIBILITY = path.resolve(__dirname, '..', 'docs', 'COMPATIBILITY.md');

/** Runs the matrix and writes its reports; docs/COMPATIBILITY.md too when `compatibility` says where. */
export async function writeMatrix(reportsDir: string, compatibility?: string) {
  const matrix = await runMatrix(path.join(reportsDir, 'matrix'));
  await writeAtomically(path.join(reportsDir, 'matrix.md'), matrixMarkdown(matrix, reportsDir));
  await writeAtomically(path.join(reportsDir, 'matrix.html'), matrixHtml(matrix, reportsDir));
  await writeAtomically(path.join(reportsDir, 'compatibility.html'), compatibilityHtml(matrix.stacks, MATRIX_ENGINES, reportsDir));
  if (compatibility !== undefined) await writeAtomically(compatibility, renderCompatibility(matrix.stacks, MATRIX_ENGINES));
  return matrix;
}

if (require.main === module) {
  const reportsDir = path.resolve(__dirname, '..', 'reports');
  writeMatrix(reportsDir, COMPATIBILITY).then(
    (matrix) => {
      const rate = killRate(matrix);
      const false_ = falseFailures(matrix);
      process.stdout.write(matrixMarkdown(matrix, reportsDir));
      process.stdout.write(`\nfalse failures: ${false_}\nkill rate: ${rate.caught}/${rate.total} (${percent(rate.caught, rate.total)}), exact: ${rate.exact}/${rate.total}\n`);
      for (const run of matrix.stacks) {
        process.stdout.write(`stack ${run.stack.slug}: ${run.skipped ?? (run.exact ? `as expected (fails: ${run.failed.join(', ') || 'nothing'})` : `UNEXPECTED: fails ${run.failed.join(', ') || 'nothing'}, expected ${run.expected.join(', ') || 'nothing'}`)}\n`);
        if (run.written !== undefined && !run.written.holds) process.stdout.write(`  the feature the audit wrote (${run.written.file}) fails against it:\n${run.written.failures.map((f) => `    ${f}`).join('\n')}\n`);
      }
      process.stdout.write(`written: ${path.join(reportsDir, 'matrix.md')}, ${path.join(reportsDir, 'matrix.html')}, ${path.join(reportsDir, 'compatibility.html')}, ${COMPATIBILITY}\n`);
      for (const run of matrix.cookies ?? []) process.stdout.write(`cookie mistake ${run.mistake.name}: ${run.exact && run.findings.includes(run.mistake.finding) ? 'caught, exactly' : `UNEXPECTED: fails ${Object.keys(run.failed).join(', ') || 'nothing'}, the audit finds ${run.findings.join(', ') || 'nothing'}`}\n`);
      const cookiesCaught = (matrix.cookies ?? []).every((run) => run.exact && run.findings.includes(run.mistake.finding));
      const stacksAsExpected = matrix.stacks.every((run) => run.skipped !== undefined || run.exact);
      process.exitCode = false_ === 0 && rate.exact === rate.total && stacksAsExpected && cookiesCaught ? 0 : 1;
    },
    (error: Error) => {
      process.stderr.write(`matrix: ${error.message}\n`);
      process.exitCode = 2;
    },
  );
}
