/**
 * The processes of the observe bench (scripts/bench/observe.ts), each started
 * with fork() so that its CPU time and its memory are its own, apart from the
 * load generator's (the bench's process) and from each other's:
 *
 *   api                  a bare node:http API answering a tiny JSON object
 *   pipe <target>        a bare node:http proxy that only forwards (the floor)
 *   observe <target> <judge> <spool> [document]
 *                        startObserveProxy, whose onExchange does what the
 *                        observe command's does (runner/observe/index.ts): the
 *                        judge ('rules': ObserveJudge, with the document if one
 *                        is given; 'stand-in'; 'off'), then the traffic's spool
 *                        ('spool': createTrafficSpool, kept for the HAR; 'no-spool')
 *
 * Each prints one line, `listening on URL`, then answers the parent's IPC
 * message 'stats' with its figures (ChildStats; 'memory': the same after a
 * full GC, when run with --expose-gc), and exits when the IPC channel closes
 * (the parent went away) or on 'exit'.
 */
import path from 'node:path';
import { ROOT } from '../support/processes';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startObserveProxy } from '../../http/observe-proxy';
import type { ObservedExchange } from '../../http/observed';
import { ObserveJudge } from '../../runner/observe/judge';
import { readObservedDocument } from '../../runner/observe/document';
import { JudgingThread } from '../../runner/observe/offload';
import type { ObserveOptions } from '../../runner/configuration';
import { API_BODY, ExchangeHandler, standInJudge, STAND_IN_JUDGED_BY, type ChildStats, type Judge } from './observe-judge';

/** What judges each exchange, and its name in the bench's output: observe's own judge, or the stand-in, or none. */
async function judgeOf(kind: string, target: string, documentFile: string | undefined): Promise<{ judge?: Judge; judgedBy: string }> {
  if (kind === 'off') return { judgedBy: 'off' };
  if (kind === 'stand-in') return { judge: standInJudge, judgedBy: STAND_IN_JUDGED_BY };
  if (kind !== 'rules') throw new Error(`observe-children: unknown judge ${JSON.stringify(kind)}`);
  // What runObserve gives its judge, from the options the bench would pass on the command line.
  const options = { target, openapi: documentFile, timeoutMs: 30_000, insecure: false } as unknown as ObserveOptions;
  const document = documentFile === undefined ? undefined : (await readObservedDocument(options)).judged;
  const judge = new ObserveJudge({ apiOrigin: new URL(target).origin, ...(document === undefined ? {} : { document }) });
  return { judge: (exchange) => judge.add(exchange), judgedBy: `observe's judge (runner/observe/judge.ts)${document === undefined ? ', no document' : ', with the API\'s document'}` };
}


function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The figures every child reports; after a full GC only when asked ('memory'), since the GC's own CPU would count in a measured run. */
function baseStats(collect = false): ChildStats {
  const cpu = cpuMs();
  if (collect) global.gc?.();
  const memory = process.memoryUsage();
  return { cpuMs: cpu, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, exchanges: 0, listenerErrors: 0, judgeMs: 0, handOverMs: { p50: 0, p99: 0, max: 0 }, judgedBy: '' };
}

async function api(): Promise<(collect?: boolean) => ChildStats> {
  const length = String(Buffer.byteLength(API_BODY));
  const server = http.createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': length, vary: 'Origin', ...(request.headers.origin ? { 'access-control-allow-origin': request.headers.origin } : {}) });
    response.end(API_BODY);
  });
  process.stdout.write(`listening on ${await listen(server)}\n`);
  return baseStats;
}

/** The floor for any proxy: http.request piping both ways over a keep-alive agent, nothing recorded, nothing removed but what Node does itself. */
async function pipe(target: string): Promise<(collect?: boolean) => ChildStats> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((request, response) => {
    const outgoing = http.request({ host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers, agent }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers);
      answer.pipe(response);
    });
    outgoing.on('error', () => {
      if (!response.headersSent) response.writeHead(502).end();
      else response.destroy();
    });
    request.pipe(outgoing);
  });
  process.stdout.write(`listening on ${await listen(server)}\n`);
  return baseStats;
}

async function observe(target: string, judgeKind: string, spooling: boolean, documentFile: string | undefined): Promise<(collect?: boolean) => ChildStats> {
  if (judgeKind === 'rules' && spooling) {
    // As the command runs: the judge and the spool in observe's judging thread (runner/observe/offload.ts), beside the reports on disk.
    const options = { target, openapi: documentFile, timeoutMs: 30_000, insecure: false, reportDir: path.join(ROOT, 'reports', 'bench-observe'), listenHost: '127.0.0.1', listenPort: 0 } as unknown as ObserveOptions;
    const thread = await JudgingThread.start(options, 'http://127.0.0.1:0');
    const handler = new ExchangeHandler((e) => thread.add(e));
    const proxy = await startObserveProxy({ target, onExchange: (e: ObservedExchange) => handler.take(e) });
    process.stdout.write(`listening on ${proxy.url}\n`);
    return (collect = false) => ({ ...baseStats(collect), ...handler.stats(), listenerErrors: proxy.listenerErrors, judgedBy: `observe's judge (runner/observe/judge.ts)${documentFile === undefined ? ', no document' : ", with the API's document"}, and the spool for the HAR, in observe's judging thread, as the command runs` });
  }
  if (spooling) throw new Error('observe-children: the spool runs only in the judging thread, with the judge (rules spool)');
  const { judge, judgedBy } = await judgeOf(judgeKind, target, documentFile);
  const handler = new ExchangeHandler(judge);
  const proxy = await startObserveProxy({ target, onExchange: (e: ObservedExchange) => handler.take(e) });
  process.stdout.write(`listening on ${proxy.url}\n`);
  return (collect = false) => ({ ...baseStats(collect), ...handler.stats(), listenerErrors: proxy.listenerErrors, judgedBy });
}

async function main(): Promise<void> {
  const [mode, target, judgeKind, spool, documentFile] = process.argv.slice(2);
  const stats = mode === 'api' ? await api() : mode === 'pipe' ? await pipe(target) : mode === 'observe' ? await observe(target, judgeKind, spool === 'spool', documentFile) : undefined;
  if (!stats) throw new Error(`observe-children: unknown mode ${JSON.stringify(mode)}`);
  process.on('message', (message) => {
    if (message === 'stats' || message === 'memory') process.send?.(stats(message === 'memory'));
    else if (message === 'exit') process.exit(0);
  });
  process.on('disconnect', () => process.exit(0));
}

main().catch((error: Error) => {
  process.stderr.write(`observe-children: ${error.message}\n`);
  process.exit(1);
});
