/** The audit as a person reads it in a terminal, and as tools read it (JSON). */
import { statusWithReason } from '../../http/status';
import type { Style } from './terminal';
import { allFindings, judgesPhrase, judgingEngines, type AuditReport, type NotCalled } from '../audit/index';
import { engineName } from '../../browser/engines';
import type { CookieView, RouteAudit } from '../audit/inspect';
import { auditJson } from '../audit/json';
import { hiddenCustomAdvice } from '../audit/standard-headers';
import { uncheckedNote, type Finding } from '../audit/explain';

export function routeLabel(route: Pick<RouteAudit, 'method' | 'path'> & { body?: string }): string {
  return `${route.method} ${route.path}`;
}

function cookieAttributes(cookie: CookieView): string {
  if (cookie.cleared) return `cleared (${cookie.maxAge !== null ? `Max-Age=${cookie.maxAge}` : `Expires=${cookie.expires}`})`;
  const parts = [cookie.secure ? 'Secure' : 'not Secure', cookie.httpOnly ? 'HttpOnly' : 'not HttpOnly', cookie.sameSite ? `SameSite=${cookie.sameSite}` : 'no SameSite'];
  if (cookie.path !== null) parts.push(`Path=${cookie.path}`);
  if (cookie.domain !== null) parts.push(`Domain=${cookie.domain}`);
  if (cookie.maxAge !== null) parts.push(`Max-Age=${cookie.maxAge}`);
  else if (cookie.expires !== null) parts.push(`Expires=${cookie.expires}`);
  return parts.join(', ');
}

