/**
 * The judge of a frontend's own traffic (issue 28, `observe`): every
 * exchange the observe proxy forwarded, or a HAR recorded, judged as it
 * comes by the rules the audit and the sentences use (rules/), never a copy
 * of them:
 * - the Fetch model, for the request's own Origin, its mode (Sec-Fetch-Mode)
 *   and its credentials as sent (a Cookie, or the run's --credentials);
 * - preflights, by what they let through;
 * - the cookies a browser on the frontend's origin keeps, and deletes
 *   (http/cookie-model.ts, RFC 6265bis);
 * - error answers the script cannot read (error-not-readable), once the
 *   whole traffic tells where the origin is granted;
 * - the document's promises for every method: POST, PUT, PATCH and DELETE
 *   too, since the frontend sent them.
 * Findings are grouped by the document's operation, or by the route, each
 * with how many exchanges broke it and the first as evidence. Memory is
 * bounded by the API's routes, never by the traffic: an exchange is judged,
 * folded into its group and dropped.
 */
import { decodedText } from '../../http/content-coding';
import type { CorsRequest, CredentialsMode } from '../../http/fetch-model';
import { getCombined, hasField, listElements, sameName, type HeaderList } from '../../http/header-list';
import { isCredentialName } from '../../http/har';
import type { ObservedExchange } from '../../http/observed';
import { cookiesSet, isClearing, receivedAt } from '../../http/set-cookie';
import type { CookieJar } from '../../http/cookie-model';
import { operationFor, pathOnly } from '../../openapi/match';
import type { Operation } from '../../openapi/operations';
import type { OpenApiFamily } from '../../openapi/document';
import type { ComponentSchemas } from '../../openapi/undeclared-fields';
import type { Level } from '../../rules/catalogue';
import { cookieFindings, logoutKeepsCookie, type CookieAnswer, type CookieFailure } from '../../rules/cookies';
import { allowOriginOf, exposedList, originGrant, variesByOrigin, varyOrigin } from '../../rules/cors';
import { errorNotReadable } from '../../rules/errors';
import type { Failure } from '../../rules/failure';
import { nullOriginAllowed } from '../../rules/origins';
import { preflightLetsThrough, refusesTheOrigin } from '../../rules/preflight';
import { judgePromises, type PromiseFailure } from '../../rules/promises';
import { isCorsProtocolHeaderName, hiddenNames, sightOfSent, type ScriptSight } from '../../rules/script';
import { explain, explainPromise, uncheckedNote, type AuditFailure, type Finding } from '../audit/explain';
import type { Framework } from '../audit/document';

/** The document observe judges the promises by (--openapi). */
export interface ObservedDocument {
  readonly operations: readonly Operation[];
  readonly family: OpenApiFamily;
  readonly schemas?: ComponentSchemas;
  readonly framework: Framework;
}

export interface JudgeOptions {
  /** The frontend's origin (--origin): whom a request with no Origin and from no browser (a test's own HTTP client) stands for. */
  readonly origin?: string;
  /** How the frontend's fetch() calls send credentials when a request carries no Cookie to tell (--credentials); fetch()'s own default, same-origin, otherwise. */
  readonly credentials?: CredentialsMode;
  readonly document?: ObservedDocument;
  /** The API's origin as the browser addressed it, for a request without a Host (a HAR's HTTP/2 entry): the proxy's address, or the HAR's --target. */
  readonly apiOrigin: string;
  /** The exchange's own secrets masked in a text of it kept for the report (its target, an error body's first line): its credentials, credential-named query values. */
  readonly maskerOf?: (exchange: ObservedExchange) => (text: string) => string;
}

