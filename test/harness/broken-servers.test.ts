/**
 * The catalogue of broken servers is sound: it names real scenarios, breaks
 * every one of them at least once, and its proxy alone breaks nothing. The
 * suite's run against each broken server is in matrix.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BROKEN_SERVERS } from '../../examples/broken/catalogue';
import { startFaultyServer } from '../../examples/broken/fault-proxy';
import { VARY_EVERYTHING_ALLOWED } from '../../examples/broken/variations';
import { planScenarios, runSuite } from '../../runner/run/index';
import { runOptions } from '../support/options';
import type { PlannedScenario } from '../../runner/run/summary';

const options = runOptions();

describe('the catalogue of broken servers', () => {
  let plan: PlannedScenario[];
  before(async () => {
    plan = (await planScenarios(options)).scenarios;
  });

  it('names only scenarios that exist', () => {
    const ids = new Set(plan.map((s) => s.id));
    const unknown = BROKEN_SERVERS.flatMap((b) => b.fails.filter((id) => !ids.has(id)).map((id) => `${b.name}: ${id}`));
    assert.deepEqual(unknown, []);
  });

  it('breaks every scenario of the suite at least once', () => {
    const killed = new Set(BROKEN_SERVERS.flatMap((b) => b.fails));
    assert.deepEqual(plan.map((s) => s.id).filter((id) => !killed.has(id)), []);
  });

  it('has unique names', () => {
    assert.equal(new Set(BROKEN_SERVERS.map((b) => b.name)).size, BROKEN_SERVERS.length);
  });
});

describe('the suite against the reference server behind a fault proxy that changes nothing', () => {
  let server: Awaited<ReturnType<typeof startFaultyServer>>;
  before(async () => {
    server = await startFaultyServer(() => undefined);
  });
  after(() => server.close());

  it('passes every scenario, so the proxy alone breaks nothing', async () => {
    const { summary } = await runSuite({ ...options, target: server.url });
    assert.equal(summary.counts.failed, 0, JSON.stringify(summary.scenarios.filter((s) => s.status === 'failed'), null, 2));
    assert.equal(summary.conformant, true);
  });
});

describe('the suite against a server that varies everything HTTP allows to vary', () => {
  it('passes every scenario, MUST and SHOULD, browser included: no false alarms', async () => {
    const server = await startFaultyServer(VARY_EVERYTHING_ALLOWED);
    try {
      const { summary } = await runSuite({ ...options, target: server.url, strict: true });
      const failures = summary.scenarios.filter((s) => s.status !== 'passed').map((s) => `${s.id} ${s.status}: ${s.message}`);
      assert.deepEqual(failures, []);
    } finally {
      await server.close();
    }
  });
});
