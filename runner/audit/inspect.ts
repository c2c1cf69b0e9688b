/**
 * The audit of one target from one frontend origin: for each route, what a
 * credentialed script on that origin gets (and one without credentials),
 * judged by the Fetch model on the server's real answers and, when Chromium
 * is installed, by Chromium too. Each route is called with its preflight
 * when it needs one, then probed from an origin nobody would allow and from
 * the opaque origin "null".
 */
import { corsRequestFor, grantElsewhere, needsPreflight, sendAsScript, sendPreflight, sendPreflightAnyway, withOrigin, type Send } from '../../http/script-fetch';
import { sameName, type HeaderList } from '../../http/header-list';
import type { Exchange, OutgoingRequest } from '../../http/client';
import { JSON_CONTENT } from '../../http/media-type';
import { cookiesSet, isClearing, receivedAt, type ParsedCookie } from '../../http/set-cookie';
import { allowOriginOf, exposedList, grantsWithoutVary, originGrant, varyOrigin, type GrantElsewhere } from '../../rules/cors';
import { cookieRules } from '../../rules/cookies';
import { nullOriginAllowed, originReflected, type EchoSeenOn } from '../../rules/origins';
import { originVerdict, type SeenAnswer } from '../../rules/errors';
import { preflightLetsThrough, refusesTheOrigin } from '../../rules/preflight';
import type { UncheckedSchema } from '../../rules/promises';
import { sightOf, hiddenNames, type CorsRequest } from '../../rules/script';
import type { AuditRoute } from '../configuration';
import { explain, type AuditFailure, type Finding } from './explain';
import { isCustomHeader } from './standard-headers';
import type { ErrorProbe } from './error-probes';

export type { AuditRoute };

export interface CookieView {
  readonly name: string;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly sameSite: string | null;
  readonly path: string | null;
  readonly domain: string | null;
  readonly maxAge: number | null;
  readonly expires: string | null;
  /** Set so that a browser removes it (Max-Age of zero or less, or an Expires not after the response's Date). */
  readonly cleared: boolean;
}

export interface BrowserView {
  readonly engine: 'Chromium' | 'Firefox';
  readonly granted: boolean;
  readonly readable: readonly string[];
  /** Where the engine and the Fetch model disagree; empty when they agree. */
  readonly disagreements: readonly string[];
}

export interface RouteAudit {
  readonly method: string;
  /** The path as sent, with its query. */
  readonly path: string;
  /** With a document: the operation's path template ("/api/items/{item_id}"); null for a --route that calls none of its operations. */
  readonly operation?: string | null;
  /** With --unsafe, for a body the audit built: where it came from (the document's example, or generated from its schema). */
  readonly bodyFrom?: string;
  /** With a document: the path and query values it was called with, each with where it came from ("--param", "example", 'link "GetArticle" from GET /api/articles', "answer of GET /api/articles at /articles/0/slug"). */
  readonly values?: readonly { readonly name: string; readonly value: unknown; readonly from: string }[];
  readonly status: number;
  /** Whether a script with credentials on the origin is granted the response (preflight included), and if not, why. */
  readonly granted: boolean;
  readonly reason: string | null;
  readonly grantedWithoutCredentials: boolean;
  readonly reasonWithoutCredentials: string | null;
  /** The preflight's verdict, for a route that needs one. */
  readonly preflight: { readonly status: number; readonly ok: boolean; readonly reason: string | null } | null;
  /** Header names the credentialed script can read, and those the server sent that it cannot. */
  readonly readable: readonly string[];
  readonly hidden: readonly string[];
  /**
   * The custom headers (neither standard nor the CORS protocol's,
   * standard-headers.ts) among the hidden ones, not declared by the
   * document: worth a look (if the frontend reads one, expose it), not a finding.
   */
  readonly hiddenCustom: readonly string[];
  /** With a document: the headers it declares for this status. */
  readonly declaredHeaders?: readonly string[];
  readonly cookies: readonly CookieView[];
  readonly findings: readonly Finding[];
  /** The first engine's view (Chromium's, unless --browsers put another first); null when no engine was asked, or for an unsafe operation the audit built. */
  readonly browser: BrowserView | null;
  /** Every engine's view, in the order --browsers named them. */
  readonly browsers: readonly BrowserView[];
  /** With a document: its schemas for this answer that Ajv cannot compile, each with what it left unchecked (a note, never a finding); absent when none. */
  readonly unchecked?: readonly UncheckedSchema[];
  /** With a document, for a GET or HEAD: the requests sent to meet an error (error-probes.ts), each judged; absent when none applied. */
  readonly errorProbes?: readonly ErrorProbe[];
}

