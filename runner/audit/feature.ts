/**
 * --write-feature: the audit's picture as a starter feature in the suite's
 * vocabulary (docs/STEPS.md). It pins what is true today and not a mistake
 * the audit found: each status, the preflights that let requests through,
 * the headers a script reads (MUST), Vary: Origin unless the grant is
 * static and Set-Cookie kept from scripts (once, for every route), each
 * cookie attribute, and the refusal of origins nobody should allow. The
 * scripts run on the audit's origin, written out, so the feature states its
 * origin itself and its titles say what its sentences do, whatever
 * --origin it is run with. A custom header the script cannot read is
 * written commented out: hidden may be an accident, so the user decides.
 * Run with --features, it passes against the same server, and fails,
 * naming the scenario, when the server changes any of that.
 */
import { REASON_PHRASES } from '../../http/status';
import { needsPreflight } from '../../http/script-fetch';
import type { HeaderList } from '../../http/header-list';
import { isSafelistedResponseHeader } from '../../rules/script';
import { RULES, type RuleId } from '../../rules/catalogue';
import { preflightedCalls, type AuditReport } from './index';
import type { FeatureSignIn, SignedInCall } from './signin';
import { PROBE_ORIGIN, type AuditRoute, type CookieView, type RouteAudit } from './inspect';

interface Scenario {
  readonly level: 'MUST' | 'SHOULD';
  readonly name: string;
  readonly steps: readonly string[];
  /** Written commented out, for the user to uncomment if it is what they want. */
  readonly commented?: { readonly why: readonly string[] };
}

function quoteJson(body: string): string[] {
  return ['  """', `  ${JSON.stringify(JSON.parse(body))}`, '  """'];
}

function clientCall(route: AuditRoute): string[] {
  return route.body === undefined ? [`When a client calls "${route.method} ${route.path}"`] : [`When a client calls "${route.method} ${route.path}" with the JSON:`, ...quoteJson(route.body)];
}

/**
 * The script's origin in the vocabulary's words: the audit's origin written
 * out (so the feature passes whatever --origin it is run with, and its
 * titles name the origin its sentences use), the probe's as "another
 * origin", "null" as "an opaque origin".
 */
function originWords(origin: string): string {
  if (origin === PROBE_ORIGIN) return 'another origin';
  if (origin === 'null') return 'an opaque origin';
  return `"${origin}"`;
}

function scriptCall(origin: string, route: AuditRoute): string[] {
  const on = originWords(origin);
  return route.body === undefined ? [`When a script on ${on} calls "${route.method} ${route.path}"`] : [`When a script on ${on} calls "${route.method} ${route.path}" with the JSON:`, ...quoteJson(route.body)];
}

/** The cookie findings that say a browser refuses the cookie (rules/cookies.ts): the written feature then does not pin that it keeps it. */
const REFUSED = new Set(['cookie-refused', 'samesite-none-without-secure']);

/**
 * `setter`: the route that set the cookie this route clears, when the audit
 * called one; the written feature then logs in, logs out, and pins that the
 * browser no longer keeps the cookie.
 */
