/**
 * The package's programmatic API, for tools and test runners:
 *
 *   import { runSuite } from 'response-conformance';
 *   const summary = await runSuite({ target: 'http://127.0.0.1:8000', features: ['features/api'] });
 *   assert.ok(summary.conformant);
 *
 * The options are the command line's, with the same defaults; the result is
 * what summary.json holds. The audit is here too.
 */
import { checkEnginePaths, parseAuditCommand, parseCommand, type AuditOptions, type RunOptions } from './cli/options';
import { runSuite as run } from './run/index';
import { writeReports } from './reports';
import { redactSummary, redactorFor } from './reports/redact';
import { runAudit as audit, exitCodeOf, type AuditReport } from './audit/index';
import { writeAuditReports } from './audit/reports';
import type { Summary } from './run/summary';

export type { Summary, ScenarioResult, ScenarioStatus, Level, Outcome, Counts, ContractNotServed } from './run/summary';
export type { RunOptions } from './cli/options';
export type { AuditOptions } from './cli/options';
export type { AuditReport, NotCalled, DocumentSummary } from './audit/index';
export type { RouteAudit, CookieView, AuditRoute } from './audit/inspect';
export type { Finding } from './audit/explain';
export type { RuleId, Level as RuleLevel, Scope as RuleScope, Rule, RuleIdIn } from '../rules/catalogue';
export { RULES } from '../rules/catalogue';
import type { RuleIdIn } from '../rules/catalogue';
/** The audit's CORS and cookie rules' ids (the route's, the preflight's, the whole API's, the cookies'). */
export type FindingId = RuleIdIn<'api' | 'route' | 'preflight' | 'cookie'>;
/** The ids of the document's promises. */
export type PromiseId = RuleIdIn<'promise'>;
export type { Engine } from '../browser/engines';

/** The command line's options, any of them; what is left out takes the command line's default. */
export type SuiteOptions = Partial<Omit<RunOptions, 'reportDir'>> & {
  /** Write every report (summary.json, junit.xml, report.html, summary.md, messages.ndjson) into this folder too. */
  readonly reportDir?: string;
};

/**
 * Runs the suite: against `target`, or the bundled reference server when it
 * is left out; the contract's features, or `features`. Resolves with the
 * summary (`conformant` is the gate's verdict); rejects on a usage error or
 * a feature that cannot run as written, as the command exits 2.
 */
export async function runSuite(options: SuiteOptions = {}): Promise<Summary> {
  const defaults = parseCommand([]);
  if (defaults.kind !== 'run') throw new Error('unreachable');
  const given: RunOptions = { ...defaults.options, ...options, reportDir: options.reportDir ?? defaults.options.reportDir };
  // Checked as --chromium-path and --firefox-path are: a path that is not there rejects with a UsageError.
  const full: RunOptions = { ...given, ...checkEnginePaths(given) };
  const result = await run(full);
  const summary = redactSummary(result.summary, redactorFor(full));
  try {
    if (options.reportDir !== undefined) await writeReports(options.reportDir, summary, result.messages, redactorFor(full));
  } finally {
    result.messages.dispose();
  }
  return summary;
}

/**
 * `audit`'s flags, as options: target and origin are required. Without
 * `routes` the audit reads the API's OpenAPI document (`openapi`, else
 * <target>/openapi.json); with both, it audits both.
 */
export type AuditRequest = { readonly target: string; readonly origin: string; readonly routes?: readonly string[] } & Partial<
  Pick<AuditOptions, 'timeoutMs' | 'insecure' | 'browser' | 'chromiumPath' | 'firefoxPath' | 'openapi' | 'params' | 'unsafe' | 'reportDir'>
> & {
    readonly headers?: readonly string[];
  };

/**
 * What a credentialed script on `origin` gets from each route, and whether
 * the API keeps its document's promises; `exitCode` is the command's (1
 * with a MUST finding). With `reportDir`, audit.json, audit.html and
 * junit.xml are written there too. Rejects with an AuditError (exit 2 on
 * the command line) when the document cannot be read.
 */
export async function runAudit(request: AuditRequest): Promise<AuditReport & { readonly exitCode: number }> {
  // Through the command line's parser, so the options are checked as the command checks them.
  const argv = [
    ...['--target', request.target, '--origin', request.origin],
    ...(request.routes ?? []).flatMap((r) => ['--route', r]),
    ...(request.openapi === undefined ? [] : ['--openapi', request.openapi]),
    ...Object.entries(request.params ?? {}).flatMap(([name, value]) => ['--param', `${name}=${value}`]),
    ...(request.unsafe ? ['--unsafe'] : []),
    ...(request.headers ?? []).flatMap((h) => ['--header', h]),
    ...(request.timeoutMs === undefined ? [] : ['--timeout', String(request.timeoutMs)]),
    ...(request.insecure ? ['--insecure'] : []),
    ...(request.browser === 'on' ? ['--browser'] : request.browser === 'off' ? ['--no-browser'] : []),
    ...(request.chromiumPath === undefined ? [] : ['--chromium-path', request.chromiumPath]),
    ...(request.firefoxPath === undefined ? [] : ['--firefox-path', request.firefoxPath]),
  ];
  const command = parseAuditCommand(argv);
  if (command.kind !== 'audit') throw new Error('unreachable');
  const report = await audit(command.options);
  if (request.reportDir !== undefined) await writeAuditReports(request.reportDir, report, redactorFor(command.options));
  return { ...report, exitCode: exitCodeOf(report) };
}
