/**
 * observe's --write-feature: what the frontend's own traffic got, as a
 * feature in the suite's vocabulary (docs/STEPS.md), POST included. Each
 * operation's exemplar (judge.ts: the request as the frontend sent it, its
 * credentials already `{{name}}`) is sent again as the frontend sent it, and
 * the feature pins what it got today: the status, the headers the script
 * read, the preflight that let it through, the document's description, the
 * cookies set, kept and deleted (a login, then the logout, then the cookie
 * gone). As the audit's written feature (runner/audit/feature.ts), it pins
 * today's picture and never a mistake a finding names: what a finding says
 * is wrong is written commented out, with why, for the user to uncomment
 * once the server is fixed. A credential is never written: each `{{name}}`
 * comes from the environment variable RESPONSE_CONFORMANCE_<NAME>, and the
 * Authorization the frontend sent from RESPONSE_CONFORMANCE_TOKEN.
 * Run with --features against the same server, it passes; it fails, naming
 * the scenario, when the server changes any of that.
 */
import { needsPreflight } from '../../http/script-fetch';
import type { HeaderList } from '../../http/header-list';
import { MASK } from '../../http/secrets';
import { REASON_PHRASES } from '../../http/status';
import { RULES, type RuleId } from '../../rules/catalogue';
import { isSafelistedResponseHeader } from '../../rules/script';
import { isCustomHeader } from '../audit/standard-headers';
import type { ObserveReport } from './index';
import type { Exemplar, ObservedOperation } from './judge';

export interface ObservedFeature {
  /** The feature's text. */
  readonly text: string;
  /** The environment variables it reads its credentials from, each with the {{name}} it stands for. */
  readonly variables: readonly { readonly name: string; readonly variable: string }[];
}

interface Scenario {
  readonly level: 'MUST' | 'SHOULD';
  readonly name: string;
  readonly steps: readonly string[];
  /** Written commented out, for the user to uncomment when it is what they want. */
  readonly commented?: { readonly why: readonly string[] };
}

/** The environment variable a `{{name}}` of the written feature comes from: RESPONSE_CONFORMANCE_PASSWORD for "password". */
export function variableOf(name: string): string {
  return `RESPONSE_CONFORMANCE_${name.replace(/\W/g, '_').toUpperCase()}`;
}

/** The placeholder of the Authorization credentials the frontend sent (only its scheme was kept). */
const TOKEN = 'token';

/** Findings that say a browser refuses the cookie: the feature then does not pin that it keeps it. */
const REFUSED: ReadonlySet<RuleId> = new Set<RuleId>(['cookie-refused', 'samesite-none-without-secure', 'cookie-not-sent-cross-site']);

const quoted = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** "x-total-count" → "X-Total-Count": as people write header names (the sentences compare them case-insensitively). */
function headerWords(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
}

/** A data table's cell: | and \ escaped as Gherkin reads them. */
const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, '\\n');

/** The exemplar's request, as the suite's sentences send it; or why it cannot be written. */
interface Call {
  readonly endpoint: string;
  /** The set-up lines it needs before its When (the Authorization it carried). */
  readonly given: readonly string[];
  /** "When …" and its doc string or table. */
  readonly when: readonly string[];
  /** A script's call (its origin), or a plain client's (null). */
  readonly origin: string | null;
  readonly json: boolean;
  readonly names: ReadonlySet<string>;
  /** The script's credentials mode when it is not the Background's: a Given line of its own. */
  readonly credentials: readonly string[];
}

