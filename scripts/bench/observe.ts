/**
 * `npm run bench -- --only observe` (issue 28, point 6): the observe proxy's
 * speed, side by side in one run, at 50 connections against a bare node:http
 * API answering a tiny JSON object:
 *
 *   direct         autocannon straight at the API
 *   observe        through startObserveProxy as the command runs it: each
 *                  exchange handed over to observe's judging thread, where
 *                  the judge (with the API's document) and the HAR's spool run
 *   observe, nothing judged   the same proxy handing nothing over: forwarding only
 *   pipe           through a bare node:http proxy that only forwards: the floor
 *   Prism          through Prism's validation proxy (`prism proxy`)
 *
 * Every server is a process of its own (scripts/bench/observe-children.ts,
 * forked): on 2 cores, the load generator (this process), the proxy and the
 * API compete for the CPU whatever we do, and in one process each would also
 * wait on the others' event loop, so the figures would be the sum of three
 * programs' work. Apart, each one's CPU time is read on its own (the proxy's
 * against the load generator's is what explains a throughput), and the RSS is
 * the proxy's alone. The configurations are measured in turns (A B C D E,
 * A B C D E, …) and each figure is the median of the runs. Latencies are taken
 * from every answer's own time (autocannon's 'response' event, in fractions
 * of a millisecond), not from its whole-millisecond histogram.
 *
 * Then RSS over 100,000 exchanges through a fresh observe process, as the
 * command runs and again with the judge alone (no spool), so what grows is told
 * apart: warmed with 10,000, its RSS after a GC before and after 100,000 more,
 * and the exchanges its onExchange counted against the requests sent.
 *
 * A benchmark, never a test: each goal is printed met or NOT MET with the
 * figures and, when not met, what the same run measured to explain it.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { ROOT } from '../support/processes';
import { API_PATH, type ChildStats } from './observe-judge';

export const ORIGIN = 'http://app.example';
const CHILD = path.join(__dirname, 'observe-children.ts');
const TRANSPILE = path.join(ROOT, 'scripts', 'transpile-only.js');
const PRISM = path.join(ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');

export interface ObserveBenchOptions {
  /** Measured runs of each configuration (interleaved); 3 by default. */
  readonly runs: number;
  /** Seconds of load per measured run; 5 by default. */
  readonly seconds: number;
  readonly connections: number;
  /** Exchanges to warm the RSS measure's proxy, then exchanges measured: 10,000 and 100,000 by default. */
  readonly warmExchanges: number;
  readonly rssExchanges: number;
  /** Progress, as it is measured. */
  readonly log: (line: string) => void;
}

/** Seconds of load that warm each configuration before the measured runs. */
const WARM_SECONDS = 3;

export const DEFAULT_OBSERVE_BENCH: Omit<ObserveBenchOptions, 'log'> = { runs: 3, seconds: 5, connections: 50, warmExchanges: 10_000, rssExchanges: 100_000 };

export const CONFIGURATIONS = ['direct', 'observe', 'observeJudgeOff', 'pipe', 'prism'] as const;
export type Configuration = (typeof CONFIGURATIONS)[number];
export const LABELS: Record<Configuration, string> = {
  direct: 'direct (autocannon at the API)',
  observe: 'through observe (judged, spooled)',
  observeJudgeOff: 'through observe, forwarding only',
  pipe: 'through a bare node:http pipe',
  prism: "through Prism's validation proxy",
};

/** One run of one configuration. */
export interface RunFigures {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly requestsPerSecond: number;
  readonly requests: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  readonly non2xx: number;
  /** CPU time per 1,000 requests: the proxy's (0 for direct), the API's, the load generator's. */
  readonly proxyCpuMsPer1k: number;
  readonly apiCpuMsPer1k: number;
  readonly loadCpuMsPer1k: number;
  /** observe only: judging's CPU per 1,000 exchanges, and the hand-over from the answer's end to onExchange. */
  readonly judgeCpuMsPer1k?: number;
  readonly handOverP50Ms?: number;
  readonly handOverP99Ms?: number;
  /** observe only: exchanges counted by onExchange during the run, against the requests answered. */
  readonly exchangesCounted?: number;
}