export interface RouteEvidence {
  readonly route: AuditRoute;
  readonly request: CorsRequest;
  readonly preflight?: Exchange;
  readonly actual: Exchange;
  readonly probe: Exchange;
  readonly nullProbe: Exchange;
  /**
   * A safe route that grants without Vary: Origin, asked again without an
   * Origin, to see whether the grant is static (Fetch §3.2.3).
   */
  readonly plain?: Exchange;
  /** The origin probes beyond `probe` and `nullProbe` (originProbes): absent when the frontend sends no credentials. */
  readonly echoProbes?: readonly EchoProbe[];
}

/**
 * A probe for origin echoing beyond the route's own request: its preflight
 * sent from another origin (a server may echo any origin on preflights only),
 * or a safe request carrying a cookie (Starlette's CORSMiddleware with
 * allow_origins=["*"] and allow_credentials=True answers `*` without one and
 * echoes the origin with one).
 */
export interface EchoProbe {
  readonly origin: string;
  readonly on: EchoSeenOn;
  readonly exchange: Exchange;
}

/** An origin no server should allow, for the reflection probe. */
export const PROBE_ORIGIN = 'https://audit-probe.invalid';

/** The harmless cookie the audit's cookie-carrying probe sends, named so a server's log says where it came from. */
export const PROBE_COOKIE = 'audit_probe=1';

/** The frontend's call for the route: its own headers (--header), and a JSON Content-Type with a body. */
function scriptCallOf(route: AuditRoute, authorHeaders: HeaderList): OutgoingRequest {
  return { method: route.method, path: route.path, headers: [...authorHeaders, ...(route.body === undefined ? [] : JSON_CONTENT)], body: route.body };
}

export function corsRequestOf(route: AuditRoute, origin: string, authorHeaders: HeaderList, credentials: CorsRequest['credentials'] = 'include'): CorsRequest {
  return corsRequestFor(origin, scriptCallOf(route, authorHeaders), credentials);
}

const SAFE_METHODS = /^(GET|HEAD)$/;

/**
 * The route's answers: the script's call (with its preflight), then the
 * probes from an origin nobody would allow and from "null". `together`
 * sends the two probes side by side (they are safe: a GET, a HEAD or a
 * preflight), as the audit of a document does to save a round trip per
 * operation; routes given alone send them one after the other.
 */
export async function gatherEvidence(
  send: Send,
  route: AuditRoute,
  origin: string,
  authorHeaders: HeaderList,
  together = false,
  credentials: CorsRequest['credentials'] = 'include',
  browserCookies: HeaderList = [],
): Promise<RouteEvidence> {
  const authored = scriptCallOf(route, authorHeaders);
  const request = corsRequestFor(origin, authored, credentials);
  // The cookies a browser adds itself (a signed-in session), only to a fetch with credentials: never the script's own headers.
  const call = credentials === 'include' && browserCookies.length > 0 ? { ...authored, headers: [...(authored.headers ?? []), ...browserCookies] } : authored;
  const { preflight, actual } = await sendAsScript(send, request, call);
  // The probes need only the answer's CORS headers: the preflight when there is one (it changes nothing), else the
  // request again, if it is safe; an unsafe request is sent once, so its probes ask as a preflight would.
  const probeOf = async (probeOrigin: string) => {
    const probeRequest = { ...request, origin: probeOrigin };
    if (!needsPreflight(probeRequest) && !SAFE_METHODS.test(route.method)) return sendPreflightAnyway(send, probeRequest, route.path);
    return (await sendPreflight(send, probeRequest, route.path)) ?? (await sendAsScript(send, probeRequest, call)).actual;
  };
  // Only an answer that would otherwise be told to add Vary is asked again, without an Origin.
  const plainOf = async () => (SAFE_METHODS.test(route.method) && grantsWithoutVary(actual) ? { plain: (await grantElsewhere(send, call, null)).exchange } : {});
  const echoOf = async () => (credentials === 'omit' ? {} : { echoProbes: await originProbes(send, route, request, call, together) });
  if (together) {
    const [probe, nullProbe, plain, echo] = await Promise.all([probeOf(PROBE_ORIGIN), probeOf('null'), plainOf(), echoOf()]);
    return { route, request, preflight, actual, probe, nullProbe, ...plain, ...echo };
  }
  return { route, request, preflight, actual, probe: await probeOf(PROBE_ORIGIN), nullProbe: await probeOf('null'), ...(await plainOf()), ...(await echoOf()) };
}