/** The request target relative to --target (a path prefix the proxy adds is taken off), credential-named query values as {{name}}. */
function endpointOf(exemplar: Exemplar, target: string, names: Set<string>): string | { readonly unwritable: string } {
  const prefix = new URL(target).pathname.replace(/\/$/, '');
  let path = prefix !== '' && exemplar.target.startsWith(`${prefix}/`) ? exemplar.target.slice(prefix.length) : exemplar.target;
  path = path.replace(new RegExp(`([?&])([A-Za-z_][\\w]*)=${MASK.replace(/[[\]]/g, '\\$&')}`, 'g'), (_, lead: string, name: string) => {
    names.add(name);
    return `${lead}${name}={{${name}}}`;
  });
  if (path.includes(MASK)) return { unwritable: 'its path held a secret, masked in the report' };
  if (/["\s]/.test(path)) return { unwritable: 'its path holds a quote or a space, which the sentences cannot send' };
  return `${exemplar.method} ${path}`;
}

function callOf(exemplar: Exemplar, report: ObserveReport, withCredentials: boolean): Call | { readonly unwritable: string } {
  const names = new Set(exemplar.secrets);
  const endpoint = endpointOf(exemplar, report.target, names);
  if (typeof endpoint !== 'string') return endpoint;
  if (exemplar.body?.includes(MASK) === true) return { unwritable: 'its body held a secret, masked in the report' };
  const form = exemplar.body !== undefined && /^application\/x-www-form-urlencoded\b/i.test(exemplar.contentType ?? '');
  const json = exemplar.body !== undefined && !form;
  // A script sends no form in the vocabulary: a form is a plain client's call.
  const origin = form ? null : exemplar.origin;
  // A script that fetched otherwise than the Background says: its own mode first (the preflight is asked with it too).
  const credentials = origin !== null && (exemplar.credentials === 'include') !== withCredentials ? [`Given the frontend's scripts fetch ${exemplar.credentials === 'include' ? 'with' : 'without'} credentials`] : [];
  const authorization = exemplar.authorization === undefined ? [] : [`every request carries the header "Authorization" with the value ${quoted(`${exemplar.authorization} {{${TOKEN}}}`)}`];
  if (exemplar.authorization !== undefined) names.add(TOKEN);
  const given = [...credentials, ...authorization.map((line) => `${credentials.length === 0 ? 'Given' : 'And'} ${line}`)];
  const who = origin === null ? 'a client' : `a script on ${quoted(origin)}`;
  const base = `When ${who} calls ${quoted(endpoint)}`;
  let when: string[];
  if (json) when = [`${base} with the JSON:`, '  """', `  ${exemplar.body}`, '  """'];
  else if (form) when = [`${base} with the form:`, ...[...new URLSearchParams(exemplar.body)].map(([name, value]) => `  | ${cell(name)} | ${cell(value)} |`)];
  else when = [base];
  // A {{…}} the frontend itself sent (not a credential's place) would be read as a value's name the feature never defines.
  const foreign = [...`${endpoint} ${exemplar.body ?? ''}`.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1]).filter((name) => !names.has(name));
  if (foreign.length > 0) return { unwritable: `it sent {{${foreign[0]}}} itself, which the sentences would read as a value's name` };
  return { endpoint, given, when, origin, json, names, credentials };
}

/** The call's steps, its set-up first. */
const stepsOf = (call: Call) => [...call.given, ...call.when];

/** Two calls in one scenario, each with its own set-up just before it (the second's as And lines, so the first is sent as the frontend sent it). */
function chained(first: Call, then: Call): string[] {
  const and = (line: string) => line.replace(/^(Given|When) /, 'And ');
  return [...stepsOf(first), ...then.given.map(and), ...then.when.map((line, i) => (i === 0 ? and(line) : line))];
}

function ruleIds(operation: ObservedOperation): Set<RuleId> {
  return new Set(operation.findings.map((f) => f.id));
}

function why(operation: ObservedOperation, ids: readonly RuleId[], then: string): string[] {
  const found = operation.findings.filter((f) => ids.includes(f.id));
  const first = found[0];
  return [`observe found ${[...new Set(found.map((f) => f.id))].join(', ')} here${first === undefined ? '' : ` (first #${first.first.seq})`}: this is not pinned as if right.`, then];
}

/**
 * `session`: the call that set a cookie the frontend still held when it
 * first called this operation with credentials (its sign-in), sent first in
 * each scenario, as the browser's session was: the exemplar does not say
 * which cookies the request carried, so a later credentialed call is taken
 * to carry the session the frontend had.
 */
function operationScenarios(operation: ObservedOperation, call: Call, report: ObserveReport, setters: ReadonlyMap<string, Call>, setCookieExposed: boolean, session?: Call): Scenario[] {
  const exemplar = operation.exemplar!;
  const steps = session === undefined ? stepsOf(call) : chained(session, call);
  const label = call.endpoint;
  const found = ruleIds(operation);
  const out: Scenario[] = [];
  const reason = REASON_PHRASES[exemplar.status];
  if (reason !== undefined) {
    const error = exemplar.status >= 400;
    out.push({
      level: 'MUST',
      name: `${label} answers ${exemplar.status} ${reason}`,
      steps: [...steps, `Then the server answers ${exemplar.status} ${reason}`],
      ...(error ? { commented: { why: [`The frontend got ${exemplar.status} ${reason} here and no 2xx: an error is likely not the answer you mean to keep.`, 'Uncomment this scenario if it is.'] } } : {}),
    });
  }
  if (call.origin !== null && exemplar.granted === true) {
    for (const name of exemplar.readable.filter((n) => !isSafelistedResponseHeader(n))) {
      out.push({ level: 'MUST', name: `A script on ${call.origin} reads ${headerWords(name)} from ${label}`, steps: [...steps, `Then the script can read ${quoted(headerWords(name))}`] });
    }
  }
  if (call.origin !== null && exemplar.granted === true) {
    // A custom header hidden from the script may be an accident: the user decides, as in the audit's feature.
    for (const name of operation.hidden.filter(isCustomHeader)) {
      out.push({
        level: 'SHOULD',
        name: `A script on ${call.origin} cannot read ${headerWords(name)} from ${label}`,
        steps: [...steps, `Then the script cannot read ${quoted(headerWords(name))}`],
        commented: { why: [`${headerWords(name)} is a custom header a script on ${call.origin} could not read today. If it must stay hidden,`, 'uncomment this scenario; if the frontend reads it, expose it instead.'] },
      });
    }
  }
  if (call.origin !== null && exemplar.granted === false) {
    out.push({
      level: 'MUST',
      name: `A script on ${call.origin} is refused ${label}`,
      steps: [...steps, 'Then the script is refused'],
      commented: { why: [`A script on ${call.origin} was refused ${label} today: the frontend called it, so this is likely a mistake, not a promise.`, 'Uncomment this scenario if the refusal is what you mean.'] },
    });
  }
  // The preflight that let the request through: asked with the headers the script set.
  const asked = [...(call.json ? ['Content-Type'] : []), ...(exemplar.authorization === undefined ? [] : ['Authorization'])];
  const askedHeaders: HeaderList = asked.map((name): [string, string] => [name, name === 'Content-Type' ? 'application/json' : 'set']);
  // The request was sent, so its preflight let it through, whatever the answer then granted.
  if (call.origin !== null && exemplar.granted !== null && operation.preflights > 0 && needsPreflight({ origin: call.origin, method: exemplar.method, credentials: exemplar.credentials, headers: askedHeaders })) {
    const preflightFound = [...found].filter((id) => RULES[id].scope === 'preflight');
    out.push({
      level: 'MUST',
      name: `The preflight lets a script on ${call.origin} send ${label}`,
      steps: [...call.credentials, `When a script on ${quoted(call.origin)} asks to call ${quoted(label)}${asked.length === 0 ? '' : ` with the headers ${quoted(asked.join(', '))}`}`, 'Then the preflight lets it through'],
      ...(preflightFound.length > 0 ? { commented: { why: why(operation, preflightFound, 'Uncomment it once the server answers the preflight as the frontend needs.') } } : {}),
    });
  }
  if (report.document !== undefined && operation.documented) {
    const broken = [...found].filter((id) => RULES[id].scope === 'promise' && id !== 'declared-header-hidden');
    out.push({
      level: 'MUST',
      name: `${label} answers as the OpenAPI document describes`,
      steps: [...steps, 'Then the response matches its description in the OpenAPI document'],
      ...(broken.length > 0 ? { commented: { why: why(operation, broken, 'Uncomment it once the server keeps the promise (or the document says what it does).') } } : {}),
    });
  }
  for (const cookie of exemplar.cookies) {
    const name = quoted(cookie.name);
    if (cookie.cleared) {
      out.push({ level: 'MUST', name: `${label} clears the cookie ${cookie.name}`, steps: [...steps, `Then the response clears the cookie ${name}`] });
      const setter = setters.get(cookie.name);
      if (setter !== undefined) {
        out.push({
          level: 'MUST',
          name: `After ${setter.endpoint} and ${label} the browser no longer keeps the cookie ${cookie.name}`,
          steps: [...chained(setter, call), `Then the browser no longer keeps the cookie ${name}`],
          ...(found.has('logout-keeps-cookie') ? { commented: { why: why(operation, ['logout-keeps-cookie'], 'Uncomment it once the deletion matches the cookie it deletes.') } } : {}),
        });
      }
      continue;
    }
    out.push({ level: 'MUST', name: `${label} sets the cookie ${cookie.name}`, steps: [...steps, `Then the response sets the cookie ${name}`] });
    const refused = [...found].filter((id) => REFUSED.has(id));
    out.push({
      level: 'MUST',
      name: `The browser keeps the cookie ${cookie.name} from ${label}`,
      steps: [...steps, `Then the browser keeps the cookie ${name}`],
      ...(refused.length > 0 ? { commented: { why: why(operation, refused, 'Uncomment it once a browser on the frontend keeps the cookie.') } } : {}),
    });
    if (call.origin !== null && exemplar.granted === true && !setCookieExposed) {
      out.push({ level: 'MUST', name: `A script on ${call.origin} never reads Set-Cookie from ${label}`, steps: [...steps, 'Then the script never reads "Set-Cookie"'] });
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
function documentFlag(report: ObserveReport): string {
  const source = report.document?.source;
  return source === undefined || source === `${report.target.replace(/\/$/, '')}/openapi.json` ? '' : ` --openapi ${source}`;
}

/**
 * The feature written from `report` (its target without userinfo; its
 * exemplars hold no credential), on `today`. Operations without an exemplar
 * (only preflighted, or never answered) are named in a comment and left out.
 */
export function observedFeature(report: ObserveReport, today: Date): ObservedFeature {
  const day = today.toISOString().slice(0, 10);
  const scripts = report.operations.filter((o) => o.exemplar !== undefined && o.exemplar.origin !== null);
  const withCredentials = scripts.length === 0 || scripts.some((o) => o.exemplar!.credentials === 'include');
  const calls = new Map<ObservedOperation, Call | { readonly unwritable: string }>();
  for (const operation of report.operations) if (operation.exemplar !== undefined) calls.set(operation, callOf(operation.exemplar, report, withCredentials));
  const written = (o: ObservedOperation): Call | undefined => {
    const call = calls.get(o);
    return call === undefined || 'unwritable' in call ? undefined : call;
  };
  // The call that set each cookie (the first, by the order observed): a deletion is judged after it.
  const setters = new Map<string, Call>();
  for (const operation of report.operations) {
    const call = written(operation);
    // A cookie the browser refused is never kept: its deletion has nothing to be judged after.
    if (call === undefined || operation.findings.some((f) => REFUSED.has(f.id))) continue;
    for (const cookie of operation.exemplar!.cookies) if (!cookie.cleared && !setters.has(cookie.name)) setters.set(cookie.name, call);
  }
  // The sign-in each operation came after, while its cookie was kept (not refused, not yet deleted).
  const sessionOf = (operation: ObservedOperation): Call | undefined => {
    if (operation.exemplar?.credentials !== 'include') return undefined;
    const seq = operation.first.seq;
    for (const setter of report.operations) {
      const setterCall = written(setter);
      if (setter === operation || setterCall === undefined || setter.first.seq >= seq || setter.findings.some((f) => REFUSED.has(f.id))) continue;
      const set = setter.exemplar!.cookies.filter((c) => !c.cleared).map((c) => c.name);
      const deleted = (name: string) => report.operations.some((o) => o !== operation && o.first.seq > setter.first.seq && o.first.seq < seq && o.exemplar?.cookies.some((c) => c.cleared && c.name === name) === true);
      if (set.some((name) => !deleted(name))) return setterCall;
    }
    return undefined;
  };
  const names = [...new Set(report.operations.flatMap((o) => [...(written(o)?.names ?? [])]))].sort();
  const variables = names.map((name) => ({ name, variable: variableOf(name) }));
  const setCookieExposed = [...report.operations.flatMap((o) => o.findings), ...report.findings].some((f) => f.id === 'set-cookie-exposed');
  // The frontend's origin, for the run line: the scripts' own, written out in each sentence.
  const origin = scripts[0]?.exemplar?.origin ?? undefined;
  const source = report.har === undefined ? `through ${report.proxy ?? 'the proxy'}` : `recorded in ${report.har.source}`;
  const lines = [
    `# A feature written by \`response-conformance observe\` on ${day}, from the ${report.exchanges} exchange${report.exchanges === 1 ? '' : 's'}`,
    `# a frontend had with ${report.target}`,
    `# (${source}). It pins today's picture: edit it to say what you want, not only what is.`,
    '# - Each scenario sends again the request the frontend sent (POST, PUT and DELETE too):',
    '#   run it against a server whose data you may change.',
    '# - What observe found wrong is not pinned: it is written commented out, with why, to',
    '#   uncomment once the server is fixed.',
    '# - A call the frontend made with credentials after a sign-in is sent after that sign-in, as the',
    '#   browser sent it with the session cookie.',
    '# - Rename the ids (@id:observed-N) and the scenarios as you like, then keep the ids stable:',
    '#   baselines and reports key on them.',
    `# Run it: response-conformance --target ${report.target}${origin === undefined ? '' : ` --origin ${origin}`}${documentFlag(report)} --features THIS_FILE`,
    ...(origin === undefined ? [] : [`# Its scripts run on the origins observed, written out, so it passes whatever --origin you give.`]),
    ...(variables.length > 0 ? [`# It reads what the frontend sent as credentials from the environment: set ${variables.map((v) => v.variable).join(', ')}.`] : []),
    '# The sentences are in docs/STEPS.md.',
    `Feature: What the frontend got from ${report.target}`,
    `  Written by observe on ${day} from ${report.exchanges} observed exchange${report.exchanges === 1 ? '' : 's'}: the requests the frontend sent, each`,
    `  pinned with what it got today, ${withCredentials ? 'its scripts fetching with credentials (cookies)' : 'its scripts fetching without credentials'}.`,
    '',
    '  Sources: the Fetch standard (https://fetch.spec.whatwg.org/); RFC 6265bis',
    '  (https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/); RFC 9110',
    '  (https://www.rfc-editor.org/rfc/rfc9110).',
    '',
    '  Background:',
    `    Given the frontend's scripts fetch ${withCredentials ? 'with' : 'without'} credentials`,
    ...variables.map((v) => `    And the value ${quoted(v.name)} comes from the environment variable ${quoted(v.variable)}`),
  ];
  let n = 0;
  let hidden = 0;
  for (const operation of report.operations) {
    const call = calls.get(operation);
    if (call === undefined || 'unwritable' in call) {
      const because = call === undefined ? 'no request of it was answered (only preflights, or no answer)' : call.unwritable;
      lines.push('', `  # ${operation.label} is left out: ${because}.`);
      continue;
    }
    lines.push('', `  Rule: ${operation.label}${operation.label === call.endpoint ? '' : ` (called as ${call.endpoint})`}`);
    for (const scenario of operationScenarios(operation, call, report, setters, setCookieExposed, sessionOf(operation))) {
      if (scenario.commented === undefined) n += 1;
      else hidden += 1;
      lines.push(...scenarioLines(scenario, scenario.commented === undefined ? `observed-${n}` : `observed-hidden-${hidden}`));
    }
  }
  return { text: `${lines.join('\n')}\n`, variables };
}