export interface ConfigurationFigures extends RunFigures {
  /** The p50s of every run, so the noise is seen. */
  readonly p50sMs: readonly number[];
  readonly requestsPerSecondRuns: readonly number[];
  /** Summed over every run (a median would hide one failing run). */
  readonly errorsAllRuns: number;
  readonly non2xxAllRuns: number;
}

export interface RssFigures {
  readonly warmExchanges: number;
  readonly measuredExchanges: number;
  readonly rssBeforeMiB: number;
  readonly rssAfterMiB: number;
  readonly heapBeforeMiB: number;
  readonly heapAfterMiB: number;
  /** Requests autocannon sent, warm-up included, and exchanges onExchange counted. */
  readonly requestsSent: number;
  readonly exchangesCounted: number;
  /** Times onExchange threw (the judge or the spool), caught by the proxy. */
  readonly listenerErrors: number;
  readonly errors: number;
  readonly non2xx: number;
}

export interface Goal {
  readonly goal: string;
  readonly figure: string;
  readonly met: boolean;
  /** When not met: what the same run measured that explains it. */
  readonly why?: string;
}

export interface ObserveBenchFigures {
  readonly date: string;
  readonly machine: { readonly cpus: number; readonly model: string; readonly node: string; readonly loadAverageBefore: readonly number[]; readonly loadAverageAfter: readonly number[]; /** The highest 1-minute load average seen after a measured run. */ readonly loadAverageMax: number };
  readonly runs: number;
  readonly secondsPerRun: number;
  readonly connections: number;
  readonly judgedBy: string;
  /** Times onExchange threw during the timed runs (judge on and off), caught by the proxy: a judge that throws measures nothing. */
  readonly listenerErrors: number;
  readonly prism: { readonly ran: boolean; readonly why?: string; readonly version: string };
  readonly configurations: Partial<Record<Configuration, ConfigurationFigures>>;
  /** Through observe as the command runs it: judged, and spooled for the HAR. */
  readonly rss: RssFigures;
  /** The same with the judge alone (no spool): what the judge keeps. */
  readonly rssJudgeOnly?: RssFigures;
  readonly goals: readonly Goal[];
}

// ---------------------------------------------------------------------------
// Pure helpers (unit-tested: test/unit/bench-observe.test.ts)

