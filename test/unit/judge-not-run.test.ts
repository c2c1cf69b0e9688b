/**
 * A scenario the plan chose that produced no result is reported not run, in
 * its engine, saying so: never dropped, never counted as passed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { judgeRun } from '../../runner/run/judge';
import { inEngine } from '../../runner/run/collector';
import type { PlannedScenario, ScenarioResult } from '../../runner/run/summary';

const planned: PlannedScenario = { id: 'script-1', area: 'own', feature: 'Own', name: 'A script reads X', level: 'MUST' };
const passed = (s: PlannedScenario): ScenarioResult => ({ ...s, status: 'passed', message: null, response: null, outcome: null, attempts: 1, durationMs: 1 });
const how = { target: 't', options: { strict: false, tags: undefined }, warnings: [], today: new Date() };

describe('a planned scenario that never ran', () => {
  it('is skipped in its engine, with the reason, never counted as passed', () => {
    const inFirefox = inEngine(planned, 'firefox');
    const summary = judgeRun([passed(planned)], [], { ...how, planned: [planned, inFirefox] });
    const dropped = summary.scenarios.find((s) => s.id === 'script-1@firefox');
    assert.equal(dropped?.status, 'skipped');
    assert.equal(dropped?.message, 'not run: planned, but Firefox never ran it (the run is incomplete: please report this)');
    assert.deepEqual([summary.counts.passed, summary.counts.skipped], [1, 1]);
  });

  it('adds nothing when every planned scenario ran', () => {
    const summary = judgeRun([passed(planned)], [], { ...how, planned: [planned] });
    assert.deepEqual(summary.scenarios.map((s) => s.id), ['script-1']);
  });
});