/**
 * The origin probes `probe` and `nullProbe` do not already make: the route's
 * preflight from another origin and from "null", unless the route's own
 * probes were preflights; and, for a safe route whose call carries no cookie
 * yet, the request again from another origin with the audit's cookie. Each
 * is safe (an OPTIONS, a GET or a HEAD). `call`: the route's call as sent,
 * or undefined for an operation only preflighted (then only its preflights).
 */
export async function originProbes(send: Send, route: AuditRoute, request: CorsRequest, call: OutgoingRequest | undefined, together = true): Promise<EchoProbe[]> {
  const safe = SAFE_METHODS.test(route.method);
  // The route's own probes are preflights when it needs one, or when it is unsafe and was sent (they ask as a preflight would).
  const probedByPreflight = call !== undefined && (needsPreflight(request) || !safe);
  const asks: (() => Promise<EchoProbe>)[] = [];
  if (!probedByPreflight) {
    for (const origin of [PROBE_ORIGIN, 'null']) asks.push(async () => ({ origin, on: 'preflight', exchange: await sendPreflightAnyway(send, { ...request, origin }, route.path) }));
  }
  const carriesCookie = (call?.headers ?? []).some(([name]) => sameName(name, 'Cookie'));
  if (call !== undefined && safe && !carriesCookie) {
    const withCookie = { ...call, headers: [...(call.headers ?? []), ['Cookie', PROBE_COOKIE] as const] };
    // The request alone: its preflight, if it needs one, is among the route's own probes.
    asks.push(async () => ({ origin: PROBE_ORIGIN, on: 'cookie', exchange: await send(withOrigin(PROBE_ORIGIN, withCookie)) }));
  }
  if (together) return Promise.all(asks.map((ask) => ask()));
  const out: EchoProbe[] = [];
  for (const ask of asks) out.push(await ask());
  return out;
}

/**
 * The whole API's origin findings from a route's probes: the first probe
 * that shows the server echoing an origin nobody would allow, and the first
 * that grants "null" (each reported once per route).
 */
export function originFindings(probe: Exchange | undefined, nullProbe: Exchange | undefined, echoProbes: readonly EchoProbe[], mode: 'include' | 'omit'): Finding[] {
  const probes: { origin: string; on: EchoSeenOn; exchange: Exchange }[] = [
    ...(probe === undefined ? [] : [{ origin: PROBE_ORIGIN, on: 'request' as const, exchange: probe }]),
    ...(nullProbe === undefined ? [] : [{ origin: 'null', on: 'request' as const, exchange: nullProbe }]),
    ...echoProbes,
  ];
  const reflected = probes.filter((p) => p.origin === PROBE_ORIGIN).map((p) => originReflected(PROBE_ORIGIN, p.exchange, mode, p.on)).find((f) => f !== null);
  const nulled = probes.filter((p) => p.origin === 'null').map((p) => nullOriginAllowed(p.exchange, mode, p.on)).find((f) => f !== null);
  return [...present(reflected ?? null), ...present(nulled ?? null)].map(explain);
}

/**
 * What the same route granted elsewhere: another origin (the probe), and,
 * for a safe route, a request without an Origin. Fetch §3.2.3 lets a
 * static grant, the same everywhere, go without Vary.
 */
function grantsElsewhere(evidence: RouteEvidence): GrantElsewhere[] {
  const out: GrantElsewhere[] = [{ origin: PROBE_ORIGIN, allowOrigin: allowOriginOf(evidence.probe.headers) }];
  if (evidence.plain !== undefined) out.push({ origin: null, allowOrigin: allowOriginOf(evidence.plain.headers) });
  return out;
}


function cookieView(cookie: ParsedCookie, received: Date): CookieView {
  return {
    name: cookie.name,
    secure: cookie.secure === true,
    httpOnly: cookie.httpOnly === true,
    sameSite: cookie.sameSite ?? null,
    path: cookie.path ?? null,
    domain: cookie.domain ?? null,
    maxAge: cookie.maxAge ?? null,
    expires: cookie.expires?.toUTCString() ?? null,
    cleared: isClearing(cookie, received),
  };
}


