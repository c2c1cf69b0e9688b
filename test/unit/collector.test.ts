/**
 * What a thrown error means for the verdict (runner/run/thrown.ts), and the
 * collector turning cucumber's messages into results by it: only a failed
 * check (chai's AssertionError) or a target that gave no usable answer fails
 * a scenario; anything else thrown in a step or a hook, and an undefined
 * step, is an error of the run, which never counts as a MUST or SHOULD
 * failure, is never excused by a baseline, and makes the run exit 2.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Envelope } from '@cucumber/messages';

/** A step's status as cucumber's messages spell it. */
type StepStatus = 'PASSED' | 'FAILED' | 'SKIPPED' | 'UNDEFINED' | 'AMBIGUOUS' | 'PENDING';
import { MessageCollector, inEngine } from '../../runner/run/collector';
import { firstFrame, verdictOfThrown } from '../../runner/run/thrown';
import { applyBaseline } from '../../runner/run/gate';
import { parseBaseline } from '../../runner/run/baseline';
import { engineDisagreements, judgeRun } from '../../runner/run/judge';
import { summarize, type ScenarioResult } from '../../runner/run/summary';

const CWD = '/home/me/project';
const stack = (type: string, message: string, ...frames: string[]) => `${type}: ${message}\n${frames.map((f) => `    at ${f}`).join('\n')}`;

describe('what a thrown error means for the verdict, by its class', () => {
  const rows: [string, string, ReturnType<typeof verdictOfThrown>][] = [
    ["chai's AssertionError: a failed check", 'AssertionError', { kind: 'failed', outcome: 'assertion', message: 'the message' }],
    ['TargetTimedOut: the target gave no answer in time', 'TargetTimedOut', { kind: 'failed', outcome: 'timed-out', message: 'the message' }],
    ['TargetUnreachable', 'TargetUnreachable', { kind: 'failed', outcome: 'unreachable', message: 'the message' }],
    ['TargetProtocolError', 'TargetProtocolError', { kind: 'failed', outcome: 'protocol-error', message: 'the message' }],
    ['TargetTlsError', 'TargetTlsError', { kind: 'failed', outcome: 'tls-error', message: 'the message' }],
    ['a StepMisuse: an error of the run, its message alone', 'StepMisuse', { kind: 'error', message: 'the message' }],
    ["a plain Error (a step file's misuse, the no-check guard): an error of the run, its message alone", 'Error', { kind: 'error', message: 'the message' }],
    ['a DocumentUnavailable: an error of the run', 'DocumentUnavailable', { kind: 'error', message: 'the message' }],
    ['a DocumentError: an error of the run', 'DocumentError', { kind: 'error', message: 'the message' }],
    ['a ParameterError: an error of the run', 'ParameterError', { kind: 'error', message: 'the message' }],
    ["a TypeError: a bug, with its type and where it was thrown", 'TypeError', { kind: 'error', message: 'TypeError: the message', at: 'steps/x.steps.ts:12:5 (World.check)' }],
    ["a library's own class: a bug too", 'ZodError', { kind: 'error', message: 'ZodError: the message', at: 'steps/x.steps.ts:12:5 (World.check)' }],
  ];
  for (const [what, type, expected] of rows) {
    it(what, () => {
      const exception = { type, message: 'the message', stackTrace: stack(type, 'the message', `World.check (${CWD}/steps/x.steps.ts:12:5)`) };
      assert.deepEqual(verdictOfThrown(exception, 'unused', CWD), expected);
    });
  }
  it('a result without an exception is never taken for an assertion', () => {
    assert.deepEqual(verdictOfThrown(undefined, stack('Error', 'boom', `f (${CWD}/a.ts:1:1)`), CWD), { kind: 'error', message: 'Error: boom', at: 'a.ts:1:1 (f)' });
  });
});

describe('where a bug was thrown: the first frame of the stack', () => {
  it("skips Node's own frames and dependencies' for the first of ours", () => {
    const trace = stack('TypeError', 'x', 'JSON.parse (<anonymous>)', `Object.y (${CWD}/node_modules/lib/index.js:3:9)`, `World.z (${CWD}/steps/support/world.ts:40:11)`);
    assert.equal(firstFrame(trace, CWD), 'steps/support/world.ts:40:11 (World.z)');
    const inNode = stack('TypeError', 'x', 'process.processTicksAndRejections (node:internal/process/task_queues:95:5)', `Object.y (${CWD}/node_modules/lib/index.js:3:9)`, `World.z (${CWD}/steps/support/world.ts:40:11)`);
    assert.equal(firstFrame(inNode, CWD), 'steps/support/world.ts:40:11 (World.z)');
  });
  it('keeps a path outside the current directory whole, and an anonymous frame as it is', () => {
    assert.equal(firstFrame(stack('TypeError', 'x', '/elsewhere/support.js:2:3'), CWD), '/elsewhere/support.js:2:3');
  });
  it("is the first frame when none is in a file of ours", () => assert.equal(firstFrame(stack('TypeError', 'x', 'JSON.parse (<anonymous>)'), CWD), '<anonymous> (JSON.parse)'));
  it('is none without a stack', () => assert.equal(firstFrame('TypeError: x', CWD), undefined));
});

