/**
 * One real document audited against its conformant mock (mock.ts), as a user
 * would run `audit --openapi FILE --no-browser`, in-process: the audit
 * through the package's API (runner/api.ts runAudit) and its report writers
 * (audit.json, junit.xml), each output parsed. The browsers are judged
 * elsewhere.
 *
 * The outcome keeps "the run could not judge" (exit 2: the document cannot
 * be read, Prism cannot serve it) apart from "the audit aborted" (anything
 * thrown that is not the audit's own error: a bug of ours).
 */
import { createRequire } from 'node:module';
import { runAudit } from '../../runner/api';
import { allFindings, type AuditReport } from '../../runner/audit/index';
import { AuditError } from '../../runner/audit/errors';
import { auditJson } from '../../runner/audit/json';
import { auditJunitXml } from '../../runner/audit/junit';
import { MockError, startMock, type Mock } from './mock';

/** The frontend's origin the mock's CORS allows, and the audit's --origin. */
export const SWEEP_ORIGIN = 'http://localhost:5173';

export type Outcome =
  /** Audited: exit 0 or 1. */
  | 'judged'
  /** The audit could not judge (exit 2), with its one line: the document cannot be read, its operations cannot be reached. */
  | 'could-not-judge'
  /** Prism's mock refused the document (no operations, an unresolvable $ref), or could not build it within the sweep's mock timeout (decided by the pool): nothing to audit against. */
  | 'mock-refused'
  /** The audit threw something that is not its own error: a bug of ours. */
  | 'aborted'
  /** The audit took longer than the sweep's timeout, counted from the mock's start (decided by the pool). */
  | 'timed-out';

/** A finding's id on one document: how many, and the first one's message and pointer (the ledger's evidence). */
export interface FindingTally {
  readonly count: number;
  readonly level: string;
  readonly example: string;
  readonly pointer?: string;
}

export interface DocumentResult {
  readonly id: string;
  readonly outcome: Outcome;
  /** The command's exit code; null when it aborted or timed out. */
  readonly exit: 0 | 1 | 2 | null;
  /** The one line an exit 2 or an abort printed. */
  readonly error?: string;
  readonly operations: number;
  readonly called: number;
  /** Operations not called, by the kind of reason. */
  readonly notCalled: Readonly<Record<string, number>>;
  readonly findings: Readonly<Record<string, FindingTally>>;
  /** The document's notes (servers, nullable, uncompilable schemas). */
  readonly notes: readonly string[];
  /** Schemas Ajv could not compile (the audit's note on their operations): "pointer: problem". */
  readonly unchecked?: readonly string[];
  /** Prism's own error answers (its problem+json types), by type: where the mock, not the document, answered. */
  readonly mockErrors: Readonly<Record<string, number>>;
  /** Whether audit.json parsed and junit.xml is valid against the JUnit schema. */
  readonly reportsParse: boolean;
  /** The whole document's time: Prism's build of its mock, then the audit. */
  readonly ms: number;
  /** Of `ms`, Prism's build of the mock (its $ref dereferencing, its operations); absent when the mock was never built. */
  readonly mockMs?: number;
}

/**
 * junit.xml is parsed by fast-xml-parser's validator (well-formed XML), as
 * Prism's own dependency: xmllint-wasm's schema validation costs about 2 s a
 * document (test/harness/audit-openapi.test.ts validates the writer's
 * output against the JUnit schema).
 */
const { XMLValidator } = createRequire(require.resolve('@stoplight/prism-cli/package.json'))('fast-xml-parser') as { XMLValidator: { validate(xml: string): true | { err: { msg: string } } } };

/** A reason not to call an operation, without its names: "needs a value for comicId, …" is "needs a value". */
export function reasonKind(reason: string): string {
  return reason
    .replace(/^needs a value for .*$/, 'needs a value (no --param, example, default or enum)')
    .split(/[;:(]/)[0]
    .replace(/\b(for|of) \S+/g, '$1 NAME')
    .trim();
}

function tally(report: AuditReport): Record<string, FindingTally> {
  const found: Record<string, FindingTally> = {};
  for (const f of allFindings(report)) {
    const seen = found[f.id];
    found[f.id] = seen === undefined ? { count: 1, level: f.level, example: f.message.slice(0, 400), ...(f.pointer === undefined ? {} : { pointer: f.pointer }) } : { ...seen, count: seen.count + 1 };
  }
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => a.localeCompare(b)));
}

function countBy(keys: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

function reportsParse(report: AuditReport): boolean {
  try {
    JSON.parse(auditJson(report));
    return XMLValidator.validate(auditJunitXml(report)) === true;
  } catch {
    return false;
  }
}

const firstLine = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split('\n')[0].slice(0, 500);

/**
 * Audits the document at `file` (named `id` in the results) against its mock; each request waits `timeoutMs` at most (longer than the mock's own MOCK_ANSWER_MS, so a mock that does not answer is a 502, not the audit's timeout).
 * `onMockReady` is told how long Prism took to build its mock, before the audit starts: the pool times the two apart (Prism's build can block the process for minutes, and is no time of the audit's).
 */
export async function auditDocument(id: string, file: string, timeoutMs = 15_000, onMockReady?: (mockMs: number) => void, serve: (document: string, origin: string) => Promise<Mock> = startMock): Promise<DocumentResult> {
  const started = Date.now();
  const empty = { operations: 0, called: 0, notCalled: {}, findings: {}, notes: [], mockErrors: {}, reportsParse: true };
  let mock;
  try {
    mock = await serve(file, SWEEP_ORIGIN);
  } catch (error) {
    const outcome = error instanceof MockError ? 'mock-refused' : 'aborted';
    return { id, outcome, exit: null, error: firstLine(error), ...empty, ms: Date.now() - started };
  }
  const mockMs = Date.now() - started;
  onMockReady?.(mockMs);
  try {
    const report = await runAudit({ target: mock.url, origin: SWEEP_ORIGIN, openapi: file, browser: 'off', timeoutMs });
    const notCalled = report.notCalled ?? [];
    return {
      id,
      outcome: report.exitCode === 2 ? 'could-not-judge' : 'judged',
      exit: report.exitCode as 0 | 1 | 2,
      ...(report.error === undefined ? {} : { error: report.error.split('\n')[0] }),
      operations: report.document?.operations ?? 0,
      called: report.routes.length,
      notCalled: countBy(notCalled.map((n) => reasonKind(n.reason))),
      findings: tally(report),
      notes: report.document?.notes ?? [],
      unchecked: report.routes.flatMap((route) => (route.unchecked ?? []).map((u) => `${u.pointer}: ${u.problem}`)),
      mockErrors: Object.fromEntries(mock.prismErrors()),
      reportsParse: reportsParse(report),
      ms: Date.now() - started,
      mockMs,
    };
  } catch (error) {
    const own = error instanceof AuditError;
    return { id, outcome: own ? 'could-not-judge' : 'aborted', exit: own ? 2 : null, error: firstLine(error), ...empty, mockErrors: Object.fromEntries(mock.prismErrors()), ms: Date.now() - started, mockMs };
  } finally {
    await mock.close();
  }
}
