/** What a run concluded: the shape of summary.json, and the verdict the gate draws from it. */
import type { Engine } from '../../browser/engines';

export type Level = 'MUST' | 'SHOULD';

/**
 * - passed: every step ran and passed, on the first attempt
 * - failed: a check failed (or a step was undefined, or a baseline entry expired)
 * - skipped: did not run whole (filtered out mid-way, or the target was unreachable)
 * - expected-failure: failed, and the baseline (--expect) lists it
 * - unexpected-pass: passed, but the baseline still lists it; fails the gate until the baseline is updated
 * - flaky: failed, then passed on a retry (--retries); never reported as a plain pass
 */
export const STATUSES = ['passed', 'failed', 'skipped', 'expected-failure', 'unexpected-pass', 'flaky'] as const;
export type ScenarioStatus = (typeof STATUSES)[number];

export interface PlannedScenario {
  readonly id: string;
  /** The feature file's name, e.g. "cors-exposure". */
  readonly area: string;
  readonly feature: string;
  readonly name: string;
  readonly level: Level;
  /** For a @browser scenario judged in an engine other than Chromium: which. */
  readonly engine?: Engine;
}

export interface ScenarioResult extends PlannedScenario {
  readonly status: ScenarioStatus;
  /** Why it failed: the check's expected against actual. Null when it passed. */
  readonly message: string | null;
  /** The response head(s) the failing check was about, as received. */
  readonly response: string | null;
  /** For a failure, what kind: a check that failed, or no usable answer from the target. Null otherwise. */
  readonly outcome: Outcome | null;
  /** How many times it ran (more than 1 only with --retries). */
  readonly attempts: number;
  /** Time spent in its steps, over all attempts. */
  readonly durationMs: number;
  /** The baseline's reason, for expected failures and unexpected passes. */
  readonly reason?: string;
}

/** How a scenario failed: the server answered wrongly (assertion), or gave no usable answer at all. */
export type Outcome = 'assertion' | 'timed-out' | 'unreachable' | 'protocol-error' | 'tls-error' | 'harness';

export type Counts = Record<ScenarioStatus, number>;

export interface Summary {
  readonly target: string;
  readonly conformant: boolean;
  readonly strict: boolean;
  readonly counts: Counts;
  readonly scenarios: readonly ScenarioResult[];
  /** Set when the run could not judge the target (unreachable, harness failure, interrupted). */
  readonly error?: string;
  /** Set when SIGINT or SIGTERM stopped the run: the scenarios that had not finished are skipped. */
  readonly interrupted?: boolean;
  /** Present when browser engines reached different verdicts on a scenario: each says which and how. */
  readonly engineDisagreements?: readonly string[];
  /** Present when a user's scenarios lack a level (counted as MUST) or an id (one was made): where, and what was assumed. */
  readonly warnings?: readonly string[];
}

export function countStatuses(scenarios: readonly ScenarioResult[]): Counts {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Counts;
  for (const scenario of scenarios) counts[scenario.status] += 1;
  return counts;
}

/** A failure that fails the gate: any MUST failure, any failure under --strict, any unexpected pass. */
export function failsGate(scenario: ScenarioResult, strict: boolean): boolean {
  if (scenario.status === 'unexpected-pass') return true;
  return scenario.status === 'failed' && (strict || scenario.level === 'MUST');
}

export function summarize(target: string, strict: boolean, scenarios: readonly ScenarioResult[], error?: string, warnings: readonly string[] = []): Summary {
  const ran = scenarios.some((s) => s.status !== 'skipped');
  return {
    target,
    conformant: error === undefined && ran && !scenarios.some((s) => failsGate(s, strict)),
    strict,
    counts: countStatuses(scenarios),
    scenarios,
    ...(error === undefined ? {} : { error }),
    ...(warnings.length === 0 ? {} : { warnings }),
  };
}
