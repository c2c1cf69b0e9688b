/**
 * `response-conformance`: parse, run, report, exit 0 (conformant), 1 (not)
 * or 2 (could not judge). Only the option parser loads up front: cucumber,
 * the HTTP client and the audit load when a command needs them, so --help
 * and a usage error answer at once.
 */
import { constants } from 'node:os';
import path from 'node:path';
import { AUDIT_USAGE, OBSERVE_USAGE, USAGE, UsageError, parseAuditCommand, parseCommand, parseObserveCommand } from './options';
import { Progress, closingLine, formatList, formatReport, styleFor } from './terminal';

/**
 * Where the command writes and what it reads of its environment: the
 * process's own streams when run as a command, a test's when driven in
 * process (as cucumber-js's CLI takes them).
 */
export interface CliStreams {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

export const processStreams = (): CliStreams => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

export async function main(argv: readonly string[], io: CliStreams = processStreams()): Promise<number> {
  try {
    return await execute(argv, io);
  } catch (error) {
    // By name: their modules load only with the commands that throw them.
    if (error instanceof Error && error.name === 'AuditError') {
      io.stderr.write(`response-conformance audit: ${error.message}\n`);
      return 2;
    }
    if (error instanceof Error && error.name === 'ObserveError') {
      io.stderr.write(`response-conformance observe: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ObserveUsageError) {
      io.stderr.write(`response-conformance observe: ${error.message}\n\n${OBSERVE_USAGE}`);
      return 2;
    }
    if (error instanceof AuditUsageError) {
      io.stderr.write(`response-conformance audit: ${error.message}\n\n${AUDIT_USAGE}`);
      return 2;
    }
    // An engine asked for whose driver is not installed (puppeteer-core): what to install, in one line.
    if (error instanceof Error && error.name === 'EngineDriverMissing') {
      io.stderr.write(`response-conformance${argv[0] === 'audit' ? ' audit' : ''}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof Error && error.name === 'FeatureError') {
      io.stderr.write(`response-conformance: ${error.message}\n`);
      return 2;
    }
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`response-conformance: ${error.message}\n\n${USAGE}`);
    return 2;
  }
}

class AuditUsageError extends UsageError {}
class ObserveUsageError extends UsageError {}

/**
 * `response-conformance observe …`: the proxy up, the command run (or the
 * traffic observed until SIGINT or SIGTERM), then the verdict on stdout,
 * the reports written, and the exit status: the command's own failure, else
 * 1 for a MUST finding, else 0; 2 when nothing could be judged.
 */
async function observe(argv: readonly string[], io: CliStreams): Promise<number> {
  let parsed;
  try {
    parsed = parseObserveCommand(argv);
  } catch (error) {
    throw error instanceof UsageError ? new ObserveUsageError(error.message) : error;
  }
  if (parsed.kind === 'help') {
    io.stdout.write(OBSERVE_USAGE);
    return 0;
  }
  const { options, command } = parsed;
  const { runObserve, observeExitCode } = await import('../observe/index');
  const { writeObserveReports } = await import('../observe/reports');
  const { formatObserveText } = await import('./observe-format');
  // Without a command, SIGINT or SIGTERM ends the observing: the traffic so far is judged and reported.
  const stop = new Promise<NodeJS.Signals>((resolve) => {
    const on = (signal: NodeJS.Signals) => () => resolve(signal);
    if (command.length === 0 && options.har === undefined) for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, on(signal));
  });
  const run = await runObserve(options, command, {
      env: io.env,
      until: stop,
      onListening: (url) => io.stderr.write(`observe: forwarding ${url} → ${options.target}${command.length > 0 ? `; running ${command.join(' ')} (OBSERVE_URL=${url})` : '; Ctrl-C to stop and judge'}\n`),
    });
  try {
    const { report } = run;
    const shown = await writeObserveReports(options, run);
    await new Promise<void>((resolve) => io.stdout.write(formatObserveText(shown.report, styleFor(io.stdout, io.env)), () => resolve()));
    io.stderr.write(`reports: ${shown.files.join(', ')}\n`);
    if (report.error !== undefined) io.stderr.write(`response-conformance observe: ${shown.report.error}\n`);
    if (options.writeFeature !== undefined) {
      if (report.error !== undefined) io.stderr.write(`no feature was written to ${options.writeFeature}: nothing could be judged\n`);
      else {
        const { writeAtomically } = await import('../reports/index');
        const { withoutUserinfo } = await import('../../http/target');
        const { observedFeature } = await import('../observe/feature');
        // The exemplars hold no credential (each is a {{name}} read from the environment); the target's userinfo is left out.
        const feature = observedFeature({ ...report, target: withoutUserinfo(report.target) }, new Date());
        await writeAtomically(options.writeFeature, feature.text);
        const env = feature.variables.length === 0 ? '' : ` (set ${feature.variables.map((v) => v.variable).join(', ')} before running it: the credentials the frontend sent)`;
        io.stderr.write(`a feature of what was observed was written to ${options.writeFeature}${env}\n`);
      }
    }
    return observeExitCode(report);
  } finally {
    await run.close();
  }
}

