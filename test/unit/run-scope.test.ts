/** A run's own: its timeout breaker, found by the id its world parameters carry, and no other run's. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TimeoutBreaker, TargetTimedOut } from '../../http/client';
import { openRunScope, runScopeOf } from '../../browser/run-scope';

const trips = (breaker: TimeoutBreaker, url: string) => assert.throws(() => breaker.check(url, 100), (e: unknown) => e instanceof TargetTimedOut && /^not sent: the target timed out on 3 requests in a row/.test(e.message));

describe('the timeout breaker', () => {
  it('takes an origin to be hanging after three timeouts in a row, and says so without sending', () => {
    const breaker = new TimeoutBreaker();
    for (let i = 0; i < 3; i += 1) {
      breaker.check('http://a.test:1/x', 100);
      breaker.record('http://a.test:1/x', true);
    }
    trips(breaker, 'http://a.test:1/other');
  });
  it('an answer in between gives the origin a fresh count', () => {
    const breaker = new TimeoutBreaker();
    for (const timedOut of [true, true, false, true, true]) breaker.record('http://a.test:1/', timedOut);
    assert.doesNotThrow(() => breaker.check('http://a.test:1/', 100));
  });
  it('counts per origin, and another breaker counts nothing of this one\'s', () => {
    const breaker = new TimeoutBreaker();
    for (let i = 0; i < 3; i += 1) breaker.record('http://a.test:1/', true);
    assert.doesNotThrow(() => breaker.check('http://a.test:2/', 100));
    assert.doesNotThrow(() => new TimeoutBreaker().check('http://a.test:1/', 100));
  });
});

describe('a run\'s scope', () => {
  it('is found by its id, by each shard and scenario of the run alike, and another run has its own', () => {
    const one = openRunScope();
    const two = openRunScope();
    try {
      assert.equal(runScopeOf({ run: one.id }).breaker, one.breaker);
      assert.equal(runScopeOf(structuredClone({ run: one.id, origin: 'https://a.example' })).breaker, one.breaker, 'cucumber clones the parameters: the id survives');
      assert.notEqual(one.breaker, two.breaker);
    } finally {
      one.close();
      two.close();
    }
  });
  it('once the run is over, a straggler with its id gets a scope of its own, never another run\'s', () => {
    const one = openRunScope();
    one.close();
    const after = runScopeOf({ run: one.id });
    assert.notEqual(after.breaker, one.breaker);
    assert.notEqual(runScopeOf({ run: one.id }).breaker, after.breaker);
  });
  it('cucumber-js run by itself, without the runner, is one run for the process', () => assert.equal(runScopeOf({}).breaker, runScopeOf({}).breaker));
});