/** The q-th quantile (0..1) of sorted values, nearest rank; NaN when empty. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

/** The median of values (the lower middle of an even count: a value that was measured). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Each figure of several runs as its median (figures absent from a run stay absent). */
export function medianRun(runs: readonly RunFigures[]): ConfigurationFigures {
  const keys = Object.keys(runs[0]) as (keyof RunFigures)[];
  const out: Record<string, number> = {};
  for (const key of keys) out[key] = median(runs.map((r) => r[key] as number));
  const sum = (key: 'errors' | 'non2xx') => runs.reduce((total, r) => total + r[key], 0);
  return { ...(out as unknown as RunFigures), p50sMs: runs.map((r) => r.p50Ms), requestsPerSecondRuns: runs.map((r) => r.requestsPerSecond), errorsAllRuns: sum('errors'), non2xxAllRuns: sum('non2xx') };
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const r1 = (x: number) => Math.round(x * 10) / 10;

/** The issue's goals, each met or not, with why from the same run's figures. */
export function observeGoals(f: Pick<ObserveBenchFigures, 'configurations' | 'rss' | 'rssJudgeOnly' | 'prism' | 'judgedBy' | 'listenerErrors'> & { readonly machine?: Pick<ObserveBenchFigures['machine'], 'cpus' | 'loadAverageMax'> }): Goal[] {
  const goals: Goal[] = [];
  const { direct, observe, observeJudgeOff: off, pipe, prism } = f.configurations;
  // The machine's share: a load average beyond its CPUs means other programs took CPU time the measured ones needed.
  const load = f.machine?.loadAverageMax ?? 0;
  const loaded = f.machine !== undefined && load > f.machine.cpus ? `; the machine was loaded beyond its ${f.machine.cpus} CPUs by other programs (load average up to ${r2(load)}), so measure again on a quiet one` : '';
  const cores = f.machine?.cpus ?? 2;
  const cpuWhy = (): string =>
    observe && pipe
      ? `CPU per 1,000 exchanges: observe ${r1(observe.proxyCpuMsPer1k)} ms (its judging thread's included; the hand-over ${r1(observe.judgeCpuMsPer1k ?? 0)} ms of it${off ? `; forwarding only ${r1(off.proxyCpuMsPer1k)} ms` : ''}), the pipe ${r1(pipe.proxyCpuMsPer1k)} ms, the load generator ${r1(observe.loadCpuMsPer1k)} ms, the API ${r1(observe.apiCpuMsPer1k)} ms: on ${cores} cores the three share the CPU, so the proxy's extra CPU per exchange is lost throughput and queueing (at these costs ${cores} cores allow at most ${Math.round(cpuCeiling(observe, cores))} req/s through observe and ${Math.round(cpuCeiling(pipe, cores))} through the pipe: ${r2(cpuCeiling(observe, cores) / cpuCeiling(pipe, cores))}x)${loaded}`
      : loaded.replace(/^; /, '');
  if (direct && observe && pipe) {
    for (const [which, key, factor] of [['p50', 'p50Ms', 1.25], ['p99', 'p99Ms', 1.5]] as const) {
      const addedObserve = observe[key] - direct[key];
      const addedPipe = pipe[key] - direct[key];
      const met = addedObserve <= factor * Math.max(addedPipe, 0);
      goals.push({
        goal: `added latency ${which} <= ${factor}x the pipe's`,
        figure: `observe +${r2(addedObserve)} ms, pipe +${r2(addedPipe)} ms (${addedPipe > 0 ? `${r2(addedObserve / addedPipe)}x` : 'the pipe added nothing'}); direct ${r2(direct[key])} ms`,
        met,
        ...(met ? {} : { why: cpuWhy() }),
      });
    }
    const met = observe.requestsPerSecond >= 0.8 * pipe.requestsPerSecond;
    goals.push({ goal: "throughput >= 0.8x the pipe's", figure: `${Math.round(observe.requestsPerSecond)} vs ${Math.round(pipe.requestsPerSecond)} req/s (${r2(observe.requestsPerSecond / pipe.requestsPerSecond)}x); direct ${Math.round(direct.requestsPerSecond)}`, met, ...(met ? {} : { why: cpuWhy() }) });
  }
  if (observe) {
    if (prism && f.prism.ran) {
      const met = observe.requestsPerSecond > prism.requestsPerSecond;
      goals.push({ goal: "throughput above Prism's", figure: `${Math.round(observe.requestsPerSecond)} vs ${Math.round(prism.requestsPerSecond)} req/s (${r2(observe.requestsPerSecond / prism.requestsPerSecond)}x)`, met, ...(met ? {} : { why: `Prism's CPU per 1,000 exchanges ${r1(prism.proxyCpuMsPer1k)} ms; ${cpuWhy()}` }) });
    } else {
      goals.push({ goal: "throughput above Prism's", figure: 'Prism not measured', met: false, why: f.prism.why ?? 'Prism did not run' });
    }
  }
  const rss = f.rss;
  const grown = rss.rssAfterMiB - rss.rssBeforeMiB;
  goals.push({
    goal: `RSS flat once warm: <= 20 MiB more over ${rss.measuredExchanges.toLocaleString('en')} exchanges`,
    figure: `${rss.rssBeforeMiB} -> ${rss.rssAfterMiB} MiB (${grown >= 0 ? '+' : ''}${r1(grown)} MiB; heap ${rss.heapBeforeMiB} -> ${rss.heapAfterMiB} MiB), after ${rss.warmExchanges.toLocaleString('en')} to warm`,
    met: grown <= 20,
    ...(grown <= 20 ? {} : { why: rssWhy(rss, f.rssJudgeOnly) }),
  });
  const lost = rss.requestsSent - rss.exchangesCounted;
  goals.push({
    goal: `${rss.measuredExchanges.toLocaleString('en')} exchanges counted (no exchange lost)`,
    figure: `${rss.exchangesCounted.toLocaleString('en')} counted by onExchange for ${rss.requestsSent.toLocaleString('en')} requests sent (warm-up included)`,
    met: lost === 0,
    ...(lost === 0 ? {} : { why: `${lost} exchanges were ${lost > 0 ? 'not handed to onExchange' : 'counted more than sent'}` }),
  });
  if (observe && off) {
    const noise = Math.max(...off.p50sMs) - Math.min(...off.p50sMs);
    const moved = observe.p50Ms - off.p50Ms;
    const met = moved <= Math.max(noise, 0.05);
    goals.push({
      goal: 'judging never delays the forwarding (judged vs forwarding only, p50)',
      figure: `p50 ${r2(observe.p50Ms)} vs ${r2(off.p50Ms)} ms (${moved >= 0 ? '+' : ''}${r2(moved)} ms; the forwarding-only runs spread ${r2(noise)} ms); ${Math.round(observe.requestsPerSecond)} vs ${Math.round(off.requestsPerSecond)} req/s; answer's end to onExchange p50 ${observe.handOverP50Ms} ms, p99 ${observe.handOverP99Ms} ms; the hand-over to the judging thread ${r1(observe.judgeCpuMsPer1k ?? 0)} ms of the forwarding thread's CPU per 1,000 exchanges (judged by: ${f.judgedBy})`,
      met,
      ...(met ? {} : { why: judgeWhy(observe, off) + loaded }),
    });
  }
  const all = Object.entries(f.configurations).filter(([, c]) => c !== undefined) as [Configuration, ConfigurationFigures][];
  const failed = all.filter(([, c]) => c.errorsAllRuns + c.non2xxAllRuns > 0).map(([k, c]) => `${LABELS[k]}: ${c.errorsAllRuns} errors, ${c.non2xxAllRuns} non-2xx over its runs`);
  const rssFailed = rss.errors + rss.non2xx + (f.rssJudgeOnly ? f.rssJudgeOnly.errors + f.rssJudgeOnly.non2xx : 0);
  const thrown = f.listenerErrors + rss.listenerErrors + (f.rssJudgeOnly?.listenerErrors ?? 0);
  if (thrown > 0) failed.push(`onExchange threw ${thrown} times (the judge or the spool; caught by the proxy, so those exchanges were not judged)`);
  goals.push({
    goal: 'errors 0',
    figure: failed.length === 0 && rssFailed === 0 ? `0 errors, 0 non-2xx in every configuration and over the ${(rss.warmExchanges + rss.measuredExchanges).toLocaleString('en')} exchanges` : [...failed, ...(rssFailed > 0 ? [`RSS runs: ${rssFailed} errors and non-2xx`] : [])].join('; '),
    met: failed.length === 0 && rssFailed === 0,
    ...(failed.length === 0 && rssFailed === 0 ? {} : { why: 'see the figures (medians of the runs); the JSON has every run' }),
  });
  return goals;
}

/** Why the RSS grew: the heap's share, and what the judge alone kept over the same exchanges (the rest is the spool's). */
function rssWhy(rss: RssFigures, judgeOnly: RssFigures | undefined): string {
  const heap = `the heap grew ${r1(rss.heapAfterMiB - rss.heapBeforeMiB)} MiB of it`;
  if (!judgeOnly) return heap;
  return `${heap}; with the judge alone (no spool) the RSS grew ${r1(judgeOnly.rssAfterMiB - judgeOnly.rssBeforeMiB)} MiB (heap ${r1(judgeOnly.heapAfterMiB - judgeOnly.heapBeforeMiB)} MiB) over the same exchanges, so the rest is the judging thread's and its spool's (http/har-spool.ts, on disk)`;
}

/** The requests per second `cores` allow when the proxy, the API and the load generator spend what they did per request. */
export function cpuCeiling(c: Pick<RunFigures, 'proxyCpuMsPer1k' | 'apiCpuMsPer1k' | 'loadCpuMsPer1k'>, cores: number): number {
  const msPerRequest = (c.proxyCpuMsPer1k + c.apiCpuMsPer1k + c.loadCpuMsPer1k) / 1000;
  return msPerRequest > 0 ? (cores * 1000) / msPerRequest : Number.POSITIVE_INFINITY;
}

/**
 * Why judging is slower than forwarding only: the forwarding thread pays the hand-over; the judging thread's CPU
 * comes from the same cores.
 */
function judgeWhy(on: ConfigurationFigures, off: ConfigurationFigures): string {
  const judging = on.judgeCpuMsPer1k ?? 0;
  const share = on.proxyCpuMsPer1k > 0 ? judging / on.proxyCpuMsPer1k : 0;
  const head = `the judge and the spool run in observe's judging thread; the forwarding thread pays the hand-over (${r1(judging)} ms of CPU per 1,000 exchanges, ${Math.round(share * 100)}% of the process's ${r1(on.proxyCpuMsPer1k)} ms; forwarding only ${r1(off.proxyCpuMsPer1k)} ms), and on ${cpus().length} cores the judging thread's CPU is taken from the same two cores the load generator, the API and the forwarding share`;
  return share < 0.1 ? `${head}; the hand-over is too small a share to explain the difference, which is the judging thread's CPU on shared cores` : head;
}

// ---------------------------------------------------------------------------
// Processes

interface Server {
  readonly url: string;
  /** CPU time so far, and the rest of its figures when it is one of ours. */
  stats(): Promise<ChildStats | { cpuMs: number; rssBytes: number }>;
  /** The same after a full GC (ours only). */
  memory(): Promise<ChildStats>;
  stop(): Promise<void>;
}

function forkChild(args: readonly string[]): Promise<Server> {
  const child = fork(CHILD, [...args], { cwd: ROOT, execArgv: ['-r', TRANSPILE, '--expose-gc'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail('no "listening on" line within 30 s'), 30_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`observe bench: ${args.join(' ')}: ${why}\n${output}`));
    };
    child.on('exit', (code) => fail(`exited with ${code}`));
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ url: match[1], stats: () => askStats(child, 'stats'), memory: () => askStats(child, 'memory'), stop: () => stopChild(child) });
    });
  });
}

