/**
 * observe.html: what a frontend's own traffic got, as a page a person would
 * rather look at than observe.json. The header says what was observed (the
 * target, through the proxy or from a HAR, the document, the credentials,
 * the command and how it ended, the counts and the exit); then a card per
 * operation: what was called and how often (requests, preflights,
 * statuses), from which frontend origins, granted or refused, what the
 * frontend could read and what was hidden from it, every finding with its
 * count and the first exchange, and the notes; then the whole API's
 * findings, and what a HAR leaves out. One file, no script, no request to
 * anywhere (it opens from a CI artifact as it is); every text escaped. The
 * report it is given is already masked.
 */
import { statusWithReason } from '../../http/status';
import { RULES } from '../../rules/catalogue';
import { failureStatus } from './command';
import { observeExitCode, type ObserveReport } from './index';
import type { ExchangeRef, ObservedFinding, ObservedOperation } from './judge';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "#3 POST /api/login → 200 OK": the exchange to look for in the HAR. */
export function exchangeWords(ref: ExchangeRef): string {
  const status = ref.status === 0 ? 'no answer' : statusWithReason(ref.status);
  return `#${ref.seq} ${ref.method} ${ref.target} → ${status}`;
}

function chip(name: string, kind: 'readable' | 'hidden'): string {
  return `<span class="chip ${kind}">${escapeHtml(name)}</span>`;
}

/** A finding: its level, its rule's id linked to the source the catalogue cites, how often, the message, the first exchange. */
function finding(f: ObservedFinding): string {
  const rule = RULES[f.id];
  const link = rule === undefined ? `<code class="id">${escapeHtml(f.id)}</code>` : `<a class="rule" href="${escapeHtml(rule.source.url)}" title="${escapeHtml(`${rule.title} (${rule.source.name})`)}"><code class="id">${escapeHtml(f.id)}</code></a>`;
  const times = f.count === 1 ? 'once' : `${f.count} times`;
  const pointer = f.pointer === undefined ? '' : ` · the document: <code>${escapeHtml(f.pointer)}</code>`;
  return `<li class="finding"><span class="level ${f.level.toLowerCase()}">${escapeHtml(f.level)}</span> ${link} <span class="count">${escapeHtml(times)}</span><p>${escapeHtml(f.message)}</p><div class="evidence">first: <code>${escapeHtml(exchangeWords(f.first))}</code>${f.first.origin === null ? '' : ` from ${escapeHtml(f.first.origin)}`}${pointer}</div></li>`;
}

function statuses(operation: ObservedOperation): string {
  const entries = Object.entries(operation.statuses);
  if (entries.length === 0) return '';
  return entries.map(([status, count]) => `<span class="status s${escapeHtml(status.charAt(0))}">${escapeHtml(statusWithReason(Number(status)))} ×${count}</span>`).join(' ');
}

function operationCard(operation: ObservedOperation, report: ObserveReport): string {
  const musts = operation.findings.filter((f) => f.level === 'MUST').length;
  const requests = operation.exchanges - operation.preflights;
  const counts = [plural(requests, 'request'), ...(operation.preflights > 0 ? [plural(operation.preflights, 'preflight')] : [])].join(', ');
  const undocumented = report.document !== undefined && !operation.documented ? '<span class="refused">not in the document</span>' : '';
  const judged = operation.granted + operation.refused > 0;
  const access = judged
    ? `<span class="granted">granted ${operation.granted}</span> <span class="${operation.refused > 0 ? 'refused' : 'quiet'}">refused ${operation.refused}</span>`
    : '<span class="quiet">not judged as a cross-origin script\'s</span>';
  const origins = operation.origins.length === 0 ? '' : `<span>from ${operation.origins.map((o) => `<code>${escapeHtml(o)}</code>`).join(', ')}</span>`;
  const columns = judged
    ? `<div class="columns">
    <div><h3>The frontend could read</h3><div class="chips">${operation.readable.map((n) => chip(n, 'readable')).join(' ') || '<em>nothing</em>'}</div></div>
    <div><h3>Hidden from the frontend</h3><div class="chips">${operation.hidden.map((n) => chip(n, 'hidden')).join(' ') || '<em>nothing</em>'}</div></div>
  </div>`
    : '';
  const notes = operation.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('');
  return `<section class="card${musts > 0 ? ' must' : operation.findings.length > 0 ? ' should' : ''}">
  <h2><span class="method">${escapeHtml(operation.method)}</span> ${escapeHtml(operation.path)} ${statuses(operation)}</h2>
  <div class="meta"><span>${escapeHtml(counts)}</span> ${origins} ${access} ${undocumented} <span class="quiet">first: <code>${escapeHtml(exchangeWords(operation.first))}</code></span></div>
  ${columns}
  ${notes === '' ? '' : `<ul class="notes">${notes}</ul>`}
  ${operation.findings.length > 0 ? `<ul class="findings">${operation.findings.map(finding).join('')}</ul>` : '<p class="clean">No finding.</p>'}
</section>`;
}

