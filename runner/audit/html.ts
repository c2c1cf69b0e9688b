/**
 * audit.html: the audit as a page a person would rather look at than the
 * table. Per route, what the frontend can read and what is hidden from it,
 * as two columns of header chips (readable green, hidden grey, declared by
 * the document but hidden red, declared but never sent dashed red), then
 * its cookies and its findings with their evidence; the operations not
 * called, each with why and the flag that would call it. One file, no
 * script, no request to anywhere: it opens from a CI artifact as it is.
 */
import { statusWithReason } from '../../http/status';
import { RULES } from '../../rules/catalogue';
import { isCorsProtocolHeaderName, isSafelistedResponseHeader } from '../../rules/script';
import { allFindings, judgesPhrase, type AuditReport, type NotCalled } from './index';
import type { CookieView, RouteAudit } from './inspect';
import { uncheckedNote, type Finding } from './explain';
import { hiddenCustomAdvice } from './standard-headers';

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const has = (names: readonly string[] | undefined, name: string) => (names ?? []).some((n) => n.toLowerCase() === name.toLowerCase());

function chip(name: string, kind: 'readable' | 'hidden' | 'declared-hidden' | 'custom-hidden' | 'missing', note?: string): string {
  return `<span class="chip ${kind}"${note === undefined ? '' : ` title="${escape(note)}"`}>${escape(name)}</span>`;
}

/** A finding with its rule's id linked to the source the catalogue cites, its title on hover. */
function finding(f: Finding): string {
  const rule = RULES[f.id];
  const evidence = f.pointer === undefined ? '' : `<div class="evidence">evidence: <code>${escape(f.pointer)}</code></div>`;
  return `<li class="finding"><span class="level ${f.level.toLowerCase()}">${f.level}</span> <a class="rule" href="${escape(rule.source.url)}" title="${escape(`${rule.title} (${rule.source.name})`)}"><code class="id">${escape(f.id)}</code></a><p>${escape(f.message)}</p>${evidence}</li>`;
}

function cookie(c: CookieView): string {
  const parts = c.cleared ? ['cleared'] : [c.secure ? 'Secure' : 'not Secure', c.httpOnly ? 'HttpOnly' : 'not HttpOnly', c.sameSite ? `SameSite=${c.sameSite}` : 'no SameSite', ...(c.path === null ? [] : [`Path=${c.path}`])];
  return `<span class="cookie"><b>${escape(c.name)}</b> ${parts.map((p) => `<i>${escape(p)}</i>`).join(' ')}</span>`;
}


