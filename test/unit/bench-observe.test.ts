/**
 * The observe bench's pure parts (scripts/bench/observe.ts, observe-judge.ts):
 * how a figure is taken from many measurements, how each goal of issue 28's
 * point 6 is judged from the figures, and how each exchange is kept (bounded)
 * and judged. The bench's speed itself is never asserted.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpuCeiling, median, medianRun, observeGoals, percentile, type ConfigurationFigures, type RssFigures, type RunFigures } from '../../scripts/bench/observe';
import { ExchangeHandler, histogramPercentiles } from '../../scripts/bench/observe-judge';
import type { ObservedExchange } from '../../http/observed';

describe('percentiles and medians', () => {
  it('the p50 of 1..100 is 50 and the p99 is 99 (nearest rank)', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(values, 0.5), 50);
    assert.equal(percentile(values, 0.99), 99);
    assert.equal(percentile(values, 1), 100);
  });
  it('a percentile of a single value is that value, and of nothing is NaN', () => {
    assert.equal(percentile([7.5], 0.99), 7.5);
    assert.ok(Number.isNaN(percentile([], 0.5)));
  });
  it('the median is a measured value: the lower middle of an even count', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2);
  });
  it('a histogram of whole milliseconds gives its p50, p99 and max', () => {
    const counts = new Array<number>(10).fill(0);
    counts[1] = 98;
    counts[5] = 1;
    counts[9] = 1;
    assert.deepEqual(histogramPercentiles(counts), { p50: 1, p99: 5, max: 9 });
    assert.deepEqual(histogramPercentiles(new Array<number>(10).fill(0)), { p50: 0, p99: 0, max: 0 });
  });
  it('each figure of several runs is its own median, and the p50 of every run is kept', () => {
    const run = (p50Ms: number, requestsPerSecond: number): RunFigures => ({ ...base, p50Ms, requestsPerSecond });
    const figures = medianRun([run(3, 900), run(1, 1000), run(2, 800)]);
    assert.equal(figures.p50Ms, 2);
    assert.equal(figures.requestsPerSecond, 900);
    assert.deepEqual(figures.p50sMs, [3, 1, 2]);
    assert.equal(medianRun([{ ...base, errors: 0 }, { ...base, errors: 4 }, { ...base, errors: 0 }]).errorsAllRuns, 4);
  });
});

const base: RunFigures = { p50Ms: 1, p99Ms: 5, meanMs: 1.5, requestsPerSecond: 10_000, requests: 50_000, errors: 0, non2xx: 0, proxyCpuMsPer1k: 0, apiCpuMsPer1k: 40, loadCpuMsPer1k: 30 };
const config = (over: Partial<ConfigurationFigures>): ConfigurationFigures => ({ ...base, p50sMs: [over.p50Ms ?? base.p50Ms], requestsPerSecondRuns: [over.requestsPerSecond ?? base.requestsPerSecond], errorsAllRuns: 0, non2xxAllRuns: 0, ...over });
const rss: RssFigures = { warmExchanges: 10_000, measuredExchanges: 100_000, rssBeforeMiB: 80, rssAfterMiB: 85, heapBeforeMiB: 20, heapAfterMiB: 21, requestsSent: 110_000, exchangesCounted: 110_000, errors: 0, non2xx: 0, listenerErrors: 0 };
const healthy = {
  configurations: {
    direct: config({ p50Ms: 2, p99Ms: 10, requestsPerSecond: 12_000 }),
    observe: config({ p50Ms: 6, p99Ms: 20, requestsPerSecond: 4000, proxyCpuMsPer1k: 300, judgeCpuMsPer1k: 10, handOverP50Ms: 0, handOverP99Ms: 2 }),
    observeJudgeOff: config({ p50Ms: 6, p99Ms: 20, requestsPerSecond: 4100, p50sMs: [5.8, 6, 6.3] }),
    pipe: config({ p50Ms: 6, p99Ms: 18, requestsPerSecond: 4500, proxyCpuMsPer1k: 250 }),
    prism: config({ p50Ms: 40, p99Ms: 300, requestsPerSecond: 600, proxyCpuMsPer1k: 1500 }),
  },
  rss,
  prism: { ran: true, version: '5.14.2' },
  judgedBy: 'stand-in',
  listenerErrors: 0,
};
const goal = (goals: ReturnType<typeof observeGoals>, start: string) => {
  const found = goals.find((g) => g.goal.startsWith(start));
  assert.ok(found, `no goal starting "${start}" in ${goals.map((g) => g.goal).join(' | ')}`);
  return found;
};

describe("the goals of issue 28's point 6", () => {
  it('every goal is met by figures that meet them, and none carries a why', () => {
    const goals = observeGoals(healthy);
    assert.equal(goals.length, 8);
    for (const g of goals) {
      assert.equal(g.met, true, `${g.goal}: ${g.figure}`);
      assert.equal(g.why, undefined);
    }
  });
  it('added latency is the configuration minus direct: +4 ms against the pipe\'s +4 ms is met, +6 ms is not (1.5x > 1.25x)', () => {
    const slower = { ...healthy, configurations: { ...healthy.configurations, observe: config({ ...healthy.configurations.observe, p50Ms: 8 }) } };
    const missed = goal(observeGoals(slower), 'added latency p50');
    assert.equal(missed.met, false);
    assert.match(missed.figure, /observe \+6 ms, pipe \+4 ms \(1\.5x\)/);
    assert.match(missed.why ?? '', /CPU per 1,000 exchanges: observe 300 ms/);
  });
  it('added p99 may be 1.5x the pipe\'s: +12 ms against +8 ms is met, +13 is not', () => {
    const at = (p99Ms: number) => goal(observeGoals({ ...healthy, configurations: { ...healthy.configurations, observe: config({ ...healthy.configurations.observe, p99Ms }) } }), 'added latency p99').met;
    assert.equal(at(22), true);
    assert.equal(at(23), false);
  });
  it('throughput under 0.8x the pipe\'s is not met, and the why gives the ceiling the CPU costs allow', () => {
    const slow = { ...healthy, configurations: { ...healthy.configurations, observe: config({ ...healthy.configurations.observe, requestsPerSecond: 3500 }) } };
    const g = goal(observeGoals(slow), 'throughput >= 0.8x');
    assert.equal(g.met, false);
    // observe: 300 + 40 + 30 ms per 1,000 = 0.37 ms a request, 2 cores: 5405 req/s; the pipe: 0.32 ms, 6250 req/s.
    assert.match(g.why ?? '', /at most 5405 req\/s through observe and 6250 through the pipe: 0\.86x/);
  });
  it('the CPU ceiling: 2 cores at 0.5 ms of CPU a request allow 4000 requests a second', () => {
    assert.equal(cpuCeiling({ proxyCpuMsPer1k: 300, apiCpuMsPer1k: 100, loadCpuMsPer1k: 100 }, 2), 4000);
    assert.equal(cpuCeiling({ proxyCpuMsPer1k: 0, apiCpuMsPer1k: 0, loadCpuMsPer1k: 0 }, 2), Number.POSITIVE_INFINITY);
  });
  it('throughput not above Prism\'s is not met; a Prism that did not run is not met and says why', () => {
    const tie = { ...healthy, configurations: { ...healthy.configurations, prism: config({ requestsPerSecond: 4000 }) } };
    assert.equal(goal(observeGoals(tie), "throughput above Prism's").met, false);
    const absent = { ...healthy, configurations: { ...healthy.configurations, prism: undefined }, prism: { ran: false, version: '5.14.2', why: 'Prism exited with 1' } };
    const g = goal(observeGoals(absent), "throughput above Prism's");
    assert.equal(g.met, false);
    assert.equal(g.why, 'Prism exited with 1');
  });
  it('RSS may grow 20 MiB over the measured exchanges, not 20.1', () => {
    const at = (rssAfterMiB: number) => goal(observeGoals({ ...healthy, rss: { ...rss, rssAfterMiB } }), 'RSS flat').met;
    assert.equal(at(100), true);
    assert.equal(at(100.1), false);
  });
  it('RSS grown beyond 20 MiB is explained by what the judge alone kept over the same exchanges, the rest being the spool\'s', () => {
    const g = goal(observeGoals({ ...healthy, rss: { ...rss, rssAfterMiB: 300, heapAfterMiB: 230 }, rssJudgeOnly: { ...rss, rssAfterMiB: 81 } }), 'RSS flat');
    assert.equal(g.met, false);
    assert.match(g.why ?? '', /the heap grew 210 MiB of it; with the judge alone \(no spool\) the RSS grew 1 MiB .*the judging thread.s and its spool.s/);
  });
  it('an exchange not handed to onExchange is a lost one', () => {
    const g = goal(observeGoals({ ...healthy, rss: { ...rss, exchangesCounted: 109_999 } }), '100,000 exchanges counted');
    assert.equal(g.met, false);
    assert.match(g.why ?? '', /1 exchanges were not handed to onExchange/);
  });
  it('judging delays the forwarding when the judge-on p50 is above the judge-off one by more than its runs spread', () => {
    const within = { ...healthy, configurations: { ...healthy.configurations, observe: config({ ...healthy.configurations.observe, p50Ms: 6.5 }) } };
    assert.equal(goal(observeGoals(within), 'judging never delays').met, true);
    const beyond = { ...healthy, configurations: { ...healthy.configurations, observe: config({ ...healthy.configurations.observe, p50Ms: 6.6 }) } };
    const g = goal(observeGoals(beyond), 'judging never delays');
    assert.equal(g.met, false);
    assert.match(g.why ?? '', /run in observe's judging thread; the forwarding thread pays the hand-over/);
    assert.match(g.figure, /\+0\.6 ms; the forwarding-only runs spread 0\.5 ms/);
  });
  it('a goal missed on a machine loaded beyond its CPUs says so, with the load average; on a quiet one it does not', () => {
    const slow = { ...healthy, configurations: { ...healthy.configurations, observe: config({ ...healthy.configurations.observe, requestsPerSecond: 3000 }) } };
    const loaded = goal(observeGoals({ ...slow, machine: { cpus: 2, loadAverageMax: 5.5 } }), 'throughput >= 0.8x');
    assert.match(loaded.why ?? '', /loaded beyond its 2 CPUs by other programs \(load average up to 5\.5\)/);
    const quiet = goal(observeGoals({ ...slow, machine: { cpus: 2, loadAverageMax: 1.2 } }), 'throughput >= 0.8x');
    assert.doesNotMatch(quiet.why ?? '', /loaded/);
  });
  it('a judge that is a small share of the proxy\'s CPU is said not to explain a slower judge-on run; a large share is not excused', () => {
    const at = (judgeCpuMsPer1k: number) =>
      goal(observeGoals({ ...healthy, configurations: { ...healthy.configurations, observe: config({ ...healthy.configurations.observe, p50Ms: 8, judgeCpuMsPer1k }) } }), 'judging never delays').why ?? '';
    assert.match(at(10), /3% of the process's 300 ms.*too small a share to explain/);
    assert.doesNotMatch(at(150), /too small/);
  });
  it('a single error or non-2xx answer anywhere misses "errors 0" and names where', () => {
    // One run of three answered 3 non-2xx: the median of the runs is 0, the sum is not.
    const failing = { ...healthy, configurations: { ...healthy.configurations, pipe: config({ ...healthy.configurations.pipe, non2xx: 0, non2xxAllRuns: 3 }) } };
    const g = goal(observeGoals(failing), 'errors 0');
    assert.equal(g.met, false);
    assert.match(g.figure, /pipe: 0 errors, 3 non-2xx over its runs/);
    const thrown = goal(observeGoals({ ...healthy, listenerErrors: 2 }), 'errors 0');
    assert.equal(thrown.met, false);
    assert.match(thrown.figure, /onExchange threw 2 times/);
    assert.equal(goal(observeGoals({ ...healthy, rss: { ...rss, errors: 1 } }), 'errors 0').met, false);
  });
});

const exchange = (target: string, seq = 1): ObservedExchange => ({
  seq,
  startedAt: new Date(Date.now() - 1).toISOString(),
  durationMs: 1,
  request: { method: 'GET', target, httpVersion: '1.1', headers: [['Origin', 'http://app.example']], body: { prefix: Buffer.alloc(0), size: 0, truncated: false } },
  response: { status: 200, statusText: 'OK', headers: [['Content-Type', 'application/json']], body: { prefix: Buffer.from('{"id":1}'), size: 8, truncated: false } },
});

describe('each exchange judged, then spooled, as observe\'s onExchange does', () => {
  it('every exchange is counted, judged and then spooled, in that order', () => {
    const seen: string[] = [];
    const handler = new ExchangeHandler((e) => seen.push(`judged ${e.seq}`), { add: (e) => seen.push(`spooled ${e.seq}`) });
    handler.take(exchange('/api/items/1', 1));
    handler.take(exchange('/api/items/2', 2));
    assert.deepEqual(seen, ['judged 1', 'spooled 1', 'judged 2', 'spooled 2']);
    assert.equal(handler.stats().exchanges, 2);
  });
  it('the count is cumulative; the hand-over delays start again after each stats()', () => {
    const handler = new ExchangeHandler();
    // An exchange that began 10 ms ago and lasted 4 ms ended 6 ms ago (or more, on a slow machine).
    handler.take({ ...exchange('/api/items/1'), startedAt: new Date(Date.now() - 10).toISOString(), durationMs: 4 });
    const first = handler.stats();
    assert.ok(first.handOverMs.p50 >= 6, `handed over ${first.handOverMs.p50} ms after its end`);
    const second = handler.stats();
    assert.equal(second.exchanges, 1);
    assert.deepEqual(second.handOverMs, { p50: 0, p99: 0, max: 0 });
  });
  it('without a judge nothing is judged, and no judging time is counted', () => {
    const handler = new ExchangeHandler();
    handler.take(exchange('/api/items/1'));
    const stats = handler.stats();
    assert.equal(stats.exchanges, 1);
    assert.equal(stats.judgeMs, 0);
  });
});