/** How the command ended, in words. */
function commandLine(report: ObserveReport): string {
  const c = report.command;
  if (c === undefined) return '';
  const ended = c.notStarted !== undefined ? `could not start: ${c.notStarted}` : c.signal !== null ? `ended by ${c.signal}` : `exited ${c.exitCode ?? '?'}`;
  const failed = failureStatus(c) !== null;
  return `<p class="sub">command: <code>${escapeHtml(c.argv.join(' '))}</code> <span class="${failed ? 'refused' : 'granted'}">${escapeHtml(ended)}</span>${failed ? ' (its failure is the exit status)' : ''}</p>`;
}

const STYLE = `
*{box-sizing:border-box}body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d2430}
main{max-width:1120px;margin:0 auto;padding:28px 24px 48px}h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:0 0 6px;display:flex;gap:10px;align-items:center;flex-wrap:wrap}
h3{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:#5b6474;margin:10px 0 6px}.sub{color:#5b6474;margin:0 0 8px}
code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace;background:#eef0f3;padding:1px 5px;border-radius:4px}
.summary{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}.box{background:#fff;border-radius:10px;padding:10px 16px;box-shadow:0 1px 2px #0001;min-width:120px}.box b{display:block;font-size:22px}
.box.must b{color:#c62828}.box.should b{color:#b26a00}
.card{background:#fff;border-radius:12px;padding:16px 18px;margin:14px 0;box-shadow:0 1px 3px #0002;border-left:5px solid #2e7d32}.card.must{border-left-color:#c62828}.card.should{border-left-color:#e0a100}
.method{font:700 12px ui-monospace,monospace;background:#1d2430;color:#fff;border-radius:4px;padding:2px 6px}
.status{font-size:13px;font-weight:600;border-radius:10px;padding:1px 9px;background:#e8f5e9;color:#1b5e20}.status.s4,.status.s5,.status.s0{background:#fdecea;color:#b71c1c}.status.s3{background:#fff4e5;color:#8a4b00}
.meta{display:flex;gap:12px;flex-wrap:wrap;font-size:13px;color:#5b6474}.granted{color:#2e7d32}.refused{color:#c62828}
.columns{display:grid;grid-template-columns:1fr 1fr;gap:18px;margin-top:4px}.chips{display:flex;flex-wrap:wrap;gap:6px}
.chip{font:12.5px ui-monospace,monospace;border-radius:14px;padding:3px 10px;border:1px solid transparent}
.chip.readable{background:#e3f4e4;color:#1b5e20;border-color:#a5d6a7}.chip.hidden{background:#eceff1;color:#607080;border-color:#d5dbe0}
ul.findings{list-style:none;padding:0;margin:12px 0 0}.finding{border-top:1px solid #eef0f3;padding:8px 0}.finding p{margin:4px 0}.count{font-size:12.5px;color:#5b6474}
.level{font:700 11px system-ui;border-radius:4px;padding:2px 6px;color:#fff}.level.must{background:#c62828}.level.should{background:#e0a100}.id{font-weight:600}a.rule{text-decoration:none;color:inherit}
.quiet{opacity:.75}.evidence{font-size:12.5px;color:#5b6474}ul.notes{margin:10px 0 0;padding-left:18px;color:#8a4b00;font-size:13.5px}.clean{color:#2e7d32;margin:10px 0 0;font-size:13.5px}
.note{background:#fff8e1;border:1px solid #ffe08a;border-radius:8px;padding:8px 12px;margin:8px 0;font-size:14px}
@media (max-width:760px){.columns{grid-template-columns:1fr}}`;

