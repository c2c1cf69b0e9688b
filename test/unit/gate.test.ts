import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { baselineOf, parseBaseline } from '../../runner/run/baseline';
import { applyBaseline } from '../../runner/run/gate';
import { UsageError } from '../../runner/cli/options';
import { summarize, type ScenarioResult, type ScenarioStatus } from '../../runner/run/summary';
import { verdictOf } from '../../runner/reports/verdict';
import { styleFor } from '../../runner/cli/terminal';

const scenario = (id: string, status: ScenarioStatus, level: 'MUST' | 'SHOULD' = 'MUST'): ScenarioResult => ({
  id,
  area: 'area',
  feature: 'Feature',
  name: `requirement ${id}`,
  level,
  status,
  message: status === 'passed' ? null : 'expected a to equal b',
  response: null,
  outcome: status === 'failed' ? 'assertion' : null,
  attempts: 1,
  durationMs: 1,
});
const known = new Set(['a-1', 'a-2', 'a-3']);
const today = new Date('2026-11-24T12:00:00Z');
const baseline = (entries: object[]) => parseBaseline('b.json', JSON.stringify({ 'expected-failures': entries }), known);

describe('baseline files', () => {
  it('reads ids, reasons and expiry dates', () => {
    const b = baseline([{ id: 'a-1', reason: 'r', expires: '2027-01-01' }]);
    assert.deepEqual(b.entries.get('a-1'), { id: 'a-1', reason: 'r', expires: '2027-01-01' });
  });
  const bad: [string, string, RegExp][] = [
    ['not JSON', '{', /not JSON/],
    ['no list', '{}', /"expected-failures" list/],
    ['an entry without a reason', JSON.stringify({ 'expected-failures': [{ id: 'a-1' }] }), /has no "reason"/],
    ['a blank reason', JSON.stringify({ 'expected-failures': [{ id: 'a-1', reason: ' ' }] }), /has no "reason"/],
    ['a bad date', JSON.stringify({ 'expected-failures': [{ id: 'a-1', reason: 'r', expires: 'soon' }] }), /not a date/],
    ['an id twice', JSON.stringify({ 'expected-failures': [{ id: 'a-1', reason: 'r' }, { id: 'a-1', reason: 's' }] }), /listed twice/],
    ['unknown ids, all named', JSON.stringify({ 'expected-failures': [{ id: 'x-1', reason: 'r' }, { id: 'x-2', reason: 'r' }] }), /unknown scenario id\(s\): x-1, x-2/],
  ];
  for (const [what, text, message] of bad) {
    it(`refuses ${what}`, () => assert.throws(() => parseBaseline('b.json', text, known), (e: unknown) => e instanceof UsageError && message.test(e.message)));
  }
  it('writes failures (failed, expected and flaky), keeping earlier reasons', () => {
    const written = JSON.parse(baselineOf([scenario('a-1', 'failed'), scenario('a-2', 'expected-failure'), scenario('a-3', 'passed')], baseline([{ id: 'a-2', reason: 'kept' }]), today));
    assert.deepEqual(written['expected-failures'].map((e: { id: string; reason: string }) => [e.id, e.reason.slice(0, 20)]), [
      ['a-1', 'failing since 2026-1'],
      ['a-2', 'kept'],
    ]);
  });
});

describe('applying a baseline', () => {
  const b = baseline([{ id: 'a-1', reason: 'known' }, { id: 'a-2', reason: 'old', expires: '2026-11-23' }, { id: 'a-3', reason: 'today', expires: '2026-11-24' }]);
  const rows: [string, ScenarioStatus, ScenarioStatus][] = [
    ['a-1', 'failed', 'expected-failure'],
    ['a-1', 'passed', 'unexpected-pass'],
    ['a-1', 'skipped', 'skipped'],
    ['a-1', 'flaky', 'flaky'],
    ['a-2', 'failed', 'failed'], // expired yesterday
    ['a-2', 'passed', 'unexpected-pass'],
    ['a-3', 'failed', 'expected-failure'], // the expiry day itself still counts
  ];
  for (const [id, raw, reported] of rows) {
    it(`${id} ${raw} is reported as ${reported}`, () => assert.equal(applyBaseline([scenario(id, raw)], b, today)[0].status, reported));
  }
  it('an unlisted failure stays a failure', () => assert.equal(applyBaseline([scenario('x', 'failed')], b, today)[0].status, 'failed'));
});

describe('the verdict', () => {
  const judge = (strict: boolean, ...s: ScenarioResult[]) => summarize('t', strict, s);
  it('a MUST failure is not conformant', () => assert.equal(judge(false, scenario('a', 'failed')).conformant, false));
  it('a SHOULD failure is conformant, with a warning', () => {
    const s = judge(false, scenario('a', 'passed'), scenario('b', 'failed', 'SHOULD'));
    assert.equal(s.conformant, true);
    assert.match(verdictOf(s), /1 SHOULD warning/);
  });
  it('a SHOULD failure is not conformant under --strict', () => assert.equal(judge(true, scenario('b', 'failed', 'SHOULD')).conformant, false));
  it('an unexpected pass is not conformant', () => assert.equal(judge(false, scenario('a', 'unexpected-pass')).conformant, false));
  it('expected failures and flaky passes are conformant', () => assert.equal(judge(true, scenario('a', 'expected-failure'), scenario('b', 'flaky')).conformant, true));
  it('nothing run is not conformant', () => assert.equal(judge(false, scenario('a', 'skipped')).conformant, false));
  it('an error is never conformant', () => assert.equal(summarize('t', false, [scenario('a', 'passed')], 'boom').conformant, false));
  it('counts every status', () => assert.deepEqual(judge(false, scenario('a', 'flaky')).counts, { passed: 0, failed: 0, skipped: 0, 'expected-failure': 0, 'unexpected-pass': 0, flaky: 1, error: 0 }));
});

describe('colour', () => {
  it('on a terminal', () => assert.match(styleFor({ isTTY: true }, {}).red('x'), /\x1b\[31m/));
  it('not through a pipe', () => assert.equal(styleFor({ isTTY: false }, {}).red('x'), 'x'));
  it('not with NO_COLOR, even on a terminal', () => assert.equal(styleFor({ isTTY: true }, { NO_COLOR: '1' }).red('x'), 'x'));
});
