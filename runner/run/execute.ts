/**
 * Executing the plan: the main run (in batches of files, each in --parallel
 * shards), then a run of
 * the @browser scenarios per engine other than Chromium, each collecting
 * cucumber's messages into scenario results as they finish.
 */
import type { ConformanceParameters } from '../../browser/parameters';
import type { RunOptions } from '../configuration';
import { MessageCollector } from './collector';
import { MessageLogs } from './message-log';
import { configuration, runOnce, runShards } from './cucumber';
import { both, type Plan } from './plan';
import type { ScenarioResult } from './summary';

export interface Execution {
  /** Runs everything; resolves when the last run ends. */
  readonly run: () => Promise<void>;
  /** The results so far (all of them once `run` resolved), in the plan's order. */
  readonly results: () => ScenarioResult[];
  /** Cucumber's message stream of every run, in order (on disk until disposed of). */
  readonly messages: () => MessageLogs;
  /** What went wrong in the harness itself (a hook that threw), by cucumber's word. */
  readonly harnessProblems: () => string[];
}

export function execution(plan: Plan, options: RunOptions, parameters: ConformanceParameters, onScenario?: (result: ScenarioResult) => void): Execution {
  const batches = plan.mainRuns;
  const collectors = batches.map((shards) => shards.map(() => new MessageCollector(onScenario)));
  const engineCollectors = plan.otherEngines.map((engine) => ({ engine, collector: new MessageCollector(onScenario, engine) }));
  const all = () => [...collectors.flat(), ...engineCollectors.map((e) => e.collector)];
  const order = new Map(plan.selected.map((s, i) => [s.id, i]));
  return {
    run: async () => {
      const main = await configuration({ ...options, tags: plan.mainTags }, parameters, plan.files);
      for (const [i, shards] of batches.entries()) await runShards(main, shards, collectors[i]);
      for (const { engine, collector } of engineCollectors) {
        // The browser scenarios by file and line, tagged @browser or not (plan.ts); with none, the tag chooses none either.
        const byLine = plan.browserPaths.length > 0;
        const config = await configuration({ ...options, tags: byLine ? options.tags : both(options.tags, '@browser') }, { ...parameters, engine }, plan.files);
        await runOnce(byLine ? { ...config, sources: { ...config.sources, paths: [...plan.browserPaths] } } : config, collector, false);
      }
    },
    results: () => all().flatMap((c) => c.results()).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)),
    messages: () => new MessageLogs(all().map((c) => c.log)),
    harnessProblems: () => all().flatMap((c) => c.harnessProblems),
  };
}
