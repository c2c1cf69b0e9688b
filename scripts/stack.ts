/**
 * `npm run stack -- SLUG [SLUG …]`: one or more stacks of the compatibility
 * table, run as the matrix runs them (under --strict, the @browser scenarios
 * in every installed engine), without the rest of the matrix. Prints what
 * each failed against what its registry entry expects, and where its
 * reports are; exits 1 when a stack does not fail exactly as expected.
 * For whoever adds or triages a stack.
 */
import path from 'node:path';
import { closeBrowser } from '../browser/pool';
import { STACKS } from '../examples/targets/stacks/registry';
import { runStack } from './matrix/run';
import { ROOT } from './support/processes';

async function main(slugs: readonly string[]): Promise<number> {
  const unknown = slugs.filter((slug) => !STACKS.some((s) => s.slug === slug));
  if (slugs.length === 0 || unknown.length > 0) {
    process.stderr.write(`${unknown.length > 0 ? `no such stack: ${unknown.join(', ')}\n` : ''}usage: npm run stack -- SLUG [SLUG …]; the stacks: ${STACKS.map((s) => s.slug).join(', ')}\n`);
    return 2;
  }
  let exitCode = 0;
  try {
    for (const slug of slugs) {
      const run = await runStack(STACKS.find((s) => s.slug === slug)!, path.join(ROOT, 'reports', 'matrix'));
      if (run.skipped !== undefined) {
        process.stdout.write(`${slug}: not run: ${run.skipped}\n`);
        exitCode = 1;
        continue;
      }
      const messages = run.summary!.scenarios.filter((s) => s.status !== 'passed').map((s) => `  ${s.id} ${s.status}: ${s.message ?? ''}`);
      process.stdout.write(`${slug}: ${run.exact ? 'as expected' : 'UNEXPECTED'}: fails ${run.failed.join(', ') || 'nothing'}; expected ${run.expected.join(', ') || 'nothing'}\n${messages.join('\n')}${messages.length ? '\n' : ''}  reports: ${run.reportDir}\n`);
      if (run.document !== undefined) {
        const { report, findings, expected, disagreements } = run.document;
        process.stdout.write(`  document: ${report.error ?? `${report.document?.title} (OpenAPI ${report.document?.openapi}), ${report.routes.length} called`}; promise findings ${findings.join(', ') || 'nothing'}; expected ${expected.join(', ') || 'nothing'}${disagreements.length > 0 ? `; engines disagree: ${disagreements.join('; ')}` : ''}\n`);
      }
      if (run.written !== undefined) {
        const { mustFindings, failures, file } = run.written;
        process.stdout.write(`  the feature the audit wrote (${file}): ${mustFindings > 0 ? `not held (the audit found ${mustFindings} MUST)` : failures.length === 0 ? 'passes against it, SHOULD included' : `FAILS against it:\n${failures.map((f) => `    ${f}`).join('\n')}`}\n`);
      }
      if (!run.exact) exitCode = 1;
    }
  } finally {
    await closeBrowser();
  }
  return exitCode;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    process.stderr.write(`stack: ${error.message}\n`);
    process.exitCode = 2;
  },
);