/** The exchange being judged, with what is kept of it made only when something is kept (most exchanges leave nothing behind). */
interface Current {
  readonly ref: () => ExchangeRef;
  readonly mask: (text: string) => string;
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** The exchange a finding was first seen on: enough to find it in the HAR. */
export interface ExchangeRef {
  readonly seq: number;
  readonly startedAt: string;
  readonly method: string;
  /** The request target as sent (path and query); the report masks secrets in it. */
  readonly target: string;
  /** The answer's status, or the proxy's own (502, 504, 400), or 0 when there was none. */
  readonly status: number;
  /** The frontend's origin the exchange was judged for, or null when it was not judged as a script's. */
  readonly origin: string | null;
}

export interface ObservedFinding extends Finding {
  /** How many exchanges broke the rule this way. */
  readonly count: number;
  readonly first: ExchangeRef;
}

/**
 * The operation's request as the frontend sent it, for --write-feature: the
 * first answered 2xx (else the first answered). A value named like a
 * credential (a password, a token field) is never kept: its place holds
 * `{{name}}`, and `secrets` names it, for the feature to read from the
 * environment. Of Authorization only the scheme is kept.
 */
export interface Exemplar {
  readonly method: string;
  /** Path and query as sent, masked by the exchange's own secrets. */
  readonly target: string;
  /** The frontend it was judged for (null: not a cross-origin script's), and its credentials as judged. */
  readonly origin: string | null;
  readonly credentials: CredentialsMode;
  readonly contentType: string | null;
  /** The body (JSON or a form, at most 64 KiB), credential values as {{name}}; absent without one, or for another kind. */
  readonly body?: string;
  readonly secrets: readonly string[];
  /** The Authorization scheme it carried ("Bearer"), never the credentials. */
  readonly authorization?: string;
  readonly status: number;
  readonly responseContentType: string | null;
  /** Granted to the cross-origin script (null: not judged as one), and the names it read. */
  readonly granted: boolean | null;
  readonly readable: readonly string[];
  /** The cookies its answer sets, and whether each is a deletion. */
  readonly cookies: readonly { readonly name: string; readonly cleared: boolean }[];
}

export interface ObservedOperation {
  /** "POST /api/login": the document's operation, or the route (ids as {id}). */
  readonly label: string;
  readonly method: string;
  readonly path: string;
  /** The document declares it. */
  readonly documented: boolean;
  readonly exchanges: number;
  readonly preflights: number;
  readonly statuses: Readonly<Record<string, number>>;
  /** The frontend origins its requests came from (at most 10). */
  readonly origins: readonly string[];
  /** Answers a cross-origin script was granted, and refused. */
  readonly granted: number;
  readonly refused: number;
  /** Header names a granted script could read, and those it was sent and could not. */
  readonly readable: readonly string[];
  readonly hidden: readonly string[];
  readonly findings: readonly ObservedFinding[];
  readonly notes: readonly string[];
  readonly first: ExchangeRef;
  readonly exemplar?: Exemplar;
}

export interface Judged {
  /** Every exchange counted: judged, passed through, or without an answer. */
  readonly exchanges: number;
  readonly passedThrough: number;
  /** Exchanges the target did not answer (502, 504), or the proxy refused (400), or the browser got nothing for. */
  readonly unanswered: Readonly<Record<string, number>>;
  readonly operations: readonly ObservedOperation[];
  /** Findings about the whole API (an opaque origin granted). */
  readonly findings: readonly ObservedFinding[];
  readonly notes: readonly string[];
  readonly levels: Readonly<Record<Level, number>>;
}

/** Routes beyond this many are counted together: a frontend that loads thousands of distinct paths is not an API's shape. */
const MOST_GROUPS = 1000;
const MOST_NAMES = 50;
const MOST_NOTES = 10;

/** A segment that is an instance's id, not the route's: a number, a UUID, a long hex or token-like string. */
const ID_SEGMENT = /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{20,})$/i;

/** The route a path belongs to when no document names it: each id segment as {id}. */
export function routeOf(path: string): string {
  return pathOnly(path)
    .split('/')
    .map((segment) => (ID_SEGMENT.test(segment) ? '{id}' : segment))
    .join('/');
}

