/** `response-conformance`: parse, run, report, exit 0 (conformant), 1 (not) or 2 (could not judge). */
import { USAGE, UsageError, parseCommand } from './options';
import { planScenarios, runSuite } from './run';
import { writeSummary } from './reports';
import { closingLine, formatList, formatReport, progressMark } from './terminal';

export async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`response-conformance: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command.kind === 'list') {
    const scenarios = await planScenarios(command.options);
    process.stdout.write(`${formatList(scenarios)}\n${scenarios.length} scenarios\n`);
    return scenarios.length > 0 ? 0 : 2;
  }

  const summary = await runSuite(command.options, { onScenario: (status) => process.stdout.write(progressMark(status)) });
  process.stdout.write('\n\n');
  const file = await writeSummary(command.options.reportDir, summary);
  process.stdout.write(`${formatReport(summary)}\nsummary: ${file}\n${closingLine(summary)}\n`);
  if (summary.error) return 2;
  return summary.conformant ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      process.stderr.write(`response-conformance: harness failure: ${error.message}\n`);
      process.exitCode = 2;
    },
  );
}