function access(granted: boolean, reason: string | null): string {
  return granted ? 'granted' : `refused: ${reason}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
}

function findingLine(f: Finding, style: Style, indent = ''): string {
  return `${indent}${f.level === 'MUST' ? style.red('MUST') : style.yellow('SHOULD')} ${f.id}: ${f.message}`;
}

/** "Shop API 0.1.0 (OpenAPI 3.0.2, written by FastAPI) from …: 5 operations, 3 calls, 2 not called". */
function documentLine(report: AuditReport): string | null {
  const d = report.document;
  if (d === undefined) return null;
  const calls = report.routes.filter((r) => r.operation !== undefined && r.operation !== null).length;
  return `document: ${d.title} ${d.version} (OpenAPI ${d.openapi}${d.framework === null ? '' : `, written by ${d.framework}`}) from ${d.source}: ${d.operations} operation${d.operations === 1 ? '' : 's'}, ${calls} called, ${report.notCalled?.length ?? 0} not called`;
}

function notCalledLines(n: NotCalled, style: Style): string[] {
  // For want of a sign-in: a note, never a finding.
  const out = [`  ${n.method} ${n.operation}  ${n.reason}${n.flag === null ? '' : `; to call it: ${n.flag}`}`];
  if (n.preflight !== undefined) out.push(`    preflight   ${n.preflight.ok ? `lets it through (${n.preflight.status})` : `refuses it: ${n.preflight.reason}`}`);
  for (const f of n.findings) out.push(findingLine(f, style, '    '));
  return out;
}

/**
 * Why the findings that hold only for a credentialed fetch are not there:
 * the frontend sends no credentials, so `*` grants it (Fetch §4.9).
 */
export function noteOnCredentials(report: Pick<AuditReport, 'credentials'>): string | null {
  if (report.credentials?.mode !== 'omit') return null;
  return 'the frontend sends no credentials (no cookies), so Access-Control-Allow-Origin: * grants it and the rules for credentialed requests (wildcard-origin-with-credentials, credentials-not-allowed, expose-wildcard-with-credentials, cookie-not-sent-cross-site) do not apply, nor do origin-reflected and null-origin-allowed (granting any origin is what * does); --credentials include judges a frontend that sends cookies';
}

export function formatAuditText(report: AuditReport, style: Style): string {
  const omit = report.credentials?.mode === 'omit';
  const out = [`audit of ${report.target} for a script on ${report.origin}, ${omit ? 'without' : 'with'} credentials${report.credentials === undefined ? '' : ` (${report.credentials.why})`}; judged by ${judgesPhrase(report.judgedBy)}`];
  if (report.signIn !== undefined) out.push(`signed in: ${report.signIn.how.join(', ')}${report.signIn.logout === undefined ? '' : `; logout ${report.signIn.logout.method} ${report.signIn.logout.path} sent last (${report.signIn.logout.status})`}`);
  const document = documentLine(report);
  if (document !== null) out.push(document);
  for (const note of report.document?.notes ?? []) out.push(style.yellow(`note: ${note}`));
  const credentialsNote = noteOnCredentials(report);
  if (credentialsNote !== null) out.push(style.yellow(`note: ${credentialsNote}`));
  out.push('');
  if (report.error !== undefined) {
    out.push(style.red(`error: ${report.error}`));
    return out.join('\n');
  }
  const framework = report.document?.framework ?? null;
  const rows = [['route', 'status', omit ? 'as sent' : 'with credentials', 'without', 'readable', 'hidden', 'findings']];
  for (const r of report.routes) {
    const musts = r.findings.filter((f) => f.level === 'MUST').length;
    const shoulds = r.findings.length - musts;
    rows.push([
      routeLabel(r),
      String(r.status),
      r.granted ? 'granted' : 'refused',
      r.grantedWithoutCredentials ? 'granted' : 'refused',
      String(r.readable.length),
      String(r.hidden.length),
      r.findings.length === 0 ? '-' : [musts ? `${musts} MUST` : '', shoulds ? `${shoulds} SHOULD` : ''].filter(Boolean).join(', '),
    ]);
  }
  out.push(...table(rows), '');
  for (const r of report.routes) {
    out.push(style.bold(`${routeLabel(r)}  ${statusWithReason(r.status)}`));
    // The operation, when the path sent is not its template as written.
    if (r.operation === null) out.push('  operation   none of the document\'s');
    else if (r.operation !== undefined && r.operation !== r.path.split('?')[0]) out.push(`  operation   ${r.method} ${r.operation}`);
    if (r.bodyFrom !== undefined) out.push(`  body        ${r.bodyFrom === 'generated' ? 'generated from the document\'s schema' : `the document's ${r.bodyFrom}`}`);
    if (r.preflight) out.push(`  preflight   ${r.preflight.ok ? `lets it through (${r.preflight.status})` : `refuses it: ${r.preflight.reason}`}`);
    out.push(`  access      ${access(r.granted, r.reason)}`);
    if (r.grantedWithoutCredentials !== r.granted) out.push(`              without credentials: ${access(r.grantedWithoutCredentials, r.reasonWithoutCredentials)}`);
    out.push(`  readable    ${r.readable.join(', ') || 'nothing'}`);
    out.push(`  hidden      ${r.hidden.join(', ') || 'nothing'}`);
    for (const [i, cookie] of r.cookies.entries()) out.push(`  ${i === 0 ? 'cookies' : '       '}     ${cookie.name}: ${cookieAttributes(cookie)}`);
    for (const view of r.browsers) if (view.disagreements.length > 0) out.push(style.yellow(`  ${view.engine} disagrees: ${view.disagreements.join('; ')}`));
    // A custom header hidden is worth a line, not a finding: the API may mean to hide it.
    for (const name of r.hiddenCustom ?? []) out.push(`  note        ${hiddenCustomAdvice(name, report.origin, framework)}`);
    // A schema Ajv cannot compile: what it would have judged is left unchecked, and said so; not a finding.
    for (const unchecked of r.unchecked ?? []) out.push(style.yellow(`  note        ${uncheckedNote(unchecked)}`));
    for (const f of r.findings) out.push(findingLine(f, style, '  '));
    out.push('');
  }
  if (report.notCalled !== undefined && report.notCalled.length > 0) {
    out.push(style.bold('not called'));
    for (const n of report.notCalled) out.push(...notCalledLines(n, style));
    out.push('');
  }
  for (const f of report.findings) out.push(findingLine(f, style));
  const all = allFindings(report);
  const musts = all.filter((f) => f.level === 'MUST').length;
  for (const engine of judgingEngines(report.judgedBy).map(engineName)) {
    const disagreeing = report.routes.filter((r) => r.browsers.some((view) => view.engine === engine && view.disagreements.length > 0)).length;
    out.push(disagreeing === 0 ? `${engine} agrees with the Fetch model on every route.` : style.yellow(`${engine} disagrees with the Fetch model on ${disagreeing} ${disagreeing === 1 ? 'route' : 'routes'}.`));
  }
  out.push(`findings: ${musts} MUST, ${all.length - musts} SHOULD`);
  return out.join('\n');
}

export function formatAuditJson(report: AuditReport): string {
  return auditJson(report);
}

/**
 * A progress line on a terminal (stderr, when it is one): "audit: 120 of
 * 5000 operations", redrawn at most ten times a second, wiped at the end.
 */
export function auditProgress(stream: NodeJS.WritableStream): { update(done: number, total: number): void; end(): void } {
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      shown = true;
      stream.write(`\raudit: ${done} of ${total} called\x1b[K`);
    },
    end() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