function routeCard(route: RouteAudit, report: AuditReport): string {
  const framework = report.document?.framework ?? null;
  const declared = route.declaredHeaders ?? [];
  // The safelisted ones every response has (Content-Type, Content-Length) are readable too, but say nothing: shown small.
  const readable = route.readable.map((name) => chip(name, 'readable', has(declared, name) ? 'declared by the document' : isSafelistedResponseHeader(name) ? 'CORS-safelisted' : 'exposed'));
  // The CORS protocol's own headers speak to the browser, never to the script: a quieter row of their own.
  const protocol = route.hidden.filter(isCorsProtocolHeaderName);
  const hidden = route.hidden.filter((name) => !isCorsProtocolHeaderName(name)).map((name) =>
    has(declared, name) ? chip(name, 'declared-hidden', 'declared by the document, hidden from the script') : has(route.hiddenCustom, name) ? chip(name, 'custom-hidden', hiddenCustomAdvice(name, report.origin, framework)) : chip(name, 'hidden'),
  );
  const missing = declared.filter((name) => !route.readable.some((r) => r.toLowerCase() === name.toLowerCase()) && !route.hidden.some((h) => h.toLowerCase() === name.toLowerCase()));
  const title = route.operation ? `${route.method} ${route.operation}` : `${route.method} ${route.path}`;
  const sent = route.operation && route.operation !== route.path ? `<span class="sent">sent as <code>${escape(`${route.method} ${route.path}`)}</code></span>` : '';
  const access = route.granted ? `<span class="granted">granted ${report.credentials?.mode === 'omit' ? 'without' : 'with'} credentials</span>` : `<span class="refused">refused: ${escape(route.reason ?? '')}</span>`;
  const preflight = route.preflight === null ? '' : `<span class="${route.preflight.ok ? 'granted' : 'refused'}">preflight ${route.preflight.ok ? `lets it through (${route.preflight.status})` : `refuses it: ${escape(route.preflight.reason ?? '')}`}</span>`;
  const browser = route.browsers.map((view) => (view.disagreements.length === 0 ? `<span class="agree">${view.engine} agrees</span>` : `<span class="refused">${view.engine} disagrees: ${escape(view.disagreements.join('; '))}</span>`)).join(' ');
  const notes = [...(route.hiddenCustom ?? []).map((name) => hiddenCustomAdvice(name, report.origin, framework)), ...(route.unchecked ?? []).map(uncheckedNote)].map((note) => `<li>${escape(note)}</li>`).join('');
  // The card's colour counts the error probes' findings too.
  const found = [...route.findings, ...(route.errorProbes ?? []).flatMap((p) => p.findings)];
  const musts = found.filter((f) => f.level === 'MUST').length;
  return `<section class="card${musts > 0 ? ' must' : found.length > 0 ? ' should' : ''}">
  <h2><span class="method">${escape(route.method)}</span> ${escape(title.slice(route.method.length + 1))} <span class="status s${String(route.status).charAt(0)}">${escape(statusWithReason(route.status))}</span></h2>
  <div class="meta">${sent} ${access} ${preflight} ${browser}</div>
  ${route.values === undefined || route.values.length === 0 ? '' : `<div class="values">values: ${route.values.map((v) => `<code>${escape(v.name)}=${escape(typeof v.value === 'string' ? v.value : JSON.stringify(v.value))}</code> <span class="quiet">(${escape(v.from)})</span>`).join(', ')}</div>`}
  <div class="columns">
    <div><h3>The frontend can read</h3><div class="chips">${readable.join(' ') || '<em>nothing</em>'}</div></div>
    <div><h3>Hidden from the frontend</h3><div class="chips">${hidden.join(' ') || '<em>nothing</em>'}</div>${protocol.length > 0 ? `<h3 class="quiet">For the browser only (the CORS protocol)</h3><div class="chips quiet">${protocol.map((name) => chip(name, 'hidden')).join(' ')}</div>` : ''}${missing.length > 0 ? `<h3>Declared, never sent</h3><div class="chips">${missing.map((name) => chip(name, 'missing', 'declared by the document, absent from the answer')).join(' ')}</div>` : ''}</div>
  </div>
  ${route.cookies.length > 0 ? `<div class="cookies"><h3>Cookies</h3>${route.cookies.map(cookie).join(' ')}</div>` : ''}
  ${notes === '' ? '' : `<ul class="notes">${notes}</ul>`}
  ${route.findings.length > 0 ? `<ul class="findings">${route.findings.map(finding).join('')}</ul>` : '<p class="clean">No finding.</p>'}
  ${(route.errorProbes ?? []).length > 0 ? `<div class="probes"><h3>Error probes</h3><ul class="notes">${(route.errorProbes ?? []).map((p) => `<li><strong>${escape(p.kind)}</strong>: <code>${escape(`${p.method} ${p.path}`)}</code> (${escape(p.why)}) → ${escape(statusWithReason(p.status))}${p.expected.length > 0 ? ` (declared: ${escape(p.expected.join(', '))})` : ''}, <span class="${p.granted ? 'granted' : 'refused'}">${p.granted ? 'readable' : `not readable: ${escape(p.reason ?? '')}`}</span>${p.findings.length > 0 ? `<ul class="findings">${p.findings.map(finding).join('')}</ul>` : ''}</li>`).join('')}</ul></div>` : ''}
</section>`;
}

function notCalledRow(entry: NotCalled): string {
  const preflight = entry.preflight === undefined ? '' : `<div class="${entry.preflight.ok ? 'granted' : 'refused'}">its preflight ${entry.preflight.ok ? `lets a script on the origin through (${entry.preflight.status})` : `refuses it: ${escape(entry.preflight.reason ?? '')}`}</div>`;
  return `<tr><td><span class="method">${escape(entry.method)}</span> ${escape(entry.operation)}</td><td>${escape(entry.reason)} ${preflight}${entry.findings.length > 0 ? `<ul class="findings">${entry.findings.map(finding).join('')}</ul>` : ''}</td><td>${entry.flag === null ? '' : `<code>${escape(entry.flag)}</code>`}</td></tr>`;
}

