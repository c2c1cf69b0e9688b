/**
 * Many documents audited by a few worker processes (worker.ts), each
 * document with a timeout: a document that takes longer has its worker
 * killed and is counted "timed-out"; a worker that dies takes only its
 * document with it ("aborted"). Workers are recycled after a number of
 * documents, so a large directory does not grow one heap.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { DocumentResult } from './audit-document';
import type { RealDocument } from './documents';

export interface PoolOptions {
  readonly workers: number;
  readonly timeoutMs: number;
  /** Documents a worker audits before it is replaced. */
  readonly recycleAfter?: number;
  readonly onResult?: (result: DocumentResult, done: number, total: number) => void;
}

const lastWords = new WeakMap<ChildProcess, string>();

const WORKER = path.join(__dirname, 'worker.ts');
const TRANSPILE = path.join(__dirname, '..', '..', 'scripts', 'transpile-only.js');

function failed(doc: RealDocument, outcome: 'aborted' | 'timed-out', error: string, ms: number): DocumentResult {
  return { id: doc.id, outcome, exit: null, error, operations: 0, called: 0, notCalled: {}, findings: {}, notes: [], mockErrors: {}, reportsParse: true, ms };
}

export async function sweep(documents: readonly RealDocument[], options: PoolOptions): Promise<DocumentResult[]> {
  const results: DocumentResult[] = new Array(documents.length);
  let next = 0;
  let done = 0;
  const recycleAfter = options.recycleAfter ?? 100;

  const spawn = (): Promise<ChildProcess> =>
    new Promise((resolve, reject) => {
      const child = fork(WORKER, [], { execArgv: ['-r', TRANSPILE, '--max-old-space-size=1536'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      // The last lines a worker wrote, to say why it died.
      child.stderr?.on('data', (chunk: Buffer) => (lastWords.set(child, `${lastWords.get(child) ?? ''}${chunk}`.slice(-2000))));
      child.once('message', () => resolve(child));
      child.once('exit', (code) => reject(new Error(`a sweep worker exited (${code}) before it was ready`)));
    });

  const lane = async (): Promise<void> => {
    let child = await spawn();
    let audited = 0;
    while (next < documents.length) {
      const index = next++;
      const doc = documents[index];
      const started = Date.now();
      const result = await new Promise<DocumentResult>((resolve) => {
        const settle = (r: DocumentResult) => {
          clearTimeout(timer);
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve(r);
        };
        const onMessage = (r: DocumentResult) => settle(r);
        const onExit = (code: number | null, signal: string | null) => settle(failed(doc, 'aborted', `the worker died (${signal ?? code}) auditing it: ${(lastWords.get(child) ?? '').trim().split('\n').slice(0, 3).join(' | ')}`, Date.now() - started));
        const timer = setTimeout(() => {
          child.off('exit', onExit);
          child.kill('SIGKILL');
          settle(failed(doc, 'timed-out', `no result within ${options.timeoutMs} ms`, Date.now() - started));
        }, options.timeoutMs);
        child.on('message', onMessage);
        child.once('exit', onExit);
        child.send({ id: doc.id, file: doc.file });
      });
      results[index] = result;
      done += 1;
      options.onResult?.(result, done, documents.length);
      audited += 1;
      if (child.exitCode !== null || child.signalCode !== null || child.killed || audited >= recycleAfter) {
        if (child.exitCode === null && !child.killed) child.kill();
        child = await spawn();
        audited = 0;
      }
    }
    child.kill();
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.workers, documents.length)) }, lane));
  return results;
}
