/**
 * `npm run bench [-- --runs 5]`: how fast the suite is, measured honestly.
 * Prints a table and writes reports/bench.json; every figure is the median
 * of several runs. A benchmark, not a test: it asserts nothing about speed.
 * `npm run bench -- --only audit` measures the audit alone (section 9) and
 * writes reports/bench-audit.json; `--baseline DIR` also measures the CLI of
 * another checkout (with a fresh dist/) in turns with this one, on the same APIs.
 *
 *  1. cold: a whole CLI run against the bundled reference, as a user starts it
 *  2. the floor: the same HTTP exchanges sent by Node's own HTTP client
 *  3. latency-bound: against a target that adds 20 ms to every answer, serial and --parallel 4
 *  4. scaling: the suite 1, 4 and 16 times in one process
 *  5. a peer: the same exchanges and checks as a newman (Postman) collection
 *  6. against real FastAPI, side by side in one run: the default run (browser on),
 *     --no-browser, newman and a bare Node client, all sending the same exchanges
 *  7. the browsers' cost: --browsers chromium,firefox against --no-browser
 *  8. a hanging target with the browser on, --timeout 300: the whole run
 *  9. the audit: a generated document of 200 operations (with Chromium and
 *     without) and of 5,000, and GitHub's 845-operation document, each goal
 *     printed met or not (scripts/bench/audit.ts)
 * 10. an API's own suite at scale (scripts/bench/scale.ts): 1, 400, 4,000 and
 *     16,000 generated scenarios --no-browser against a loopback API, start-up
 *     split, ms per scenario beyond start-up, peak memory, and 400 scenarios
 *     against a 20 ms target serial and --parallel 16
 * 11. observe (issue 28), measured alone: `npm run bench -- --only observe
 *     [--runs 3] [--seconds 5]` (scripts/bench/observe.ts): at 50 connections
 *     against a bare node:http API, direct, through observe (its judge and
 *     traffic spool, as the command; and judge off), through a bare node:http
 *     pipe and through Prism's validation proxy, in turns; then RSS over
 *     100,000 exchanges through observe (as the command, and the judge alone);
 *     each goal printed met or NOT MET; writes reports/bench-observe.json
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startFaultyServer } from '../examples/broken/fault-proxy';
import { startReferenceServer } from '../reference-server/server';
import { parseCommand } from '../runner/cli/options';
import { writeAtomically } from '../runner/reports';
import { runSuite } from '../runner/run/index';
import { closeBrowser } from '../browser/pool';
import { newmanCollection } from './bench/newman-collection';
import { recordExchanges } from './bench/record';
import { ROOT, startListening } from './support/processes';
import { IMPLEMENTATIONS } from '../examples/targets/registry';
import { hangingServer } from '../test/support/hostile-servers';
import { engineAvailable } from '../browser/engines';
import { auditRows, measureAudits } from './bench/audit';
import { measureScale, requireFreshBuild, scaleRows } from './bench/scale';
import { DEFAULT_OBSERVE_BENCH, measureObserve, observeRows } from './bench/observe';

const work = mkdtempSync(path.join(tmpdir(), 'rc-bench-'));
const CLI = path.join(ROOT, 'bin', 'response-conformance.js');
const MAXRSS = path.join(ROOT, 'scripts', 'bench', 'maxrss.js');

interface Timed {
  readonly ms: number;
  /** Peak resident memory of the Node process (Chromium, when used, is a process of its own and not counted). */
  readonly maxRssMiB: number;
  readonly code: number | null;
}

function timeNode(args: readonly string[]): Promise<Timed> {
  const rssFile = path.join(work, `rss-${Date.now()}-${Math.random()}`);
  writeFileSync(rssFile, '');
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', MAXRSS, ...args], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, BENCH_MAXRSS_FILE: rssFile } });
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const kib = Math.max(0, ...readFileSync(rssFile, 'utf8').split('\n').filter(Boolean).map(Number));
      resolve({ ms, maxRssMiB: Math.round(kib / 102.4) / 10, code });
    });
  });
}

async function median(runs: number, measure: () => Promise<Timed>, expectCode = 0): Promise<Timed> {
  const results: Timed[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await measure();
    if (result.code !== expectCode) throw new Error(`a measured run exited ${result.code}, not ${expectCode}: the figures would mean nothing`);
    results.push(result);
  }
  const mid = <T>(xs: T[], key: (x: T) => number) => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)];
  return { ms: Math.round(mid(results, (r) => r.ms).ms), maxRssMiB: mid(results, (r) => r.maxRssMiB).maxRssMiB, code: expectCode };
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

