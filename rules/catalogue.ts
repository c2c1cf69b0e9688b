/**
 * Every rule the suite judges, in one place (after graphql-http's audits:
 * the id, the level and the title together). A rule's id is stable:
 * baselines, reports and tools key on it, and the wording may change. Its
 * level is fixed here and nowhere else; its scope says what it is judged on:
 *
 * - `api`: the whole API, once (the probes from an origin nobody would
 *   allow, and from "null");
 * - `route`: a route's own answer to the frontend's script;
 * - `preflight`: the preflight a browser sends before the script's request;
 * - `cookie`: a cookie the answer sets;
 * - `promise`: what the API's OpenAPI document promises of the answer.
 *
 * The checks (cors.ts, preflight.ts, origins.ts, cookies.ts, promises.ts)
 * return failures naming these ids; every surface (the sentences, the
 * audit, JUnit, the HTML, the written feature, the matrix) renders them.
 */

export type Level = 'MUST' | 'SHOULD';

export type Scope = 'api' | 'route' | 'preflight' | 'cookie' | 'promise';

export interface Source {
  /** As a reader cites it: "Fetch §3.2.3". */
  readonly name: string;
  readonly url: string;
}

export interface Rule {
  readonly level: Level;
  readonly scope: Scope;
  /** The requirement, starting with its level. */
  readonly title: string;
  /** What breaking it looks like, for the docs' tables (Markdown). */
  readonly meaning: string;
  readonly source: Source;
}

const FETCH = 'https://fetch.spec.whatwg.org/';
const fetch = (section: string, anchor: string): Source => ({ name: `Fetch ${section}`, url: `${FETCH}#${anchor}` });
const RFC6265BIS = 'https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis';
const cookies = (section: string): Source => ({ name: `RFC 6265bis ${section}`, url: `${RFC6265BIS}#section-${section.slice(1)}` });
const OPENAPI = 'https://spec.openapis.org/oas/v3.1.0';
const openapi = (object: string, anchor: string): Source => ({ name: `OpenAPI 3.1 ${object}`, url: `${OPENAPI}#${anchor}` });

