/**
 * Judging off the forwarding thread: the judge and the HAR's spool run in a
 * worker thread (worker.ts), and the proxy's thread only hands each
 * exchange over, batched once per turn of its event loop. On two cores
 * busy with a browser, an API and the proxy, the forwarding then pays for
 * the hand-over alone, never for the judging.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ObservedExchange } from '../../http/observed';
import type { ObserveOptions } from '../configuration';
import type { ObservedDocumentSummary } from './document';
import type { Judged } from './judge';
import type { FromWorker, ToWorker, WorkerStart } from './worker';

/** Why the judging thread could not start (the document cannot be read, the spool cannot be made): the message is the whole story. */
export class JudgingNotStarted extends Error {
  constructor(
    /** The name of the error that stopped it (AuditError for a document, HarSpoolError for the spool). */
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'JudgingNotStarted';
  }
}

/** The judging thread stopped before its work was done: a bug of observe's own, never the API's. */
export class JudgingStopped extends Error {
  constructor(why: string) {
    super(`observe's judging thread stopped (${why}): an error of observe's own, not of the API; please report it`);
    this.name = 'JudgingStopped';
  }
}

/** The worker's file beside this one: the compiled .js in the package, the .ts (through ts-node) in a checkout running the sources. */
function workerFile(): { file: string; execArgv: string[] } {
  const ext = path.extname(__filename);
  const file = path.join(__dirname, `worker${ext}`);
  return ext === '.ts' ? { file, execArgv: ['--require', require.resolve('ts-node/register/transpile-only')] } : { file, execArgv: [] };
}

export class JudgingThread {
  private batch: ObservedExchange[] = [];
  private flushing = false;
  private readonly waiting: { resolve: (message: FromWorker) => void; reject: (error: Error) => void }[] = [];
  /** Why the thread stopped before it was asked to, once it has. */
  private stopped?: Error;

  private constructor(
    private readonly worker: Worker,
    readonly document: ObservedDocumentSummary | undefined,
  ) {
    worker.on('message', (message: FromWorker) => this.waiting.shift()?.resolve(message));
    // A thread that dies (a bug of observe's own) fails every question asked of it, never leaves one waiting.
    const stop = (why: string) => {
      this.stopped ??= new JudgingStopped(why);
      for (const waiter of this.waiting.splice(0)) waiter.reject(this.stopped);
    };
    worker.on('error', (error: Error) => stop(error.message));
    worker.on('exit', (code) => stop(`it exited (${code})`));
  }

  static async start(options: ObserveOptions, apiOrigin: string): Promise<JudgingThread> {
    const { file, execArgv } = workerFile();
    const worker = new Worker(file, { workerData: { options, apiOrigin } satisfies WorkerStart, execArgv });
    const first = await new Promise<FromWorker>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    }).catch((error: Error) => ({ kind: 'failed' as const, name: error.name, message: error.message }));
    if (first.kind !== 'ready') {
      await worker.terminate();
      const failed = first as Extract<FromWorker, { kind: 'failed' }>;
      throw new JudgingNotStarted(failed.name, failed.message);
    }
    return new JudgingThread(worker, first.document);
  }

  /** Hands the exchange over, with the others of this turn of the event loop. Cheap, and never throws. */
  add(exchange: ObservedExchange): void {
    this.batch.push(exchange);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushing = false;
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    this.post({ kind: 'exchanges', batch });
  }

  private post(message: ToWorker): void {
    if (this.stopped === undefined) this.worker.postMessage(message);
  }

  private ask(message: ToWorker): Promise<FromWorker> {
    if (this.stopped !== undefined) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.post(message);
    });
  }

  /** Everything handed over is judged (messages arrive in order), then the verdict. */
  async finish(): Promise<{ judged: Judged; bugs: { count: number; first?: string } }> {
    this.flush();
    const answer = await this.ask({ kind: 'finish' });
    if (answer.kind !== 'judged') throw new Error(`observe's judging thread answered ${answer.kind} to finish`);
    return { judged: answer.judged, bugs: answer.bugs };
  }

  /** The traffic as a HAR, every secret redacted, written by the judging thread from its spool. */
  async writeHar(file: string): Promise<void> {
    this.flush();
    const answer = await this.ask({ kind: 'write-har', file });
    if (answer.kind === 'har-failed') throw new Error(`the HAR could not be written to ${file}: ${answer.message}`);
  }

  /** Ends the thread, its spool removed first (a HAR written already closed it). */
  async close(): Promise<void> {
    try {
      await Promise.race([this.ask({ kind: 'discard' }), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    } catch {
      // A thread already stopped has nothing left to remove: its spool had no name.
    } finally {
      this.stopped ??= new JudgingStopped('it was closed');
      await this.worker.terminate();
    }
  }

  /** For tests: the thread stops as a bug of its own would stop it. */
  async crashForTest(): Promise<void> {
    await this.worker.terminate();
  }
}
