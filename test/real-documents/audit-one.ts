/**
 * One real document audited against its conformant mock, its whole report
 * written as the audit's own audit.json: what to read when a finding in the
 * ledger needs its evidence (every finding, every exchange, the values and
 * where they came from), beyond the first message the sweep keeps.
 *
 *   node -r ./scripts/transpile-only.js test/real-documents/audit-one.ts ID [OUT.json]
 */
import { writeFileSync } from 'node:fs';
import { runAudit } from '../../runner/api';
import { auditJson } from '../../runner/audit/json';
import { allDocuments } from './documents';
import { SWEEP_ORIGIN } from './audit-document';
import { startMock } from './mock';

async function main(id: string, out: string): Promise<void> {
  const doc = allDocuments().find((d) => d.id === id);
  if (doc === undefined) throw new Error(`${id}: no such real document`);
  const mock = await startMock(doc.file, SWEEP_ORIGIN);
  try {
    const report = await runAudit({ target: mock.url, origin: SWEEP_ORIGIN, openapi: doc.file, browser: 'off', timeoutMs: 15_000 });
    writeFileSync(out, auditJson(report));
    process.stdout.write(`${id}: exit ${report.exitCode}; Prism's own errors: ${JSON.stringify(Object.fromEntries(mock.prismErrors()))}; written: ${out}\n`);
  } finally {
    await mock.close();
  }
}

main(process.argv[2] ?? '', process.argv[3] ?? '/tmp/audit-one.json').then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  },
);