/** `response-conformance audit …`: the table or JSON on stdout, the exit status from the findings. */
async function audit(argv: readonly string[], io: CliStreams): Promise<number> {
  let command;
  try {
    command = parseAuditCommand(argv, io.env);
  } catch (error) {
    throw error instanceof UsageError ? new AuditUsageError(error.message) : error;
  }
  if (command.kind === 'help') {
    io.stdout.write(AUDIT_USAGE);
    return 0;
  }
  const options = command.options;
  const { secretsOf } = await import('../reports/redact');
  const { auditedCalls, exitCodeOf, featureSignIn, runAudit, signedInCalls } = await import('../audit/index');
  const { auditProgress, formatAuditJson, formatAuditText } = await import('./audit-format');
  const { withoutUserinfo } = await import('../../http/target');
  const secrets = secretsOf(options);
  // Progress only on a terminal: a log or a pipe gets the report alone.
  const progress = io.stderr.isTTY ? auditProgress(io.stderr) : undefined;
  const met = new Set<string>();
  secrets.addAll(met);
  const report = await runAudit(options, { onProgress: progress?.update, secrets: met }).finally(() => progress?.end());
  // Masked in its string values before anything is rendered from it: the table, the JSON and every report file.
  const unmasked = { ...report, target: withoutUserinfo(report.target) };
  const shown = secrets.maskData(unmasked);
  // Written whole before the command exits: a pipe takes a large report (5,000 operations) in several writes.
  const text = options.format === 'json' ? formatAuditJson(shown) : `${formatAuditText(shown, styleFor(io.stdout, io.env))}\n`;
  await new Promise<void>((resolve) => io.stdout.write(text, () => resolve()));
  if (report.error !== undefined) {
    io.stderr.write(`response-conformance audit: ${shown.error}\n`);
    return 2;
  }
  if (options.reportDir !== undefined) {
    const { AUDIT_REPORT_FILES, writeAuditReports } = await import('../audit/reports');
    await writeAuditReports(options.reportDir, shown, secrets);
    io.stderr.write(`reports: ${path.join(options.reportDir, `{${AUDIT_REPORT_FILES.join(',')}}`)}\n`);
  }
  if (options.writeFeature !== undefined) {
    const { writeAtomically } = await import('../reports/index');
    const { writtenFeature } = await import('../audit/feature');
    await writeAtomically(options.writeFeature, writtenFeature(unmasked, auditedCalls(report), options.headers, new Date(), signedInCalls(report), featureSignIn(report)));
    io.stderr.write(`a starter feature pinning today's picture was written to ${options.writeFeature}${options.headers.length > 0 ? ' (it holds your --header values: replace them before you commit it)' : ''}\n`);
  }
  return exitCodeOf(report);
}

/** "file:line: …" warnings about a user's features, on stderr so they never mix with what tools read. */
function warn(warnings: readonly string[], io: CliStreams): void {
  for (const warning of warnings) io.stderr.write(`warning: ${warning}\n`);
}

async function execute(argv: readonly string[], io: CliStreams): Promise<number> {
  if (argv[0] === 'audit') return audit(argv.slice(1), io);
  if (argv[0] === 'observe') return observe(argv.slice(1), io);
  const command = parseCommand(argv);
  if (command.kind === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (command.kind === 'steps') {
    const { loadVocabulary } = await import('../run/index');
    const { renderGlossaryText } = await import('../reports/glossary');
    const { allParameterDocs, allSentences } = await import('../../steps/vocabulary');
    await loadVocabulary();
    io.stdout.write(renderGlossaryText(allSentences(), allParameterDocs()));
    return 0;
  }
  if (command.kind === 'list') {
    const { planScenarios } = await import('../run/index');
    const { scenarios, warnings } = await planScenarios(command.options);
    warn(warnings, io);
    io.stdout.write(`${formatList(scenarios)}\n${scenarios.length} scenarios\n`);
    return scenarios.length > 0 ? 0 : 2;
  }

  const options = command.options;
  const { runSuite } = await import('../run/index');
  const { baselineOf } = await import('../run/baseline');
  const { writeAtomically, writeReports } = await import('../reports/index');
  const { redactSummary, secretsOf } = await import('../reports/redact');
  const secrets = secretsOf(options);
  const style = styleFor(io.stdout, io.env);
  const progress = new Progress(io.stdout, style);

  // SIGINT or SIGTERM: stop waiting, report what finished, and exit within moments, as that signal's exit status.
  const interrupt = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    received ??= signal;
    interrupt.abort(`interrupted by ${signal}`);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const run = await runSuite(options, { onPlan: (n) => progress.plan(n), onScenario: (r) => progress.scenario(r) }, { signal: interrupt.signal }).finally(() => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  });
  progress.end();
  const summary = redactSummary(run.summary, secrets.addAll(run.secrets));
  await writeReports(options.reportDir, summary, run.messages, secrets).finally(() => run.messages.dispose());
  const reports = `reports: ${path.join(options.reportDir, '{summary.json,junit.xml,report.html,summary.md,messages.ndjson}')}`;
  const nothingRan = summary.scenarios.every((s) => s.status === 'skipped');
  if (summary.error && nothingRan) {
    io.stderr.write(`response-conformance: ${summary.error}\n`);
    io.stdout.write(`${reports}\n`);
  } else {
    io.stdout.write(`${formatReport(summary, style)}\n${reports}\n`);
  }
  if (options.writeExpectations !== undefined && summary.error === undefined) {
    await writeAtomically(options.writeExpectations, baselineOf(summary.scenarios, run.baseline, new Date()));
    io.stdout.write(`baseline of today's failures written to ${options.writeExpectations}\n`);
  }
  io.stdout.write(`${closingLine(summary)}\n`);
  if (summary.interrupted && received !== undefined) return exitStatusOf(received);
  if (summary.error) return 2;
  return summary.conformant ? 0 : 1;
}

/** A command stopped by a signal exits as a shell reports it, 128 and the signal's number: 130 for SIGINT, 143 for SIGTERM. */
export function exitStatusOf(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`response-conformance: harness failure: ${error.message}\n`);
      process.exitCode = 2;
    },
  );
}
