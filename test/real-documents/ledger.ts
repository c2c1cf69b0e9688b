/**
 * The expectations ledger (expectations.json, in the style of undici's
 * test/web-platform-tests/expectation.json): for each real document whose
 * audit against its conformant mock is not a clean exit 0, what it does and
 * why. A finding on a conformant mock is never left unexplained: it is
 *  - "document": the document contradicts itself (an example that does not
 *    fit its schema, a status it answers and does not declare, …);
 *  - "mock": Prism's mock does not answer as the document says (its own
 *    error answers, a media type it cannot serve), so the mock is not
 *    conformant there;
 *  - "false-alarm": a bug of ours, with the helper or file that owns it.
 * A document absent from the ledger is expected to exit 0 with no finding.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DocumentResult, Outcome } from './audit-document';

export type Kind = 'document' | 'mock' | 'false-alarm';

export interface Explained {
  readonly kind: Kind;
  readonly reason: string;
  /** For a false alarm: who owns the fix (schemas, values, errors, probes, or a file). */
  readonly owner?: string;
}

export interface Expectation {
  readonly exit: 0 | 1 | 2 | null;
  readonly outcome?: Outcome;
  /** Why the document exits 2 or is refused by the mock. */
  readonly why?: string;
  readonly findings?: Readonly<Record<string, Explained>>;
}

export interface Ledger {
  readonly documents: Readonly<Record<string, Expectation>>;
}

export const LEDGER_FILE = path.join(__dirname, 'expectations.json');

export function readLedger(file = LEDGER_FILE): Ledger {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Ledger;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { documents: {} };
    throw error;
  }
}

const CLEAN: Expectation = { exit: 0, outcome: 'judged', findings: {} };

/** Each way the results differ from the ledger, one line each: an abort, a report that did not parse, an exit or a finding the ledger does not explain, a finding it explains and that is gone. */
export function checkLedger(results: readonly DocumentResult[], ledger: Ledger): string[] {
  const problems: string[] = [];
  for (const r of results) {
    const expected = ledger.documents[r.id] ?? CLEAN;
    if (r.outcome === 'aborted') problems.push(`${r.id}: aborted: ${r.error}`);
    if (!r.reportsParse) problems.push(`${r.id}: a report did not parse`);
    const outcome = expected.outcome ?? (expected.exit === 2 ? 'could-not-judge' : 'judged');
    if (r.outcome !== outcome && r.outcome !== 'aborted') problems.push(`${r.id}: ${r.outcome}${r.error === undefined ? '' : ` (${r.error.slice(0, 200)})`}, the ledger expects ${outcome}`);
    if (r.exit !== expected.exit && r.outcome === outcome) problems.push(`${r.id}: exit ${r.exit}, the ledger expects ${expected.exit}`);
    const explained = expected.findings ?? {};
    for (const [id, t] of Object.entries(r.findings)) if (explained[id] === undefined) problems.push(`${r.id}: ${id} (${t.count}) not explained: ${t.example.slice(0, 240)}`);
    for (const id of Object.keys(explained)) if (r.findings[id] === undefined) problems.push(`${r.id}: ${id} is in the ledger but no longer found`);
  }
  return problems;
}