/** Cucumber's messages for one scenario whose steps end as given, each failed one throwing `exception`. */
function scenarioMessages(id: string, steps: readonly { status: StepStatus; exception?: { type: string; message: string; stackTrace?: string } }[], attempt = 0, willBeRetried = false): Envelope[] {
  const pickleId = `pickle-${id}`;
  const started = `started-${id}-${attempt}`;
  const documents: Envelope[] =
    attempt > 0
      ? []
      : [
          { gherkinDocument: { uri: 'features/area.feature', feature: { name: 'The area', children: [], tags: [], location: { line: 1 }, language: 'en', keyword: 'Feature', description: '' }, comments: [] } },
          { pickle: { id: pickleId, uri: 'features/area.feature', name: `scenario ${id}`, language: 'en', steps: [], tags: [{ name: '@MUST', astNodeId: 'a' }, { name: `@id:${id}`, astNodeId: 'b' }], astNodeIds: ['n'] } },
          { testCase: { id: `case-${id}`, pickleId, testSteps: [] } },
        ] as unknown as Envelope[];
  return [
    ...documents,
    { testCaseStarted: { id: started, testCaseId: `case-${id}`, attempt, timestamp: { seconds: 0, nanos: 0 } } },
    ...steps.map(
      (step, i) =>
        ({
          testStepFinished: {
            testCaseStartedId: started,
            testStepId: `step-${i}`,
            timestamp: { seconds: 0, nanos: 0 },
            testStepResult: { status: step.status, duration: { seconds: 0, nanos: 1e6 }, ...(step.exception ? { exception: step.exception, message: `${step.exception.message}\n    at somewhere` } : {}) },
          },
        }) as unknown as Envelope,
    ),
    { testCaseFinished: { testCaseStartedId: started, willBeRetried, timestamp: { seconds: 0, nanos: 0 } } },
  ] as Envelope[];
}

function collect(...streams: Envelope[][]): ScenarioResult[] {
  const collector = new MessageCollector();
  for (const envelope of streams.flat()) collector.accept(envelope);
  collector.log.close();
  const results = collector.results();
  collector.log.dispose();
  return results;
}

const ONLY_THE_PREFLIGHT = 'only the preflight was sent for a script on https://frontend.example ("asks to call"): this step needs a script that calls the route';
const NO_CHECK = 'this scenario made no check: every scenario must assert something about the server';

describe('the collector: a failed check fails a scenario, anything else is an error of the run', () => {
  const results = collect(
    scenarioMessages('check', [{ status: 'PASSED' }, { status: 'FAILED', exception: { type: 'AssertionError', message: 'X-Cat-Dog: expected "a", got "b"' } }]),
    scenarioMessages('timeout', [{ status: 'FAILED', exception: { type: 'TargetTimedOut', message: 'timed out after 300 ms waiting for GET /' } }]),
    scenarioMessages('misuse', [{ status: 'PASSED' }, { status: 'FAILED', exception: { type: 'Error', message: ONLY_THE_PREFLIGHT } }]),
    scenarioMessages('guard', [{ status: 'PASSED' }, { status: 'FAILED', exception: { type: 'Error', message: NO_CHECK } }]),
    scenarioMessages('bug', [{ status: 'FAILED', exception: { type: 'TypeError', message: "Cannot read properties of undefined (reading 'x')", stackTrace: stack('TypeError', '…', `World.step (${process.cwd()}/steps/planted.ts:3:7)`) } }]),
    scenarioMessages('undefined', [{ status: 'UNDEFINED' }]),
  );
  const byId = new Map(results.map((r) => [r.id, r]));

  it('a failed assertion fails the scenario, as an assertion', () => assert.deepEqual(pick(byId.get('check')!), { status: 'failed', outcome: 'assertion', message: 'X-Cat-Dog: expected "a", got "b"' }));
  it('a target that gave no answer fails it with its outcome', () => assert.deepEqual(pick(byId.get('timeout')!), { status: 'failed', outcome: 'timed-out', message: 'timed out after 300 ms waiting for GET /' }));
  it('a misuse is an error of the run, with its exact message', () => assert.deepEqual(pick(byId.get('misuse')!), { status: 'error', outcome: 'harness', message: ONLY_THE_PREFLIGHT }));
  it('the no-check guard is an error of the run, with its exact message', () => assert.deepEqual(pick(byId.get('guard')!), { status: 'error', outcome: 'harness', message: NO_CHECK }));
  it('a TypeError is an error of the run, saying where it was thrown', () => {
    assert.deepEqual(pick(byId.get('bug')!), { status: 'error', outcome: 'harness', message: "TypeError: Cannot read properties of undefined (reading 'x')" });
    assert.equal(byId.get('bug')!.at, 'steps/planted.ts:3:7 (World.step)');
  });
  it('an undefined step is an error of the run', () => assert.deepEqual(pick(byId.get('undefined')!), { status: 'error', outcome: 'harness', message: 'harness: a step is undefined' }));

  it('the run is not conformant, says how many scenarios it could not judge and why, and counts no error as a failure', () => {
    const summary = judgeRun(results, [], { target: 't', options: { strict: true, tags: undefined }, warnings: [], today: new Date() });
    assert.equal(summary.conformant, false);
    assert.deepEqual(summary.counts, { passed: 0, failed: 2, skipped: 0, 'expected-failure': 0, 'unexpected-pass': 0, flaky: 0, error: 4 });
    assert.equal(summary.error, `harness: the run could not judge 4 scenarios (errors of the run, not failures of the server); the first, misuse: ${ONLY_THE_PREFLIGHT}`);
  });

  it('one error alone makes a run of passes not conformant', () => {
    const passed = collect(scenarioMessages('fine', [{ status: 'PASSED' }]), scenarioMessages('misuse', [{ status: 'FAILED', exception: { type: 'Error', message: ONLY_THE_PREFLIGHT } }]));
    const summary = judgeRun(passed, [], { target: 't', options: { strict: false, tags: undefined }, warnings: [], today: new Date() });
    assert.equal(summary.conformant, false);
    assert.equal(summary.error, `harness: the run could not judge 1 scenario (an error of the run, not a failure of the server): misuse: ${ONLY_THE_PREFLIGHT}`);
  });
});

