/**
 * Turns cucumber's message stream into one raw result per scenario: its
 * final status over all attempts, the failing check's message and the
 * response heads attached to it. Statuses never flatter: only a scenario
 * whose every step passed has passed. Only a failed check (or no usable
 * answer from the target) fails a scenario; anything else thrown, and an
 * undefined, ambiguous or pending step, is an error of the run (thrown.ts).
 */
import type { Envelope, GherkinDocument, Pickle, TestStepResult } from '@cucumber/messages';
import { MessageLog } from './message-log';
import { RESPONSE_HEAD_MEDIA_TYPE, SKIP_REASON_MEDIA_TYPE } from '../../http/media-type';
import type { Outcome, PlannedScenario, ScenarioResult } from './summary';
import { describePickle, exampleRowsOf } from './compiled';
import { verdictOfThrown } from './thrown';
import { engineName, type Engine } from '../../browser/engines';

/**
 * A scenario as judged in an engine other than Chromium: reported as
 * "<id>@<engine>" in the area "<area>@<engine>", and keeping its own id and
 * area as fields, so nothing needs to split them again.
 */
export function inEngine<T extends PlannedScenario>(scenario: T, engine: Engine): T {
  return {
    ...scenario,
    id: `${scenario.id}@${engine}`,
    area: `${scenario.area}@${engine}`,
    feature: `${scenario.feature} (${engineName(engine)})`,
    engine,
    scenarioId: scenario.id,
    scenarioArea: scenario.area,
  };
}

export type RawStatus = 'passed' | 'failed' | 'skipped' | 'flaky' | 'error';

/** One attempt judged. */
interface Judged {
  readonly status: Exclude<RawStatus, 'flaky'>;
  readonly message: string | null;
  readonly response: string | null;
  readonly outcome: Outcome | null;
  readonly at?: string;
}

interface Attempt {
  readonly startedId: string;
  readonly testCaseId: string;
  readonly pickleId: string;
  readonly steps: TestStepResult[];
  readonly heads: string[];
  readonly skipReasons: string[];
}

export class MessageCollector {
  private readonly features = new Map<string, string>();
  /** A Scenario Outline's example rows by their AST node id: the row's number within its scenario, from 1. */
  private readonly exampleRows = new Map<string, number>();
  private readonly pickles = new Map<string, Pickle>();
  private readonly testCases = new Map<string, string>(); // testCase id -> pickle id
  private readonly attempts = new Map<string, Attempt>(); // testCaseStarted id -> attempt
  private readonly finishedByPickle = new Map<string, Attempt[]>();
  private readonly finished: ScenarioResult[] = []; // in the order they finished
  /** The message stream, on disk: only what a result needs is held, and only until its scenario finishes. */
  readonly log = new MessageLog();
  readonly harnessProblems: string[] = [];

  /**
   * `engine`: a run of the @browser scenarios in an engine other than
   * Chromium; its scenarios report as "<id>@<engine>", in the area
   * "<area>@<engine>", so every report shows the outcome per engine.
   */
  constructor(
    private readonly onScenario?: (result: ScenarioResult) => void,
    private readonly engine?: Engine,
  ) {}

  accept = (envelope: Envelope): void => {
    this.log.append(envelope);
    if (envelope.gherkinDocument) this.addDocument(envelope.gherkinDocument);
    if (envelope.pickle) this.pickles.set(envelope.pickle.id, envelope.pickle);
    if (envelope.testCase) this.testCases.set(envelope.testCase.id, envelope.testCase.pickleId);
    if (envelope.testCaseStarted) {
      const pickleId = this.testCases.get(envelope.testCaseStarted.testCaseId) ?? '';
      this.attempts.set(envelope.testCaseStarted.id, { startedId: envelope.testCaseStarted.id, testCaseId: envelope.testCaseStarted.testCaseId, pickleId, steps: [], heads: [], skipReasons: [] });
    }
    if (envelope.testStepFinished) this.attempts.get(envelope.testStepFinished.testCaseStartedId)?.steps.push(envelope.testStepFinished.testStepResult);
    if (envelope.attachment?.mediaType === RESPONSE_HEAD_MEDIA_TYPE && envelope.attachment.testCaseStartedId) {
      this.attempts.get(envelope.attachment.testCaseStartedId)?.heads.push(envelope.attachment.body);
    }
    if (envelope.attachment?.mediaType === SKIP_REASON_MEDIA_TYPE && envelope.attachment.testCaseStartedId) {
      this.attempts.get(envelope.attachment.testCaseStartedId)?.skipReasons.push(envelope.attachment.body);
    }
    if (envelope.testCaseFinished) this.finish(envelope.testCaseFinished.testCaseStartedId, envelope.testCaseFinished.willBeRetried);
    if (envelope.testRunFinished?.exception) this.harnessProblems.push(envelope.testRunFinished.exception.message ?? 'the test run failed');
  };

