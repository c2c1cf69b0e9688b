/** reports/matrix.md and reports/matrix.html: a row per implementation, a column per area and level. */
import path from 'node:path';
import type { Level, Summary } from '../../runner/run/summary';
import { LEVELS, areasOf, cellOf } from '../../runner/reports/tables';
import { escapeHtml as esc } from '../../runner/reports/html';
import { falseFailures, killRate, type Matrix } from './run';

interface Column {
  readonly area: string;
  readonly level: Level;
}

function columnsOf(matrix: Matrix): Column[] {
  const scenarios = matrix.implementations.flatMap((run) => run.summary.scenarios);
  return areasOf(scenarios).flatMap((area) => LEVELS.filter((level) => cellOf(scenarios, area, level).total > 0).map((level) => ({ area, level })));
}

function cell(summary: Summary, column: Column): string {
  const c = cellOf(summary.scenarios, column.area, column.level);
  const failed = c.total - c.counts.passed;
  return failed === 0 ? `${c.counts.passed}/${c.total}` : `${c.counts.passed}/${c.total} (${failed} failed)`;
}


export function matrixMarkdown(matrix: Matrix, reportsRoot: string): string {
  const columns = columnsOf(matrix);
  const rate = killRate(matrix);
  const link = (dir: string) => path.relative(reportsRoot, path.join(dir, 'report.html'));
  const out = [
    '# Compliance matrix',
    '',
    `Every implementation under \`--strict\`: ${falseFailures(matrix)} false failure(s). Broken servers caught: ${rate.caught}/${rate.total} (${percent(rate.caught, rate.total)}); failing exactly their named scenarios: ${rate.exact}/${rate.total}.`,
    '',
    `| implementation | ${columns.map((c) => `${c.area} ${c.level}`).join(' | ')} | verdict |`,
    `|---|${columns.map(() => '---').join('|')}|---|`,
    ...matrix.implementations.map(
      (run) => `| [${run.implementation.name}](${link(run.reportDir)}) | ${columns.map((c) => cell(run.summary, c)).join(' | ')} | ${run.summary.conformant ? 'conformant' : '**not conformant**'} |`,
    ),
    '',
    '## Deliberately broken servers',
    '',
    '| broken server | what is wrong | must fail | failed | caught |',
    '|---|---|---|---|---|',
    ...matrix.broken.map(
      (b) =>
        `| [${b.broken.name}](${link(b.reportDir)}) | ${b.broken.breaks.replace(/\|/g, '\\|')} | ${b.broken.fails.join(', ')} | ${b.failed.join(', ') || 'nothing'} | ${b.exact ? 'yes, exactly' : b.caught ? '**yes, but not exactly**' : '**missed**'} |`,
    ),
    ...(matrix.cookies === undefined
      ? []
      : [
          '',
          '## Cookie mistakes (examples/signed-in, docs/cookies.md)',
          '',
          '| mistake | must fail | failed | the audit finds | caught |',
          '|---|---|---|---|---|',
          ...matrix.cookies.map(
            (c) =>
              `| ${c.mistake.name} | ${Object.keys(c.mistake.fails).join(', ')} | ${Object.keys(c.failed).join(', ') || 'nothing'} | ${c.findings.join(', ') || 'nothing'} | ${c.exact && c.findings.includes(c.mistake.finding) ? 'yes, exactly' : '**no**'} |`,
          ),
        ]),
  ];
  return `${out.join('\n')}\n`;
}

export function matrixHtml(matrix: Matrix, reportsRoot: string): string {
  const columns = columnsOf(matrix);
  const rate = killRate(matrix);
  const link = (dir: string) => esc(path.relative(reportsRoot, path.join(dir, 'report.html')));
  const rows = matrix.implementations
    .map((run) => `<tr><th scope="row"><a href="${link(run.reportDir)}">${esc(run.implementation.name)}</a></th>${columns.map((c) => `<td>${esc(cell(run.summary, c))}</td>`).join('')}<td class="${run.summary.conformant ? 'ok' : 'bad'}">${run.summary.conformant ? 'conformant' : 'not conformant'}</td></tr>`)
    .join('\n');
  const broken = matrix.broken
    .map((b) => `<tr><th scope="row"><a href="${link(b.reportDir)}">${esc(b.broken.name)}</a></th><td>${esc(b.broken.breaks)}</td><td>${esc(b.broken.fails.join(', '))}</td><td>${esc(b.failed.join(', ') || 'nothing')}</td><td class="${b.exact ? 'ok' : 'bad'}">${b.exact ? 'yes, exactly' : b.caught ? 'yes, but not exactly' : 'missed'}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>response-conformance: compliance matrix</title>
<style>body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:90rem;padding:0 1rem}table{border-collapse:collapse;margin:.5rem 0 2rem}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}thead th{background:#f6f8fa}.ok{color:#1a7f37;font-weight:600}.bad{color:#cf222e;font-weight:600}</style>
</head><body>
<h1>Compliance matrix</h1>
<p>Every implementation under <code>--strict</code>: ${falseFailures(matrix)} false failure(s). Broken servers caught: ${rate.caught}/${rate.total} (${percent(rate.caught, rate.total)}); failing exactly their named scenarios: ${rate.exact}/${rate.total}.</p>
<table id="implementations"><thead><tr><th>implementation</th>${columns.map((c) => `<th>${esc(c.area)}<br>${c.level}</th>`).join('')}<th>verdict</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Deliberately broken servers</h2>
<table id="broken"><thead><tr><th>broken server</th><th>what is wrong</th><th>must fail</th><th>failed</th><th>caught</th></tr></thead><tbody>
${broken}
</tbody></table>
</body></html>
`;
}

export function percent(n: number, total: number): string {
  return total === 0 ? 'n/a' : `${Math.round((1000 * n) / total) / 10}%`;
}
