/**
 * A sweep worker (a child process of pool.ts): audits the documents its
 * parent sends, one at a time, and sends back each result.
 */
import { auditDocument } from './audit-document';
import { isPrismCrash, prismCrashed, startMock } from './mock';
import { startStandIn } from './stand-in';
import { SPEC_ROOT } from './documents';
import path from 'node:path';

// Prism's own exceptions (mock.ts isPrismCrash) are the mock's failure, answered by its front as a 502 at once; anything else is ours, and ends the worker (the document is "aborted").
process.on('uncaughtException', (error) => {
  if (isPrismCrash(error)) {
    prismCrashed();
    return;
  }
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(70);
});

interface Job {
  readonly id: string;
  readonly file: string;
}

// `--stand-in` (the pool's standIn): every document against the stand-in server instead of Prism's mock.
const serve = process.argv.includes('--stand-in') ? startStandIn : startMock;

process.on('message', (job: Job) => {
  // The mock's build is timed apart from the audit (pool.ts): the parent is told when it is ready.
  auditDocument(job.id, job.file, undefined, (mockMs) => process.send?.({ mockReady: mockMs }), serve).then(
    (result) => process.send?.(result),
    (error: Error) => process.send?.({ id: job.id, outcome: 'aborted', exit: null, error: String(error?.stack ?? error).split('\n')[0] }),
  );
});
// Warmed up on a small document first: loading and compiling the audit's modules is no document's time.
auditDocument('warm-up', path.join(SPEC_ROOT, 'pet-cat.json')).finally(() => process.send?.({ ready: true }));
