/**
 * --write-feature: the audit's picture as a starter feature in the suite's
 * vocabulary (docs/STEPS.md). It pins what is true today and not a mistake
 * the audit found: each status, the preflights that let requests through,
 * the headers a script reads (MUST) and the custom ones it does not (SHOULD),
 * Vary: Origin, each cookie attribute, and the refusal of origins nobody
 * should allow. Run with --features, it passes against the same server, and
 * fails, naming the scenario, when the server changes any of that.
 */
import { REASON_PHRASES } from '../../http/status';
import { isCorsSafelistedResponseHeaderName } from '../../http/fetch-model';
import type { AuditReport } from './index';
import { PROBE_ORIGIN, type AuditRoute, type CookieView, type RouteAudit } from './inspect';

/** Headers every response may carry that say nothing about the API: not worth pinning as hidden. */
const UNREMARKABLE = /^(date|server|vary|connection|keep-alive|transfer-encoding|content-encoding|etag|x-powered-by|set-cookie|access-control-.*|strict-transport-security)$/i;

interface Scenario {
  readonly level: 'MUST' | 'SHOULD';
  readonly name: string;
  readonly steps: readonly string[];
}

function quoteJson(body: string): string[] {
  return ['  """', `  ${JSON.stringify(JSON.parse(body))}`, '  """'];
}

function clientCall(route: AuditRoute): string[] {
  return route.body === undefined ? [`When a client calls "${route.method} ${route.path}"`] : [`When a client calls "${route.method} ${route.path}" with the JSON:`, ...quoteJson(route.body)];
}

function scriptCall(origin: string, route: AuditRoute): string[] {
  const on = origin === 'null' ? 'an opaque origin' : `"${origin}"`;
  return route.body === undefined ? [`When a script on ${on} calls "${route.method} ${route.path}"`] : [`When a script on ${on} calls "${route.method} ${route.path}" with the JSON:`, ...quoteJson(route.body)];
}

function cookieScenarios(label: string, route: AuditRoute, cookie: CookieView): Scenario[] {
  const call = clientCall(route);
  if (cookie.cleared) return [{ level: 'MUST', name: `${label} clears the cookie ${cookie.name}`, steps: [...call, `Then the response clears the cookie "${cookie.name}"`] }];
  const pin = (what: string, then: string): Scenario => ({ level: 'MUST', name: `The cookie ${cookie.name} from ${label} ${what}`, steps: [...call, `Then ${then}`] });
  const out = [pin('is set', `the response sets the cookie "${cookie.name}"`)];
  out.push(pin(cookie.secure ? 'is Secure' : 'is not Secure', `the cookie "${cookie.name}" is ${cookie.secure ? '' : 'not '}Secure`));
  out.push(pin(cookie.httpOnly ? 'is HttpOnly' : 'is not HttpOnly', `the cookie "${cookie.name}" is ${cookie.httpOnly ? '' : 'not '}HttpOnly`));
  if (cookie.sameSite !== null && /^(strict|lax|none)$/i.test(cookie.sameSite)) {
    const value = cookie.sameSite.charAt(0).toUpperCase() + cookie.sameSite.slice(1).toLowerCase();
    out.push(pin(`is SameSite=${value}`, `the cookie "${cookie.name}" is SameSite=${value}`));
  }
  if (cookie.path !== null) out.push(pin(`applies to the path ${cookie.path}`, `the cookie "${cookie.name}" applies to the path "${cookie.path}"`));
  if (cookie.domain !== null) out.push(pin(`applies to the domain ${cookie.domain}`, `the cookie "${cookie.name}" applies to the domain "${cookie.domain}"`));
  return out;
}

