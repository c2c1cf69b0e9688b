/**
 * reports/compatibility.html, drawn from the matrix's runs: a cell per
 * stack and area (and engine, and document), green when everything in it
 * passed, amber when only a SHOULD rule failed, red when a MUST rule did,
 * each linking to its run's report.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compatibilityHtml } from '../../scripts/matrix/compatibility-html';
import type { StackRun } from '../../scripts/matrix/run';
import type { ScenarioResult, Summary } from '../../runner/run/summary';
import type { AuditReport } from '../../runner/audit/index';
import type { Stack } from '../../examples/targets/stacks/stack';

const scenario = (id: string, area: string, level: 'MUST' | 'SHOULD', status: 'passed' | 'failed', engine?: 'firefox'): ScenarioResult =>
  ({ id: engine ? `${id}@${engine}` : id, area: engine ? `${area}@${engine}` : area, feature: area, name: `the rule ${id}`, level, status, message: null, response: null, outcome: null, attempts: 1, durationMs: 1, ...(engine ? { engine, scenarioId: id, scenarioArea: area } : {}) }) as ScenarioResult;

const stack = (slug: string, document?: Stack['document']): Stack => ({ slug, name: `Stack ${slug}`, configuration: 'as its docs say: x', source: `${slug}.py`, command: 'python3', args: [], packages: [], needs: [], fails: [], ...(document ? { document } : {}) });

function run(slug: string, scenarios: ScenarioResult[], document?: StackRun['document']): StackRun {
  return { stack: stack(slug, document ? { findings: [] } : undefined), summary: { scenarios } as unknown as Summary, failed: [], expected: [], exact: true, reportDir: `/r/matrix/stacks/${slug}`, ...(document ? { document } : {}) };
}

const cellsOf = (html: string, slug: string) => {
  const row = html.split('\n').find((line) => line.includes(`Stack ${slug}<`))!;
  return [...row.matchAll(/<td class="(\w+)"[^>]*>(?:<a href="([^"]*)">)?([^<]*)/g)].map(([, colour, href, text]) => ({ colour, href, text }));
};

const audit = (findings: { id: string; level: 'MUST' | 'SHOULD' }[]): AuditReport =>
  ({ target: 't', origin: 'o', routes: [{ method: 'GET', path: '/inventory/', operation: '/inventory/', findings: findings.map((f) => ({ ...f, message: '' })) }], findings: [], judgedBy: { model: true, chromium: true } }) as unknown as AuditReport;

describe('reports/compatibility.html', () => {
  const all = [scenario('c-1', 'cookies', 'MUST', 'passed'), scenario('x-1', 'cors-exposure', 'SHOULD', 'passed'), scenario('b-1', 'browser-cors', 'MUST', 'passed'), scenario('b-1', 'browser-cors', 'MUST', 'passed', 'firefox')];
  const html = compatibilityHtml(
    [
      run('green', all, { report: audit([]), findings: [], expected: [], disagreements: [], exact: true }),
      run('amber', [all[0], scenario('x-1', 'cors-exposure', 'SHOULD', 'failed'), all[2], all[3]]),
      run('red', [scenario('c-1', 'cookies', 'MUST', 'failed'), all[1], all[2], scenario('b-1', 'browser-cors', 'MUST', 'failed', 'firefox')], {
        report: audit([{ id: 'undeclared-field', level: 'MUST' }]),
        findings: ['undeclared-field GET /inventory/'],
        expected: ['undeclared-field GET /inventory/'],
        disagreements: [],
        exact: true,
      }),
    ],
    ['chromium', 'firefox'],
    '/r',
  );

  it('a column per contract area, one per engine for the browser scenarios, and the document', () => {
    assert.match(html, /<th>cookies<\/th><th>cors-exposure<\/th><th>Chromium<\/th><th>Firefox<\/th><\/tr>/);
    assert.doesNotMatch(html, /browser-cors@firefox/);
  });

  it('green when everything passed, each cell linking to the run\'s report', () => {
    assert.deepEqual(cellsOf(html, 'green'), [
      { colour: 'green', href: 'matrix/stacks/green/report.html', text: '1/1' },
      { colour: 'green', href: 'matrix/stacks/green/report.html', text: '1/1' },
      { colour: 'green', href: 'matrix/stacks/green/report.html', text: '1/1' },
      { colour: 'green', href: 'matrix/stacks/green/report.html', text: '1/1' },
      { colour: 'green', href: 'matrix/stacks/green/audit/audit.html', text: 'kept' },
    ]);
  });

  it('amber when only a SHOULD rule failed; no document, said so', () => {
    assert.deepEqual(cellsOf(html, 'amber').map((c) => [c.colour, c.text]), [['green', '1/1'], ['amber', '0/1'], ['green', '1/1'], ['green', '1/1'], ['none', 'no document']]);
  });

  it('red when a MUST rule failed, in an area, in one engine or in the document', () => {
    assert.deepEqual(cellsOf(html, 'red').map((c) => [c.colour, c.text]), [['red', '0/1'], ['green', '1/1'], ['green', '1/1'], ['red', '0/1'], ['red', 'undeclared-field']]);
  });
});
