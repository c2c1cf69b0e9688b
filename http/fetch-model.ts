/**
 * What a browser script may see of a cross-origin response, after the Fetch
 * standard (https://fetch.spec.whatwg.org/). Each function names the section
 * it follows; reasons quote the rule that refused, so a failing scenario says
 * which part of the CORS protocol the server got wrong.
 *
 * The model covers what this suite needs: a `cors`-mode request from a
 * document origin, with or without credentials, what fetch() sends for it,
 * its CORS-preflight fetch, the CORS check and the CORS filtered response.
 * Redirects, caching and private network access are out of scope.
 *
 * It is proven against web-platform-tests' own cases (test/wpt/ in the
 * repository) and, on the same cases, against Chromium and Firefox. Where
 * both browsers part from the standard, the model follows the browsers;
 * the ledger, test/wpt/expectation.json, lists every such case and why.
 */
import { fieldValues, getCombined, hasField, sameName, tokenList, trimHttpWhitespace, type HeaderList } from './header-list';

export type CredentialsMode = 'omit' | 'same-origin' | 'include';

export interface CorsRequest {
  /** The serialized origin of the document running the script, e.g. "https://frontend.example". */
  readonly origin: string;
  readonly method: string;
  readonly credentials: CredentialsMode;
  /** Headers the script sets on the request (author headers). */
  readonly headers?: HeaderList;
  /** Names of headers the script sets with values the browser does not safelist, when only the names are known. */
  readonly unsafeHeaderNames?: readonly string[];
}

export interface ResponseHead {
  readonly status: number;
  readonly headers: HeaderList;
}

/**
 * Which part of the CORS protocol refused, as a value: callers branch on it,
 * never on the reason's words.
 * - the CORS check (Fetch §4.9): `allow-origin-missing` (no
 *   Access-Control-Allow-Origin), `allow-origin-mismatch` (another origin,
 *   or a list), `allow-origin-wildcard` (`*` for a request with credentials),
 *   `allow-credentials-missing` (not `Access-Control-Allow-Credentials: true`);
 * - the CORS-preflight fetch (Fetch §4.8): `preflight-status` (not an ok
 *   status), `preflight-method` (the method not allowed, or
 *   Access-Control-Allow-Methods not a list), `preflight-header` (a
 *   request header not allowed, or Access-Control-Allow-Headers not a list).
 */
export type RefusalKind =
  | 'allow-origin-missing'
  | 'allow-origin-mismatch'
  | 'allow-origin-wildcard'
  | 'allow-credentials-missing'
  | 'preflight-status'
  | 'preflight-method'
  | 'preflight-header';

export interface Refusal {
  readonly ok: false;
  /** What refused, in words, citing the standard: for messages only. A preflight's refusal starts "preflight: ", or says "preflight answered …". */
  readonly reason: string;
  /** The same, without saying it was the preflight ("PUT is not in Access-Control-Allow-Methods …"): for a message that already says so. */
  readonly detail: string;
  readonly kind: RefusalKind;
  /** Whether it was the preflight's answer that refused (else the response's own). */
  readonly preflight: boolean;
}

export type Verdict = { readonly ok: true } | Refusal;

const success: Verdict = { ok: true };
const refuse = (kind: RefusalKind, reason: string): Refusal => ({ ok: false, reason, detail: reason, kind, preflight: false });

/** The preflight's refusal: "preflight: " and what refused; its status's is worded whole. */
const refusePreflight = (kind: RefusalKind, detail: string): Refusal => ({ ok: false, reason: `preflight: ${detail}`, detail, kind, preflight: true });

/**
 * What a script holds after fetch() resolves, or why fetch() rejected with a
 * TypeError: the model's refusal, or a browser's failed fetch() (which says
 * why only in words).
 */
export type ScriptView =
  | { readonly ok: true; readonly status: number; readonly headers: HeaderList }
  | Refusal
  | { readonly ok: false; readonly reason: string; readonly kind: 'browser-refused' };

