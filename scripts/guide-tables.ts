/**
 * `npm run tables`: the guides' parts made from the sources, written anew
 * between their markers: each command's flag table from the option schema
 * (docs/own-api.md, docs/audit.md, docs/observe.md) and the rules' tables from the catalogue
 * (docs/audit.md).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FLAGS_GUIDES, withFlagsTable } from '../runner/cli/usage';
import { RULES_GUIDE, withRulesTables } from '../runner/reports/rules-tables';
import { writeAtomically } from '../runner/reports/write';

const root = path.resolve(__dirname, '..');
const made: Readonly<Record<string, (page: string) => string>> = {
  [FLAGS_GUIDES.run]: (page) => withFlagsTable(page, 'run'),
  [FLAGS_GUIDES.audit]: (page) => withFlagsTable(page, 'audit'),
  [FLAGS_GUIDES.observe]: (page) => withFlagsTable(page, 'observe'),
};

async function main(): Promise<void> {
  for (const guide of new Set([...Object.keys(made), RULES_GUIDE])) {
    const file = path.join(root, guide);
    let page = readFileSync(file, 'utf8');
    page = made[guide]?.(page) ?? page;
    if (guide === RULES_GUIDE) page = withRulesTables(page);
    await writeAtomically(file, page);
    process.stdout.write(`wrote the tables of ${guide}\n`);
  }
}

main().catch((error: Error) => {
  process.stderr.write(`tables: ${error.message}\n`);
  process.exitCode = 1;
});