const STYLE = `
*{box-sizing:border-box}body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d2430}
main{max-width:1120px;margin:0 auto;padding:28px 24px 48px}h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:0 0 6px;display:flex;gap:10px;align-items:center;flex-wrap:wrap}
h3{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:#5b6474;margin:10px 0 6px}.sub{color:#5b6474;margin:0 0 16px}
code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace;background:#eef0f3;padding:1px 5px;border-radius:4px}
.summary{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}.box{background:#fff;border-radius:10px;padding:10px 16px;box-shadow:0 1px 2px #0001;min-width:120px}.box b{display:block;font-size:22px}
.box.must b{color:#c62828}.box.should b{color:#b26a00}.legend{display:flex;gap:8px;flex-wrap:wrap;align-items:center;color:#5b6474;font-size:13px;margin-bottom:18px}
.card{background:#fff;border-radius:12px;padding:16px 18px;margin:14px 0;box-shadow:0 1px 3px #0002;border-left:5px solid #2e7d32}.card.must{border-left-color:#c62828}.card.should{border-left-color:#e0a100}
.method{font:700 12px ui-monospace,monospace;background:#1d2430;color:#fff;border-radius:4px;padding:2px 6px}
.status{font-size:13px;font-weight:600;border-radius:10px;padding:1px 9px;background:#e8f5e9;color:#1b5e20}.status.s4,.status.s5{background:#fdecea;color:#b71c1c}.status.s3{background:#fff4e5;color:#8a4b00}
.meta{display:flex;gap:12px;flex-wrap:wrap;font-size:13px;color:#5b6474}.granted{color:#2e7d32}.refused{color:#c62828}.agree{color:#5b6474}.sent code{font-size:12px}
.columns{display:grid;grid-template-columns:1fr 1fr;gap:18px;margin-top:4px}.chips{display:flex;flex-wrap:wrap;gap:6px}
.chip{font:12.5px ui-monospace,monospace;border-radius:14px;padding:3px 10px;border:1px solid transparent}
.chip.readable{background:#e3f4e4;color:#1b5e20;border-color:#a5d6a7}.chip.hidden{background:#eceff1;color:#607080;border-color:#d5dbe0}
.chip.custom-hidden{background:#eceff1;color:#3e4a56;border:1px dashed #e0a100}.chip.declared-hidden{background:#c62828;color:#fff;border-color:#c62828;font-weight:600}
.chip.missing{background:#fff;color:#c62828;border:1px dashed #c62828}
.cookie{display:inline-block;font-size:13px;background:#f3f0fa;border-radius:8px;padding:3px 9px;margin-right:6px}.cookie i{font-style:normal;color:#5e4b8b;margin-left:4px}
ul.findings{list-style:none;padding:0;margin:12px 0 0}.finding{border-top:1px solid #eef0f3;padding:8px 0}.finding p{margin:4px 0}
.level{font:700 11px system-ui;border-radius:4px;padding:2px 6px;color:#fff}.level.must{background:#c62828}.level.should{background:#e0a100}.id{font-weight:600}a.rule{text-decoration:none;color:inherit}
.quiet{opacity:.75}h3.quiet{font-size:11px}.chips.quiet .chip{font-size:11.5px;padding:2px 8px}.evidence{font-size:12.5px;color:#5b6474}ul.notes{margin:10px 0 0;padding-left:18px;color:#8a4b00;font-size:13.5px}.clean{color:#2e7d32;margin:10px 0 0;font-size:13.5px}
.note{background:#fff8e1;border:1px solid #ffe08a;border-radius:8px;padding:8px 12px;margin:8px 0;font-size:14px}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:12px;overflow:hidden;box-shadow:0 1px 3px #0002}td,th{text-align:left;padding:9px 12px;border-top:1px solid #eef0f3;vertical-align:top;font-size:14px}th{background:#fafbfc;font-size:12px;text-transform:uppercase;color:#5b6474}
@media (max-width:760px){.columns{grid-template-columns:1fr}}`;

export function auditHtml(report: AuditReport): string {
  const all = allFindings(report);
  const musts = all.filter((f) => f.level === 'MUST').length;
  const d = report.document;
  const judges = judgesPhrase(report.judgedBy);
  const about = d === undefined ? escape(report.target) : `${escape(d.title)} ${escape(d.version)}`;
  const documentLine = d === undefined ? '' : ` · OpenAPI ${escape(d.openapi)}${d.framework === null ? '' : `, written by ${escape(d.framework)}`}, from <code>${escape(d.source)}</code>`;
  const legend = ['readable', 'hidden', 'custom-hidden', 'declared-hidden', 'missing'] as const;
  const legendText: Record<(typeof legend)[number], string> = { readable: 'readable', hidden: 'hidden', 'custom-hidden': 'custom, hidden', 'declared-hidden': 'declared, hidden', missing: 'declared, never sent' };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Audit: what a script on ${escape(report.origin)} reads from ${about}</title><style>${STYLE}</style></head>
<body><main>
<h1>What a script on ${escape(report.origin)} reads from ${about}</h1>
<p class="sub"><code>${escape(report.target)}</code>${documentLine} · ${report.credentials?.mode === 'omit' ? 'without' : 'with'} credentials${report.credentials === undefined ? '' : ` (${escape(report.credentials.why)})`} · judged by ${escape(judges)}</p>
${(d?.notes ?? []).map((n) => `<div class="note">${escape(n)}</div>`).join('\n')}
${report.error === undefined ? '' : `<div class="note">${escape(report.error)}</div>`}
<div class="summary">
  <div class="box"><b>${report.routes.length}</b>called</div>
  ${report.notCalled === undefined ? '' : `<div class="box"><b>${report.notCalled.length}</b>not called</div>`}
  <div class="box must"><b>${musts}</b>MUST</div>
  <div class="box should"><b>${all.length - musts}</b>SHOULD</div>
</div>
<div class="legend">${legend.map((k) => chip(legendText[k], k)).join(' ')}</div>
${report.findings.length > 0 ? `<section class="card must"><h2>The whole API</h2><ul class="findings">${report.findings.map(finding).join('')}</ul></section>` : ''}
${report.routes.map((r) => routeCard(r, report)).join('\n')}
${report.notCalled !== undefined && report.notCalled.length > 0 ? `<h2 style="margin-top:28px">Not called</h2><table><tr><th>operation</th><th>why</th><th>to call it</th></tr>${report.notCalled.map(notCalledRow).join('')}</table>` : ''}
</main></body></html>
`;
}