function routeScenarios(report: AuditReport, audit: RouteAudit, route: AuditRoute): Scenario[] {
  const label = `${route.method} ${route.path}`;
  const origin = report.origin;
  const out: Scenario[] = [];
  const reason = REASON_PHRASES[audit.status];
  if (reason !== undefined) out.push({ level: 'MUST', name: `${label} answers ${audit.status} ${reason}`, steps: [...clientCall(route), `Then the server answers ${audit.status} ${reason}`] });
  if (audit.preflight?.ok) {
    const headers = route.body === undefined ? '' : ' with the headers "Content-Type"';
    out.push({ level: 'MUST', name: `The preflight lets a script on ${origin} send ${label}`, steps: [`When a script on "${origin}" asks to call "${label}"${headers}`, 'Then the preflight lets it through'] });
  }
  const findings = new Set(audit.findings.map((f) => f.id));
  if (audit.granted) {
    for (const name of audit.readable.filter((n) => !isCorsSafelistedResponseHeaderName(n, []))) {
      out.push({ level: 'MUST', name: `A script on ${origin} reads ${name} from ${label}`, steps: [...scriptCall(origin, route), `Then the script can read "${name}"`] });
    }
    for (const name of audit.hidden.filter((n) => !UNREMARKABLE.test(n))) {
      out.push({ level: 'SHOULD', name: `A script on ${origin} cannot read ${name} from ${label}`, steps: [...scriptCall(origin, route), `Then the script cannot read "${name}"`] });
    }
    if (!findings.has('vary-origin-missing')) {
      out.push({ level: 'SHOULD', name: `The answer to ${label} varies by Origin`, steps: [...scriptCall(origin, route), 'Then the response carries the header "Vary" listing "Origin"'] });
    }
    if (!findings.has('set-cookie-exposed')) {
      out.push({ level: 'SHOULD', name: `${label} does not list Set-Cookie as exposed`, steps: [...scriptCall(origin, route), 'Then the header "Access-Control-Expose-Headers" does not list "Set-Cookie"'] });
    }
  }
  for (const cookie of audit.cookies) out.push(...cookieScenarios(label, route, cookie));
  const global = new Set(report.findings.map((f) => f.id));
  if (!global.has('origin-reflected')) out.push({ level: 'MUST', name: `A script on another site is refused ${label}`, steps: [...scriptCall(PROBE_ORIGIN, route), 'Then the script is refused'] });
  if (!global.has('null-origin-allowed')) out.push({ level: 'MUST', name: `A script on an opaque origin is refused ${label}`, steps: [...scriptCall('null', route), 'Then the script is refused'] });
  return out;
}

export function writtenFeature(report: AuditReport, routes: readonly AuditRoute[], headers: readonly (readonly [string, string])[], today: Date): string {
  const day = today.toISOString().slice(0, 10);
  const lines = [
    `# A starter feature written by \`response-conformance audit\` on ${day}, from what a script on`,
    `# ${report.origin} got from ${report.target}. It pins today's picture: edit it to say what`,
    '# you want, not only what is.',
    '# - Delete a scenario that pins an accident. Where the audit found a problem, fix the server:',
    '#   such things are not pinned here.',
    '# - Rename the ids (@id:audit-N) and the scenarios as you like, then keep the ids stable:',
    '#   baselines and reports key on them. The levels are yours to choose too.',
    ...(headers.length > 0 ? ['# - It holds the values of the --header flags you gave: replace them before you commit it.'] : []),
    `# Run it: response-conformance --target ${report.target} --origin ${report.origin} --features THIS_FILE`,
    '# The sentences are in docs/STEPS.md.',
    `Feature: What a script on ${report.origin} reads from the API`,
    `  Written by the audit from the API's answers on ${day}. Each scenario pins one thing a`,
    `  script on ${report.origin} gets today, with credentials (cookies).`,
    '',
    '  Sources: the Fetch standard (https://fetch.spec.whatwg.org/); RFC 6265bis',
    '  (https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/); RFC 9110',
    '  (https://www.rfc-editor.org/rfc/rfc9110).',
  ];
  // The headers the frontend's script sends with every request, as the audit sent them.
  if (headers.length > 0) lines.push('', '  Background:', ...headers.map(([name, value]) => `    Given every request carries the header "${name}" with the value "${value.replace(/"/g, '\\"')}"`));
  let n = 0;
  for (const [i, route] of routes.entries()) {
    const audit = report.routes[i];
    lines.push('', `  Rule: ${route.method} ${route.path}`);
    for (const scenario of routeScenarios(report, audit, route)) {
      n += 1;
      lines.push('', `    @${scenario.level} @id:audit-${n}`, `    Scenario: ${scenario.name}`, ...scenario.steps.map((step) => `      ${step}`));
    }
  }
  return `${lines.join('\n')}\n`;
}