function askStats(child: ChildProcess, what: 'stats' | 'memory'): Promise<ChildStats> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('observe bench: a child did not answer "stats" within 10 s')), 10_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as ChildStats);
    });
    child.send(what);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    if (child.connected) child.send('exit');
    else child.kill('SIGTERM');
  });
}

/** A process's CPU time and RSS from /proc (Prism's, not one of ours). */
function procStats(pid: number): { cpuMs: number; rssBytes: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuMs: (Number(fields[11]) + Number(fields[12])) * 10, rssBytes: rssKiB * 1024 }; // utime and stime, fields 14 and 15 of stat(5), at 100 ticks a second
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** An OpenAPI 3.0 document of the bare API, for Prism to validate against. */
export function apiDocument(): object {
  return {
    openapi: '3.0.3',
    info: { title: 'The observe bench\'s bare API', version: '1.0.0' },
    paths: {
      '/api/items/{id}': {
        get: {
          operationId: 'getItem',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: {
            '200': {
              description: 'The item',
              content: {
                'application/json': {
                  schema: { type: 'object', required: ['id', 'name', 'price'], properties: { id: { type: 'integer' }, name: { type: 'string' }, price: { type: 'number' }, tags: { type: 'array', items: { type: 'string' } } }, additionalProperties: false },
                },
              },
            },
          },
        },
      },
    },
  };
}

