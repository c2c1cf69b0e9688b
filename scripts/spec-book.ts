/** `npm run spec`: render features/*.feature into docs/SPEC.md. */
import path from 'node:path';
import { renderSpecBook } from '../runner/reports/spec-book';
import { writeAtomically } from '../runner/reports/write';

const root = path.resolve(__dirname, '..');
const target = path.join(root, 'docs', 'SPEC.md');
writeAtomically(target, renderSpecBook(path.join(root, 'features'))).then(
  () => process.stdout.write(`wrote ${path.relative(root, target)}\n`),
  (error: Error) => {
    process.stderr.write(`spec: ${error.message}\n`);
    process.exitCode = 1;
  },
);
