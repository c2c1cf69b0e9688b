/**
 * The compliance matrix: the suite against every implementation (no false
 * alarms allowed) and every deliberately broken server (no misses allowed).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { COOKIE_MISTAKES } from '../../examples/signed-in/cookie-mistakes';
import { runCookieMistake, type CookieRun } from './cookies';
import path from 'node:path';
import { promisify } from 'node:util';
import { BROKEN_SERVERS, type BrokenServer } from '../../examples/broken/catalogue';
import { startFaultyServer } from '../../examples/broken/fault-proxy';
import { IMPLEMENTATIONS, type Implementation } from '../../examples/targets/registry';
import { STACKS, stackMissing, type Stack } from '../../examples/targets/stacks/registry';
import { parseAuditCommand, parseCommand, type RunOptions } from '../../runner/cli/options';
import { allFindings, auditedCalls, runAudit, type AuditReport } from '../../runner/audit/index';
import { writtenFeature } from '../../runner/audit/feature';
import { CONTRACT_CALLS } from '../../steps/support/contract';
import { rulesIn } from '../../rules/catalogue';
import { DEFAULTS } from '../../http/defaults';
import { writeAuditReports } from '../../runner/audit/reports';
import { Secrets } from '../../http/secrets';
import { writeReports } from '../../runner/reports';
import { runSuite } from '../../runner/run/index';
import { closeBrowser } from '../../browser/pool';
import { ENGINES, engineAvailable } from '../../browser/engines';
import type { Summary } from '../../runner/run/summary';
import { ROOT, startListening } from '../support/processes';

const execFileAsync = promisify(execFile);

export interface ImplementationRun {
  readonly implementation: Implementation;
  readonly summary: Summary;
  readonly reportDir: string;
}

export interface BrokenRun {
  readonly broken: BrokenServer;
  readonly failed: readonly string[];
  /** The scenarios it must fail, less any that were skipped (the @browser ones when Chromium is missing). */
  readonly expected: readonly string[];
  /** The gate failed it (under --strict). */
  readonly caught: boolean;
  /** Exactly the scenarios the catalogue names failed, no more, no fewer. */
  readonly exact: boolean;
  readonly reportDir: string;
}

export interface StackRun {
  readonly stack: Stack;
  /** Why it did not run here (not installed), or undefined when it ran. */
  readonly skipped?: string;
  readonly summary?: Summary;
  readonly failed: readonly string[];
  /** The scenarios its registry entry says it fails (the @browser ones in every engine). */
  readonly expected: readonly string[];
  /** Exactly the expected scenarios failed, no more, no fewer (and, with a document, exactly the expected findings). */
  readonly exact: boolean;
  readonly reportDir?: string;
  /** For a stack with a document: the audit from it. */
  readonly document?: DocumentRun;
  /** The feature the audit wrote, run against the stack it was written from. */
  readonly written?: WrittenRun;
}

/**
 * The audit's written feature (--write-feature), run back against the stack
 * it was written from, under --strict: when the audit found no MUST, every
 * scenario must pass, SHOULD included. The audit is the document's for a
 * stack that publishes one, else the contract's safe routes given by hand.
 */
export interface WrittenRun {
  /** The audit's MUST findings: a stack with one is not held to its feature. */
  readonly mustFindings: number;
  /** The scenarios that did not pass, as "id status: message". */
  readonly failures: readonly string[];
  readonly file: string;
  /** Held: no MUST finding, and every scenario passed; or a MUST finding, so nothing to hold. */
  readonly holds: boolean;
}

/** The audit of a stack from its own OpenAPI document: the document column. */
export interface DocumentRun {
  readonly report: AuditReport;
  /** The promise findings, as "id operation" ("undeclared-field GET /inventory/"), sorted. */
  readonly findings: readonly string[];
  /** What the registry entry expects, the same way. */
  readonly expected: readonly string[];
  /** Where an engine and the Fetch model disagreed, route by route. */
  readonly disagreements: readonly string[];
  /** The expected findings exactly, no error and no disagreement. */
  readonly exact: boolean;
}

export interface Matrix {
  readonly implementations: readonly ImplementationRun[];
  readonly broken: readonly BrokenRun[];
  readonly stacks: readonly StackRun[];
  /** The cookie mistakes (examples/signed-in/cookie-mistakes.ts); absent without /usr/bin/python3. */
  readonly cookies?: readonly CookieRun[];
}