/** Fetch §3.2.3 "CORS-safelisted response-header name", without the exposed list. */
const SAFELISTED_RESPONSE_HEADER_NAMES = [
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
];

/** Fetch §2.2.2 "forbidden response-header name". */
const FORBIDDEN_RESPONSE_HEADER_NAMES = ['set-cookie', 'set-cookie2'];

/** Fetch §2.2.1 "CORS-safelisted method". */
const SAFELISTED_METHODS = ['GET', 'HEAD', 'POST'];

/** Fetch §2.2.1: the methods "normalize" uppercases; any other is kept as the script wrote it (`patch` stays `patch`). */
const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];

/** Fetch §2.2.1 "normalize" a method, as `new Request()` does: `get` is sent as GET, `patch` as patch. */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.includes(upper) ? upper : method;
}

/** Fetch §2.2.3 "ok status": any status in the range 200 to 299, inclusive. */
export function isOkStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

export function isForbiddenResponseHeaderName(name: string): boolean {
  return FORBIDDEN_RESPONSE_HEADER_NAMES.includes(name.toLowerCase());
}

/** The CORS protocol's own response headers (Fetch §3.2.3, Access-Control-*): they speak to the browser, which acts on them, never to the script. */
export function isCorsProtocolHeaderName(name: string): boolean {
  return /^access-control-/i.test(name);
}

/**
 * Fetch §2.2.2 "CORS-safelisted response-header name", given a list of header
 * names `list`: one of the seven names above, or an item of `list` that is
 * not a forbidden response-header name.
 */
export function isCorsSafelistedResponseHeaderName(name: string, list: readonly string[]): boolean {
  if (SAFELISTED_RESPONSE_HEADER_NAMES.includes(name.toLowerCase())) return true;
  return list.some((item) => sameName(item, name) && !isForbiddenResponseHeaderName(item));
}

/**
 * Fetch §2.2.2 "CORS-unsafe request-header byte": a byte less than 0x20
 * that is not 0x09 HT, one of `"():<>?@[\]{}`, or 0x7F DEL.
 */
