/** A sweep's numbers: exit codes, aborts, timeouts, findings by id, operations not called by reason. */
import type { DocumentResult } from './audit-document';

export interface SweepSummary {
  readonly documents: number;
  readonly seconds: number;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly exits: Readonly<Record<string, number>>;
  readonly aborted: number;
  readonly timedOut: number;
  readonly reportsNotParsed: number;
  readonly operations: number;
  readonly called: number;
  /** Finding id → [documents it is found on, findings in all]. */
  readonly findings: Readonly<Record<string, readonly [number, number]>>;
  readonly notCalled: Readonly<Record<string, number>>;
  readonly mockErrors: Readonly<Record<string, number>>;
  /** Documents with a schema Ajv could not compile (a note on its operation), and how many such schemas. */
  readonly unchecked: readonly [number, number];
}

const add = (into: Record<string, number>, key: string, n = 1) => (into[key] = (into[key] ?? 0) + n);
const sorted = <T>(record: Record<string, T>, by: (v: T) => number) => Object.fromEntries(Object.entries(record).sort(([, a], [, b]) => by(b) - by(a)));

export function summarise(results: readonly DocumentResult[], seconds: number): SweepSummary {
  const outcomes: Record<string, number> = {};
  const exits: Record<string, number> = {};
  const findings: Record<string, [number, number]> = {};
  const notCalled: Record<string, number> = {};
  const mockErrors: Record<string, number> = {};
  for (const r of results) {
    add(outcomes, r.outcome);
    add(exits, r.exit === null ? 'none' : String(r.exit));
    for (const [id, t] of Object.entries(r.findings)) {
      const [docs, all] = findings[id] ?? [0, 0];
      findings[id] = [docs + 1, all + t.count];
    }
    for (const [reason, n] of Object.entries(r.notCalled)) add(notCalled, reason, n);
    for (const [type, n] of Object.entries(r.mockErrors)) add(mockErrors, type, n);
  }
  return {
    documents: results.length,
    seconds,
    outcomes,
    exits,
    aborted: outcomes.aborted ?? 0,
    timedOut: outcomes['timed-out'] ?? 0,
    reportsNotParsed: results.filter((r) => !r.reportsParse).length,
    operations: results.reduce((n, r) => n + r.operations, 0),
    called: results.reduce((n, r) => n + r.called, 0),
    findings: sorted(findings, ([docs]) => docs),
    notCalled: sorted(notCalled, (n) => n),
    mockErrors: sorted(mockErrors, (n) => n),
    unchecked: [results.filter((r) => (r.unchecked ?? []).length > 0).length, results.reduce((n, r) => n + (r.unchecked ?? []).length, 0)],
  };
}

export function formatSummary(s: SweepSummary): string {
  const lines = [
    `${s.documents} documents in ${s.seconds} s: ${Object.entries(s.outcomes).map(([k, n]) => `${n} ${k}`).join(', ')}`,
    `exit codes: ${Object.entries(s.exits).map(([k, n]) => `${k}: ${n}`).join(', ')}; aborted: ${s.aborted}; timed out: ${s.timedOut}; reports that did not parse: ${s.reportsNotParsed}`,
    `operations: ${s.operations}, called: ${s.called}; schemas Ajv could not compile (a note, not an abort): ${s.unchecked[1]} on ${s.unchecked[0]} documents`,
    'findings by id (documents, findings):',
    ...Object.entries(s.findings).map(([id, [docs, all]]) => `  ${id}: ${docs} documents, ${all} findings`),
    'operations not called, by reason:',
    ...Object.entries(s.notCalled).map(([reason, n]) => `  ${n} ${reason}`),
    "Prism's own error answers (the mock, not the document), by type:",
    ...Object.entries(s.mockErrors).map(([type, n]) => `  ${n} ${type}`),
  ];
  return lines.join('\n');
}