export function observeHtml(report: ObserveReport): string {
  const all = [...report.operations.flatMap((o) => o.findings), ...report.findings];
  const musts = all.filter((f) => f.level === 'MUST').length;
  const d = report.document;
  const exit = observeExitCode(report);
  const source = report.har === undefined ? `through the proxy <code>${escapeHtml(report.proxy ?? '(none)')}</code>` : `from the HAR <code>${escapeHtml(report.har.source)}</code>`;
  const documentLine = d === undefined ? 'no OpenAPI document: exchanges grouped by route, no promise judged' : `OpenAPI ${escapeHtml(d.openapi)} <b>${escapeHtml(d.title)} ${escapeHtml(d.version)}</b>${d.framework === null ? '' : `, written by ${escapeHtml(d.framework)}`}, from <code>${escapeHtml(d.source)}</code>: ${d.operations} operations`;
  const unanswered = Object.entries(report.unanswered).map(([kind, count]) => `<div class="note">${escapeHtml(`${plural(count, 'exchange')} without an answer: ${kind}`)}</div>`);
  const har = report.har === undefined ? '' : [...report.har.omissions.map((o) => `<li>${escapeHtml(o)}</li>`), ...report.har.problems.map((p) => `<li>${escapeHtml(`entry ${p.entry}: ${p.message}`)}</li>`)].join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Observed: what the frontend got from ${escapeHtml(report.target)}</title><style>${STYLE}</style></head>
<body><main>
<h1>What the frontend got from ${escapeHtml(report.target)}</h1>
<p class="sub">${plural(report.exchanges, 'exchange')} ${source}, ${escapeHtml(report.startedAt)} to ${escapeHtml(report.endedAt)}${report.origin === undefined ? '' : ` · a client that is no browser stands for <code>${escapeHtml(report.origin)}</code>`}</p>
<p class="sub">${documentLine}</p>
<p class="sub">credentials: ${escapeHtml(report.credentials.mode)} (${escapeHtml(report.credentials.why)})</p>
${commandLine(report)}
${report.error === undefined ? '' : `<div class="note">could not judge: ${escapeHtml(report.error)}</div>`}
${unanswered.join('\n')}
${report.passedThrough > 0 ? `<div class="note">${escapeHtml(`${plural(report.passedThrough, 'exchange')} passed through unjudged (WebSocket, Server-Sent Events)`)}</div>` : ''}
<div class="summary">
  <div class="box"><b>${report.operations.length}</b>operations</div>
  <div class="box"><b>${report.exchanges}</b>exchanges</div>
  <div class="box must"><b>${musts}</b>MUST</div>
  <div class="box should"><b>${all.length - musts}</b>SHOULD</div>
  <div class="box"><b>${exit}</b>exit</div>
</div>
${report.findings.length > 0 || report.notes.length > 0 ? `<section class="card${report.findings.some((f) => f.level === 'MUST') ? ' must' : report.findings.length > 0 ? ' should' : ''}"><h2>The whole API</h2>${report.notes.length > 0 ? `<ul class="notes">${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : ''}${report.findings.length > 0 ? `<ul class="findings">${report.findings.map(finding).join('')}</ul>` : ''}</section>` : ''}
${report.operations.map((o) => operationCard(o, report)).join('\n')}
${har === '' ? '' : `<h2 style="margin-top:28px">What the HAR leaves out</h2><ul class="notes">${har}</ul>`}
</main></body></html>
`;
}