async function main() {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, only: { type: 'string' }, baseline: { type: 'string' }, seconds: { type: 'string' } } });
  if (values.only !== undefined && values.only !== 'audit' && values.only !== 'observe') throw new Error(`--only ${values.only}: the sections measured alone are "audit" and "observe"`);
  // Observe's bench runs no CLI, so dist/ need not be fresh for it.
  if (values.only === 'observe') return observeAlone(values.runs, values.seconds);
  if (values.seconds !== undefined) throw new Error('--seconds is for --only observe');
  const runs = Number(values.runs ?? '5');
  // The CLI runs dist/ only when it is fresh, and ts-node otherwise: figures of the latter are not the published command's.
  requireFreshBuild();
  const baseline = values.baseline === undefined ? undefined : path.resolve(values.baseline);
  if (values.only === 'audit') return auditAlone(runs, baseline);

  // What one run does, on the wire.
  const exchanges = await recordExchanges();
  const exchangesFile = path.join(work, 'exchanges.json');
  writeFileSync(exchangesFile, JSON.stringify(exchanges));
  const scenarios = (await planCount()) as number;

  // 1. cold, and 2. the floor
  const cold = await median(runs, () => timeNode([CLI, '--report-dir', path.join(work, 'cold')]));
  const coldNoBrowser = await median(runs, () => timeNode([CLI, '--no-browser', '--report-dir', path.join(work, 'cold')]));
  const floor = await median(runs, () => timeNode([path.join(ROOT, 'scripts', 'bench', 'floor.js'), exchangesFile]));

  // 3. latency-bound: every answer 20 ms late
  const remote = await startFaultyServer(() => undefined, { delayMs: 20 });
  let serial: Timed;
  let parallel: Timed;
  try {
    const latencyRuns = Math.max(3, Math.ceil(runs / 2));
    serial = await median(latencyRuns, () => timeNode([CLI, '--target', remote.url, '--report-dir', path.join(work, 'serial')]));
    parallel = await median(latencyRuns, () => timeNode([CLI, '--target', remote.url, '--parallel', '4', '--report-dir', path.join(work, 'parallel')]));
  } finally {
    await remote.close();
  }

  // 4. scaling: the suite k times in this process, against one reference server
  const reference = await startReferenceServer();
  const scaling: { times: number; ms: number; msPerScenario: number }[] = [];
  try {
    const command = parseCommand(['--target', reference.url]);
    if (command.kind !== 'run') throw new Error('unreachable');
    await runSuite(command.options, {}, { keepBrowser: true }); // warm: support code loaded, browser up
    for (const times of [1, 4, 16]) {
      const started = process.hrtime.bigint();
      for (let i = 0; i < times; i++) await runSuite(command.options, {}, { keepBrowser: true });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      scaling.push({ times, ms: Math.round(ms), msPerScenario: Math.round((ms / (times * scenarios)) * 100) / 100 });
    }
  } finally {
    await closeBrowser();
    await reference.close();
  }

  // 5. the peer: newman, against a fresh reference server each run (its start-up is not counted against newman)
  const collectionFile = path.join(work, 'collection.json');
  writeFileSync(collectionFile, JSON.stringify(newmanCollection(exchanges)));
  const newman = await median(runs, async () => {
    const server = await startReferenceServer();
    try {
      return await timeNode([path.join(ROOT, 'node_modules', 'newman', 'bin', 'newman.js'), 'run', collectionFile, '--env-var', `base=${server.url}`, '--reporters', 'cli', '--silent']);
    } finally {
      await server.close();
    }
  });

  // 6. real FastAPI, side by side: the same exchanges by the suite (browser on and off), newman and a bare Node client.
  // A fresh FastAPI for every measured run (its start is not counted): it keeps the tasks a run creates.
  const fastapiEntry = IMPLEMENTATIONS.find((i) => i.slug === 'fastapi')!;
  const onFastapiServer = async <T>(use: (url: string) => Promise<T>): Promise<T> => {
    const fastapi = await startListening(fastapiEntry.command, fastapiEntry.args);
    try {
      return await use(fastapi.url);
    } finally {
      await fastapi.stop();
    }
  };
  const onFastapi = (args: (url: string) => string[]) => () => onFastapiServer((url) => timeNode(args(url)));
  // newman's checks are of FastAPI's own answers: record them from a run against FastAPI.
  const fastapiRecorded = await onFastapiServer((url) => recordExchanges(['--no-browser'], url));
  const fastapiCollection = path.join(work, 'fastapi-collection.json');
  writeFileSync(fastapiCollection, JSON.stringify(newmanCollection(fastapiRecorded)));
  const suiteOn = (...flags: string[]) => onFastapi((url) => [CLI, '--target', url, '--report-dir', path.join(work, 'fastapi'), ...flags]);
  const real = {
    defaultRun: await median(runs, suiteOn()),
    noBrowser: await median(runs, suiteOn('--no-browser')),
    newman: await median(runs, onFastapi((url) => [path.join(ROOT, 'node_modules', 'newman', 'bin', 'newman.js'), 'run', fastapiCollection, '--env-var', `base=${url}`, '--reporters', 'cli', '--silent'])),
    bare: await median(runs, onFastapi((url) => [path.join(ROOT, 'scripts', 'bench', 'floor.js'), exchangesFile, url])),
  };

  // 7. Firefox's cost, against the bundled reference: both engines against Chromium alone
  const firefox = engineAvailable('firefox') ? await median(Math.max(3, Math.ceil(runs / 2)), () => timeNode([CLI, '--browsers', 'chromium,firefox', '--report-dir', path.join(work, 'firefox')])) : null;

  // 8. a hanging target with the browser on (the default), --timeout 300: every scenario times out, the run must still end soon
  const hanging = await hangingServer();
  let hang: Timed;
  try {
    hang = await median(1, () => timeNode([CLI, '--target', hanging.url, '--timeout', '300', '--report-dir', path.join(work, 'hanging')]), 1);
  } finally {
    await hanging.close();
  }

  // 9. the audit, as a user runs it (model and Chromium), against local APIs keeping their documents' promises
  const audit = await measureAudits(Math.max(3, Math.ceil(runs / 2)), undefined, baseline);

  // 10. an API's own suite at scale: generated scenarios against a loopback API, --no-browser
  const scale = await measureScale(Math.max(3, Math.ceil(runs / 2)));

  const figures = {
    runsPerFigure: runs,
    scenarios,
    httpExchanges: exchanges.length,
    cold: { ms: cold.ms, msPerScenario: Math.round((cold.ms / scenarios) * 10) / 10, maxRssMiB: cold.maxRssMiB },
    coldNoBrowser: { ms: coldNoBrowser.ms, maxRssMiB: coldNoBrowser.maxRssMiB },
    floor: { ms: floor.ms, maxRssMiB: floor.maxRssMiB },
    coldOverFloor: ratio(cold.ms, floor.ms),
    coldNoBrowserOverFloor: ratio(coldNoBrowser.ms, floor.ms),
    latencyBound: { delayMs: 20, serialMs: serial.ms, parallel4Ms: parallel.ms, parallelOverSerial: ratio(parallel.ms, serial.ms) },
    scaling,
    newman: { ms: newman.ms, maxRssMiB: newman.maxRssMiB, oursOverNewman: ratio(cold.ms, newman.ms) },
    fastapi: {
      defaultMs: real.defaultRun.ms,
      noBrowserMs: real.noBrowser.ms,
      newmanMs: real.newman.ms,
      bareNodeMs: real.bare.ms,
      defaultOverNewman: ratio(real.defaultRun.ms, real.newman.ms),
      noBrowserOverNewman: ratio(real.noBrowser.ms, real.newman.ms),
      noBrowserOverBareNode: ratio(real.noBrowser.ms, real.bare.ms),
    },
    firefox: firefox === null ? null : { bothEnginesMs: firefox.ms, overChromiumAloneMs: firefox.ms - cold.ms },
    hangingTargetMs: hang.ms,
    audit,
    scale,
  };
  await writeAtomically(path.join(ROOT, 'reports', 'bench.json'), `${JSON.stringify(figures, null, 2)}\n`);

  const row = (what: string, value: string, note = '') => `  ${what.padEnd(34)} ${value.padEnd(22)} ${note}`;
  process.stdout.write(
    [
      `bench: ${scenarios} scenarios, ${exchanges.length} HTTP exchanges per run; medians of ${runs} runs`,
      row('cold (CLI, bundled reference)', `${cold.ms} ms`, `${figures.cold.msPerScenario} ms/scenario, peak ${cold.maxRssMiB} MiB`),
      row('cold, --no-browser', `${coldNoBrowser.ms} ms`, `peak ${coldNoBrowser.maxRssMiB} MiB`),
      row('floor (node:http, same exchanges)', `${floor.ms} ms`, `peak ${floor.maxRssMiB} MiB`),
      row('cold / floor', `${figures.coldOverFloor}`, `goal <= 4 (--no-browser: ${figures.coldNoBrowserOverFloor})`),
      row('latency-bound (+20 ms), serial', `${serial.ms} ms`),
      row('latency-bound, --parallel 4', `${parallel.ms} ms`),
      row('--parallel 4 / serial', `${figures.latencyBound.parallelOverSerial}`, 'goal <= 0.35'),
      ...scaling.map((s) => row(`scaling ${s.times}x in one process`, `${s.ms} ms`, `${s.msPerScenario} ms/scenario`)),
      row('newman (same exchanges and checks)', `${newman.ms} ms`, `peak ${newman.maxRssMiB} MiB`),
      row('ours / newman', `${figures.newman.oursOverNewman}`, 'goal < 1'),
      '  against real FastAPI, side by side (the same exchanges):',
      row('  default run (browser on)', `${real.defaultRun.ms} ms`),
      row('  --no-browser', `${real.noBrowser.ms} ms`),
      row('  newman', `${real.newman.ms} ms`),
      row('  bare Node client', `${real.bare.ms} ms`),
      row('  default / newman', `${figures.fastapi.defaultOverNewman}`, verdict(figures.fastapi.defaultOverNewman <= 0.8, 'goal <= 0.8', 'Chromium starts in about 0.3 s and opens its pages in 0.45 s on 2 cores, which a newman run of ~1 s cannot absorb')),
      row('  --no-browser / newman', `${figures.fastapi.noBrowserOverNewman}`, verdict(figures.fastapi.noBrowserOverNewman <= 0.4, 'goal <= 0.4', 'most of a --no-browser run is Node and cucumber starting, ~0.5 s of the run, which the Python target does not shorten')),
      row('  --no-browser / bare Node client', `${figures.fastapi.noBrowserOverBareNode}`, verdict(figures.fastapi.noBrowserOverBareNode <= 3, 'goal <= 3', 'the bare client starts Node only; the suite also loads cucumber, compiles 66 scenarios and checks each')),
      firefox === null ? row('Firefox', 'not installed', 'apt-get install firefox-esr to measure it') : row('--browsers chromium,firefox', `${firefox.ms} ms`, `+${firefox.ms - cold.ms} ms over Chromium alone (Firefox's launch)`),
      row('hanging target, browser on, --timeout 300', `${hang.ms} ms`, verdict(hang.ms <= 15_000, 'goal <= 15 s', 'the timeout breaker should have ended it')),
      ...auditRows(audit, row),
      ...scaleRows(scale, row),
      '  written: reports/bench.json',
      '',
    ].join('\n'),
  );
}

