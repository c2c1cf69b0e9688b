/**
 * observe's judging thread (offload.ts starts it): the judge (judge.ts) and
 * the traffic's spool for the HAR (http/har-spool.ts) run here, so the
 * proxy's thread only forwards and hands each exchange over, in batches.
 * It reads the document itself (its compiled schemas cannot cross threads)
 * and says it is ready, or why it cannot be.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { HarSpool } from '../../http/har-spool';
import type { ObservedBody, ObservedExchange } from '../../http/observed';
import { Secrets } from '../../http/secrets';
import { withoutUserinfo } from '../../http/target';
import type { ObserveOptions } from '../configuration';
import { readObservedDocument, type ObservedDocumentSummary } from './document';
import { ObserveJudge, type Judged } from './judge';
import { maskerOf } from './mask';

export interface WorkerStart {
  readonly options: ObserveOptions;
  readonly apiOrigin: string;
}

export type ToWorker =
  | { readonly kind: 'exchanges'; readonly batch: readonly ObservedExchange[] }
  | { readonly kind: 'finish' }
  | { readonly kind: 'write-har'; readonly file: string }
  | { readonly kind: 'discard' };

export type FromWorker =
  | { readonly kind: 'ready'; readonly document?: ObservedDocumentSummary }
  | { readonly kind: 'failed'; readonly name: string; readonly message: string }
  | { readonly kind: 'judged'; readonly judged: Judged; readonly bugs: { readonly count: number; readonly first?: string } }
  | { readonly kind: 'har-written' }
  | { readonly kind: 'har-failed'; readonly message: string }
  | { readonly kind: 'discarded' };

/** A body as it crossed the thread (a Uint8Array), a Buffer again, without a copy. */
function asBuffer(body: ObservedBody): ObservedBody {
  const bytes = body.prefix as Uint8Array;
  return { ...body, prefix: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

function revived(exchange: ObservedExchange): ObservedExchange {
  return {
    ...exchange,
    request: { ...exchange.request, body: asBuffer(exchange.request.body) },
    ...(exchange.response === undefined ? {} : { response: { ...exchange.response, body: asBuffer(exchange.response.body) } }),
  };
}

async function main(): Promise<void> {
  const port = parentPort!;
  const { options, apiOrigin } = workerData as WorkerStart;
  const send = (message: FromWorker) => port.postMessage(message);
  let judge: ObserveJudge;
  let spool: HarSpool;
  let document: Awaited<ReturnType<typeof readObservedDocument>> | undefined;
  try {
    if (options.openapi !== undefined) document = await readObservedDocument(options);
    judge = new ObserveJudge({
      apiOrigin,
      maskerOf,
      ...(options.origin === undefined ? {} : { origin: options.origin }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
      ...(document === undefined ? {} : { document: document.judged }),
    });
    // Beside the reports, on disk (/tmp may be memory): an unnamed file only this process reads.
    spool = HarSpool.create(options.reportDir, { baseUrl: withoutUserinfo(options.target), secrets: new Secrets(), creator: { name: 'response-conformance observe', version: '' } });
  } catch (error) {
    send({ kind: 'failed', name: (error as Error).name, message: (error as Error).message });
    return;
  }
  // A bug of observe's own while judging one exchange is said, with the first such error, and never blamed on the API.
  const bugs: { count: number; first?: string } = { count: 0 };
  port.on('message', (message: ToWorker) => {
    switch (message.kind) {
      case 'exchanges':
        for (const crossed of message.batch) {
          const exchange = revived(crossed);
          try {
            judge.add(exchange);
          } catch (error) {
            bugs.count += 1;
            bugs.first ??= `#${exchange.seq} ${exchange.request.method}: ${(error as Error).stack ?? String(error)}`;
          }
          spool.add(exchange);
        }
        return;
      case 'finish':
        send({ kind: 'judged', judged: judge.finish(), bugs });
        return;
      case 'write-har':
        spool
          .writeHar(message.file, { baseUrl: withoutUserinfo(options.target), secrets: new Secrets().addTarget(options.target) })
          .then(
            () => send({ kind: 'har-written' }),
            (error: Error) => send({ kind: 'har-failed', message: error.message }),
          )
          .finally(() => spool.close());
        return;
      case 'discard':
        spool.discard();
        send({ kind: 'discarded' });
        return;
    }
  });
  send({ kind: 'ready', ...(document === undefined ? {} : { document: document.summary }) });
}

void main();