/** Prism's validation proxy in front of `upstream`, or why it could not start. */
async function startPrism(upstream: string, work: string, document: string): Promise<Server | { why: string }> {
  const port = await freePort();
  // -v warn: Prism's per-request info line is off (a cost observe does not pay either); violations would still be logged.
  const child = spawn(process.execPath, [PRISM, 'proxy', document, upstream, '--host', '127.0.0.1', '--port', String(port), '-v', 'warn'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  let exited: string | undefined;
  child.on('error', (error) => (exited = error.message));
  child.on('exit', (code) => (exited ??= `exited with ${code}`));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopChild(child);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== undefined) return { why: `Prism ${exited}: ${output.trim().split('\n').slice(-3).join(' / ')}` };
    const status = await new Promise<number>((resolve) => {
      const request = http.get(`${url}${API_PATH}`, { headers: { origin: ORIGIN } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', () => resolve(0));
    });
    if (status === 200) return { url, stats: async () => procStats(child.pid!), memory: () => Promise.reject(new Error('Prism is not one of ours')), stop };
    if (status !== 0) {
      await stop();
      return { why: `Prism answered ${status}, not 200, for GET ${API_PATH}: ${output.trim().split('\n').slice(-3).join(' / ')}` };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  return { why: `Prism did not answer within 60 s: ${output.trim().split('\n').slice(-3).join(' / ')}` };
}

// ---------------------------------------------------------------------------
// Load

interface LoadResult {
  readonly latencies: number[];
  readonly requests: number;
  readonly sent: number;
  readonly seconds: number;
  readonly errors: number;
  readonly non2xx: number;
}

function load(url: string, connections: number, how: { seconds: number } | { amount: number }): Promise<LoadResult> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const options = { url: `${url}${API_PATH}`, connections, headers: { origin: ORIGIN }, ...('seconds' in how ? { duration: how.seconds } : { amount: how.amount }) };
    const instance = autocannon(options, (error, result) => {
      if (error) return reject(error);
      resolve({
        latencies,
        requests: result.requests.total,
        sent: result.requests.sent,
        seconds: result.duration,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
      });
    });
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
    });
  });
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Waits until the observe child has handed `expected` exchanges over (it does so in a setImmediate), or 5 s; then its figures (after a GC when `memory`). */
async function settled(server: Server, expected: number, memory = false): Promise<ChildStats> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const stats = (await server.stats()) as ChildStats;
    if (stats.exchanges >= expected || Date.now() > deadline) return memory ? server.memory() : stats;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One measured run of a configuration; `countedBefore` is the exchanges an observe proxy had counted before it (undefined for the others). */
