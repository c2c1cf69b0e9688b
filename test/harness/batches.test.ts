/**
 * A large suite runs in batches of whole files (runner/run/shards.ts), so
 * what cucumber keeps of a run is let go batch by batch. A run of 1,250
 * scenarios in 25 files is two batches: every scenario runs once, passes,
 * and reports in the plan's order, and messages.ndjson holds both runs of cucumber
 * whole. The run's message stream stays on disk until it is disposed of.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { planScenarios, runSuite } from '../../runner/run/index';
import { writeReports } from '../../runner/reports/index';
import { BATCH_SCENARIOS } from '../../runner/run/shards';
import { SCALE_ORIGIN, scaleApi, writeSuite, type ScaleApi } from '../../scripts/bench/scale';
import { runOptions } from '../support/options';

describe('a suite larger than a batch', () => {
  let api: ScaleApi;
  before(async () => {
    api = await scaleApi(0);
  });
  after(() => api.close());

  it('runs in batches: every scenario once, in order, and the whole message stream of each batch', async () => {
    const total = BATCH_SCENARIOS + 250;
    const suite = writeSuite(mkdtempSync(path.join(tmpdir(), 'rc-batches-')), total);
    const run = await runSuite(runOptions({ target: api.url, origin: SCALE_ORIGIN, features: [suite], browser: 'off' }));
    assert.equal(run.summary.counts.passed, total);
    const planned = (await planScenarios({ features: [suite], withContract: false })).scenarios.map((s) => s.id);
    assert.deepEqual(run.summary.scenarios.map((s) => s.id), planned);
    const dir = mkdtempSync(path.join(tmpdir(), 'rc-batches-reports-'));
    await writeReports(dir, run.summary, run.messages);
    const envelopes = readFileSync(path.join(dir, 'messages.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(envelopes.filter((e) => e.testRunStarted).length, 2, 'two runs of cucumber');
    assert.equal(envelopes.filter((e) => e.testRunFinished?.success === true).length, 2);
    assert.equal(envelopes.filter((e) => e.testCaseStarted).length, total);
    assert.equal(envelopes.filter((e) => e.pickle).length, total, 'each batch compiles only its own files');
    const spool = path.dirname((run.messages as unknown as { logs: { file: string }[] }).logs[0].file);
    assert.ok(existsSync(spool));
    run.messages.dispose();
    assert.ok(!existsSync(spool), 'disposing of the stream removes it from disk');
  });
});
