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
import { loadAuditConfiguration, loadRunConfiguration, type AuditOptions, type AuditRoute, type HeaderOption, type RunOptions } from './configuration';
import { runSuite as run } from './run/index';
import { writeReports } from './reports';
import { redactSummary, secretsOf } from './reports/redact';
import { runAudit as audit, exitCodeOf, type AuditReport } from './audit/index';
import { writeAuditReports } from './audit/reports';
import type { Summary } from './run/summary';
import type { RuleIdIn } from '../rules/catalogue';

export type { Summary, ScenarioResult, ScenarioStatus, Level, Outcome, Counts, ContractNotServed } from './run/summary';
export type { RunOptions, AuditOptions, HeaderOption } from './configuration';
export type { AuditReport, NotCalled, DocumentSummary } from './audit/index';
export type { RouteAudit, CookieView, AuditRoute } from './audit/inspect';
export type { Finding } from './audit/explain';
export type { RuleId, Level as RuleLevel, Scope as RuleScope, Rule, RuleIdIn } from '../rules/catalogue';
export { RULES } from '../rules/catalogue';
/** The audit's CORS and cookie rules' ids (the route's, the preflight's, the whole API's, the cookies'). */
export type FindingId = RuleIdIn<'api' | 'route' | 'preflight' | 'cookie'>;
/** The ids of the document's promises. */
export type PromiseId = RuleIdIn<'promise'>;
export type { Engine } from '../browser/engines';
export { UsageError } from './configuration';

/**
 * The command line's options, any of them; what is left out takes the
 * command line's default. Headers as `--header` writes them ("Name: value")
 * or as pairs.
 */
export type SuiteOptions = Partial<Omit<RunOptions, 'reportDir' | 'headers'>> & {
  readonly headers?: readonly HeaderOption[];
  /** Write every report (summary.json, junit.xml, report.html, summary.md, messages.ndjson) into this folder too. */
  readonly reportDir?: string;
};

/**
 * Runs the suite: against `target`, or the bundled reference server when it
 * is left out; the contract's features, or `features`. Resolves with the
 * summary (`conformant` is the gate's verdict); rejects on a usage error
 * (a UsageError with the command line's message) or a feature that cannot
 * run as written, as the command exits 2.
 */
export async function runSuite(options: SuiteOptions = {}): Promise<Summary> {
  // Checked as the command line checks its flags, with the same messages; what is left out takes the same default.
  const full = loadRunConfiguration(options);
  const result = await run(full);
  const secrets = secretsOf(full).addAll(result.secrets);
  const summary = redactSummary(result.summary, secrets);
  try {
    if (options.reportDir !== undefined) await writeReports(full.reportDir, summary, result.messages, secrets);
  } finally {
    result.messages.dispose();
  }
  return summary;
}

/**
 * `audit`'s flags, as options: target and origin are required. Without
 * `routes` the audit reads the API's OpenAPI document (`openapi`, else
 * <target>/openapi.json); with both, it audits both. Routes as `--route`
 * writes them ("GET /api/items?page=1", optionally followed by a JSON body)
 * or parsed; headers as `--header` writes them, or as pairs.
 */
export type AuditRequest = { readonly target: string; readonly origin: string; readonly routes?: readonly (string | AuditRoute)[] } & Partial<
  Pick<AuditOptions, 'timeoutMs' | 'insecure' | 'browser' | 'browsers' | 'chromiumPath' | 'firefoxPath' | 'openapi' | 'params' | 'unsafe' | 'reportDir' | 'credentials' | 'token' | 'loginUser' | 'loginPassword' | 'loginBody'>
> & {
    readonly headers?: readonly HeaderOption[];
    /** A cookie sign-in, as --login writes it ("POST /api/session") or parsed; and the logout. */
    readonly login?: string | AuditRoute;
    readonly logout?: string | AuditRoute;
  };

/**
 * What a credentialed script on `origin` gets from each route, and whether
 * the API keeps its document's promises; `exitCode` is the command's (1
 * with a MUST finding). With `reportDir`, audit.json, audit.html and
 * junit.xml are written there too. Rejects with a UsageError (the command
 * line's message) for an option the command refuses, and with an
 * AuditError (exit 2 on the command line) when the document cannot be read.
 */
export async function runAudit(request: AuditRequest): Promise<AuditReport & { readonly exitCode: number }> {
  const options = loadAuditConfiguration(request);
  const met = new Set<string>();
  const secrets = secretsOf(options).addAll(met);
  // What the sign-in obtains (an access token, a session cookie's value) joins `met` as it is obtained.
  const report = secrets.maskData(await audit(options, { secrets: met }));
  if (options.reportDir !== undefined) await writeAuditReports(options.reportDir, report, secrets);
  return { ...report, exitCode: exitCodeOf(report) };
}
