/**
 * reports/compatibility.html: the compatibility table at a glance. Stacks
 * down the side; the contract's areas, the browser scenarios in each engine
 * and the document column across. A cell is green when everything in it
 * passed, amber when only SHOULD rules failed, red when a MUST rule did,
 * and links to the run's own report (the document cell to the audit's
 * page). docs/COMPATIBILITY.md stays the source of truth; this page is
 * drawn from the same runs.
 */
import path from 'node:path';
import { scenarioAreaOf, type PlannedScenario, type ScenarioResult } from '../../runner/run/summary';
import { escapeHtml as esc } from '../../runner/reports/html';
import { engineName, type Engine } from '../../browser/engines';
import type { StackRun } from './run';

/** The @browser scenarios' area (another engine's carry "@firefox"): a column per engine rather than one. */
const BROWSER_AREA = 'browser-cors';
/** A scenario of the browser's area, in whichever engine: by its own area, never by parsing "area@engine". */
const inBrowserArea = (scenario: PlannedScenario) => scenarioAreaOf(scenario) === BROWSER_AREA;

type Colour = 'green' | 'amber' | 'red' | 'none';

interface Cell {
  readonly colour: Colour;
  readonly text: string;
  /** What failed, for the cell's tooltip. */
  readonly title: string;
  readonly href?: string;
}

function colourOf(scenarios: readonly ScenarioResult[]): Colour {
  if (scenarios.length === 0) return 'none';
  const failing = scenarios.filter((s) => s.status !== 'passed');
  if (failing.length === 0) return 'green';
  return failing.some((s) => s.level === 'MUST') ? 'red' : 'amber';
}

function scenarioCell(scenarios: readonly ScenarioResult[], href: string): Cell {
  const passed = scenarios.filter((s) => s.status === 'passed').length;
  const failing = scenarios.filter((s) => s.status !== 'passed');
  return {
    colour: colourOf(scenarios),
    text: scenarios.length === 0 ? '–' : `${passed}/${scenarios.length}`,
    title: failing.length === 0 ? 'everything passed' : failing.map((s) => `${s.id} [${s.level}] ${s.name}`).join('\n'),
    href,
  };
}

function documentCell(run: StackRun, href: string): Cell {
  const document = run.document;
  if (document === undefined) return { colour: 'none', text: 'no document', title: 'the stack publishes no OpenAPI document' };
  if (document.report.error !== undefined) return { colour: 'red', text: 'error', title: document.report.error, href };
  const findings = document.report.routes.flatMap((r) => r.findings.filter((f) => document.findings.includes(`${f.id} ${r.method} ${r.operation ?? r.path}`)));
  const colour: Colour = findings.length === 0 ? 'green' : findings.some((f) => f.level === 'MUST') ? 'red' : 'amber';
  return { colour, text: document.findings.length === 0 ? 'kept' : document.findings.map((f) => f.split(' ')[0]).filter((id, i, all) => all.indexOf(id) === i).join(', '), title: document.findings.join('\n') || 'every promise kept', href };
}

function td(cell: Cell): string {
  const body = cell.href === undefined ? esc(cell.text) : `<a href="${esc(cell.href)}">${esc(cell.text)}</a>`;
  return `<td class="${cell.colour}" title="${esc(cell.title)}">${body}</td>`;
}

export function compatibilityHtml(stacks: readonly StackRun[], engines: readonly Engine[], reportsRoot: string): string {
  const ran = stacks.filter((run) => run.summary !== undefined);
  const areas = [...new Set(ran.flatMap((run) => run.summary!.scenarios.filter((s) => s.engine === undefined && !inBrowserArea(s)).map((s) => s.area)))];
  const link = (dir: string, file: string) => path.relative(reportsRoot, path.join(dir, file));
  const rows = ran.map((run) => {
    const scenarios = run.summary!.scenarios;
    const cells = [
      ...areas.map((area) => scenarioCell(scenarios.filter((s) => s.area === area && s.engine === undefined), link(run.reportDir!, 'report.html'))),
      ...engines.map((engine) => scenarioCell(scenarios.filter((s) => inBrowserArea(s) && (engine === 'chromium' ? s.engine === undefined : s.engine === engine)), link(run.reportDir!, 'report.html'))),
      documentCell(run, link(run.reportDir!, path.join('audit', 'audit.html'))),
    ];
    const configured = run.stack.configuration.split(':')[0];
    return `<tr><th scope="row">${esc(run.stack.name)}<span class="how">${esc(configured)}</span></th>${cells.map(td).join('')}</tr>`;
  });
  const skipped = stacks.filter((run) => run.skipped !== undefined).map((run) => `<li>${esc(run.stack.name)}: ${esc(run.skipped!)}</li>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>response-conformance: how real stacks behave</title>
<style>
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d2430}
main{max-width:1400px;margin:0 auto;padding:28px 24px 48px}h1{font-size:24px;margin:0 0 4px}.sub{color:#5b6474;margin:0 0 14px}
.legend{display:flex;gap:14px;flex-wrap:wrap;font-size:13px;color:#5b6474;margin:0 0 16px}.legend span::before{content:"";display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:6px;vertical-align:-1px;background:var(--c)}
table{border-collapse:separate;border-spacing:0;width:100%;background:#fff;border-radius:12px;overflow:hidden;box-shadow:0 1px 3px #0002}
th,td{padding:7px 8px;border-top:1px solid #eef0f3;font-size:14px;text-align:center}thead th{background:#fafbfc;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#5b6474;position:sticky;top:0}
th[scope=row]{text-align:left;font-weight:600;min-width:200px;max-width:270px}.how{display:block;font-weight:400;font-size:12px;color:#5b6474}
td a{color:inherit;text-decoration:none;display:block}td a:hover{text-decoration:underline}
td.green{background:#e3f4e4;color:#1b5e20}td.amber{background:#fff1cc;color:#7a4f00;font-weight:600}td.red{background:#fdecea;color:#b71c1c;font-weight:700}td.none{color:#9aa3af}
.scroll{overflow-x:auto;border-radius:12px}tbody tr:hover th,tbody tr:hover td{filter:brightness(.97)}thead .group{border-bottom:1px solid #e3e6ea}
</style></head>
<body><main>
<h1>How real stacks behave</h1>
<p class="sub">${ran.length} rows (a stack configured two ways has two), each serving the contract as its users would write it, run under <code>--strict</code>; the browser scenarios in ${engines.map(engineName).join(' and ')}. The source of truth is <code>docs/COMPATIBILITY.md</code>, where every failure is triaged. Each cell links to its run's report.</p>
<div class="legend"><span style="--c:#a5d6a7">everything passed</span><span style="--c:#ffd866">a SHOULD rule failed</span><span style="--c:#ef9a9a">a MUST rule failed</span><span style="--c:#e3e6ea">nothing to run</span></div>
<div class="scroll"><table id="compatibility"><thead>
<tr><th rowspan="2">stack</th><th class="group" colspan="${areas.length}">the contract</th><th class="group" colspan="${engines.length}">a script in the browser</th><th rowspan="2">its OpenAPI document</th></tr>
<tr>${areas.map((area) => `<th>${esc(area)}</th>`).join('')}${engines.map((engine) => `<th>${esc(engineName(engine))}</th>`).join('')}</tr>
</thead><tbody>
${rows.join('\n')}
</tbody></table></div>
${skipped.length === 0 ? '' : `<h2>Not run here</h2><ul>${skipped.join('')}</ul>`}
</main></body></html>
`;
}
