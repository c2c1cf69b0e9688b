/**
 * What a run tells a newcomer: the header names the target and the origin
 * the scripts were on; the default origin against their own API is called
 * the trap it is; a contract run against an API that answers 404 says, once,
 * that the target does not serve the contract and what to run instead.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contractNotServed, recordedStatuses, summarize, withRunContext, type ScenarioResult, type ScenarioStatus } from '../../runner/run/summary';
import { contractAdvice, headerLine, originTrap } from '../../runner/reports/advice';
import { inEngine } from '../../runner/run/collector';
import { formatReport } from '../../runner/cli/terminal';
import { summaryMarkdown } from '../../runner/reports/markdown';

const CONTRACT = new Set(['cookies', 'browser-cors']);

const head = (status: number) => `response to GET http://127.0.0.1:8000/cookie/:\n  HTTP ${status}\n  content-type: application/json`;

function scenario(id: string, area: string, status: ScenarioStatus, response: string | null): ScenarioResult {
  const failed = status === 'failed' || status === 'expected-failure';
  return { id, area, feature: area, name: `scenario ${id}`, level: 'MUST', status, message: failed ? 'expected 200, got 404' : null, response, outcome: failed ? 'assertion' : null, attempts: 1, durationMs: 1 };
}

describe('the statuses a scenario recorded', () => {
  it('are read from each response head it attached', () => assert.deepEqual(recordedStatuses(`${head(204)}\n${head(404)}`), [204, 404]));
  it('are none without a response', () => assert.deepEqual(recordedStatuses(null), []));
  it('are never read from a header value', () => assert.deepEqual(recordedStatuses('response to GET /:\n  HTTP 200\n  x-note: HTTP 404'), [200]));
});

describe('a target that does not serve the contract', () => {
  it('is one where more than half of the contract scenarios that got a response got a 404', () => {
    const scenarios = [scenario('cookies-1', 'cookies', 'failed', head(404)), scenario('cookies-2', 'cookies', 'failed', head(404)), scenario('cookies-3', 'cookies', 'passed', null)];
    assert.deepEqual(contractNotServed(scenarios, CONTRACT), { notFound: 2, answered: 3 });
  });
  it('is not one where half got a 404: a pass got a response too', () => {
    const scenarios = [scenario('cookies-1', 'cookies', 'failed', head(404)), scenario('cookies-2', 'cookies', 'passed', null)];
    assert.equal(contractNotServed(scenarios, CONTRACT), undefined);
  });
  it('counts a scenario in another engine under its own area', () => {
    assert.deepEqual(contractNotServed([inEngine(scenario('browser-1', 'browser-cors', 'failed', head(404)), 'firefox')], CONTRACT), { notFound: 1, answered: 1 });
  });
  it("leaves out a user's scenarios, skipped ones, and failures with no response (timed out, unreachable)", () => {
    const scenarios = [
      scenario('items-1', 'items', 'failed', head(404)),
      scenario('cookies-1', 'cookies', 'skipped', null),
      scenario('cookies-2', 'cookies', 'failed', null),
      scenario('cookies-3', 'cookies', 'passed', null),
    ];
    assert.equal(contractNotServed(scenarios, CONTRACT), undefined);
  });
  it('is never said when the contract did not run (--features without --with-contract)', () => {
    assert.equal(contractNotServed([scenario('cookies-1', 'cookies', 'failed', head(404))], new Set()), undefined);
  });
});

describe("the run's summary as the command line and the API hand it out", () => {
  const summary = summarize('http://127.0.0.1:8000', false, [scenario('cookies-1', 'cookies', 'failed', head(404))]);

  it('names the origin, right after the target', () => {
    const described = withRunContext(summary, 'https://app.example', CONTRACT);
    assert.deepEqual(Object.keys(described).slice(0, 2), ['target', 'origin']);
    assert.equal(described.origin, 'https://app.example');
  });
  it('carries the 404 counts only when the target does not serve the contract', () => {
    assert.deepEqual(withRunContext(summary, 'https://app.example', CONTRACT).contractNotServed, { notFound: 1, answered: 1 });
    assert.equal('contractNotServed' in withRunContext(summary, 'https://app.example', new Set()), false);
  });
});

describe('the header and the origin trap', () => {
  const own = { target: 'http://127.0.0.1:8000' };
  const reference = { target: 'http://127.0.0.1:40123 (bundled reference server)' };

  it('names the target and the origin given with --origin', () => {
    assert.equal(headerLine({ ...own, origin: 'https://app.example' }), 'target: http://127.0.0.1:8000 · scripts on https://app.example (--origin)');
    assert.equal(originTrap({ ...own, origin: 'https://app.example' }), undefined);
  });
  it('says when the origin is the default one', () => {
    assert.equal(headerLine({ ...reference, origin: 'https://frontend.example' }), 'target: http://127.0.0.1:40123 (bundled reference server) · scripts on https://frontend.example (the default origin)');
  });
  it('with the default origin against the bundled reference server: no trap, it grants that origin', () => {
    assert.equal(originTrap({ ...reference, origin: 'https://frontend.example' }), undefined);
  });
  it('with the default origin against any other server: the trap, and --origin suggested', () => {
    const trap = originTrap({ ...own, origin: 'https://frontend.example' });
    assert.match(trap ?? '', /default origin https:\/\/frontend\.example.*"no Access-Control-Allow-Origin".*Pass --origin with your frontend's real origin/);
  });
});

describe('the terminal and summary.md, against an API that does not serve the contract', () => {
  const failures = ['cookies-1', 'cookies-2'].map((id) => scenario(id, 'cookies', 'failed', head(404)));
  const summary = withRunContext(summarize('http://127.0.0.1:8000', false, failures), 'https://app.example', CONTRACT);
  const advice = contractAdvice(summary)!;

  it('say so once, after the failures and before the table', () => {
    const report = formatReport(summary);
    const said = report.split('\n').filter((line) => line.startsWith('The target does not seem to serve the contract'));
    assert.equal(said.length, 1);
    assert.ok(report.lastIndexOf('FAIL cookies-2') < report.indexOf(said[0]), 'not said after the failures');
    assert.ok(report.indexOf(said[0]) < report.indexOf('area '), 'not said before the table');
    assert.match(report, /^target: http:\/\/127\.0\.0\.1:8000 · scripts on https:\/\/app\.example \(--origin\)$/m);
  });
  it('give the commands that check your own API, with this run\'s target and origin', () => {
    assert.deepEqual(advice.commands, [
      'npx response-conformance audit --target http://127.0.0.1:8000 --origin https://app.example --route "GET /api/items" --write-feature features/api/audit.feature',
      'npx response-conformance --target http://127.0.0.1:8000 --origin https://app.example --features features/api',
    ]);
  });
  it('summary.md says it too, with the commands, and names the origin', () => {
    const markdown = summaryMarkdown(summary);
    assert.match(markdown, /^Target: `http:\/\/127\.0\.0\.1:8000` · scripts on `https:\/\/app\.example` \(--origin\)$/m);
    assert.equal(markdown.split('The target does not seem to serve the contract').length, 2);
    for (const command of advice.commands) assert.ok(markdown.includes(`\n${command}\n`), command);
  });
  it('say nothing of it when the target serves the contract', () => {
    const served = withRunContext(summarize('http://127.0.0.1:8000', false, [scenario('cookies-1', 'cookies', 'passed', null)]), 'https://app.example', CONTRACT);
    assert.doesNotMatch(formatReport(served) + summaryMarkdown(served), /does not seem to serve the contract/);
  });
});