interface FindingState {
  finding: Finding;
  count: number;
  first: ExchangeRef;
}

interface Group {
  readonly label: string;
  readonly method: string;
  readonly path: string;
  readonly documented: boolean;
  readonly first: ExchangeRef;
  exchanges: number;
  preflights: number;
  granted: number;
  refused: number;
  readonly statuses: Map<number, number>;
  readonly origins: Set<string>;
  readonly readable: Set<string>;
  readonly hidden: Set<string>;
  readonly findings: Map<string, FindingState>;
  readonly notes: Map<string, number>;
  /** Access-Control-Allow-Origin by the Origin it answered (null: none sent), for Vary. */
  readonly grants: Map<string | null, string | null>;
  withoutVary?: ExchangeRef & { readonly allowOrigin: string };
  exemplar?: Exemplar;
}

/** An error answer a cross-origin script could not read, waiting to learn whether the origin is granted elsewhere. */
interface PendingError {
  readonly group: Group;
  readonly ref: ExchangeRef;
  readonly origin: string;
  readonly grant: AuditFailure;
  readonly answer: { readonly method: string; readonly path: string; readonly status: number; readonly headers: HeaderList; readonly text: string };
  readonly sight: ScriptSight;
  readonly preflightGranted: boolean;
  count: number;
}

/** A failure's identity within its group: the rule, its kind, and what it is about (a cookie, a header, the document's place). */
function keyOf(failed: Failure): string {
  const facts = failed.facts as Record<string, unknown>;
  const about = facts.cookie ?? facts.header ?? '';
  return `${failed.rule}|${failed.kind}|${failed.evidence.pointer ?? ''}|${String(about)}`;
}

/** The cookies an answer deletes. */
const clearedBy = (headers: HeaderList) => {
  const received = receivedAt(headers);
  return cookiesSet(headers).filter((cookie) => isClearing(cookie, received));
};

/**
 * The judge: `add` each exchange as it comes (cheap, synchronous, off the
 * forwarding path), `finish` once for the verdict.
 */
export class ObserveJudge {
  private readonly groups = new Map<string, Group>();
  private readonly pending = new Map<string, PendingError>();
  /** Per frontend origin: the first answer granted it ("GET /api/items"), for error-not-readable. */
  private readonly grantedOn = new Map<string, string>();
  /** Per origin, method and path: the last preflight's verdict on the origin. */
  private readonly preflightGrants = new Map<string, boolean>();
  /** Per frontend origin: the cookies a browser there keeps. */
  private readonly jars = new Map<string, CookieJar>();
  /** Per frontend origin and cookie name: the last answer that set it, for a deletion to be judged against. */
  private readonly setters = new Map<string, CookieAnswer>();
  private readonly httpOnly = new Set<string>();
  private readonly global = new Map<string, FindingState>();
  private readonly notes = new Map<string, number>();
  private readonly unanswered = new Map<string, number>();
  private exchanges = 0;
  private passedThrough = 0;

  constructor(private readonly options: JudgeOptions) {}