function cookieScenarios(label: string, route: AuditRoute, cookie: CookieView, audit?: RouteAudit, setter?: AuditRoute): Scenario[] {
  const call = clientCall(route);
  if (cookie.cleared) {
    const out: Scenario[] = [{ level: 'MUST', name: `${label} clears the cookie ${cookie.name}`, steps: [...call, `Then the response clears the cookie "${cookie.name}"`] }];
    const gone = audit?.findings.some((f) => f.id === 'logout-keeps-cookie') !== true;
    if (setter !== undefined && gone) {
      const logout = call.map((line, i) => (i === 0 ? line.replace(/^When /, 'And ') : line));
      out.push({ level: 'MUST', name: `After ${label} the browser no longer keeps the cookie ${cookie.name}`, steps: [...clientCall(setter), ...logout, `Then the browser no longer keeps the cookie "${cookie.name}"`] });
    }
    return out;
  }
  const pin = (what: string, then: string): Scenario => ({ level: 'MUST', name: `The cookie ${cookie.name} from ${label} ${what}`, steps: [...call, `Then ${then}`] });
  const out = [pin('is set', `the response sets the cookie "${cookie.name}"`)];
  if (audit !== undefined && !audit.findings.some((f) => REFUSED.has(f.id))) out.push(pin('is kept by the browser', `the browser keeps the cookie "${cookie.name}"`));
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

function routeScenarios(report: AuditReport, audit: RouteAudit, route: AuditRoute, routes: readonly AuditRoute[] = []): Scenario[] {
  const label = `${route.method} ${route.path}`;
  const allowed = report.origin;
  const out: Scenario[] = [];
  const reason = REASON_PHRASES[audit.status];
  // A 401 or 403 to a call sent without a sign-in is most likely only that: written commented out, never pinned as the promise.
  const unsigned = audit.status === 401 || audit.status === 403;
  const artefact = unsigned ? { commented: { why: [`${label} answered ${audit.status} ${reason ?? ''} to a call the audit sent without a sign-in: that is likely only`, 'the missing sign-in, not a promise. Uncomment this scenario if it is the answer you mean to keep.'] } } : {};
  if (reason !== undefined) out.push({ level: 'MUST', name: `${label} answers ${audit.status} ${reason}`, steps: [...clientCall(route), `Then the server answers ${audit.status} ${reason}`], ...artefact });
  if (audit.preflight?.ok) {
    const headers = route.body === undefined ? '' : ' with the headers "Content-Type"';
    out.push({ level: 'MUST', name: `The preflight lets a script on ${allowed} send ${label}`, steps: [`When a script on ${originWords(allowed)} asks to call "${label}"${headers}`, 'Then the preflight lets it through'] });
  }
  if (audit.granted) {
    for (const name of audit.readable.filter((n) => !isSafelistedResponseHeader(n))) {
      out.push({ level: 'MUST', name: `A script on ${allowed} reads ${name} from ${label}`, steps: [...scriptCall(allowed, route), `Then the script can read "${name}"`] });
    }
    for (const name of audit.hiddenCustom ?? []) {
      out.push({
        level: 'SHOULD',
        name: `A script on ${allowed} cannot read ${name} from ${label}`,
        steps: [...scriptCall(allowed, route), `Then the script cannot read "${name}"`],
        commented: { why: [`${name} is a custom header a script on ${allowed} cannot read today. If it must stay hidden,`, 'uncomment this scenario; if the frontend reads it, expose it instead (the audit says how).'] },
      });
    }
  }
  out.push(...documentScenarios(report, audit, route));
  // The route that set a cookie this one clears (a login, for a logout).
  const setterOf = (name: string) => routes.find((_, i) => report.routes[i]?.cookies.some((c) => c.name === name && !c.cleared));
  for (const cookie of audit.cookies) out.push(...cookieScenarios(label, route, cookie, audit, cookie.cleared ? setterOf(cookie.name) : undefined));
  const global = new Set(report.findings.map((f) => f.id));
  // A frontend without credentials may be served to any origin (`*` is right for it): the refusal of other origins is not pinned.
  if (report.credentials?.mode === 'omit') return out;
  if (!global.has('origin-reflected')) out.push({ level: 'MUST', name: `A script on another site is refused ${label}`, steps: [...scriptCall(PROBE_ORIGIN, route), 'Then the script is refused'] });
  if (!global.has('null-origin-allowed')) out.push({ level: 'MUST', name: `A script on an opaque origin is refused ${label}`, steps: [...scriptCall('null', route), 'Then the script is refused'] });
  return out;
}

/**
 * The document's promise for an operation the audit called: its answer as
 * the document describes it, and every header it declares readable by the
 * frontend. A promise the answer broke today is the audit's finding: it is
 * written commented out, to uncomment once the server (or the document) is
 * fixed, so the feature passes the API as it is.
 */
function documentScenarios(report: AuditReport, audit: RouteAudit, route: AuditRoute): Scenario[] {
  if (report.document === undefined || !audit.operation) return [];
  const label = `${route.method} ${route.path}`;
  const broken = audit.findings.filter((f) => RULES[f.id].scope === 'promise');
  const why = (ids: readonly RuleId[]) => [`The audit found ${ids.join(', ')} here today. Uncomment this scenario once the server`, 'keeps the promise (or the document says what it does).'];
  const out: Scenario[] = [];
  const described = broken.filter((f) => f.id !== 'declared-header-hidden').map((f) => f.id);
  out.push({
    level: 'MUST',
    name: `${label} answers as the OpenAPI document describes`,
    steps: [...clientCall(route), 'Then the response matches its description in the OpenAPI document'],
    ...(described.length > 0 ? { commented: { why: why([...new Set(described)]) } } : {}),
  });
  if (audit.granted && (audit.declaredHeaders ?? []).length > 0) {
    const hidden = broken.some((f) => f.id === 'declared-header-hidden');
    out.push({
      level: 'MUST',
      name: `A script on ${report.origin} reads every header the document declares for ${label}`,
      steps: [...scriptCall(report.origin, route), 'Then the script can read every header the document declares for the response'],
      ...(hidden ? { commented: { why: why(['declared-header-hidden']) } } : {}),
    });
  }
  return out;
}

/**
 * What every answer shares, pinned once rather than per route: Vary names
 * Origin (on the first route granted without that mistake), and Set-Cookie
 * is kept from scripts (on the first route that sets a cookie, else the
 * first granted one). A route that got either wrong is the audit's finding,
 * not pinned.
 */
function sharedScenarios(report: AuditReport, routes: readonly AuditRoute[]): Scenario[] {
  const out: Scenario[] = [];
  const granted = report.routes.map((audit, i) => ({ audit, route: routes[i] })).filter(({ audit }) => audit.granted);
  const has = (audit: RouteAudit, id: RuleId) => audit.findings.some((f) => f.id === id);
  const varying = granted.find(({ audit }) => !has(audit, 'vary-origin-missing'));
  if (varying !== undefined && !report.routes.some((r) => has(r, 'vary-origin-missing'))) {
    out.push({ level: 'SHOULD', name: `Answers to a script on ${report.origin} vary by Origin, unless every origin gets the same grant`, steps: [...scriptCall(report.origin, varying.route), 'Then the response varies by Origin'] });
  }
  if (!report.routes.some((r) => has(r, 'set-cookie-exposed'))) {
    const setting = granted.find(({ audit }) => audit.cookies.length > 0) ?? granted[0];
    if (setting !== undefined) {
      const steps = [...scriptCall(report.origin, setting.route), 'Then the header "Access-Control-Expose-Headers" does not list "Set-Cookie"'];
      out.push({ level: 'SHOULD', name: 'Set-Cookie is never listed as exposed', steps });
      if (setting.audit.cookies.length > 0) out.push({ level: 'MUST', name: 'A script never reads Set-Cookie', steps: [...scriptCall(report.origin, setting.route), 'Then the script never reads "Set-Cookie"'] });
    }
  }
  return out;
}

function scenarioLines(scenario: Scenario, id: string): string[] {
  const lines = [`@${scenario.level} @id:${id}`, `Scenario: ${scenario.name}`, ...scenario.steps.map((step) => `  ${step}`)];
  if (scenario.commented === undefined) return ['', ...lines.map((line) => `    ${line}`)];
  return ['', ...scenario.commented.why.map((line) => `    # ${line}`), ...lines.map((line) => `    # ${line}`)];
}

/** " --openapi SOURCE" when the run must be told where the document is (it is not at the target's /openapi.json). */
function documentFlag(report: AuditReport): string {
  const source = report.document?.source;
  return source === undefined || source === `${report.target}/openapi.json` ? '' : ` --openapi ${source}`;
}

/** The Background's line for the frontend's credentials mode: the feature states it, whatever --credentials it is run with. */
function credentialsStep(report: AuditReport): string {
  return report.credentials?.mode === 'omit' ? "the frontend's scripts fetch without credentials" : "the frontend's scripts fetch with credentials";
}

/**
 * The Background's lines that sign in as the audit did, from the
 * environment (never a secret in the file): the OAuth2 password flow's form,
 * its access token remembered as `{{token}}`; or the token itself.
 */
function signInLines(signIn: FeatureSignIn): string[] {
  if (signIn.kind === 'token') return ['Given the value "token" comes from the environment variable "RESPONSE_CONFORMANCE_TOKEN"'];
  return [
    'Given the value "user" comes from the environment variable "RESPONSE_CONFORMANCE_LOGIN_USER"',
    'And the value "password" comes from the environment variable "RESPONSE_CONFORMANCE_LOGIN_PASSWORD"',
    `And a client has called "POST ${signIn.tokenPath}" with the form:`,
    '  | grant_type | password     |',
    '  | username   | {{user}}     |',
    '  | password   | {{password}} |',
    'And the client remembers the field "access_token" of the answer as "token"',
  ];
}

/** A scenario of a signed-in call: its sign-in headers first, the token written `{{token}}`. */
function signedInScenario(scenario: Scenario, headers: readonly (readonly [string, string])[]): Scenario {
  const given = headers.map(([name, value], i) => `${i === 0 ? 'Given' : 'And'} every request carries the header "${name}" with the value "${value}"`);
  const [first, ...rest] = scenario.steps;
  return { ...scenario, steps: [...given, first.startsWith('Given ') ? `And ${first.slice('Given '.length)}` : first, ...rest] };
}

/**
 * `signedIn`: for each route, how the audit sent it (SignedInCall). A
 * route it sent signed in is written with the same sign-in when `signIn`
 * says how a feature can get it from the environment (the Background signs
 * in; the route's scenarios send the token); otherwise it is left out, with
 * a comment saying why: its sign-in is a secret the feature must not hold,
 * and without it the route answers only what a missing sign-in gets (a 401
 * is no promise).
 */
export function writtenFeature(report: AuditReport, routes: readonly AuditRoute[], headers: readonly (readonly [string, string])[], today: Date, signedIn: readonly SignedInCall[] = [], signIn?: FeatureSignIn): string {
  const writesSignIn = signIn !== undefined && signedIn.some((call) => call !== false && 'headers' in call);
  const day = today.toISOString().slice(0, 10);
  const lines = [
    `# A starter feature written by \`response-conformance audit\` on ${day}, from what a script on`,
    `# ${report.origin} got from ${report.target}. It pins today's picture: edit it to say what`,
    '# you want, not only what is.',
    '# - Delete a scenario that pins an accident. Where the audit found a problem, fix the server:',
    '#   such things are not pinned here.',
    '# - A custom header a script cannot read is written commented out: uncomment it if it must',
    '#   stay hidden. So is a promise of the OpenAPI document the API broke today: uncomment it',
    '#   once the server keeps it.',
    '# - Rename the ids (@id:audit-N) and the scenarios as you like, then keep the ids stable:',
    '#   baselines and reports key on them. The levels are yours to choose too.',
    ...(headers.length > 0 ? ['# - It holds the values of the --header flags you gave: replace them before you commit it.'] : []),
    `# Run it: response-conformance --target ${report.target} --origin ${report.origin}${documentFlag(report)} --features THIS_FILE`,
    ...(writesSignIn ? [`# It signs in as the audit did, from the environment: set ${signIn.kind === 'token' ? 'RESPONSE_CONFORMANCE_TOKEN' : 'RESPONSE_CONFORMANCE_LOGIN_USER and RESPONSE_CONFORMANCE_LOGIN_PASSWORD'}.`] : []),
    `# Its scripts run on ${report.origin}, written out, so it passes whatever --origin you give.`,
    '# The sentences are in docs/STEPS.md.',
    `Feature: What a script on ${report.origin} reads from the API`,
    `  Written by the audit from the API's answers on ${day}. Each scenario pins one thing a`,
    `  script on ${report.origin} gets today, ${report.credentials?.mode === 'omit' ? 'without credentials (a frontend that sends its token itself)' : 'with credentials (cookies)'}.`,
    '',
    '  Sources: the Fetch standard (https://fetch.spec.whatwg.org/); RFC 6265bis',
    '  (https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/); RFC 9110',
    '  (https://www.rfc-editor.org/rfc/rfc9110).',
  ];
  // The headers the frontend's script sends with every request, as the audit sent them.
  const background = [...headers.map(([name, value]) => `every request carries the header "${name}" with the value "${value.replace(/"/g, '\\"')}"`), credentialsStep(report)];
  lines.push('', '  Background:', ...background.map((step, i) => `    ${i === 0 ? 'Given' : 'And'} ${step}`));
  if (writesSignIn) lines.push(...signInLines(signIn).map((line) => `    ${line.replace(/^Given /, 'And ')}`));
  let n = 0;
  let hidden = 0;
  const write = (scenario: Scenario) => {
    if (scenario.commented === undefined) n += 1;
    else hidden += 1;
    lines.push(...scenarioLines(scenario, scenario.commented === undefined ? `audit-${n}` : `audit-hidden-${hidden}`));
  };
  const shared = sharedScenarios(report, routes);
  if (shared.length > 0) {
    lines.push('', '  Rule: Every answer keeps what scripts must not see, and says it varies by Origin');
    shared.forEach(write);
  }
  for (const [i, route] of routes.entries()) {
    const audit = report.routes[i];
    const operation = audit.operation ? `${route.method} ${audit.operation}` : undefined;
    const call = signedIn[i] ?? false;
    if (call !== false && ('unwritable' in call || !writesSignIn)) {
      const why = 'unwritable' in call ? `${call.unwritable}, which a feature must not hold` : 'and a feature must not hold the token';
      lines.push('', `  # ${route.method} ${route.path} is left out: the audit called it signed in, ${why}.`, '  # Sign in from the environment (docs/STEPS.md, "A session") and write its scenarios then;', '  # without a sign-in it answers only what a missing one gets, which is no promise to pin.');
      continue;
    }
    lines.push('', `  Rule: ${operation !== undefined && operation !== `${route.method} ${route.path}` ? `${operation} (called as ${route.method} ${route.path})` : `${route.method} ${route.path}`}`);
    const scenarios = routeScenarios(report, audit, route, routes);
    (call === false ? scenarios : scenarios.map((scenario) => signedInScenario(scenario, call.headers))).forEach(write);
  }
  // The operations the audit only preflighted (unsafe, not sent without --unsafe): the preflight that lets each through.
  const preflighted = preflightedCalls(report);
  for (const [i, notCalled] of (report.notCalled ?? []).entries()) {
    if (notCalled.preflight?.ok !== true) continue;
    const route = preflighted[i]?.route ?? { method: notCalled.method, path: notCalled.preflight.path };
    const label = `${route.method} ${route.path}`;
    // The headers the script sets beyond the Background's: a JSON body's Content-Type, and its sign-in's (a preflight names them, never their values).
    const names = [...(route.body === undefined ? [] : ['Content-Type']), ...(preflighted[i]?.signInHeaders ?? [])];
    const asked: HeaderList = [...headers, ...names.map((name): [string, string] => [name, name.toLowerCase() === 'content-type' ? 'application/json' : 'set'])];
    // A request a browser sends without a preflight has none to pin (the sentence would be misused).
    if (!needsPreflight({ origin: report.origin, method: route.method, credentials: 'include', headers: asked })) continue;
    const headerWords = names.length === 0 ? '' : ` with the headers "${names.join(', ')}"`;
    lines.push('', `  Rule: ${notCalled.method} ${notCalled.operation} (only preflighted${notCalled.operation === route.path ? '' : `, as ${route.path}`})`);
    write({ level: 'MUST', name: `The preflight lets a script on ${report.origin} send ${label}`, steps: [`When a script on ${originWords(report.origin)} asks to call "${label}"${headerWords}`, 'Then the preflight lets it through'] });
  }
  return `${lines.join('\n')}\n`;
}
