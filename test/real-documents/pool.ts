/**
 * Many documents audited by a few worker processes (worker.ts), each
 * document with two timeouts, one for Prism's build of its mock and one for
 * the audit after it: a mock not built in time has its worker killed and
 * is counted "mock-refused" (nothing to audit against: Prism's, not the
 * audit's), an audit that takes longer is counted "timed-out"; a worker that
 * dies takes only its document with it ("aborted"). Workers are recycled
 * after a number of documents, so a large directory does not grow one heap.
 *
 * Prism's build runs synchronously (json-schema-ref-parser's dereference
 * crawl) and can block the worker for many minutes on a large document with
 * many shared $refs (stripe.com: over 300 s at load 4 to 5, where the audit itself takes under a second against a stand-in):
 * only the parent can time it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { DocumentResult } from './audit-document';
import type { RealDocument } from './documents';

export interface PoolOptions {
  readonly workers: number;
  /** The audit's time at most, from the mock's start. */
  readonly timeoutMs: number;
  /** Prism's build of the mock at most; the audit's timeoutMs when not given. */
  readonly mockTimeoutMs?: number;
  /** Documents a worker audits before it is replaced. */
  readonly recycleAfter?: number;
  readonly onResult?: (result: DocumentResult, done: number, total: number) => void;
  /** The worker's module (worker.ts unless a test gives a stand-in that speaks the same messages). */
  readonly worker?: string;
  /** Audit each document against stand-in.ts's server, not Prism's mock (the documents Prism cannot mock). */
  readonly standIn?: boolean;
  /** The workers' heap at most, in MiB (default 1536). */
  readonly heapMiB?: number;
}

const lastWords = new WeakMap<ChildProcess, string>();

const WORKER = path.join(__dirname, 'worker.ts');
const TRANSPILE = path.join(__dirname, '..', '..', 'scripts', 'transpile-only.js');

function failed(doc: RealDocument, outcome: 'aborted' | 'timed-out' | 'mock-refused', error: string, ms: number, mockMs?: number): DocumentResult {
  return { id: doc.id, outcome, exit: null, error, operations: 0, called: 0, notCalled: {}, findings: {}, notes: [], mockErrors: {}, reportsParse: true, ms, ...(mockMs === undefined ? {} : { mockMs }) };
}

/** What a worker sends: Prism's mock is ready (its build's time), or the document's result. */
type WorkerMessage = { readonly mockReady: number } | DocumentResult;

export async function sweep(documents: readonly RealDocument[], options: PoolOptions): Promise<DocumentResult[]> {
  const results: DocumentResult[] = new Array(documents.length);
  let next = 0;
  let done = 0;
  const recycleAfter = options.recycleAfter ?? 100;

  const spawn = (): Promise<ChildProcess> =>
    new Promise((resolve, reject) => {
      const child = fork(options.worker ?? WORKER, options.standIn ? ['--stand-in'] : [], { execArgv: ['-r', TRANSPILE, `--max-old-space-size=${options.heapMiB ?? 1536}`], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
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
        let mockMs: number | undefined;
        const kill = (r: DocumentResult) => {
          child.off('exit', onExit);
          child.kill('SIGKILL');
          settle(r);
        };
        const onMessage = (m: WorkerMessage) => {
          if (!('mockReady' in m)) return settle(m);
          // The mock is built: from here on, the audit's own time.
          mockMs = m.mockReady;
          clearTimeout(timer);
          timer = setTimeout(() => kill(failed(doc, 'timed-out', `the audit gave no result within ${options.timeoutMs} ms (Prism built the mock in ${mockMs} ms)`, Date.now() - started, mockMs)), options.timeoutMs);
        };
        const onExit = (code: number | null, signal: string | null) => settle(failed(doc, 'aborted', `the worker died (${signal ?? code}) auditing it: ${(lastWords.get(child) ?? '').trim().split('\n').slice(0, 3).join(' | ')}`, Date.now() - started, mockMs));
        const mockTimeoutMs = options.mockTimeoutMs ?? options.timeoutMs;
        let timer = setTimeout(() => kill(failed(doc, 'mock-refused', `Prism did not build its mock within ${mockTimeoutMs} ms (its $ref dereferencing runs synchronously): nothing to audit against`, Date.now() - started)), mockTimeoutMs);
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