  add(exchange: ObservedExchange): void {
    this.exchanges += 1;
    if (exchange.passThrough !== undefined) {
      this.passedThrough += 1;
      return;
    }
    const { request, response } = exchange;
    const headers = request.headers;
    const path = pathOnly(request.target);
    const method = request.method.toUpperCase();
    const requestMethod = getCombined(headers, 'Access-Control-Request-Method');
    const origin = getCombined(headers, 'Origin');
    const isPreflight = method === 'OPTIONS' && requestMethod !== null && origin !== null;
    const forMethod = isPreflight ? requestMethod.toUpperCase() : method;
    const apiOrigin = this.apiOriginOf(headers);
    const scriptOrigin = this.scriptOriginOf(headers, apiOrigin);
    const masker = once(() => this.options.maskerOf?.(exchange) ?? ((text: string) => text));
    const mask = (text: string) => masker()(text);
    const ref = once<ExchangeRef>(() => ({
      seq: exchange.seq,
      startedAt: exchange.startedAt,
      method: request.method,
      target: mask(request.target),
      status: response?.status ?? exchange.failure?.answeredWith ?? 0,
      origin: scriptOrigin,
    }));
    const current: Current = { ref, mask };
    // The document's operation, found once: it names the group and holds the promises.
    const operation = this.options.document === undefined ? undefined : operationFor(this.options.document.operations, forMethod, path);
    const group = this.groupOf(forMethod, path, operation, ref);
    group.exchanges += 1;
    if (isPreflight) group.preflights += 1;
    if (scriptOrigin !== null && group.origins.size < 10) group.origins.add(scriptOrigin);
    if (response === undefined) {
      const kind = exchange.failure?.kind ?? 'browser-failed';
      this.unanswered.set(kind, (this.unanswered.get(kind) ?? 0) + 1);
      note(group.notes, unansweredNote(kind, exchange.failure?.message));
      return;
    }
    if (!isPreflight) group.statuses.set(response.status, (group.statuses.get(response.status) ?? 0) + 1);
    // An answer that broke off (the target reset mid-body): its head is judged, its body cannot be.
    if (exchange.failure !== undefined) {
      this.unanswered.set(exchange.failure.kind, (this.unanswered.get(exchange.failure.kind) ?? 0) + 1);
      note(group.notes, exchange.failure.message);
    }
    const credentials: CredentialsMode = hasField(headers, 'Cookie') ? 'include' : (this.options.credentials ?? 'same-origin');
    // What the browser judges as CORS: a cross-origin script's request; credentials same-origin is omit across origins.
    const mode: CredentialsMode = credentials === 'same-origin' ? 'omit' : credentials;

    if (isPreflight) {
      if (scriptOrigin !== null) this.judgePreflight(group, current, scriptOrigin, requestMethod, headers, response, mode);
      return;
    }
    const url = apiOrigin + request.target;
    let sight: ScriptSight | undefined;
    if (scriptOrigin !== null) sight = this.judgeScript(group, current, scriptOrigin, forMethod, path, mode, exchange);
    const ok = (status: number) => status >= 200 && status < 300;
    if (group.exemplar === undefined || (!ok(group.exemplar.status) && ok(response.status))) group.exemplar = exemplarOf(exchange, current, scriptOrigin, scriptOrigin === null ? 'include' : mode, sight);
    else if (group.grants.size < 10 && !group.grants.has(null)) group.grants.set(null, allowOriginOf(response.headers));
    // Cookies: a browser's request (cross-origin by its Origin, or same-origin), or a test's client standing for --origin.
    const cookieOrigin = scriptOrigin ?? (hasField(headers, 'Sec-Fetch-Mode') ? apiOrigin : null);
    if (cookieOrigin !== null) this.judgeCookies(group, current, cookieOrigin, url, method, response.headers, scriptOrigin === null ? 'include' : mode);
    if (this.options.document !== undefined) this.judgeDocument(group, current, operation, method, path, response, sight, scriptOrigin, exchange);
  }

