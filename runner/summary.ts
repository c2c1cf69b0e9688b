/**
 * summary.json: one entry per scenario, built from cucumber's message stream.
 * Statuses never flatter: a scenario counts as passed only when every step
 * passed; undefined, ambiguous or pending steps are harness failures.
 */
import type { Envelope, GherkinDocument, Pickle, TestStepResult } from '@cucumber/messages';

export type Level = 'MUST' | 'SHOULD';
export type ScenarioStatus = 'passed' | 'failed' | 'skipped';

export interface ScenarioResult {
  readonly id: string;
  /** The feature file's name, e.g. "cors-exposure". */
  readonly area: string;
  readonly feature: string;
  readonly name: string;
  readonly level: Level;
  readonly status: ScenarioStatus;
  readonly message: string | null;
}

export interface Summary {
  readonly target: string;
  readonly conformant: boolean;
  readonly strict: boolean;
  readonly counts: { readonly passed: number; readonly failed: number; readonly skipped: number };
  readonly scenarios: readonly ScenarioResult[];
  /** Set when the run could not judge the target (unreachable, harness failure). */
  readonly error?: string;
}

export interface PlannedScenario {
  readonly id: string;
  readonly area: string;
  readonly feature: string;
  readonly name: string;
  readonly level: Level;
}

/** Collects what cucumber says about a run, message by message. */
export class MessageCollector {
  private readonly features = new Map<string, string>();
  private readonly pickles = new Map<string, Pickle>();
  private readonly testCases = new Map<string, string>(); // testCase id -> pickle id
  private readonly started = new Map<string, string>(); // testCaseStarted id -> testCase id
  private readonly results = new Map<string, TestStepResult[]>(); // testCaseStarted id -> step results
  private readonly finished: string[] = [];
  readonly harnessProblems: string[] = [];

  constructor(private readonly onScenario?: (status: ScenarioStatus) => void) {}

  accept = (envelope: Envelope): void => {
    if (envelope.gherkinDocument) this.addDocument(envelope.gherkinDocument);
    if (envelope.pickle) this.pickles.set(envelope.pickle.id, envelope.pickle);
    if (envelope.testCase) this.testCases.set(envelope.testCase.id, envelope.testCase.pickleId);
    if (envelope.testCaseStarted) {
      this.started.set(envelope.testCaseStarted.id, envelope.testCaseStarted.testCaseId);
      this.results.set(envelope.testCaseStarted.id, []);
    }
    if (envelope.testStepFinished) this.results.get(envelope.testStepFinished.testCaseStartedId)?.push(envelope.testStepFinished.testStepResult);
    if (envelope.testCaseFinished && !envelope.testCaseFinished.willBeRetried) {
      this.finished.push(envelope.testCaseFinished.testCaseStartedId);
      this.onScenario?.(this.resultOf(envelope.testCaseFinished.testCaseStartedId).status);
    }
    if (envelope.testRunFinished?.exception) this.harnessProblems.push(envelope.testRunFinished.exception.message ?? 'the test run failed');
  };

  private addDocument(document: GherkinDocument) {
    if (document.feature) this.features.set(document.uri ?? '', document.feature.name);
  }

  /** Every scenario cucumber compiled, in file order (for --list and for reports of runs that never started). */
  planned(): PlannedScenario[] {
    return [...this.pickles.values()].map((pickle) => this.describe(pickle));
  }

  finishedResults(): ScenarioResult[] {
    return this.finished.map((id) => this.resultOf(id));
  }

  private describe(pickle: Pickle): PlannedScenario {
    const tags = pickle.tags.map((tag) => tag.name);
    const id = tags.find((tag) => tag.startsWith('@id:'))?.slice('@id:'.length) ?? `(no id) ${pickle.uri}`;
    const level: Level = tags.includes('@SHOULD') ? 'SHOULD' : 'MUST';
    const area = pickle.uri.replace(/^.*\//, '').replace(/\.feature$/, '');
    return { id, area, feature: this.features.get(pickle.uri) ?? pickle.uri, name: pickle.name, level };
  }

  private resultOf(testCaseStartedId: string): ScenarioResult {
    const pickle = this.pickles.get(this.testCases.get(this.started.get(testCaseStartedId) ?? '') ?? '');
    if (pickle === undefined) throw new Error(`cucumber reported an unknown test case ${testCaseStartedId}`);
    const steps = this.results.get(testCaseStartedId) ?? [];
    const bad = steps.find((step) => step.status !== 'PASSED' && step.status !== 'SKIPPED');
    let status: ScenarioStatus = 'passed';
    let message: string | null = null;
    if (bad !== undefined) {
      status = 'failed';
      message = bad.exception?.message ?? bad.message ?? bad.status;
      if (bad.status === 'UNDEFINED' || bad.status === 'AMBIGUOUS' || bad.status === 'PENDING') {
        message = `harness: a step is ${bad.status.toLowerCase()}`;
        this.harnessProblems.push(`${pickle.name}: ${message}`);
      }
    } else if (steps.length === 0 || steps.some((step) => step.status === 'SKIPPED')) {
      // A scenario that did not run whole is not a pass.
      status = 'skipped';
    }
    return { ...this.describe(pickle), status, message };
  }
}

export function summarize(target: string, strict: boolean, scenarios: readonly ScenarioResult[], error?: string): Summary {
  const count = (status: ScenarioStatus) => scenarios.filter((s) => s.status === status).length;
  const failing = scenarios.filter((s) => s.status === 'failed' && (strict || s.level === 'MUST'));
  return {
    target,
    conformant: error === undefined && scenarios.length > 0 && failing.length === 0,
    strict,
    counts: { passed: count('passed'), failed: count('failed'), skipped: count('skipped') },
    scenarios,
    ...(error === undefined ? {} : { error }),
  };
}