async function measureRun(target: Server, proxy: Server | undefined, api: Server, options: ObserveBenchOptions, countedBefore: number | undefined): Promise<RunFigures> {
  const proxyBefore = proxy ? await proxy.stats() : undefined;
  const apiBefore = await api.stats();
  const loadBefore = cpuMs();
  const result = await load(target.url, options.connections, { seconds: options.seconds });
  const loadAfter = cpuMs();
  const apiAfter = await api.stats();
  const answered = result.requests;
  const proxyAfter = proxy ? (countedBefore !== undefined ? await settled(proxy, countedBefore + answered) : await proxy.stats()) : undefined;
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const per1k = (ms: number) => (answered === 0 ? 0 : (ms / answered) * 1000);
  const observed = countedBefore !== undefined ? (proxyAfter as ChildStats) : undefined;
  return {
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    meanMs: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    requestsPerSecond: answered / result.seconds,
    requests: answered,
    errors: result.errors,
    non2xx: result.non2xx,
    proxyCpuMsPer1k: proxy && proxyBefore && proxyAfter ? per1k(proxyAfter.cpuMs - proxyBefore.cpuMs) : 0,
    apiCpuMsPer1k: per1k(apiAfter.cpuMs - apiBefore.cpuMs),
    loadCpuMsPer1k: per1k(loadAfter - loadBefore),
    ...(observed
      ? { judgeCpuMsPer1k: per1k(observed.judgeMs), handOverP50Ms: observed.handOverMs.p50, handOverP99Ms: observed.handOverMs.p99, exchangesCounted: observed.exchanges - (countedBefore ?? 0) }
      : {}),
  };
}

/** RSS through a fresh observe process doing what `args` say (judge, spool), warmed first. */
async function measureRss(api: Server, options: ObserveBenchOptions, args: readonly string[], what: string): Promise<RssFigures> {
  const proxy = await forkChild(['observe', api.url, ...args]);
  try {
    const warm = await load(proxy.url, options.connections, { amount: options.warmExchanges });
    const before = await settled(proxy, warm.requests, true);
    options.log(`observe bench: RSS (${what}) warmed with ${warm.requests} exchanges: ${mib(before.rssBytes)} MiB, load ${loadavg()[0].toFixed(2)}`);
    const measured = await load(proxy.url, options.connections, { amount: options.rssExchanges });
    const after = await settled(proxy, warm.requests + measured.requests, true);
    options.log(`observe bench: RSS (${what}) after ${measured.requests} more: ${mib(after.rssBytes)} MiB, load ${loadavg()[0].toFixed(2)}`);
    return {
      warmExchanges: options.warmExchanges,
      measuredExchanges: options.rssExchanges,
      rssBeforeMiB: mib(before.rssBytes),
      rssAfterMiB: mib(after.rssBytes),
      heapBeforeMiB: mib(before.heapUsedBytes),
      heapAfterMiB: mib(after.heapUsedBytes),
      requestsSent: warm.sent + measured.sent,
      exchangesCounted: after.exchanges,
      listenerErrors: after.listenerErrors,
      errors: warm.errors + measured.errors,
      non2xx: warm.non2xx + measured.non2xx,
    };
  } finally {
    await proxy.stop();
  }
}