  finish(): Judged {
    for (const waiting of this.pending.values()) {
      const grantedOn = waiting.preflightGranted ? 'its preflight' : (this.grantedOn.get(waiting.origin) ?? null);
      const unreadable = errorNotReadable(waiting.origin, waiting.answer, waiting.sight, grantedOn, this.options.document?.framework ?? null);
      record(waiting.group.findings, unreadable ?? waiting.grant, unreadable === null ? explain(waiting.grant) : explain(unreadable), { ref: () => waiting.ref, mask: (text) => text }, waiting.count);
    }
    this.pending.clear();
    for (const group of this.groups.values()) {
      if (group.withoutVary === undefined) continue;
      const { allowOrigin, ...ref } = group.withoutVary;
      const elsewhere = [...group.grants.entries()].filter(([o]) => o !== ref.origin).map(([o, allow]) => ({ origin: o, allowOrigin: allow }));
      // Only a grant seen to differ is judged: observed traffic from one origin cannot tell a static grant from an echo.
      const failed = elsewhere.length === 0 ? null : varyOrigin({ status: ref.status, headers: [['Access-Control-Allow-Origin', allowOrigin]] }, elsewhere);
      if (failed !== null && failed.kind === 'grant-differs') record(group.findings, failed, explain(failed), { ref: () => ref, mask: (text) => text });
    }
    const operations = [...this.groups.values()].map(view);
    const levels: Record<Level, number> = { MUST: 0, SHOULD: 0 };
    for (const f of [...operations.flatMap((o) => o.findings), ...this.globalFindings()]) levels[f.level] += 1;
    const notes = [...this.notes.entries()].map(([text, count]) => (count > 1 ? `${text} (${count} times)` : text));
    return { exchanges: this.exchanges, passedThrough: this.passedThrough, unanswered: Object.fromEntries(this.unanswered), operations, findings: this.globalFindings(), notes, levels };
  }

  private globalFindings(): ObservedFinding[] {
    return [...this.global.values()].map((s) => ({ ...s.finding, count: s.count, first: s.first }));
  }

  /** The API's origin as the browser addressed it: the request's Host, else the run's. */
  private apiOriginOf(headers: HeaderList): string {
    const host = getCombined(headers, 'Host');
    if (host === null) return this.options.apiOrigin;
    return `${new URL(this.options.apiOrigin).protocol}//${host}`;
  }

  /**
   * Whom the request is judged for: a cross-origin script (its Origin, in
   * cors mode), or the run's --origin for a client that is no browser (no
   * Origin and no Sec-Fetch-Mode); null for a same-origin request, a
   * navigation or a no-cors one, which CORS does not govern.
   */
  private scriptOriginOf(headers: HeaderList, apiOrigin: string): string | null {
    const origin = getCombined(headers, 'Origin');
    const mode = getCombined(headers, 'Sec-Fetch-Mode');
    const site = getCombined(headers, 'Sec-Fetch-Site');
    if (origin !== null) {
      if (site === 'same-origin' || origin === apiOrigin) return null;
      return mode === null || mode === 'cors' ? origin : null;
    }
    if (mode === null && this.options.origin !== undefined) return this.options.origin;
    return null;
  }

  private groupOf(method: string, path: string, operation: Operation | undefined, ref: () => ExchangeRef): Group {
    const route = operation?.path ?? routeOf(path);
    let key = `${method} ${route}`;
    if (!this.groups.has(key) && this.groups.size >= MOST_GROUPS) key = `${method} (other routes)`;
    let group = this.groups.get(key);
    if (group === undefined) {
      group = {
        label: key,
        method,
        path: key.slice(method.length + 1),
        documented: operation !== undefined,
        first: ref(),
        exchanges: 0,
        preflights: 0,
        granted: 0,
        refused: 0,
        statuses: new Map(),
        origins: new Set(),
        readable: new Set(),
        hidden: new Set(),
        findings: new Map(),
        notes: new Map(),
        grants: new Map(),
      };
      this.groups.set(key, group);
    }
    return group;
  }

  private judgePreflight(group: Group, current: Current, origin: string, method: string, headers: HeaderList, response: { status: number; headers: HeaderList }, credentials: CredentialsMode): void {
    const request: CorsRequest = { origin, method, credentials, unsafeHeaderNames: listElements(headers, 'Access-Control-Request-Headers') };
    const failed = preflightLetsThrough(request, response);
    this.preflightGrants.set(`${origin} ${method.toUpperCase()} ${group.label}`, failed === null || !refusesTheOrigin(failed));
    if (failed !== null) record(group.findings, failed, explain(failed), current);
    if (origin === 'null') this.judgeNull(response.headers, credentials, current);
  }

