/** What a run concluded: the shape of summary.json, and the verdict the gate draws from it. */
import { readdirSync } from 'node:fs';
import type { Engine } from '../../browser/engines';

export type Level = 'MUST' | 'SHOULD';

/** What follows the URL in `target` when the run was against the bundled reference server. */
export const REFERENCE_LABEL = ' (bundled reference server)';

/**
 * - passed: every step ran and passed, on the first attempt
 * - failed: a check failed (or a step was undefined, or a baseline entry expired)
 * - skipped: did not run whole (filtered out mid-way, or the target was unreachable)
 * - expected-failure: failed, and the baseline (--expect) lists it
 * - unexpected-pass: passed, but the baseline still lists it; fails the gate until the baseline is updated
 * - flaky: failed, then passed on a retry (--retries); never reported as a plain pass
 * - error: the run could not judge it: something other than a check failed (a
 *   step misused, a document that cannot be read, a bug in a step). Never a
 *   MUST or SHOULD failure, never excused by a baseline; the run exits 2
 */
export const STATUSES = ['passed', 'failed', 'skipped', 'expected-failure', 'unexpected-pass', 'flaky', 'error'] as const;
export type ScenarioStatus = (typeof STATUSES)[number];

export interface PlannedScenario {
  readonly id: string;
  /** The feature file's name, e.g. "cors-exposure". */
  readonly area: string;
  readonly feature: string;
  readonly name: string;
  readonly level: Level;
  /**
   * For a @browser scenario judged in an engine other than Chromium: which.
   * Its `id` and `area` are then "<id>@<engine>" and "<area>@<engine>", and
   * `scenarioId` and `scenarioArea` are the scenario's own, as Chromium reports them.
   */
  readonly engine?: Engine;
  readonly scenarioId?: string;
  readonly scenarioArea?: string;
}

/** The scenario's own id, whichever engine judged it: "browser-3" for "browser-3@firefox". */
export const scenarioIdOf = (scenario: PlannedScenario): string => scenario.scenarioId ?? scenario.id;

/** The scenario's own area (its feature file's name), whichever engine judged it. */
export const scenarioAreaOf = (scenario: PlannedScenario): string => scenario.scenarioArea ?? scenario.area;

export interface ScenarioResult extends PlannedScenario {
  readonly status: ScenarioStatus;
  /** Why it failed: the check's expected against actual; for an error, what went wrong. Null when it passed. */
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
  /**
   * For an error that is a bug (a TypeError in a step, say), not a misuse
   * the message explains: where it was thrown, the first frame of its stack.
   */
  readonly at?: string;
}

/**
 * How a scenario failed: the server answered wrongly (assertion), or gave no
 * usable answer at all (timed-out, unreachable, protocol-error, tls-error);
 * or, for an error of the run, `harness`: the run could not judge it.
 */
export type Outcome = 'assertion' | 'timed-out' | 'unreachable' | 'protocol-error' | 'tls-error' | 'harness';

export type Counts = Record<ScenarioStatus, number>;

export interface Summary {
  readonly target: string;
  /** The origin the scripts were on (--origin, or the default); set by the command line and the API (withRunContext). */
  readonly origin?: string;
  /** The script sentences' fetch() credentials mode, and where it came from (--credentials, the document's security schemes, the default); set with the origin. */
  readonly credentials?: { readonly mode: 'include' | 'omit'; readonly source: string };
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
  /** Present when most of the contract's scenarios that got a response got a 404: the target serves some other API. */
  readonly contractNotServed?: ContractNotServed;
}

/** Of the contract's scenarios that got a response (or passed), how many got a 404. */
export interface ContractNotServed {
  readonly notFound: number;
  readonly answered: number;
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

/**
 * The scenarios the run could not judge, said once for summary.json's
 * `error`: how many, and the first one's id and message. Undefined when none.
 */
export function runErrors(scenarios: readonly ScenarioResult[]): string | undefined {
  const errors = scenarios.filter((s) => s.status === 'error');
  if (errors.length === 0) return undefined;
  const [first] = errors;
  const how = errors.length === 1 ? '1 scenario (an error of the run, not a failure of the server): ' : `${errors.length} scenarios (errors of the run, not failures of the server); the first, `;
  return `the run could not judge ${how}${first.id}: ${first.message ?? 'no message'}`;
}

export function summarize(target: string, strict: boolean, scenarios: readonly ScenarioResult[], error?: string, warnings: readonly string[] = []): Summary {
  const ran = scenarios.some((s) => s.status !== 'skipped');
  return {
    target,
    // An error of the run judges nothing: the run is never conformant with one.
    conformant: error === undefined && ran && !scenarios.some((s) => s.status === 'error' || failsGate(s, strict)),
    strict,
    counts: countStatuses(scenarios),
    scenarios,
    ...(error === undefined ? {} : { error }),
    ...(warnings.length === 0 ? {} : { warnings }),
  };
}

/** The status codes of the response heads a scenario recorded ("  HTTP 404" lines, as the steps attach them). */
export function recordedStatuses(response: string | null): number[] {
  return [...(response ?? '').matchAll(/^\s*HTTP (\d{3})$/gm)].map((match) => Number(match[1]));
}

/**
 * Whether the target seems not to serve the contract: more than half of the
 * contract's scenarios that got an answer (a recorded response, or a pass)
 * got a 404. `contractAreas` are the contract's feature files by name; a
 * scenario in another engine counts under its own area.
 */
export function contractNotServed(scenarios: readonly ScenarioResult[], contractAreas: ReadonlySet<string>): ContractNotServed | undefined {
  const contract = scenarios.filter((s) => s.status !== 'skipped' && contractAreas.has(scenarioAreaOf(s)));
  const answered = contract.filter((s) => s.response !== null || s.status === 'passed' || s.status === 'flaky' || s.status === 'unexpected-pass');
  const notFound = answered.filter((s) => recordedStatuses(s.response).includes(404)).length;
  return answered.length > 0 && notFound * 2 > answered.length ? { notFound, answered: answered.length } : undefined;
}

/** The contract's areas (its feature files by name) when the run ran the contract: no --features, or --with-contract. */
export function contractAreasOf(options: { readonly features: readonly string[]; readonly withContract: boolean }, contractDir: string): Set<string> {
  if (options.features.length > 0 && !options.withContract) return new Set();
  return new Set(readdirSync(contractDir).filter((name) => name.endsWith('.feature')).map((name) => name.slice(0, -'.feature'.length)));
}

/**
 * The summary as the command line and the API hand it out (and summary.json
 * holds it): the origin the scripts were on, after the target, and whether
 * the target seems not to serve the contract, when the contract ran.
 */
export function withRunContext(summary: Summary, origin: string, contractAreas: ReadonlySet<string>, credentials?: Summary['credentials']): Summary {
  const { target, ...rest } = summary;
  const notServed = contractNotServed(summary.scenarios, contractAreas);
  return { target, origin, ...(credentials === undefined ? {} : { credentials }), ...rest, ...(notServed === undefined ? {} : { contractNotServed: notServed }) };
}