/** The engines of the matrix: a column each. Firefox joins Chromium where both are installed. */
export const MATRIX_ENGINES = ENGINES.filter((engine) => engineAvailable(engine));

function strictOptions(target: string): RunOptions {
  const engines = MATRIX_ENGINES.length > 1 ? ['--browsers', MATRIX_ENGINES.join(',')] : [];
  const command = parseCommand(['--strict', '--target', target, ...engines]);
  if (command.kind !== 'run') throw new Error('unreachable');
  return command.options;
}

export async function runImplementation(implementation: Implementation, reportsRoot: string): Promise<ImplementationRun> {
  const server = await startListening(implementation.command, implementation.args);
  try {
    const { summary, messages } = await runSuite(strictOptions(server.url), {}, { keepBrowser: true });
    const reportDir = path.join(reportsRoot, implementation.slug);
    await writeReports(reportDir, summary, messages).finally(() => messages.dispose());
    return { implementation, summary, reportDir };
  } finally {
    await server.stop();
  }
}

export async function runBroken(broken: BrokenServer, reportsRoot: string): Promise<BrokenRun> {
  const server = await startFaultyServer(broken.fault);
  try {
    const { summary, messages } = await runSuite(strictOptions(server.url), {}, { keepBrowser: true });
    const reportDir = path.join(reportsRoot, 'broken', broken.name);
    await writeReports(reportDir, summary, messages).finally(() => messages.dispose());
    const failed = summary.scenarios.filter((s) => s.status === 'failed').map((s) => s.id);
    const skipped = new Set(summary.scenarios.filter((s) => s.status === 'skipped').map((s) => s.id));
    // The @browser ones fail in every engine; they are skipped when there is no Chromium.
    const expected = inEveryEngine(broken.fails).filter((id) => !skipped.has(id));
    const exact = summary.error === undefined && [...failed].sort().join() === [...expected].sort().join();
    return { broken, failed, expected, caught: !summary.conformant, exact, reportDir };
  } finally {
    await server.close();
  }
}

/** The failures the matrix expects of a run, given what the catalogue or registry names: the @browser ones fail in every engine. */
function inEveryEngine(ids: readonly string[]): string[] {
  const others = MATRIX_ENGINES.length > 1 ? MATRIX_ENGINES.filter((e) => e !== 'chromium') : [];
  return [...ids, ...others.flatMap((e) => ids.filter((id) => id.startsWith('browser-')).map((id) => `${id}@${e}`))];
}

export async function runStack(stack: Stack, reportsRoot: string): Promise<StackRun> {
  const expected = inEveryEngine(stack.fails.map((f) => f.id));
  const missing = stackMissing(stack);
  if (missing !== null) return { stack, skipped: missing, failed: [], expected, exact: false };
  if (stack.prepare !== undefined) await prepared(stack);
  const server = await startListening(stack.command, stack.args);
  try {
    const { summary, messages } = await runSuite(strictOptions(server.url), {}, { keepBrowser: true });
    const reportDir = path.join(reportsRoot, 'stacks', stack.slug);
    await writeReports(reportDir, summary, messages).finally(() => messages.dispose());
    const failed = summary.scenarios.filter((s) => s.status !== 'passed').map((s) => s.id);
    const document = stack.document === undefined ? undefined : await auditDocument(stack, server.url, reportDir);
    const written = await writtenFeatureRun(server.url, reportDir, document?.report ?? (await auditContractRoutes(server.url)));
    const exact = summary.error === undefined && [...failed].sort().join() === [...expected].sort().join() && (document?.exact ?? true) && written.holds;
    return { stack, summary, failed, expected, exact, reportDir, written, ...(document === undefined ? {} : { document }) };
  } finally {
    await server.stop();
  }
}

/** The promises a finding can be about: the document column shows these; the CORS and cookie findings are the contract's columns. */
const PROMISE_IDS: ReadonlySet<string> = new Set(rulesIn('promise'));