  private judgeScript(
    group: Group,
    current: Current,
    origin: string,
    method: string,
    path: string,
    credentials: CredentialsMode,
    exchange: ObservedExchange,
  ): ScriptSight {
    const response = exchange.response!;
    // The browser sent it, so its preflight (if it needed one) let it through: the answer's own CORS check decides,
    // which the request's headers do not enter (and the observed ones are the browser's, not only the script's).
    const request: CorsRequest = { origin, method, credentials, headers: [] };
    const sight = sightOfSent(request, response);
    if (group.grants.size < 10 && !group.grants.has(origin)) group.grants.set(origin, allowOriginOf(response.headers));
    if (sight.granted) {
      group.granted += 1;
      if (!this.grantedOn.has(origin)) this.grantedOn.set(origin, `${method} ${path}`);
      for (const name of sight.readable) if (group.readable.size < MOST_NAMES) group.readable.add(name);
      // The CORS protocol's own fields are for the browser, never the script: not "hidden" from it.
      for (const name of hiddenNames(response.headers, sight.readable)) if (!isCorsProtocolHeaderName(name) && group.hidden.size < MOST_NAMES) group.hidden.add(name);
      if (!variesByOrigin(response.headers) && group.withoutVary === undefined) {
        const allowOrigin = allowOriginOf(response.headers);
        if (allowOrigin !== null && allowOrigin !== '*') group.withoutVary = { ...current.ref(), allowOrigin };
      }
    } else {
      group.refused += 1;
    }
    const grant = originGrant(request, response);
    if (grant !== null) {
      // An error answer the script cannot read waits for the whole traffic: errorNotReadable (rules/errors.ts) decides then.
      if (response.status >= 400 && !sight.granted) this.awaitGrant(group, current, origin, grant, sight, exchange, method);
      else record(group.findings, grant, explain(grant), current);
    }
    for (const failed of exposedList(request, response)) record(group.findings, failed, explain(failed), current);
    if (origin === 'null') this.judgeNull(response.headers, credentials, current);
    return sight;
  }

  private awaitGrant(group: Group, current: Current, origin: string, grant: AuditFailure, sight: ScriptSight, exchange: ObservedExchange, method: string): void {
    const response = exchange.response!;
    const key = `${group.label}|${origin}|${response.status}`;
    const waiting = this.pending.get(key);
    if (waiting !== undefined) {
      waiting.count += 1;
      return;
    }
    // Only the start is needed (the finding quotes its first line), so a body cut at --max-body is read as far as it
    // goes; kept with the exchange's own secrets masked.
    const decoded = decodedText(response.headers, { ...response.body, truncated: false });
    const text = 'text' in decoded ? current.mask(decoded.text.slice(0, 2000)) : '';
    const ref = current.ref();
    this.pending.set(key, {
      group,
      ref,
      origin,
      grant,
      sight,
      count: 1,
      preflightGranted: this.preflightGrants.get(`${origin} ${method} ${group.label}`) === true,
      answer: { method, path: ref.target, status: response.status, headers: response.headers, text },
    });
  }

  private judgeNull(headers: HeaderList, credentials: CredentialsMode, current: Current): void {
    const failed = nullOriginAllowed({ headers }, credentials === 'include' ? 'include' : 'omit');
    if (failed !== null) record(this.global, failed, explain(failed), current);
  }