const CORS_UNSAFE_REQUEST_HEADER_BYTE = /[\x00-\x08\x0a-\x1f"():<>?@[\\\]{}\x7f]/;

/** Fetch §2.2.2, for Accept-Language and Content-Language: only 0-9, A-Z, a-z, space and `*,-.;=`. */
const LANGUAGE_VALUE = /^[0-9A-Za-z *,\-.;=]*$/;

/** The three essences an HTML form can send (Fetch §2.2.2, `content-type`). */
const SAFELISTED_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/** Fetch §2.2.2: a safelisted value is at most 128 bytes. */
const SAFELISTED_VALUE_MAX = 128;

/** Fetch §2.2.2 "CORS-unsafe request-header names": past 1024 bytes of safelisted values, every one of them counts as unsafe. */
const SAFELISTED_VALUES_TOTAL_MAX = 1024;

/**
 * Fetch §2.2.2 "CORS-safelisted request-header" (name, value), where value
 * is already normalized (no leading or trailing HTTP whitespace, as a
 * Headers object stores it: see normalizeHeaderValue).
 * - Accept: no CORS-unsafe request-header byte;
 * - Accept-Language, Content-Language: only the bytes of LANGUAGE_VALUE;
 * - Content-Type: no CORS-unsafe request-header byte, and the value parsed
 *   as a MIME type (WHATWG MIME Sniffing "parse a MIME type", by
 *   whatwg-mimetype) has one of the three essences of SAFELISTED_CONTENT_TYPES;
 * - Range: a simple range header value with a start (`bytes=N-`, `bytes=N-M`);
 * - any other name: never; and no value is longer than 128 bytes.
 */
export function isCorsSafelistedRequestHeader(name: string, value: string): boolean {
  if (value.length > SAFELISTED_VALUE_MAX) return false;
  switch (name.toLowerCase()) {
    case 'accept':
      return !CORS_UNSAFE_REQUEST_HEADER_BYTE.test(value);
    case 'accept-language':
    case 'content-language':
      return LANGUAGE_VALUE.test(value);
    case 'content-type': {
      if (CORS_UNSAFE_REQUEST_HEADER_BYTE.test(value)) return false;
      const essence = mimeTypeEssence(value);
      return essence !== undefined && SAFELISTED_CONTENT_TYPES.includes(essence);
    }
    case 'range': {
      const range = parseSingleRangeHeaderValue(value, false);
      return range !== 'failure' && range.start !== null;
    }
    default:
      return false;
  }
}

/** whatwg-mimetype, loaded with the first Content-Type a script sets, not at every run's start. */
let mimeSniffing: typeof import('whatwg-mimetype') | undefined;

/** WHATWG MIME Sniffing "parse a MIME type", by whatwg-mimetype: the essence, or undefined when the value is no MIME type. */
function mimeTypeEssence(value: string): string | undefined {
  mimeSniffing ??= require('whatwg-mimetype') as typeof import('whatwg-mimetype');
  return mimeSniffing.MIMEType.parse(value)?.essence;
}

const SINGLE_RANGE = /^bytes=([0-9]*)-([0-9]*)$/;
const SINGLE_RANGE_WITH_WHITESPACE = /^bytes[\t ]*=[\t ]*([0-9]*)[\t ]*-[\t ]*([0-9]*)$/;

/**
 * Fetch §2.2.2 "parse a single range header value": `bytes=start-end`, one
 * range, digits only, HTTP tab or space around `=` and `-` only when
 * allowWhitespace. A start after the end, or neither, is a failure.
 * Numbers are compared as BigInt, so sixty digits are still numbers.
 */
export function parseSingleRangeHeaderValue(value: string, allowWhitespace: boolean): { start: bigint | null; end: bigint | null } | 'failure' {
  const match = (allowWhitespace ? SINGLE_RANGE_WITH_WHITESPACE : SINGLE_RANGE).exec(value);
  if (match === null) return 'failure';
  const start = match[1] === '' ? null : BigInt(match[1]);
  const end = match[2] === '' ? null : BigInt(match[2]);
  if (start === null && end === null) return 'failure';
  if (start !== null && end !== null && start > end) return 'failure';
  return { start, end };
}

/** Fetch §2.2 "normalize" a header value: strip leading and trailing HTTP whitespace (0x09, 0x0A, 0x0D, 0x20), and nothing else. */
export function normalizeHeaderValue(value: string): string {
  return trimHttpWhitespace(value);
}

/**
 * Fetch §2.2.2 "CORS-unsafe request-header names" of a header list: the
 * names of the headers that are not CORS-safelisted, and, when the
 * safelisted values add up to more than 1024 bytes, the names of those too;
 * lowercased, unique and sorted.
 */
export function corsUnsafeRequestHeaderNames(headers: HeaderList): string[] {
  const unsafe: string[] = [];
  const potentiallyUnsafe: string[] = [];
  let safelistedValueSize = 0;
  for (const [name, value] of headers) {
    if (isCorsSafelistedRequestHeader(name, value)) {
      potentiallyUnsafe.push(name);
      safelistedValueSize += value.length;
    } else {
      unsafe.push(name);
    }
  }
  if (safelistedValueSize > SAFELISTED_VALUES_TOTAL_MAX) unsafe.push(...potentiallyUnsafe);
  return [...new Set(unsafe.map((name) => name.toLowerCase()))].sort();
}

/**
 * Fetch §4.1 "fetch" step 12 (and Headers' normalization): the header list
 * fetch() sends for the script's headers. Each value is normalized, and
 * `Accept: *\/*` is added when the script set no Accept. A browser also adds
 * Accept-Language, Accept-Encoding and User-Agent, which are not modelled.
 */
export function fetchRequestHeaders(scriptHeaders: HeaderList): HeaderList {
  const normalized: HeaderList = scriptHeaders.map(([name, value]) => [name, normalizeHeaderValue(value)]);
  return hasField(normalized, 'Accept') ? normalized : [...normalized, ['Accept', '*/*']];
}

/** The CORS-unsafe request-header names of a request: of the header list fetch() sends, and those it names as unsafe. */
export function unsafeHeaderNamesOf(request: CorsRequest): string[] {
  const named = (request.unsafeHeaderNames ?? []).map((name) => name.toLowerCase());
  return [...new Set([...corsUnsafeRequestHeaderNames(fetchRequestHeaders(request.headers ?? [])), ...named])].sort();
}

/** Fetch §4.1 main fetch: a cross-origin request needs a preflight when its method or headers are not safelisted. */
export function needsPreflight(request: CorsRequest): boolean {
  return !SAFELISTED_METHODS.includes(normalizeMethod(request.method)) || unsafeHeaderNamesOf(request).length > 0;
}

/**
 * Fetch §4.9 "CORS check". Access-Control-Allow-Origin must be the request's
 * serialized origin (or `*` for a request without credentials); a
 * credentialed request also needs `Access-Control-Allow-Credentials: true`.
 * Repeated fields are combined first, so two Allow-Origin fields never match.
 */
export function corsCheck(request: CorsRequest, response: ResponseHead): Verdict {
  const origin = getCombined(response.headers, 'Access-Control-Allow-Origin');
  if (origin === null) return refuse('allow-origin-missing', 'no Access-Control-Allow-Origin (Fetch §4.9 CORS check)');
  if (request.credentials !== 'include' && origin === '*') return success;
  if (origin !== request.origin) {
    return origin === '*'
      ? refuse('allow-origin-wildcard', 'Access-Control-Allow-Origin is "*", which never grants a request with credentials (Fetch §4.9 CORS check)')
      : refuse('allow-origin-mismatch', `Access-Control-Allow-Origin is "${origin}", not the script's origin "${request.origin}" (Fetch §4.9 CORS check)`);
  }
  if (request.credentials !== 'include') return success;
  const credentials = getCombined(response.headers, 'Access-Control-Allow-Credentials');
  if (credentials === 'true') return success;
  return refuse(
    'allow-credentials-missing',
    credentials === null
      ? 'no Access-Control-Allow-Credentials: true for a request with credentials (Fetch §4.9 CORS check)'
      : `Access-Control-Allow-Credentials is "${credentials}", not "true" (Fetch §4.9 CORS check)`,
  );
}

/**
 * Fetch §4.8 CORS-preflight fetch, steps 1-5: the request the browser sends
 * before the script's own, with the Origin the browser adds to it:
 * `Accept: *\/*`, Access-Control-Request-Method (the method normalized),
 * and, when there are CORS-unsafe request-header names, them in
 * Access-Control-Request-Headers, lowercased, sorted and joined by `,`
 * without spaces. No author header, no credentials.
 */
export function preflightRequestHeaders(request: CorsRequest): HeaderList {
  const unsafe = unsafeHeaderNamesOf(request);
  const headers: [string, string][] = [
    ['Origin', request.origin],
    ['Accept', '*/*'],
    ['Access-Control-Request-Method', normalizeMethod(request.method)],
  ];
  if (unsafe.length > 0) headers.push(['Access-Control-Request-Headers', unsafe.join(',')]);
  return headers;
}

/**
 * Fetch §4.8 CORS-preflight fetch, steps 7 on: whether the preflight's
 * response lets the script's request through. The preflight itself never
 * carries credentials, but the CORS check on it is made with the request's
 * credentials mode, and `*` in Allow-Methods or Allow-Headers counts only
 * for requests without credentials.
 */
export function preflightVerdict(request: CorsRequest, response: ResponseHead): Verdict {
  const check = corsCheck(request, response);
  if (!check.ok) return refusePreflight(check.kind, check.detail);
  if (!isOkStatus(response.status)) {
    const said = `preflight answered ${response.status}, not an ok status 200-299 (Fetch §4.8 step 7)`;
    return { ok: false, reason: said, detail: said, kind: 'preflight-status', preflight: true };
  }

  const methods = tokenList(response.headers, 'Access-Control-Allow-Methods');
  if (methods === 'failure') return refusePreflight('preflight-method', 'Access-Control-Allow-Methods is not a list of methods (Fetch §4.8)');
  const headerNames = tokenList(response.headers, 'Access-Control-Allow-Headers');
  if (headerNames === 'failure') return refusePreflight('preflight-header', 'Access-Control-Allow-Headers is not a list of header names (Fetch §4.8)');

  const credentialed = request.credentials === 'include';
  // Methods are case-sensitive (RFC 9110 §9.1): `put` does not allow PUT. The script's method is normalized first: `put` asks for PUT.
  const method = normalizeMethod(request.method);
  const methodAllowed =
    (methods ?? []).includes(method) ||
    SAFELISTED_METHODS.includes(method) ||
    (!credentialed && (methods ?? []).includes('*'));
  if (!methodAllowed) {
    return refusePreflight(
      'preflight-method',
      `${method} is not in Access-Control-Allow-Methods (${describeList(methods, credentialed)}) (Fetch §4.8)`,
    );
  }
  // The standard does not let `*` cover Authorization (a "CORS non-wildcard request-header name"); Chromium 156 and
  // Firefox 153 ESR do, for a request without credentials, and the model follows them: the WPT ledger,
  // test/wpt/expectation.json in the repository, records it.
  for (const unsafeName of unsafeHeaderNamesOf(request)) {
    const allowed =
      (headerNames ?? []).some((item) => sameName(item, unsafeName)) || (!credentialed && (headerNames ?? []).includes('*'));
    if (!allowed) {
      return refusePreflight(
        'preflight-header',
        `request header ${unsafeName} is not in Access-Control-Allow-Headers (${describeList(headerNames, credentialed)}) (Fetch §4.8)`,
      );
    }
  }
  return success;
}

function describeList(items: readonly string[] | null, credentialed: boolean): string {
  if (items === null || items.length === 0) return 'absent';
  const note = credentialed && items.includes('*') ? '; "*" does not count with credentials' : '';
  return `"${items.join(', ')}"${note}`;
}

/**
 * Fetch §4.1 main fetch step 14.1: the CORS-exposed header-name list.
 * `*` exposes every header only to requests without credentials; for a
 * credentialed request it matches a header literally named `*`. A value that
 * does not parse exposes nothing.
 */
export function corsExposedHeaderNames(request: CorsRequest, response: ResponseHead): string[] {
  const headerNames = tokenList(response.headers, 'Access-Control-Expose-Headers');
  if (headerNames === null || headerNames === 'failure') return [];
  if (request.credentials !== 'include' && headerNames.includes('*')) {
    return [...new Set(response.headers.map(([name]) => name.toLowerCase()))];
  }
  return headerNames;
}

/**
 * Fetch §2.2.6 "CORS filtered response": the header list a script can read
 * is the response's, without every header whose name is not a
 * CORS-safelisted response-header name given the CORS-exposed list.
 */
export function corsFilteredHeaders(request: CorsRequest, response: ResponseHead): HeaderList {
  const exposed = corsExposedHeaderNames(request, response);
  return response.headers.filter(([name]) => isCorsSafelistedResponseHeaderName(name, exposed));
}

/**
 * The whole journey of a script's cross-origin fetch() given the server's
 * answers: the preflight's (when one is needed) and the actual response's.
 * `preflight` is read only when `needsPreflight(request)`.
 */
export function scriptView(request: CorsRequest, response: ResponseHead, preflight?: ResponseHead): ScriptView {
  if (needsPreflight(request)) {
    if (preflight === undefined) throw new TypeError('this request needs a preflight response to evaluate');
    const verdict = preflightVerdict(request, preflight);
    if (!verdict.ok) return verdict;
  }
  const check = corsCheck(request, response);
  if (!check.ok) return check;
  return { ok: true, status: response.status, headers: corsFilteredHeaders(request, response) };
}

/** Headers.get() on what the script holds: the combined value, or null when it cannot see the header. */
export function scriptReads(view: ScriptView, name: string): string | null {
  if (!view.ok) return null;
  return fieldValues(view.headers, name).length === 0 ? null : getCombined(view.headers, name);
}
