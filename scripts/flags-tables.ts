/** `npm run flags`: write the flag tables of docs/own-api.md and docs/audit.md from the option schema (runner/configuration/schema.ts). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FLAGS_GUIDES, withFlagsTable } from '../runner/cli/usage';
import { writeAtomically } from '../runner/reports/write';

const root = path.resolve(__dirname, '..');
Promise.all(
  (['run', 'audit'] as const).map(async (command) => {
    const guide = path.join(root, FLAGS_GUIDES[command]);
    await writeAtomically(guide, withFlagsTable(readFileSync(guide, 'utf8'), command));
    process.stdout.write(`wrote the flags of ${FLAGS_GUIDES[command]}\n`);
  }),
).catch((error: Error) => {
  process.stderr.write(`flags: ${error.message}\n`);
  process.exitCode = 1;
});