describe('retries: an error then a pass is never a plain pass', () => {
  it('is flaky, showing the error', () => {
    const [result] = collect(
      scenarioMessages('retried', [{ status: 'FAILED', exception: { type: 'TypeError', message: 'boom' } }], 0, true),
      scenarioMessages('retried', [{ status: 'PASSED' }], 1),
    );
    assert.equal(result.status, 'flaky');
    assert.equal(result.message, 'TypeError: boom');
  });
  it('a failure then an error is an error', () => {
    const [result] = collect(
      scenarioMessages('retried', [{ status: 'FAILED', exception: { type: 'AssertionError', message: 'no' } }], 0, true),
      scenarioMessages('retried', [{ status: 'FAILED', exception: { type: 'Error', message: 'misused' } }], 1),
    );
    assert.equal(result.status, 'error');
  });
});

describe('an error of the run and the baseline', () => {
  const error: ScenarioResult = { id: 'a-1', area: 'a', feature: 'A', name: 'r', level: 'MUST', status: 'error', message: 'misused', response: null, outcome: 'harness', attempts: 1, durationMs: 1 };
  const baseline = parseBaseline('b.json', JSON.stringify({ 'expected-failures': [{ id: 'a-1', reason: 'known' }] }), new Set(['a-1']));
  it('is never turned into an expected failure, nor into an unexpected pass', () => assert.equal(applyBaseline([error], baseline, new Date())[0].status, 'error'));
  it('is never conformant, even as a SHOULD', () => assert.equal(summarize('t', false, [{ ...error, level: 'SHOULD' }]).conformant, false));
});

describe('a scenario judged in another engine keeps its own id and area', () => {
  const chromium: ScenarioResult = { id: 'browser-3', area: 'browser-cors', feature: 'Browser', name: 'r', level: 'MUST', status: 'passed', message: null, response: null, outcome: null, attempts: 1, durationMs: 1 };
  const firefox = inEngine({ ...chromium, status: 'failed' as const, message: 'refused' }, 'firefox');
  it('reports as <id>@<engine> in the area <area>@<engine>, with the scenario\'s own as fields', () => {
    assert.deepEqual([firefox.id, firefox.area, firefox.engine, firefox.scenarioId, firefox.scenarioArea], ['browser-3@firefox', 'browser-cors@firefox', 'firefox', 'browser-3', 'browser-cors']);
  });
  it('engines are compared by the scenario\'s own id', () => assert.deepEqual(engineDisagreements([chromium, firefox]), ['browser-3: Chromium passes it, Firefox fails it (refused)']));
  it('an engine that could not judge it does not disagree', () => assert.deepEqual(engineDisagreements([chromium, { ...firefox, status: 'error' }]), []));
});

function pick(result: ScenarioResult) {
  return { status: result.status, outcome: result.outcome, message: result.message };
}