const mib = (bytes: number) => Math.round(bytes / 104857.6) / 10;

function prismVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', '@stoplight', 'prism-cli', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/** The whole observe bench: every configuration in turns, then the RSS over 100,000 exchanges; goals included. */
export async function measureObserve(options: ObserveBenchOptions): Promise<ObserveBenchFigures> {
  const work = mkdtempSync(path.join(tmpdir(), 'rc-bench-observe-'));
  const loadAverageBefore = loadavg().map(r2);
  const started: Server[] = [];
  try {
    const api = await forkChild(['api']);
    started.push(api);
    const document = path.join(work, 'openapi.json');
    writeFileSync(document, JSON.stringify(apiDocument(), null, 2));
    // As the command runs: observe's judge with the API's document (--openapi), each exchange then spooled for the HAR.
    const asCommand = ['rules', 'spool', document];
    const observe = await forkChild(['observe', api.url, ...asCommand]);
    const observeOff = await forkChild(['observe', api.url, 'off', 'no-spool']);
    const pipe = await forkChild(['pipe', api.url]);
    started.push(observe, observeOff, pipe);
    const prismStarted = await startPrism(api.url, work, document);
    const prism = 'why' in prismStarted ? undefined : prismStarted;
    if (prism) started.push(prism);
    else options.log(`observe bench: Prism not measured: ${(prismStarted as { why: string }).why}`);
    const judgedBy = ((await observe.stats()) as ChildStats).judgedBy;

    const targets: Partial<Record<Configuration, { target: Server; proxy?: Server }>> = {
      direct: { target: api },
      observe: { target: observe, proxy: observe },
      observeJudgeOff: { target: observeOff, proxy: observeOff },
      pipe: { target: pipe, proxy: pipe },
      ...(prism ? { prism: { target: prism, proxy: prism } } : {}),
    };
    const active = CONFIGURATIONS.filter((c) => targets[c] !== undefined);
    const counted: Partial<Record<Configuration, number>> = {};
    // Warm every configuration (JIT, sockets, Prism's first validations: a first second through observe costs
    // several times the CPU of the next ones), then count from there.
    for (const c of active) {
      const { target, proxy } = targets[c]!;
      await load(target.url, options.connections, { seconds: WARM_SECONDS });
      if (c === 'observe' || c === 'observeJudgeOff') counted[c] = ((await proxy!.stats()) as ChildStats).exchanges;
    }
    const runs: Partial<Record<Configuration, RunFigures[]>> = {};
    let loadAverageMax = loadavg()[0];
    for (let round = 0; round < options.runs; round++) {
      for (const c of active) {
        const { target, proxy } = targets[c]!;
        const figures = await measureRun(target, proxy, api, options, counted[c]);
        if (figures.exchangesCounted !== undefined) counted[c] = (counted[c] ?? 0) + figures.exchangesCounted;
        (runs[c] ??= []).push(figures);
        loadAverageMax = Math.max(loadAverageMax, loadavg()[0]);
        options.log(
          `observe bench: ${LABELS[c]}, run ${round + 1}: p50 ${r2(figures.p50Ms)} ms, p99 ${r2(figures.p99Ms)} ms, ${Math.round(figures.requestsPerSecond)} req/s, ${figures.errors} errors, ${figures.non2xx} non-2xx, load ${loadavg()[0].toFixed(2)}`,
        );
      }
    }
    const configurations = Object.fromEntries(active.map((c) => [c, medianRun(runs[c]!)])) as Partial<Record<Configuration, ConfigurationFigures>>;
    let listenerErrors = 0;
    for (const server of [observe, observeOff]) listenerErrors += ((await server.stats()) as ChildStats).listenerErrors;
    for (const server of [observe, observeOff, pipe, ...(prism ? [prism] : [])]) await server.stop();
    const rss = await measureRss(api, options, asCommand, 'as the command');
    const rssJudgeOnly = await measureRss(api, options, ['rules', 'no-spool', document], 'the judge alone');
    const prismFigure = { ran: prism !== undefined, version: prismVersion(), ...(prism ? {} : { why: (prismStarted as { why: string }).why }) };
    const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverageBefore, loadAverageAfter: loadavg().map(r2), loadAverageMax: r2(loadAverageMax) };
    const partial = { configurations, rss, rssJudgeOnly, prism: prismFigure, judgedBy, listenerErrors };
    return {
      date: new Date().toISOString(),
      machine,
      runs: options.runs,
      secondsPerRun: options.seconds,
      connections: options.connections,
      ...partial,
      goals: observeGoals({ ...partial, machine }),
    };
  } finally {
    for (const server of started) await server.stop();
  }
}