/** `audit --target URL --origin O` with no --route, in every engine of the matrix: the stack read from its own document. */
async function auditDocument(stack: Stack, target: string, reportDir: string): Promise<DocumentRun> {
  const engines = MATRIX_ENGINES.length > 0 ? ['--browsers', MATRIX_ENGINES.join(',')] : [];
  const command = parseAuditCommand(['--target', target, '--origin', DEFAULTS.origin, '--report-dir', path.join(reportDir, 'audit'), ...engines]);
  if (command.kind !== 'audit') throw new Error('unreachable');
  const report = await runAudit(command.options);
  await writeAuditReports(command.options.reportDir!, report, new Secrets());
  const findings = report.routes.flatMap((r) => r.findings.filter((f) => PROMISE_IDS.has(f.id)).map((f) => `${f.id} ${r.method} ${r.operation ?? r.path}`));
  const unique = [...new Set(findings)].sort();
  const expected = [...new Set(stack.document!.findings.map((f) => `${f.id} ${f.operation}`))].sort();
  const disagreements = report.routes.flatMap((r) => r.browsers.flatMap((view) => view.disagreements.map((d) => `${r.method} ${r.path}: ${view.engine}: ${d}`)));
  const exact = report.error === undefined && disagreements.length === 0 && unique.join() === expected.join();
  return { report, findings: unique, expected, disagreements, exact };
}

/** A stack without a document, audited from the contract's safe routes given by hand (the audit sends only GET and HEAD by default). */
async function auditContractRoutes(target: string): Promise<AuditReport> {
  const routes = CONTRACT_CALLS.filter((call) => call.method === 'GET').flatMap((call) => ['--route', `${call.method} ${call.path}`]);
  const command = parseAuditCommand(['--target', target, '--origin', DEFAULTS.origin, '--no-browser', ...routes]);
  if (command.kind !== 'audit') throw new Error('unreachable');
  return runAudit(command.options);
}

/** The feature the audit wrote, run back against the stack as the README says (--target, --origin, --features), under --strict. */
async function writtenFeatureRun(target: string, reportDir: string, report: AuditReport): Promise<WrittenRun> {
  const mustFindings = allFindings(report).filter((f) => f.level === 'MUST').length;
  const dir = path.join(reportDir, 'written-feature');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'audit.feature');
  writeFileSync(file, writtenFeature(report, auditedCalls(report), [], new Date()));
  const command = parseCommand(['--target', target, '--origin', DEFAULTS.origin, '--features', file, '--strict']);
  if (command.kind !== 'run') throw new Error('unreachable');
  const { summary, messages } = await runSuite(command.options, {}, { keepBrowser: true });
  await writeReports(dir, summary, messages).finally(() => messages.dispose());
  const failures = report.error !== undefined ? [`the audit could not judge: ${report.error}`] : summary.scenarios.filter((s) => s.status !== 'passed').map((s) => `${s.id} ${s.status}: ${s.message ?? ''}`);
  if (summary.error !== undefined) failures.push(`the run could not judge: ${summary.error}`);
  return { mustFindings, failures, file, holds: mustFindings > 0 || failures.length === 0 };
}

/** Runs the stack's preparing step (a build, say); rejects with its output when it fails. */
async function prepared(stack: Stack): Promise<void> {
  const { command, args, env } = stack.prepare!;
  try {
    await execFileAsync(command, [...args], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${stack.name}: preparing it (${command} ${args.join(' ')}) failed: ${(error as Error).message}\n${stdout}${stderr}`);
  }
}

export async function runMatrix(reportsRoot: string): Promise<Matrix> {
  try {
    const implementations: ImplementationRun[] = [];
    for (const implementation of IMPLEMENTATIONS) implementations.push(await runImplementation(implementation, reportsRoot));
    const broken: BrokenRun[] = [];
    for (const entry of BROKEN_SERVERS) broken.push(await runBroken(entry, reportsRoot));
    const stacks: StackRun[] = [];
    for (const stack of STACKS) stacks.push(await runStack(stack, reportsRoot));
    if (!existsSync('/usr/bin/python3')) return { implementations, broken, stacks };
    const cookies: CookieRun[] = [];
    for (const mistake of COOKIE_MISTAKES) cookies.push(await runCookieMistake(mistake, MATRIX_ENGINES));
    return { implementations, broken, stacks, cookies };
  } finally {
    await closeBrowser(); // one browser for the whole matrix
  }
}

/** No false alarms: every implementation passes every scenario, MUST and SHOULD. */
export function falseFailures(matrix: Matrix): number {
  return matrix.implementations.reduce((n, run) => n + run.summary.scenarios.filter((s) => s.status !== 'passed').length, 0);
}

export function killRate(matrix: Matrix): { caught: number; exact: number; total: number } {
  return { caught: matrix.broken.filter((b) => b.caught).length, exact: matrix.broken.filter((b) => b.exact).length, total: matrix.broken.length };
}
