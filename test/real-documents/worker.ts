/**
 * A sweep worker (a child process of pool.ts): audits the documents its
 * parent sends, one at a time, and sends back each result.
 */
import { auditDocument } from './audit-document';

interface Job {
  readonly id: string;
  readonly file: string;
}

process.on('message', (job: Job) => {
  auditDocument(job.id, job.file).then(
    (result) => process.send?.(result),
    (error: Error) => process.send?.({ id: job.id, outcome: 'aborted', exit: null, error: String(error?.stack ?? error).split('\n')[0] }),
  );
});
process.send?.({ ready: true });