/** Section 9 alone (--only audit): the audit's figures and goals, printed as they are measured and at the end. */
async function auditAlone(runs: number, baseline: string | undefined): Promise<void> {
  const figures = await measureAudits(runs, (line) => process.stderr.write(`${line}\n`), baseline);
  await writeAtomically(path.join(ROOT, 'reports', 'bench-audit.json'), `${JSON.stringify(figures, null, 2)}\n`);
  const row = (what: string, value: string, note = '') => `  ${what.padEnd(44)} ${value.padEnd(10)} ${note}`;
  process.stdout.write([`bench --only audit: medians of ${figures.runsPerFigure.operations200} runs (5,000 operations: ${figures.runsPerFigure.operations5000})`, ...auditRows(figures, row), '  written: reports/bench-audit.json', ''].join('\n'));
}

/** Section 11 alone (--only observe): observe's speed against a bare API, the pipe and Prism; each goal printed. */
async function observeAlone(runs: string | undefined, seconds: string | undefined): Promise<void> {
  const options = {
    ...DEFAULT_OBSERVE_BENCH,
    runs: runs === undefined ? DEFAULT_OBSERVE_BENCH.runs : Number(runs),
    seconds: seconds === undefined ? DEFAULT_OBSERVE_BENCH.seconds : Number(seconds),
    log: (line: string) => process.stderr.write(`${line}\n`),
  };
  for (const [name, value] of [['--runs', options.runs], ['--seconds', options.seconds]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, not ${JSON.stringify(name === '--runs' ? runs : seconds)}`);
  }
  const figures = await measureObserve(options);
  await writeAtomically(path.join(ROOT, 'reports', 'bench-observe.json'), `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write([...observeRows(figures), '  written: reports/bench-observe.json', ''].join('\n'));
}

/** A goal, met or not; when not, why (the README has the figures and the machine). */
function verdict(met: boolean, goal: string, why: string): string {
  return met ? `${goal}: met` : `${goal}: missed: ${why}`;
}

async function planCount(): Promise<number> {
  const { planScenarios } = await import('../runner/run/index');
  return (await planScenarios({ features: [], withContract: false })).scenarios.length;
}

main().catch((error: Error) => {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exitCode = 1;
});
