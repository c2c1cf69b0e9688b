/**
 * An error of the run in every report: never a FAIL or a <failure>, always
 * named as the run's, with its message (and, for a bug, where it was
 * thrown), and the run's verdict and closing line saying it could not judge.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { judgeRun } from '../../runner/run/judge';
import type { ScenarioResult } from '../../runner/run/summary';
import { junitXml } from '../../runner/reports/junit';
import { reportHtml } from '../../runner/reports/html';
import { summaryMarkdown } from '../../runner/reports/markdown';
import { closingLine, formatReport } from '../../runner/cli/terminal';

const result = (id: string, rest: Partial<ScenarioResult>): ScenarioResult => ({
  id,
  area: 'items',
  feature: 'Items',
  name: `requirement ${id}`,
  level: 'MUST',
  status: 'passed',
  message: null,
  response: null,
  outcome: null,
  attempts: 1,
  durationMs: 1,
  ...rest,
});

const BUG = "TypeError: Cannot read properties of undefined (reading 'headers')";
const summary = judgeRun(
  [
    result('items-1', {}),
    result('items-2', { status: 'error', outcome: 'harness', message: BUG, at: 'support/planted.ts:3:7 (World.check)' }),
    result('items-3', { status: 'failed', outcome: 'assertion', message: 'X-Total-Count: expected "3", got none' }),
  ],
  [],
  { target: 'http://127.0.0.1:8000', options: { strict: false, tags: undefined }, warnings: [], today: new Date() },
);

describe('an error of the run, in every report', () => {
  it('summary.json: not conformant, counted under error, and the error says which and why', () => {
    assert.equal(summary.conformant, false);
    assert.equal(summary.counts.error, 1);
    assert.equal(summary.counts.failed, 1);
    assert.equal(summary.error, `harness: the run could not judge 1 scenario (an error of the run, not a failure of the server): items-2: ${BUG}`);
  });

  it('junit.xml: an <error>, not a <failure>, with where it was thrown', () => {
    const xml = junitXml(summary);
    assert.match(xml, /<testsuites name="response-conformance" tests="3" failures="1" errors="1"/);
    const items2 = xml.slice(xml.indexOf('name="items-2'), xml.indexOf('name="items-3'));
    assert.match(items2, /<error message="the run could not judge it: TypeError: Cannot read properties of undefined \(reading 'headers'\)" type="error of the run">/);
    assert.match(items2, /at support\/planted\.ts:3:7 \(World\.check\)/);
    assert.doesNotMatch(items2, /<failure/);
  });

  it('report.html: a card of its own, an error of the run, distinct from a failure', () => {
    const html = reportHtml(summary, new Date(0));
    assert.match(html, /<span class="verdict unjudged" id="verdict">NOT JUDGED<\/span>/);
    assert.match(html, /<section class="card error" data-id="items-2" data-status="error">/);
    assert.match(html, /error of the run: not judged \(not a failure of the server\)/);
    assert.match(html, /Thrown at <code>support\/planted\.ts:3:7 \(World\.check\)<\/code>/);
    assert.match(html, /1 passed, 1 failed, 1 error/);
  });

  it('summary.md: the error of the run, its message and where', () => {
    const md = summaryMarkdown(summary);
    assert.match(md, /^### response-conformance: NOT JUDGED$/m);
    assert.match(md, /^- `items-2` MUST \*\*error of the run\*\* \(not judged\): requirement items-2: TypeError: .* \(at `support\/planted\.ts:3:7 \(World\.check\)`\)$/m);
    assert.match(md, /^- `items-3` MUST \*\*failed\*\*: requirement items-3$/m);
  });

  it('the terminal: ERROR OF THE RUN, never FAIL, and a closing line saying the run could not judge', () => {
    const text = formatReport(summary);
    assert.match(text, /^ERROR OF THE RUN items-2 \[MUST\] requirement items-2$/m);
    assert.match(text, /^ {5}not judged: the run went wrong here, not the server \(thrown at support\/planted\.ts:3:7 \(World\.check\)\)$/m);
    assert.match(text, /^FAIL items-3 \[MUST\]/m);
    assert.match(text, /^verdict: NOT JUDGED$/m);
    assert.equal(closingLine(summary), 'conformance: 1 passed, 1 failed, 0 skipped, 1 error of the run: the run could not judge');
  });
});
