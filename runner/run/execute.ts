/**
 * Executing the plan: the main run (in --parallel shards), then a run of
 * the @browser scenarios per engine other than Chromium, each collecting
 * cucumber's messages into scenario results as they finish.
 */
import type { Envelope } from '@cucumber/messages';
import type { ConformanceParameters } from '../../browser/parameters';
import type { RunOptions } from '../configuration';
import { MessageCollector } from './collector';
import { configuration, runOnce, runShards } from './cucumber';
import { both, type Plan } from './plan';
import { shardSources } from './shards';
import type { ScenarioResult } from './summary';

export interface Execution {
  /** Runs everything; resolves when the last run ends. */
  readonly run: () => Promise<void>;
  /** The results so far (all of them once `run` resolved), in the plan's order. */
  readonly results: () => ScenarioResult[];
  readonly envelopes: () => Envelope[];
  /** What went wrong in the harness itself (a hook that threw), by cucumber's word. */
  readonly harnessProblems: () => string[];
}

export function execution(plan: Plan, options: RunOptions, parameters: ConformanceParameters, onScenario?: (result: ScenarioResult) => void): Execution {
  const shards = shardSources(plan.mainRun.countsByFile(), options.parallel);
  const collectors = shards.map(() => new MessageCollector(onScenario));
  const engineCollectors = plan.otherEngines.map((engine) => ({ engine, collector: new MessageCollector(onScenario, engine) }));
  const all = () => [...collectors, ...engineCollectors.map((e) => e.collector)];
  const order = new Map(plan.selected.map((s, i) => [s.id, i]));
  return {
    run: async () => {
      await runShards(await configuration({ ...options, tags: plan.mainTags }, parameters, plan.files), shards, collectors);
      for (const { engine, collector } of engineCollectors) {
        await runOnce(await configuration({ ...options, tags: both(options.tags, '@browser') }, { ...parameters, engine }, plan.files), collector, false);
      }
    },
    results: () => all().flatMap((c) => c.results()).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)),
    envelopes: () => all().flatMap((c) => c.envelopes),
    harnessProblems: () => all().flatMap((c) => c.harnessProblems),
  };
}