  private judgeCookies(group: Group, current: Current, origin: string, url: string, method: string, headers: HeaderList, credentials: CredentialsMode): void {
    const set = cookiesSet(headers);
    if (set.length === 0) return;
    for (const cookie of set) if (cookie.httpOnly) this.httpOnly.add(cookie.name);
    const answer: CookieAnswer = { request: { url, method }, headers };
    const jar = this.jars.get(origin) ?? [];
    const judged = cookieFindings(answer, origin, origin, jar, this.httpOnly);
    // A fetch() without credentials ignores Set-Cookie (Fetch §4.6, HTTP-network fetch step 17): only HttpOnly still matters.
    const failures: CookieFailure[] = credentials === 'include' ? judged.failures : judged.failures.filter((f) => f.rule === 'session-cookie-not-httponly');
    if (credentials === 'include') this.jars.set(origin, judged.jar);
    for (const failed of failures) record(group.findings, failed, explain(failed), current);
    if (credentials !== 'include') return;
    // A deletion is judged against the answer that set the cookie it deletes (the login, for a logout).
    for (const cleared of clearedBy(headers)) {
      const setter = this.setters.get(`${origin} ${cleared.name}`);
      if (setter === undefined) continue;
      for (const failed of logoutKeepsCookie(setter, answer, origin)) record(group.findings, failed, explain(failed), current);
      this.setters.delete(`${origin} ${cleared.name}`);
    }
    const clearedNames = new Set(clearedBy(headers).map((c) => c.name));
    const kept: HeaderList = headers.filter(([name]) => sameName(name, 'Date'));
    for (const cookie of set) {
      if (clearedNames.has(cookie.name)) continue;
      const field = headers.filter(([name, value]) => sameName(name, 'Set-Cookie') && value.trimStart().startsWith(`${cookie.name}=`));
      this.setters.set(`${origin} ${cookie.name}`, { request: { url, method }, headers: [...kept, ...field] });
    }
  }

  private judgeDocument(
    group: Group,
    current: Current,
    operation: Operation | undefined,
    method: string,
    path: string,
    response: NonNullable<ObservedExchange['response']>,
    sight: ScriptSight | undefined,
    origin: string | null,
    exchange: ObservedExchange,
  ): void {
    const document = this.options.document!;
    if (operation === undefined) {
      note(group.notes, `not in the document: ${method} ${path}`);
      return;
    }
    const decoded = exchange.failure === undefined ? decodedText(response.headers, response.body) : { unjudged: 'the answer broke off' };
    if ('unjudged' in decoded) note(group.notes, `${decoded.unjudged}: the body was not judged`);
    // A body that cannot be read is judged on its head alone: status, media type and headers.
    const text = 'text' in decoded ? decoded.text : '';
    const answer = { method: exchange.request.method, status: response.status, headers: response.headers, text };
    const judged = judgePromises(
      { operation, family: document.family, ...(document.schemas === undefined ? {} : { schemas: document.schemas }) },
      'text' in decoded ? answer : { ...answer, method: 'HEAD' },
      origin === null || sight === undefined ? undefined : { origin, granted: sight.granted, readable: sight.readable },
    );
    for (const failed of judged.failures) record(group.findings, failed as PromiseFailure, explainPromise(failed, operation, document.framework), current);
    for (const unchecked of judged.unchecked ?? []) note(group.notes, uncheckedNote(unchecked));
  }
}


/** A failure folded into its group: counted, and kept whole (its message masked by its exchange's secrets) the first time only. */
/** Most of a request body kept for the written feature. */
const MOST_EXEMPLAR_BODY = 64 * 1024;

