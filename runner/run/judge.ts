/**
 * Judging a run: the baseline applied, the summary with its verdict, the
 * problems that mean nothing was really checked (no scenario, every one
 * skipped) or that the run could not judge some scenarios (an error of the
 * run), and where engines disagree. Scenarios that did not run are skipped
 * with the reason, never passed.
 */
import { engineName } from '../../browser/engines';
import type { RunOptions } from '../configuration';
import type { Baseline } from './baseline';
import { applyBaseline } from './gate';
import { runErrors, scenarioIdOf, summarize, type PlannedScenario, type ScenarioResult, type Summary } from './summary';

/** The planned scenarios as not run, saying why. */
export function notRun(selected: readonly PlannedScenario[], why: string): ScenarioResult[] {
  return selected.map((s): ScenarioResult => ({ ...s, status: 'skipped', message: `not run: ${why}`, response: null, outcome: null, attempts: 0, durationMs: 0 }));
}

/** Where engines reached different verdicts on the same scenario, said plainly. */
export function engineDisagreements(scenarios: readonly ScenarioResult[]): string[] {
  const chromium = new Map(scenarios.filter((s) => s.engine === undefined).map((s) => [s.id, s]));
  const out: string[] = [];
  for (const other of scenarios) {
    if (other.engine === undefined) continue;
    const base = chromium.get(scenarioIdOf(other));
    // An engine that could not judge a scenario (skipped, or an error of the run) neither agrees nor disagrees.
    const judged = (s: ScenarioResult) => s.status !== 'skipped' && s.status !== 'error';
    if (base === undefined || !judged(base) || !judged(other) || (base.status === 'failed') === (other.status === 'failed')) continue;
    const failed = base.status === 'failed' ? base : other;
    out.push(`${base.id}: Chromium ${base.status === 'failed' ? 'fails' : 'passes'} it, ${engineName(other.engine)} ${other.status === 'failed' ? 'fails' : 'passes'} it (${failed.message ?? 'no message'})`);
  }
  return out;
}

export interface Judged {
  readonly target: string;
  readonly options: Pick<RunOptions, 'strict' | 'tags'>;
  readonly warnings: readonly string[];
  readonly baseline?: Baseline;
  readonly today: Date;
  /** Every scenario the plan chose, in every engine: one that never ran is reported not run, in its engine, never dropped. */
  readonly planned?: readonly PlannedScenario[];
}

/** The planned scenarios with no result: not run, in their engine, saying so. */
function neverRan(planned: readonly PlannedScenario[], results: readonly ScenarioResult[]): ScenarioResult[] {
  const ran = new Set(results.map((r) => r.id));
  return planned
    .filter((s) => !ran.has(s.id))
    .flatMap((s) => notRun([s], `planned, but ${engineName(s.engine ?? 'chromium')} never ran it (the run is incomplete: please report this)`));
}

/** A run that ended: every scenario judged, the baseline applied. */
export function judgeRun(results: readonly ScenarioResult[], harnessProblems: readonly string[], how: Judged): Summary {
  const scenarios = applyBaseline([...results, ...neverRan(how.planned ?? [], results)], how.baseline, how.today);
  const problems = [...harnessProblems];
  if (scenarios.length === 0) problems.push(`no scenario matched${how.options.tags ? ` the tags ${how.options.tags}` : ''}: nothing was checked`);
  else if (scenarios.every((s) => s.status === 'skipped')) {
    const reasons = [...new Set(scenarios.map((s) => s.message ?? 'no reason given'))];
    problems.push(`all ${scenarios.length} scenarios were skipped, so nothing was checked (${reasons.join('; ')})`);
  }
  const errors = runErrors(scenarios);
  if (errors !== undefined) problems.push(errors);
  const error = problems.length > 0 ? `harness: ${problems.join('; ')}` : undefined;
  const disagreements = engineDisagreements(scenarios);
  const summary = summarize(how.target, how.options.strict, scenarios, error, how.warnings);
  return disagreements.length > 0 ? { ...summary, engineDisagreements: disagreements } : summary;
}

/** A run cut short (a signal): what finished is judged, the rest is not run, and the summary says it was interrupted. */
export function judgeInterrupted(selected: readonly PlannedScenario[], finished: readonly ScenarioResult[], reason: string, how: Judged): Summary {
  const judged = applyBaseline([...finished], how.baseline, how.today);
  const done = new Set(judged.map((s) => s.id));
  const rest = notRun(selected, reason).filter((s) => !done.has(s.id));
  return { ...summarize(how.target, how.options.strict, [...judged, ...rest], reason, how.warnings), interrupted: true };
}

/** A run that never started: the target could not be reached, or a signal came first. */
export function judgeNotStarted(selected: readonly PlannedScenario[], reason: string, how: Judged, interrupted: boolean): Summary {
  const summary = summarize(how.target, how.options.strict, notRun(selected, reason), reason, how.warnings);
  return interrupted ? { ...summary, interrupted: true } : summary;
}
