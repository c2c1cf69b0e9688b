/**
 * The processes of the observe bench (scripts/bench/observe.ts), each started
 * with fork() so that its CPU time and its memory are its own, apart from the
 * load generator's (the bench's process) and from each other's:
 *
 *   api                  a bare node:http API answering a tiny JSON object
 *   pipe <target>        a bare node:http proxy that only forwards (the floor)
 *   observe <target> on|off
 *                        startObserveProxy, whose onExchange keeps each exchange
 *                        in a bounded way and, when "on", judges it (JUDGE below)
 *
 * Each prints one line, `listening on URL`, then answers the parent's IPC
 * message 'stats' with its figures (ChildStats; 'memory': the same after a
 * full GC, when run with --expose-gc), and exits when the IPC
 * channel closes (the parent went away) or on 'exit'.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startObserveProxy } from '../../http/observe-proxy';
import type { ObservedExchange } from '../../http/observed';
import { API_BODY, BoundedKeeper, standInJudge, STAND_IN_JUDGED_BY, type ChildStats, type Judge } from './observe-judge';

/**
 * The judge the bench runs in observe's onExchange, and its name in the output.
 * To measure the real judge, change these two lines, e.g.
 * `const JUDGE: Judge = (e) => judgeObserved(e, context); const JUDGED_BY = 'rules (runner/observe)';`
 */
const JUDGE: Judge = standInJudge;
const JUDGED_BY = STAND_IN_JUDGED_BY;

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
  return { cpuMs: cpu, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, exchanges: 0, listenerErrors: 0, judgeMs: 0, handOverMs: { p50: 0, p99: 0, max: 0 }, judgedBy: '', routes: 0 };
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

async function observe(target: string, judging: boolean): Promise<(collect?: boolean) => ChildStats> {
  const keeper = new BoundedKeeper(judging ? JUDGE : undefined);
  const proxy = await startObserveProxy({ target, onExchange: (e: ObservedExchange) => keeper.take(e) });
  process.stdout.write(`listening on ${proxy.url}\n`);
  return (collect = false) => ({ ...baseStats(collect), ...keeper.stats(), listenerErrors: proxy.listenerErrors, judgedBy: judging ? JUDGED_BY : 'off' });
}

async function main(): Promise<void> {
  const [mode, target, judging] = process.argv.slice(2);
  const stats = mode === 'api' ? await api() : mode === 'pipe' ? await pipe(target) : mode === 'observe' ? await observe(target, judging !== 'off') : undefined;
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
