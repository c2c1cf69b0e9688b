/**
 * A stand-in for worker.ts, speaking its messages, for the pool's own test
 * (test/harness/sweep-pool.test.ts): its job's file says what to do.
 * - "mock-blocks": never reports the mock ready, and blocks its process as
 *   Prism's synchronous $ref dereferencing does on a large document;
 * - "audit-hangs": reports the mock ready, then never a result;
 * - anything else: the mock ready, then a judged result at once.
 */
import type { DocumentResult } from './audit-document';

interface Job {
  readonly id: string;
  readonly file: string;
}

const MOCK_MS = 7;

process.on('message', (job: Job) => {
  if (job.file === 'mock-blocks') {
    for (;;); // as Prism's dereference crawl: no timer, no message gets through
  }
  process.send?.({ mockReady: MOCK_MS });
  if (job.file === 'audit-hangs') return;
  const result: DocumentResult = { id: job.id, outcome: 'judged', exit: 0, operations: 1, called: 1, notCalled: {}, findings: {}, notes: [], mockErrors: {}, reportsParse: true, ms: MOCK_MS, mockMs: MOCK_MS };
  process.send?.(result);
});
process.send?.({ ready: true });