export const RULES = {
  'allow-origin-list': {
    level: 'MUST',
    scope: 'route',
    title: 'MUST send exactly one Access-Control-Allow-Origin value',
    meaning: 'more than one `Access-Control-Allow-Origin` value, which grants no one',
    source: fetch('§4.9 CORS check', 'cors-check'),
  },
  'wildcard-origin-with-credentials': {
    level: 'MUST',
    scope: 'route',
    title: 'MUST NOT answer a credentialed request with Access-Control-Allow-Origin: *',
    meaning: '`Access-Control-Allow-Origin: *` with `Allow-Credentials: true` grants no credentialed request',
    source: fetch('§3.2.5', 'cors-protocol-and-credentials'),
  },
  'credentials-not-allowed': {
    level: 'MUST',
    scope: 'route',
    title: 'MUST send Access-Control-Allow-Credentials: true to a credentialed request it grants',
    meaning: 'the origin is granted without `Allow-Credentials: true`, so a fetch() with cookies is refused',
    source: fetch('§4.9 CORS check', 'cors-check'),
  },
  'origin-refused': {
    level: 'MUST',
    scope: 'route',
    title: "MUST grant the frontend's origin its responses",
    meaning: 'the frontend\'s origin is not granted at all',
    source: fetch('§4.9 CORS check', 'cors-check'),
  },
  'error-not-readable': {
    level: 'MUST',
    scope: 'route',
    title: "MUST let the frontend's script read an error answer, as it reads the route's other answers",
    meaning: 'an error answer (4xx, 5xx) lacks `Access-Control-Allow-Origin` while the origin is granted elsewhere, so the script gets a network error ("Failed to fetch", "CORS error") instead of the status: an exception or a proxy answered outside the CORS layer',
    source: fetch('§4.9 CORS check', 'cors-check'),
  },
  'vary-origin-missing': {
    level: 'SHOULD',
    scope: 'route',
    title: 'SHOULD say Vary: Origin when Access-Control-Allow-Origin depends on the Origin',
    meaning: 'the answer\'s grant depends on the Origin, but `Vary` does not name Origin, so caches may mix origins (a static grant, the same for every Origin, needs none)',
    source: fetch('§3.2.3', 'cors-protocol-and-http-caches'),
  },
  'expose-wildcard-with-credentials': {
    level: 'MUST',
    scope: 'route',
    title: 'MUST list the exposed header names for a credentialed request, not *',
    meaning: '`Access-Control-Expose-Headers: *` exposes nothing to a credentialed script',
    source: fetch('§3.2.5', 'cors-protocol-and-credentials'),
  },
  'set-cookie-exposed': {
    level: 'SHOULD',
    scope: 'route',
    title: 'SHOULD NOT list Set-Cookie as exposed: no script can ever read it',
    meaning: '`Set-Cookie` listed as exposed: no script can ever read it',
    source: fetch('§2.2.2', 'forbidden-response-header-name'),
  },
  'preflight-refuses-origin': {
    level: 'MUST',
    scope: 'preflight',
    title: "MUST grant the frontend's origin on the preflight",
    meaning: 'the preflight does not grant the frontend\'s origin',
    source: fetch('§4.8 CORS-preflight fetch', 'cors-preflight-fetch'),
  },
  'preflight-not-ok': {
    level: 'MUST',
    scope: 'preflight',
    title: 'MUST answer a preflight with an ok status (200–299)',
    meaning: 'the preflight answers with a status outside 200–299, and refuses nothing else',
    source: fetch('§4.8 CORS-preflight fetch', 'cors-preflight-fetch'),
  },
  'preflight-refuses-method': {
    level: 'MUST',
    scope: 'preflight',
    title: "MUST allow the route's own method on the preflight",
    meaning: 'the preflight does not allow the route\'s own method',
    source: fetch('§4.8 CORS-preflight fetch', 'cors-preflight-fetch'),
  },
  'preflight-refuses-header': {
    level: 'MUST',
    scope: 'preflight',
    title: 'MUST allow on the preflight the headers the request needs',
    meaning: 'the preflight does not allow a header the request needs',
    source: fetch('§4.8 CORS-preflight fetch', 'cors-preflight-fetch'),
  },
  'origin-reflected': {
    level: 'MUST',
    scope: 'api',
    title: 'MUST NOT grant an origin it was merely sent (reflecting any Origin)',
    meaning: 'an origin nobody would allow (`https://audit-probe.invalid`) is granted: the server echoes any Origin',
    source: fetch('§3.2.5', 'cors-protocol-and-credentials'),
  },
  'null-origin-allowed': {
    level: 'MUST',
    scope: 'api',
    title: 'MUST NOT grant Origin: null',
    meaning: '`Origin: null`, which any sandboxed iframe sends, is granted',
    source: fetch('§3.2.5', 'cors-protocol-and-credentials'),
  },
  'samesite-none-without-secure': {
    level: 'MUST',
    scope: 'cookie',
    title: 'MUST mark a SameSite=None cookie Secure, or browsers reject it',
    meaning: 'browsers reject a `SameSite=None` cookie without `Secure`',
    source: cookies('§5.6.7'),
  },
  'session-cookie-not-httponly': {
    level: 'SHOULD',
    scope: 'cookie',
    title: 'SHOULD mark a session cookie HttpOnly',
    meaning: 'a session-like cookie (by its name, or HttpOnly on another route) without `HttpOnly`',
    source: cookies('§4.1.2.6'),
  },
  'cookie-not-sent-cross-site': {
    level: 'SHOULD',
    scope: 'cookie',
    title: "SHOULD set a cookie the frontend's cross-site fetch() calls send back (SameSite=None; Secure)",
    meaning: 'a `SameSite=Lax` or `Strict` cookie (or one without SameSite) that the browser will not send with the frontend\'s fetch() calls, because the frontend is on another site',
    source: cookies('§5.2'),
  },
  'cookie-refused': {
    level: 'MUST',
    scope: 'cookie',
    title: 'MUST set cookies a browser on the origin keeps (RFC 6265bis storage model)',
    meaning: "a browser on the frontend's origin refuses a cookie the API sets: `Secure` over an insecure connection, a `Domain` the host is not in, a broken `__Secure-`/`__Host-` prefix (the reason as Chromium names it)",
    source: cookies('§5.7'),
  },
  'logout-keeps-cookie': {
    level: 'MUST',
    scope: 'cookie',
    title: 'MUST delete a cookie at logout with the Path and Domain it was set with',
    meaning: 'the logout clears the cookie with another `Path` or `Domain` than the login set it with, so the browser keeps the login cookie and the user stays signed in',
    source: cookies('§5.7'),
  },
  'declared-header-hidden': {
    level: 'MUST',
    scope: 'promise',
    title: 'MUST let a script on the origin read every header the document declares',
    meaning: 'a header the document declares for this status arrives, but a script on the origin cannot read it: neither CORS-safelisted nor in `Access-Control-Expose-Headers` (judged by the Fetch model)',
    source: fetch('§2.2.6 CORS filtered response', 'concept-filtered-response-cors'),
  },
  'declared-header-missing': {
    level: 'MUST',
    scope: 'promise',
    title: 'MUST send every header the document declares required',
    meaning: 'a header the document declares `required: true` for this status is absent (an optional one may be)',
    source: openapi('Header Object', 'header-object'),
  },
  'declared-header-mismatch': {
    level: 'SHOULD',
    scope: 'promise',
    title: "SHOULD send each declared header with a value its schema allows",
    meaning: 'a declared header\'s value does not fit its schema (read by OpenAPI\'s `simple` style)',
    source: openapi('Header Object', 'header-object'),
  },
  'undeclared-field': {
    level: 'MUST',
    scope: 'promise',
    title: 'MUST NOT send a field the response schema does not declare',
    meaning: 'the JSON body has fields the response schema does not declare, at any depth: the response model did not filter the answer',
    source: openapi('Schema Object', 'schema-object'),
  },
  'schema-mismatch': {
    level: 'MUST',
    scope: 'promise',
    title: 'MUST send a body that fits the response schema',
    meaning: 'the body does not fit the declared schema, or is served as JSON and is not JSON (an empty body included)',
    source: openapi('Media Type Object', 'media-type-object'),
  },
  'undeclared-status': {
    level: 'SHOULD',
    scope: 'promise',
    title: 'SHOULD answer with a status the document declares',
    meaning: 'the status is not among the operation\'s responses, and neither is its range (`4XX`) nor `default`',
    source: openapi('Responses Object', 'responses-object'),
  },
  'content-type-mismatch': {
    level: 'SHOULD',
    scope: 'promise',
    title: 'SHOULD send the media type the document declares, and no body where it declares none',
    meaning: 'the answer\'s media type is none of those declared for its status, or it has none, or a body arrives where the document declares no content (HEAD, 1xx, 204 and 304 have no body to judge)',
    source: openapi('Response Object', 'response-object'),
  },
} as const satisfies Record<string, Rule>;

/** A rule's id: a misspelt one does not compile. */
export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

export function levelOf(id: RuleId): Level {
  return RULES[id].level;
}

/** The rules of a scope, in the catalogue's order. */
export function rulesIn(scope: Scope): RuleId[] {
  return RULE_IDS.filter((id) => RULES[id].scope === scope);
}


/** The ids of one scope's rules, as a type. */
export type RuleIdIn<S extends Scope> = { [K in RuleId]: (typeof RULES)[K]['scope'] extends S ? K : never }[RuleId];
