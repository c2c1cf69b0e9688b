/**
 * --parallel N divides the run among N shards, each reading only its own
 * feature files: the summary must be the one a serial run gives, the same
 * scenarios in the same order with the same outcomes, and every scenario
 * must run exactly once. The default run (the browser on) and a user's
 * features across several files, with tags.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runSuite } from '../../runner/run/index';
import { runOptions } from '../support/options';

const outcomes = (run: Awaited<ReturnType<typeof runSuite>>) => run.summary.scenarios.map((s) => `${s.id} ${s.status}`);
/** Each scenario's id, once per time cucumber started it. */
const started = (run: Awaited<ReturnType<typeof runSuite>>) => {
  const envelopes = run.messages.envelopes();
  const pickles = new Map(envelopes.flatMap((e) => (e.pickle ? [[e.pickle.id, e.pickle.name] as const] : [])));
  const cases = new Map(envelopes.flatMap((e) => (e.testCase ? [[e.testCase.id, pickles.get(e.testCase.pickleId)!] as const] : [])));
  return envelopes.flatMap((e) => (e.testCaseStarted ? [cases.get(e.testCaseStarted.testCaseId)!] : [])).sort();
};

describe('--parallel', () => {
  it("the contract in 5 shards, the browser on: the serial run's summary, every scenario run once", async () => {
    const serial = await runSuite(runOptions());
    const sharded = await runSuite(runOptions({ parallel: 5 }));
    assert.equal(serial.summary.counts.passed, 66);
    assert.deepEqual(outcomes(sharded), outcomes(serial));
    assert.deepEqual(started(sharded), started(serial));
  });

  it("a user's features in several files, with tags, in more shards than files", async () => {
    const options = { features: ['examples/own-api', 'test/fixtures/unseen-api'], withContract: true, tags: 'not @browser and not @openapi', browser: 'off' as const };
    const serial = await runSuite(runOptions(options));
    const sharded = await runSuite(runOptions({ ...options, parallel: 16 }));
    assert.ok(serial.summary.scenarios.length > 40);
    assert.deepEqual(outcomes(sharded), outcomes(serial));
    assert.deepEqual(started(sharded), started(serial));
  });
});
