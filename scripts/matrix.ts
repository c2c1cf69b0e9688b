/**
 * `npm run matrix`: the suite against every implementation and every broken
 * server; writes reports/matrix.md, reports/matrix.html and each run's own
 * reports under reports/matrix/. Exits 1 on any false failure or miss.
 */
import path from 'node:path';
import { writeAtomically } from '../runner/reports';
import { falseFailures, killRate, runMatrix } from './matrix/run';
import { matrixHtml, matrixMarkdown, percent } from './matrix/render';

export async function writeMatrix(reportsDir: string) {
  const matrix = await runMatrix(path.join(reportsDir, 'matrix'));
  await writeAtomically(path.join(reportsDir, 'matrix.md'), matrixMarkdown(matrix, reportsDir));
  await writeAtomically(path.join(reportsDir, 'matrix.html'), matrixHtml(matrix, reportsDir));
  return matrix;
}

if (require.main === module) {
  const reportsDir = path.resolve(__dirname, '..', 'reports');
  writeMatrix(reportsDir).then(
    (matrix) => {
      const rate = killRate(matrix);
      const false_ = falseFailures(matrix);
      process.stdout.write(matrixMarkdown(matrix, reportsDir));
      process.stdout.write(`\nfalse failures: ${false_}\nkill rate: ${rate.caught}/${rate.total} (${percent(rate.caught, rate.total)}), exact: ${rate.exact}/${rate.total}\n`);
      process.stdout.write(`written: ${path.join(reportsDir, 'matrix.md')}, ${path.join(reportsDir, 'matrix.html')}\n`);
      process.exitCode = false_ === 0 && rate.exact === rate.total ? 0 : 1;
    },
    (error: Error) => {
      process.stderr.write(`matrix: ${error.message}\n`);
      process.exitCode = 2;
    },
  );
}
