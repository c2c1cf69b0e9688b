/**
 * The audit from a document at scale, for `npm run bench` (alone: `npm run
 * bench -- --only audit`): a generated document of N GET operations (each
 * with a response model and a declared, exposed X-Total-Count) served by a
 * local node:http API that keeps every promise, and GitHub's own document
 * (documented-api.ts), each audited by the command as a user runs it
 * (`audit --target --origin`: the Fetch model, Chromium unless said, and
 * whatever requests the audit sends by default: its probes included).
 * Timed from the outside: the wall time, the CPU time (the CLI's own, and
 * with its children's: Chromium's), the Node process's peak memory; never
 * asserted in a test. Each goal is printed met or not, with why.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/processes';
import { childrenCpuMs } from './scale';
import { documentedApi, GITHUB_DOCUMENT } from './documented-api';
import { engineAvailable, enginePath } from '../../browser/engines';

const ORIGIN = 'https://app.example';

export function generatedDocument(operations: number): object {
  const item = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } };
  const paths = Object.fromEntries(
    Array.from({ length: operations }, (_, i) => [
      `/api/r${i}`,
      {
        get: {
          operationId: `list_r${i}`,
          responses: {
            '200': {
              description: 'The items',
              headers: { 'X-Total-Count': { schema: { type: 'integer' } } },
              content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Item' } } } },
            },
          },
        },
      },
    ]),
  );
  return { openapi: '3.1.0', info: { title: `A generated API of ${operations} operations`, version: '1.0.0' }, paths, components: { schemas: { Item: item } } };
}

/** An API that keeps every promise of the generated document. */
export async function generatedApi(operations: number): Promise<{ url: string; close: () => Promise<void> }> {
  const document = JSON.stringify(generatedDocument(operations));
  const server: Server = createServer((request, response) => {
    if (request.url === '/openapi.json') return response.writeHead(200, { 'content-type': 'application/json' }).end(document);
    const granted = request.headers.origin === ORIGIN;
    // A preflight is granted for the frontend's origin only: a probe from another origin, or from "null", is refused.
    if (request.method === 'OPTIONS') {
      const asked = request.headers['access-control-request-headers'];
      return response.writeHead(204, { vary: 'Origin', ...(granted ? { 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'GET, HEAD', ...(asked === undefined ? {} : { 'access-control-allow-headers': asked }) } : {}) }).end();
    }
    const cors: Record<string, string> = granted ? { 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'X-Total-Count' } : {};
    if (!/^\/api\/r\d+$/.test(request.url ?? '')) return response.writeHead(404, { 'content-type': 'application/json', vary: 'Origin', ...cors }).end('{"detail":"Not Found"}');
    response.writeHead(200, { 'content-type': 'application/json', 'x-total-count': '2', vary: 'Origin', ...cors }).end('[{"id":1,"name":"tea"},{"id":2,"name":"cake"}]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** An API to audit, started once for all the runs that audit it (its start is not counted): it keeps no state. */
export interface Api {
  readonly url: string;
  close(): Promise<void>;
}

/** What one audit cost, and what it did (so a figure says what it measured). */
export interface AuditTimed {
  readonly ms: number;
  /** CPU time (user and system) of the CLI's Node process alone. */
  readonly nodeCpuMs: number;
  /** CPU time of the CLI and every process it waited for (Chromium's included); null where /proc cannot say. */
  readonly totalCpuMs: number | null;
  /** Peak resident memory of the CLI's Node process (Chromium, a process of its own, not counted). */
  readonly maxRssMiB: number;
  readonly code: number | null;
  /** Operations and routes called, operations not called, and findings, from the report the audit printed. */
  readonly called: number;
  readonly notCalled: number;
  readonly findings: number;
}

/** One audit of `api` by the CLI of the checkout at `root` (this one unless a baseline is compared), with the browser as asked. */
export async function timeAudit(api: Api, browser: boolean, root = ROOT): Promise<AuditTimed> {
  const work = mkdtempSync(path.join(tmpdir(), 'rc-bench-audit-'));
  const rssFile = path.join(work, 'rss');
  const cpuFile = path.join(work, 'cpu');
  const reportFile = path.join(work, 'audit.json');
  writeFileSync(rssFile, '');
  writeFileSync(cpuFile, '');
  const out = openSync(reportFile, 'w');
  try {
    const cpuBefore = childrenCpuMs();
    const started = process.hrtime.bigint();
    const code = await new Promise<number | null>((resolve, reject) => {
      const args = ['-r', path.join(ROOT, 'scripts', 'bench', 'maxrss.js'), path.join(root, 'bin', 'response-conformance.js'), 'audit', '--target', api.url, '--origin', ORIGIN, '--format', 'json', ...(browser ? [] : ['--no-browser'])];
      const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', out, 'ignore'], env: { ...process.env, BENCH_MAXRSS_FILE: rssFile, BENCH_CPU_FILE: cpuFile } });
      child.on('error', reject);
      child.on('close', resolve);
    });
    const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
    const cpuAfter = childrenCpuMs();
    const kib = Math.max(0, ...readFileSync(rssFile, 'utf8').split('\n').filter(Boolean).map(Number));
    const nodeCpuMs = Math.round(Math.max(0, ...readFileSync(cpuFile, 'utf8').split('\n').filter(Boolean).map(Number)) / 1000);
    const report = countsOf(readFileSync(reportFile, 'utf8'));
    return { ms, nodeCpuMs, totalCpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore, maxRssMiB: Math.round(kib / 102.4) / 10, code, ...report };
  } finally {
    closeSync(out);
  }
}

interface PrintedReport {
  readonly routes?: readonly { readonly findings: readonly unknown[] }[];
  readonly notCalled?: readonly { readonly findings: readonly unknown[] }[];
  readonly findings?: readonly unknown[];
}

function countsOf(text: string): { called: number; notCalled: number; findings: number } {
  try {
    const report = JSON.parse(text) as PrintedReport;
    const routes = report.routes ?? [];
    const notCalled = report.notCalled ?? [];
    return { called: routes.length, notCalled: notCalled.length, findings: (report.findings ?? []).length + [...routes, ...notCalled].reduce((n, r) => n + r.findings.length, 0) };
  } catch {
    return { called: 0, notCalled: 0, findings: 0 };
  }
}

/** A measured audit: the median run (by wall time) of several, and every run's wall time. */
export interface AuditMeasured extends AuditTimed {
  readonly runsMs: readonly number[];
}

/**
 * The audits of `targets`, `runs` times each, side by side: one round runs
 * each once, in order, so load that comes and goes on the machine falls on
 * all alike. An audit that could not judge (exit 2, or any code not
 * allowed) stops the bench: its figures would mean nothing.
 */
export interface AuditTarget {
  readonly start: () => Promise<Api>;
  readonly browser: boolean;
  /** The checkout whose CLI audits it: this one unless a baseline is compared. */
  readonly root?: string;
  /** The exit codes of a judged run here. */
  readonly codes: readonly number[];
}

export async function auditsSideBySide(runs: number, targets: Record<string, AuditTarget>, log: (line: string) => void = () => undefined): Promise<Record<string, AuditMeasured>> {
  const results: Record<string, AuditTimed[]> = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
  const apis = new Map<AuditTarget['start'], Promise<Api>>();
  try {
    for (let round = 0; round < runs; round++) {
      for (const key of Object.keys(targets)) {
        const target = targets[key];
        if (!apis.has(target.start)) apis.set(target.start, target.start());
        const result = await timeAudit(await apis.get(target.start)!, target.browser, target.root);
        if (!target.codes.includes(result.code ?? -1)) throw new Error(`${key}: the audit exited ${result.code}, not ${target.codes.join(' or ')}: the figures would mean nothing`);
        log(`  ${key}, run ${round + 1}: ${result.ms} ms, CPU ${result.nodeCpuMs} ms (with children ${result.totalCpuMs ?? '?'} ms), peak ${result.maxRssMiB} MiB, load ${loadavg()[0].toFixed(2)}`);
        results[key].push(result);
      }
    }
  } finally {
    await Promise.all([...apis.values()].map(async (api) => (await api).close()));
  }
  return Object.fromEntries(
    Object.entries(results).map(([key, list]) => {
      const sorted = [...list].sort((a, b) => a.ms - b.ms);
      return [key, { ...sorted[Math.floor(sorted.length / 2)], runsMs: list.map((r) => r.ms) }];
    }),
  );
}

/** The machine the figures were taken on, and when: a figure without them means little. */
export function machine(): { cpus: number; cpuModel: string; memoryGiB: number; node: string; date: string; loadAverage: number[] } {
  const cpu = cpus();
  return { cpus: cpu.length, cpuModel: cpu[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString(), loadAverage: loadavg().map((l) => Math.round(l * 100) / 100) };
}

/**
 * What Chromium's start costs on its own, the median of `runs`: its launch
 * and the first page on the frontend's origin, as an audit opens it; null
 * when Chromium is not installed. Part of every audit with the browser,
 * partly hidden behind the document's loading and the first requests.
 */
export async function chromiumStartMs(runs: number): Promise<number | null> {
  if (!engineAvailable('chromium')) return null;
  const { chromiumPages } = await import('../../browser/chromium');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const pages = await chromiumPages(enginePath('chromium'));
    await pages.openPage(ORIGIN, '<!doctype html><title>bench</title>');
    times.push(Math.round(Number(process.hrtime.bigint() - started) / 1e6));
    await pages.close();
  }
  return [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

export interface AuditGoal {
  readonly goal: string;
  readonly figure: string;
  readonly met: boolean;
  readonly why?: string;
}

export interface AuditFigures {
  readonly machine: ReturnType<typeof machine> & { readonly loadAverageAfter: number[] };
  readonly runsPerFigure: { readonly operations200: number; readonly operations5000: number; readonly github: number };
  readonly operations200: AuditMeasured;
  readonly operations200NoBrowser: AuditMeasured;
  readonly operations5000: AuditMeasured;
  readonly github: AuditMeasured & { readonly operations: number };
  /** With --baseline: the same audits by another checkout's CLI, taken in turns with these. */
  readonly baseline?: { readonly root: string; readonly operations200: AuditMeasured; readonly operations200NoBrowser: AuditMeasured; readonly operations5000: AuditMeasured; readonly github: AuditMeasured };
  /** Chromium's launch and first page, measured alone (chromiumStartMs); null without Chromium. */
  readonly chromiumStartMs: number | null;
  readonly goals: readonly AuditGoal[];
}

/**
 * Why a wall time is over its goal, from what the run cost: the machine's share (little of the wall time on a CPU, or a
 * CPU time that fits the goal on a machine loaded beyond its CPUs), or the audit's own CPU.
 */
function whyOver(measured: AuditMeasured, withBrowser: boolean, m: ReturnType<typeof machine>, goalMs: number): string {
  const cpu = measured.totalCpuMs ?? measured.nodeCpuMs;
  const share = Math.round((cpu / measured.ms) * 100);
  const busy = `load average ${m.loadAverage[0]} on ${m.cpus} CPUs`;
  const own = `its Node process used ${measured.nodeCpuMs} ms of CPU${withBrowser && measured.totalCpuMs !== null ? `, with Chromium ${measured.totalCpuMs} ms` : ''} in ${measured.ms} ms (${share}%)`;
  if (share < 60) return `${own}: the rest is waiting for a CPU on a shared machine (${busy}); measure again on a quiet one`;
  if (cpu <= goalMs && m.loadAverage[0] > m.cpus) return `${own}, CPU time within the goal on ${m.cpus} CPUs, spent on a machine loaded beyond them (${busy}); measure again on a quiet one`;
  return `${own} (${busy}): the audit's own cost; see node --cpu-prof and scripts/bench/profile-summary.js`;
}

/**
 * The audit's figures and goals: 200 operations with Chromium (and without,
 * for the browser's share), 5,000 operations, and GitHub's 845-operation
 * document. With `baseline` (a checkout with a fresh dist/), its CLI is
 * measured in turns with this one on the same APIs.
 */
export async function measureAudits(runs: number, log: (line: string) => void = () => undefined, baseline?: string): Promise<AuditFigures> {
  const before = machine();
  // One API per document, shared by every run and by the baseline (the same function starts it once).
  const apis = { 200: () => generatedApi(200), 5000: () => generatedApi(5000) };
  const generated = (operations: 200 | 5000) => apis[operations];
  let githubOperations = 0;
  const github = async () => {
    const api = await documentedApi(GITHUB_DOCUMENT, ORIGIN);
    githubOperations = api.operations;
    return api;
  };
  // GitHub's document served by an API that keeps what its examples and schemas say: findings remain (its samples do not
  // always fit its own schemas), so exit 1 is a judged run too; exit 2 (could not judge) is not.
  const all = (root?: string): Record<string, AuditTarget> => ({
    operations200: { start: generated(200), browser: true, root, codes: [0] },
    operations200NoBrowser: { start: generated(200), browser: false, root, codes: [0] },
    github: { start: github, browser: true, root, codes: [0, 1] },
  });
  const runs200 = Math.max(3, runs);
  const small = await auditsSideBySide(runs200, { ...all(), ...(baseline === undefined ? {} : prefixed(all(baseline))) }, log);
  const runs5000 = Math.max(1, Math.ceil(runs / 3));
  const large5000: Record<string, AuditTarget> = { operations5000: { start: generated(5000), browser: true, codes: [0] } };
  if (baseline !== undefined) large5000.baselineOperations5000 = { start: generated(5000), browser: true, root: baseline, codes: [0] };
  const large = await auditsSideBySide(runs5000, large5000, log);
  const chromiumStart = await chromiumStartMs(Math.max(3, runs));
  const m = { ...before, loadAverageAfter: loadavg().map((l) => Math.round(l * 100) / 100) };
  const startSplit = chromiumStart === null ? '' : `; Chromium's launch and first page ${chromiumStart} ms of it (measured alone)`;
  const { operations200, operations200NoBrowser, github: gh } = small;
  const operations5000 = large.operations5000;
  const goals: AuditGoal[] = [
    { goal: '200 operations with Chromium <= 3 s', figure: `${operations200.ms} ms`, met: operations200.ms <= 3000, why: `${whyOver(operations200, true, m, 3000)}; the model alone took ${operations200NoBrowser.ms} ms${startSplit}` },
    { goal: '5,000 operations <= 20 s', figure: `${operations5000.ms} ms`, met: operations5000.ms <= 20_000, why: whyOver(operations5000, true, m, 20_000) },
    { goal: '5,000 operations <= 300 MiB peak RSS', figure: `${operations5000.maxRssMiB} MiB`, met: operations5000.maxRssMiB <= 300, why: 'the Node process\'s peak resident memory (Chromium not counted)' },
    { goal: `GitHub's document (${githubOperations} operations) <= 10 s`, figure: `${gh.ms} ms (${gh.called} called, ${gh.notCalled} not called)`, met: gh.ms <= 10_000, why: `${whyOver(gh, true, m, 10_000)}${startSplit}` },
  ].map((g) => (g.met ? { goal: g.goal, figure: g.figure, met: true } : g));
  const b = small;
  return {
    machine: m,
    runsPerFigure: { operations200: runs200, operations5000: runs5000, github: runs200 },
    operations200,
    operations200NoBrowser,
    operations5000,
    github: { ...gh, operations: githubOperations },
    chromiumStartMs: chromiumStart,
    ...(baseline === undefined
      ? {}
      : { baseline: { root: baseline, operations200: b.baselineOperations200, operations200NoBrowser: b.baselineOperations200NoBrowser, github: b.baselineGithub, operations5000: large.baselineOperations5000 } }),
    goals,
  };
}

function prefixed<T>(targets: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(targets).map(([k, v]) => [`baseline${k[0].toUpperCase()}${k.slice(1)}`, v]));
}

/** The audit's rows of the bench's table: each figure with its CPU and memory, each goal met or missed with why. */
export function auditRows(f: AuditFigures, row: (what: string, value: string, note?: string) => string): string[] {
  const line = (what: string, a: AuditMeasured, base?: AuditMeasured) =>
    row(what, `${a.ms} ms`, `CPU ${a.nodeCpuMs} ms (with Chromium ${a.totalCpuMs ?? '?'} ms), peak ${a.maxRssMiB} MiB, ${a.called} called, ${a.notCalled} not called, ${a.findings} findings; runs ${a.runsMs.join(', ')} ms${base === undefined ? '' : `; baseline ${base.ms} ms, CPU ${base.nodeCpuMs} ms, peak ${base.maxRssMiB} MiB`}`);
  return [
    `  the audit (${f.machine.cpus} x ${f.machine.cpuModel}, ${f.machine.memoryGiB} GiB, Node ${f.machine.node}, ${f.machine.date}; load ${f.machine.loadAverage.join(' ')} before, ${f.machine.loadAverageAfter.join(' ')} after):`,
    line('audit, 200 operations (model + Chromium)', f.operations200, f.baseline?.operations200),
    line('audit, 200 operations, --no-browser', f.operations200NoBrowser, f.baseline?.operations200NoBrowser),
    line('audit, 5,000 operations', f.operations5000, f.baseline?.operations5000),
    line(`audit, GitHub (${f.github.operations} operations)`, f.github, f.baseline?.github),
    row("Chromium's launch and first page, alone", f.chromiumStartMs === null ? 'not installed' : `${f.chromiumStartMs} ms`, 'part of every audit with the browser, partly hidden behind the document and the first requests'),
    ...f.goals.map((g) => row(`  goal: ${g.goal}`, g.met ? 'met' : 'NOT MET', g.met ? g.figure : `${g.figure}: ${g.why}`)),
  ];
}

if (require.main === module) {
  measureAudits(3, (line) => process.stderr.write(`${line}\n`))
    .then((figures) => process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`))
    .catch((error: Error) => {
      process.stderr.write(`bench audit: ${error.message}\n`);
      process.exitCode = 1;
    });
}