/**
 * Every answer the frontend's script met in the audit, and which is this
 * route's: its origin is judged against them all (rules/errors.ts
 * originVerdict), since an error answer's origin-refused is an
 * error-not-readable when another answer grants the origin.
 */
export interface AnswersMet {
  readonly seen: readonly SeenAnswer[];
  readonly index: number;
  readonly framework: string | null;
}

/**
 * The route's picture and findings from its evidence. Global findings (the
 * server reflects any origin, or grants "null") are returned apart, to be
 * reported once for the whole target.
 */
export function judgeRoute(evidence: RouteEvidence, target: string, httpOnlyElsewhere: ReadonlySet<string>, met?: AnswersMet): { audit: Omit<RouteAudit, 'browser' | 'browsers'>; global: Finding[] } {
  const { route, request, preflight, actual } = evidence;
  const sight = sightOf(request, actual, preflight);
  const without = sightOf({ ...request, credentials: 'omit' }, actual, preflight);
  const readable = sight.readable;
  // Hop-by-hop fields describe the connection, not the response: no script ever sees them (RFC 9110 §7.6.1).
  const hidden = hiddenNames(actual.headers, readable);
  // A response refused whole hides everything for one reason, which its own finding names.
  const hiddenCustom = sight.granted ? hidden.filter(isCustomHeader) : [];
  const cookies = cookiesSet(actual.headers);
  const received = receivedAt(actual.headers);

  const preflightFailure = preflight === undefined ? null : preflightLetsThrough(request, preflight);
  const grant = originGrant(request, actual);
  const onOrigin: AuditFailure[] = met === undefined ? present(grant) : originVerdict(grant, request.origin, met.seen, met.index, met.framework);
  const onResponse: AuditFailure[] = [...onOrigin, ...present(varyOrigin(actual, grantsElsewhere(evidence))), ...exposedList(request, actual)];
  // A preflight refused for the origin when the response is refused for it too is one mistake, reported once.
  const onPreflight = present(preflightFailure).filter((f) => !(grant !== null && refusesTheOrigin(f)));
  const findings = [...onResponse, ...onPreflight, ...cookieRules(actual, request.origin, httpOnlyElsewhere, request.credentials)].map(explain);
  const mode = request.credentials === 'omit' ? 'omit' : 'include';
  const global = originFindings(evidence.probe, evidence.nullProbe, evidence.echoProbes ?? [], mode);

  return {
    audit: {
      method: route.method,
      path: route.path,
      status: actual.status,
      granted: sight.granted,
      reason: sight.granted ? null : sight.refusal.reason,
      grantedWithoutCredentials: without.granted,
      reasonWithoutCredentials: without.granted ? null : without.refusal.reason,
      preflight: preflight === undefined ? null : { status: preflight.status, ok: preflightFailure === null, reason: preflightFailure === null ? null : preflightFailure.facts.verdict },
      readable: [...readable],
      hidden,
      hiddenCustom,
      cookies: cookies.map((cookie) => cookieView(cookie, received)),
      findings,
    },
    global,
  };
}

function present<T>(value: T | null): T[] {
  return value === null ? [] : [value];
}

/** Where an engine's view of the route differs from the Fetch model's. */
export function disagreements(audit: Pick<RouteAudit, 'granted' | 'readable'>, browser: { granted: boolean; readable: readonly string[] }, engine: BrowserView['engine'] = 'Chromium'): string[] {
  const out: string[] = [];
  if (audit.granted !== browser.granted) out.push(`the Fetch model ${audit.granted ? 'grants' : 'refuses'} the response, ${engine} ${browser.granted ? 'grants' : 'refuses'} it`);
  if (audit.granted && browser.granted) {
    const model = new Set(audit.readable.map((n) => n.toLowerCase()));
    const chromium = new Set(browser.readable.map((n) => n.toLowerCase()));
    const onlyModel = [...model].filter((n) => !chromium.has(n));
    const onlyChromium = [...chromium].filter((n) => !model.has(n));
    if (onlyModel.length > 0) out.push(`readable by the Fetch model only: ${onlyModel.join(', ')}`);
    if (onlyChromium.length > 0) out.push(`readable in ${engine} only: ${onlyChromium.join(', ')}`);
  }
  return out;
}
