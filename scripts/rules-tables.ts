/** `npm run rules`: render the catalogue's tables (rules/catalogue.ts) into docs/audit.md, between its markers. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { withRulesTables } from '../runner/reports/rules-tables';
import { writeAtomically } from '../runner/reports/write';

const root = path.resolve(__dirname, '..');
const target = path.join(root, 'docs', 'audit.md');
writeAtomically(target, withRulesTables(readFileSync(target, 'utf8'))).then(
  () => process.stdout.write(`wrote ${path.relative(root, target)}\n`),
  (error: Error) => {
    process.stderr.write(`rules: ${error.message}\n`);
    process.exitCode = 1;
  },
);