function exemplarOf(exchange: ObservedExchange, current: Current, origin: string | null, credentials: CredentialsMode, sight: ScriptSight | undefined): Exemplar {
  const { request } = exchange;
  const response = exchange.response!;
  const contentType = getCombined(request.headers, 'Content-Type');
  const secrets = new Set<string>();
  let body: string | undefined;
  const decoded = request.body.size === 0 ? undefined : decodedText(request.headers, request.body);
  if (decoded !== undefined && 'text' in decoded && decoded.text.length <= MOST_EXEMPLAR_BODY) {
    if (/\bjson\b/i.test(contentType ?? '')) {
      try {
        body = JSON.stringify(withoutCredentials(JSON.parse(decoded.text), secrets));
      } catch {
        // not JSON after all: no body in the feature
      }
    } else if (/^application\/x-www-form-urlencoded\b/i.test(contentType ?? '')) {
      const form = new URLSearchParams(decoded.text);
      for (const [name] of form) {
        if (isCredentialName(name)) {
          secrets.add(placeholderName(name));
          form.set(name, `{{${placeholderName(name)}}}`);
        }
      }
      body = form.toString().replace(/%7B%7B(\w+)%7D%7D/g, '{{$1}}');
    }
  }
  const scheme = /^(\S+)\s/.exec(getCombined(request.headers, 'Authorization') ?? '')?.[1];
  const received = receivedAt(response.headers);
  return {
    method: request.method.toUpperCase(),
    target: current.ref().target,
    origin,
    credentials,
    contentType,
    ...(body === undefined ? {} : { body: current.mask(body) }),
    secrets: [...secrets],
    ...(scheme === undefined ? {} : { authorization: scheme }),
    status: response.status,
    responseContentType: getCombined(response.headers, 'Content-Type'),
    granted: sight === undefined ? null : sight.granted,
    readable: sight?.readable ?? [],
    cookies: cookiesSet(response.headers).map((cookie) => ({ name: cookie.name, cleared: isClearing(cookie, received) })),
  };
}

/** A name for a credential's placeholder: the field's, as a {{name}} takes it (a letter or _, then letters, digits or _). */
function placeholderName(field: string): string {
  const name = field.replace(/\W/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

/** A JSON value with every value named like a credential replaced by {{name}}, the names collected. */
function withoutCredentials(value: unknown, secrets: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutCredentials(item, secrets));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (isCredentialName(key) && (typeof item === 'string' || typeof item === 'number')) {
        secrets.add(placeholderName(key));
        return [key, `{{${placeholderName(key)}}}`];
      }
      return [key, withoutCredentials(item, secrets)];
    }),
  );
}

function record(into: Map<string, FindingState>, failed: Failure, finding: Finding, current: Current, count = 1): void {
  const key = keyOf(failed);
  const seen = into.get(key);
  if (seen !== undefined) seen.count += count;
  else into.set(key, { finding: { ...finding, message: current.mask(finding.message) }, count, first: current.ref() });
}

function note(notes: Map<string, number>, text: string): void {
  if (notes.has(text) || notes.size < MOST_NOTES) notes.set(text, (notes.get(text) ?? 0) + 1);
}

function unansweredNote(kind: string, message: string | undefined): string {
  switch (kind) {
    case 'browser-failed':
      return 'the browser got no answer (blocked by CORS, cancelled, or failed): the HAR does not say which';
    case 'not-forwarded':
      return `a request observe refused to forward${message === undefined ? '' : `: ${message}`}`;
    default:
      return message ?? kind;
  }
}

const byLevel = (a: ObservedFinding, b: ObservedFinding) => (a.level === b.level ? a.first.seq - b.first.seq : a.level === 'MUST' ? -1 : 1);

function view(group: Group): ObservedOperation {
  return {
    label: group.label,
    method: group.method,
    path: group.path,
    documented: group.documented,
    exchanges: group.exchanges,
    preflights: group.preflights,
    statuses: Object.fromEntries([...group.statuses.entries()].sort(([a], [b]) => a - b)),
    origins: [...group.origins],
    granted: group.granted,
    refused: group.refused,
    readable: [...group.readable],
    hidden: [...group.hidden],
    findings: [...group.findings.values()].map((s) => ({ ...s.finding, count: s.count, first: s.first })).sort(byLevel),
    notes: [...group.notes.entries()].map(([text, count]) => (count > 1 ? `${text} (${count} times)` : text)),
    first: group.first,
    ...(group.exemplar === undefined ? {} : { exemplar: group.exemplar }),
  };
}
