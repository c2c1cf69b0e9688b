/** The audit as a person reads it in a terminal, and as tools read it (JSON). */
import { REASON_PHRASES } from '../../http/status';
import type { Style } from './terminal';
import type { AuditReport } from '../audit/index';
import type { CookieView, RouteAudit } from '../audit/inspect';

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

export function formatAuditText(report: AuditReport, style: Style): string {
  const judges = report.judgedBy.chromium === true ? 'the Fetch model and Chromium' : `the Fetch model (Chromium: ${report.judgedBy.chromium})`;
  const out = [`audit of ${report.target} for a script on ${report.origin}, with credentials; judged by ${judges}`, ''];
  if (report.error !== undefined) {
    out.push(style.red(`error: ${report.error}`));
    return out.join('\n');
  }
  const rows = [['route', 'status', 'with credentials', 'without', 'readable', 'hidden', 'findings']];
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
    out.push(style.bold(`${routeLabel(r)}  ${r.status} ${REASON_PHRASES[r.status] ?? ''}`.trimEnd()));
    if (r.preflight) out.push(`  preflight   ${r.preflight.ok ? `lets it through (${r.preflight.status})` : `refuses it: ${r.preflight.reason}`}`);
    out.push(`  access      ${access(r.granted, r.reason)}`);
    if (r.grantedWithoutCredentials !== r.granted) out.push(`              without credentials: ${access(r.grantedWithoutCredentials, r.reasonWithoutCredentials)}`);
    out.push(`  readable    ${r.readable.join(', ') || 'nothing'}`);
    out.push(`  hidden      ${r.hidden.join(', ') || 'nothing'}`);
    for (const [i, cookie] of r.cookies.entries()) out.push(`  ${i === 0 ? 'cookies' : '       '}     ${cookie.name}: ${cookieAttributes(cookie)}`);
    if (r.browser && r.browser.disagreements.length > 0) out.push(style.yellow(`  Chromium disagrees: ${r.browser.disagreements.join('; ')}`));
    for (const f of r.findings) out.push(`  ${f.level === 'MUST' ? style.red('MUST') : style.yellow('SHOULD')} ${f.id}: ${f.message}`);
    out.push('');
  }
  for (const f of report.findings) out.push(`${f.level === 'MUST' ? style.red('MUST') : style.yellow('SHOULD')} ${f.id}: ${f.message}`);
  const all = [...report.findings, ...report.routes.flatMap((r) => r.findings)];
  const musts = all.filter((f) => f.level === 'MUST').length;
  const disagreeing = report.routes.filter((r) => (r.browser?.disagreements.length ?? 0) > 0).length;
  if (report.judgedBy.chromium === true) out.push(disagreeing === 0 ? 'Chromium agrees with the Fetch model on every route.' : style.yellow(`Chromium disagrees with the Fetch model on ${disagreeing} routes.`));
  out.push(`findings: ${musts} MUST, ${all.length - musts} SHOULD`);
  return out.join('\n');
}

export function formatAuditJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