  private addDocument(document: GherkinDocument) {
    if (!document.feature) return;
    this.features.set(document.uri ?? '', document.feature.name);
    for (const [id, row] of exampleRowsOf(document)) this.exampleRows.set(id, row);
  }

  private finish(testCaseStartedId: string, willBeRetried: boolean) {
    const attempt = this.attempts.get(testCaseStartedId);
    if (attempt === undefined) return;
    const all = this.finishedByPickle.get(attempt.pickleId) ?? [];
    all.push(attempt);
    this.finishedByPickle.set(attempt.pickleId, all);
    if (willBeRetried) return;
    const result = this.resultOf(attempt.pickleId);
    // Its last attempt: what the result needs is in it, so the scenario's messages are let go.
    this.pickles.delete(attempt.pickleId);
    this.finishedByPickle.delete(attempt.pickleId);
    for (const done of all) {
      this.attempts.delete(done.startedId);
      this.testCases.delete(done.testCaseId);
    }
    this.finished.push(result);
    this.onScenario?.(result);
  }

  /** Every scenario that ran to its last attempt, in the order they finished. */
  results(): ScenarioResult[] {
    return [...this.finished];
  }

  private describe(pickle: Pickle): PlannedScenario {
    const planned = describePickle(pickle, this.features.get(pickle.uri) ?? pickle.uri, this.exampleRows);
    return this.engine === undefined ? planned : inEngine(planned, this.engine);
  }

  private resultOf(pickleId: string): ScenarioResult {
    const pickle = this.pickles.get(pickleId);
    if (pickle === undefined) throw new Error(`cucumber reported an unknown scenario ${pickleId}`);
    const attempts = this.finishedByPickle.get(pickleId) ?? [];
    const outcomes = attempts.map((attempt) => this.judgeAttempt(attempt));
    const last: Judged = outcomes[outcomes.length - 1] ?? { status: 'skipped', message: 'never ran', response: null, outcome: null };
    // A pass after an attempt that failed, or that the run could not judge, is never a plain pass.
    const notPassed = (o: Judged) => o.status === 'failed' || o.status === 'error';
    const flaky = last.status === 'passed' && outcomes.some(notPassed);
    // A flaky scenario keeps the message of the attempt that failed, so the report can say what went wrong once.
    const shown = flaky ? outcomes.find(notPassed)! : last;
    const durationMs = Math.round(attempts.flatMap((a) => a.steps).reduce((ms, step) => ms + step.duration.seconds * 1000 + step.duration.nanos / 1e6, 0));
    return {
      ...this.describe(pickle),
      status: flaky ? 'flaky' : last.status,
      message: shown.message,
      response: shown.response,
      outcome: shown.outcome,
      ...(shown.at === undefined ? {} : { at: shown.at }),
      attempts: attempts.length,
      durationMs,
    };
  }

  private judgeAttempt(attempt: Attempt): Judged {
    const bad = attempt.steps.find((step) => step.status !== 'PASSED' && step.status !== 'SKIPPED');
    const response = attempt.heads.length > 0 ? attempt.heads.join('\n') : null;
    if (bad !== undefined) {
      // The run's own doing, never the server's: the summary's error says so, and the run exits 2.
      if (bad.status === 'UNDEFINED' || bad.status === 'AMBIGUOUS' || bad.status === 'PENDING') {
        return { status: 'error', message: `harness: a step is ${bad.status.toLowerCase()}`, response, outcome: 'harness' };
      }
      const verdict = verdictOfThrown(bad.exception, bad.message ?? bad.status);
      if (verdict.kind === 'failed') return { status: 'failed', message: verdict.message, response, outcome: verdict.outcome };
      return { status: 'error', message: verdict.message, response, outcome: 'harness', ...(verdict.at === undefined ? {} : { at: verdict.at }) };
    }
    // A scenario that did not run whole is not a pass.
    if (attempt.steps.length === 0 || attempt.steps.some((step) => step.status === 'SKIPPED')) {
      return { status: 'skipped', message: attempt.skipReasons.length > 0 ? `skipped: ${attempt.skipReasons.join('; ')}` : null, response: null, outcome: null };
    }
    return { status: 'passed', message: null, response: null, outcome: null };
  }
}

