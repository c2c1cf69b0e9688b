/**
 * report.html: one self-contained file (inline CSS, no scripts, no external
 * resources) that opens offline. It leads with the verdict and a table by
 * area and level, then every failure with its requirement, expected against
 * actual and the response head as received, then every scenario by feature.
 */
import type { ScenarioResult, ScenarioStatus, Summary } from '../run/summary';
import { failsGate } from '../run/summary';
import { verdictOf } from './verdict';
import { LEVELS, areasOf, cellOf, describeCell, noteworthy } from './tables';

/** Text made safe for HTML content and attribute values. */
export const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}
.verdict{display:inline-block;padding:.2rem .6rem;border-radius:.3rem;font-weight:600;color:#fff}
.verdict.ok{background:#1a7f37}.verdict.bad{background:#cf222e}.verdict.unjudged{background:#9a6700}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.meta{color:#59636e}
.card{border:1px solid #d0d7de;border-left-width:.35rem;border-radius:.3rem;padding:.6rem .9rem;margin:.8rem 0}
.card.failed,.card.unexpected-pass{border-left-color:#cf222e}.card.warn,.card.error{border-left-color:#9a6700}.card.expected-failure,.card.flaky{border-left-color:#8250df}
pre{background:#f6f8fa;padding:.5rem .7rem;overflow-x:auto;white-space:pre-wrap;margin:.4rem 0;font-size:.85rem}
.status{font-weight:600}.status.passed{color:#1a7f37}.status.failed,.status.unexpected-pass{color:#cf222e}.status.skipped{color:#59636e}.status.expected-failure,.status.flaky{color:#8250df}.status.error{color:#9a6700}
code{font-size:.9em}
`;

export function reportHtml(summary: Summary, generatedAt: Date): string {
  const verdict = verdictOf(summary);
  const tone = summary.error ? 'unjudged' : summary.conformant ? 'ok' : 'bad';
  const shown = noteworthy(summary.scenarios);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>response-conformance: ${escapeHtml(verdict)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>response-conformance report</h1>
<p><span class="verdict ${tone}" id="verdict">${escapeHtml(verdict)}</span></p>
<p class="meta">Target <code>${escapeHtml(summary.target)}</code>${summary.strict ? ', --strict' : ''}; generated ${escapeHtml(generatedAt.toISOString())}.
${escapeHtml(countsLine(summary))}</p>
${summary.error ? `<p class="card failed" id="error"><strong>The run could not judge the target:</strong> ${escapeHtml(summary.error)}</p>` : ''}
${summary.engineDisagreements ? `<div class="card failed" id="engine-disagreements"><strong>The browser engines disagree:</strong><ul>${summary.engineDisagreements.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul></div>` : ''}
${summary.warnings ? `<div class="card" id="feature-warnings"><strong>About the features:</strong><ul>${summary.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></div>` : ''}
<h2>By area and level</h2>
${areaTable(summary)}
<h2 id="failures">Failures, warnings and errors of the run (${shown.length})</h2>
${shown.length === 0 ? '<p>None.</p>' : shown.map((s) => card(s, summary.strict)).join('\n')}
<h2>Every scenario</h2>
${featureTables(summary.scenarios)}
</body>
</html>
`;
}

function countsLine(summary: Summary): string {
  return (Object.entries(summary.counts) as [ScenarioStatus, number][])
    .filter(([status, n]) => n > 0 || status === 'passed' || status === 'failed')
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
}

function areaTable(summary: Summary): string {
  const rows = areasOf(summary.scenarios).map(
    (area) => `<tr><th scope="row">${escapeHtml(area)}</th>${LEVELS.map((level) => `<td>${escapeHtml(describeCell(cellOf(summary.scenarios, area, level)))}</td>`).join('')}</tr>`,
  );
  return `<table id="areas"><thead><tr><th>area</th>${LEVELS.map((l) => `<th>${l}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** What a card's status says: a SHOULD failure is a warning, and an error is the run's, never the server's. */
function labelOf(s: ScenarioResult, kind: string): string {
  if (kind === 'warn') return 'failed (SHOULD: a warning; fails only with --strict)';
  if (s.status === 'error') return 'error of the run: not judged (not a failure of the server)';
  return s.status;
}

function card(s: ScenarioResult, strict: boolean): string {
  const kind = s.status === 'failed' && !failsGate(s, strict) ? 'warn' : s.status;
  const label = labelOf(s, kind);
  return `<section class="card ${escapeHtml(kind)}" data-id="${escapeHtml(s.id)}" data-status="${escapeHtml(s.status)}">
<div><strong>${escapeHtml(s.id)}</strong> <span class="meta">${s.level}</span> <span class="status ${escapeHtml(s.status)}">${escapeHtml(label)}</span></div>
<div class="requirement">${escapeHtml(s.name)}</div>
<div class="meta">${escapeHtml(s.feature)}${s.outcome && s.outcome !== 'assertion' && s.status !== 'error' ? `; <span class="outcome">${escapeHtml(s.outcome)}</span>` : ''}${s.attempts > 1 ? `; ${s.attempts} attempts` : ''}</div>
${s.reason ? `<div>Baseline: ${escapeHtml(s.reason)}</div>` : ''}
${s.message ? `<pre class="message">${escapeHtml(s.message)}</pre>` : ''}
${s.at ? `<div class="at">Thrown at <code>${escapeHtml(s.at)}</code></div>` : ''}
${s.response ? `<pre class="response">${escapeHtml(s.response)}</pre>` : ''}
</section>`;
}

function featureTables(scenarios: readonly ScenarioResult[]): string {
  const features = [...new Set(scenarios.map((s) => s.feature))];
  return features
    .map((feature) => {
      const rows = scenarios
        .filter((s) => s.feature === feature)
        .map((s) => `<tr data-id="${escapeHtml(s.id)}"><td><code>${escapeHtml(s.id)}</code></td><td>${s.level}</td><td class="status ${escapeHtml(s.status)}">${escapeHtml(s.status)}</td><td>${escapeHtml(s.name)}</td></tr>`);
      return `<h3>${escapeHtml(feature)}</h3>\n<table><thead><tr><th>id</th><th>level</th><th>status</th><th>requirement</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
    })
    .join('\n');
}