function rssRow(what: string, r: RssFigures): string {
  return `  ${what}: ${r.rssBeforeMiB} MiB after ${r.warmExchanges.toLocaleString('en')} exchanges, ${r.rssAfterMiB} MiB after ${r.measuredExchanges.toLocaleString('en')} more (heap ${r.heapBeforeMiB} -> ${r.heapAfterMiB} MiB); ${r.exchangesCounted.toLocaleString('en')} counted by onExchange, ${r.requestsSent.toLocaleString('en')} requests sent`;
}

/** The table and the goals, as printed. */
export function observeRows(f: ObserveBenchFigures): string[] {
  const cell = (s: string, n: number) => s.padStart(n);
  const header = `  ${'configuration'.padEnd(36)} ${cell('p50 ms', 8)} ${cell('p99 ms', 8)} ${cell('mean ms', 8)} ${cell('req/s', 8)} ${cell('errors', 7)} ${cell('non-2xx', 8)}   CPU ms per 1,000 req: proxy / API / load generator`;
  const rows = CONFIGURATIONS.map((c) => {
    const x = f.configurations[c];
    if (!x) return `  ${LABELS[c].padEnd(36)} not measured: ${f.prism.why ?? ''}`;
    return `  ${LABELS[c].padEnd(36)} ${cell(r2(x.p50Ms).toFixed(2), 8)} ${cell(r2(x.p99Ms).toFixed(2), 8)} ${cell(r2(x.meanMs).toFixed(2), 8)} ${cell(String(Math.round(x.requestsPerSecond)), 8)} ${cell(String(x.errors), 7)} ${cell(String(x.non2xx), 8)}   ${c === 'direct' ? '-' : r1(x.proxyCpuMsPer1k)} / ${r1(x.apiCpuMsPer1k)} / ${r1(x.loadCpuMsPer1k)}`;
  });
  return [
    `bench --only observe: ${f.connections} connections, ${f.secondsPerRun} s a run, medians of ${f.runs} runs in turns; ${f.date}`,
    `  machine: ${f.machine.cpus} x ${f.machine.model}, Node ${f.machine.node}; load average before ${f.machine.loadAverageBefore.join(' ')}, at most ${f.machine.loadAverageMax} after a run, after ${f.machine.loadAverageAfter.join(' ')}`,
    `  judged by: ${f.judgedBy}`,
    `  Prism: ${f.prism.ran ? `@stoplight/prism-cli ${f.prism.version}, prism proxy -v warn` : `not measured: ${f.prism.why}`}`,
    header,
    ...rows,
    rssRow('RSS through observe as the command runs (judged, spooled; its own process, after a GC)', f.rss),
    ...(f.rssJudgeOnly ? [rssRow('RSS through observe with the judge alone (no spool)', f.rssJudgeOnly)] : []),
    ...f.goals.map((g) => `  goal: ${g.goal.padEnd(64)} ${g.met ? 'met' : 'NOT MET'}: ${g.figure}${g.met ? '' : `\n        why: ${g.why}`}`),
  ];
}
