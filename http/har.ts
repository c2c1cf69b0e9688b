/**
 * Observed traffic as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/),
 * the format browsers, Playwright and proxies write: written with every
 * secret masked (toHar), and read back from any of them (readHar). Issue 28:
 * `observe` writes the traffic it saw as a HAR, and `observe --har FILE`
 * judges a HAR recorded elsewhere.
 *
 * Writing (toHar). Every field HAR 1.2 requires is present with its type;
 * what HAR has no field for goes in fields starting with "_", as the spec
 * allows (`_seq`, `_failure`, `_truncated`, `_passThrough`). A body is its
 * kept prefix: UTF-8 text as `text`, anything else in base64 with
 * `encoding: 'base64'`; a truncated prefix says so in `comment`, with
 * `content.size` the whole body's size. An exchange that failed with no
 * answer is written as browsers write a failed request: status 0 and the
 * reason in `_error`. Secrets are masked with http/secrets.ts (one masker):
 * - by field: Authorization, Proxy-Authorization, Cookie and every --header
 *   field whole, each Set-Cookie's value (its attributes kept), the values
 *   of the `cookies` arrays; query parameters, form fields and JSON members
 *   named like credentials (CREDENTIAL_NAMES: access_token, password, …), in
 *   `url`, `queryString`, bodies (postData is written as text, never as
 *   params: HAR 1.2 makes them exclusive) and URL-valued headers;
 * - by value: every secret Secrets knows, anywhere in a string (binary bodies
 *   searched byte for byte), and the credentials met in the traffic itself
 *   (Authorization's credentials, Basic's password, cookie values and
 *   credential-named query values of at least 8 characters), so a token sent
 *   in one request and echoed in another body is masked there too.
 * Masking only ever replaces a string's content: JSON bodies are masked
 * parsed and written again, so a HAR always stays a HAR. toHar holds every
 * exchange; HarSpool (http/har-spool.ts) writes the same HAR from a spool
 * file in bounded memory. Both write through harWriter (the head and each
 * entry) once meetCredentials has met every exchange's own credentials.
 *
 * Reading (readHar). Chromium's DevTools, Firefox and Playwright each leave
 * out parts the judge would want; readHar reads what is there, turns a
 * request that got no answer (status 0 or -1, with `_error`, `_failureText`
 * or nothing) into a `browser-failed` failure, and lists in `omissions`, once
 * each and in plain words, what this HAR leaves out. Each entry's url
 * becomes the request target (path and query); a body keeps at most
 * `maxBody` bytes (1 MiB, the proxy's default --max-body); the exchanges
 * written by toHar come back as they were, their secrets masked (`_seq`,
 * `_failure`, `_truncated` read back). One bad entry is one problem and the
 * others are read; a text that is no HAR at all is one HarError with a
 * stable code (HAR_NOT_JSON, HAR_NO_ENTRIES).
 */
import type { Cookie, Entry, Har, Header, PostData, QueryString } from 'har-format';
import { fieldValues, getCombined, hasField, type HeaderField, type HeaderList } from './header-list';
import { needsPreflight } from './fetch-model';
import { DEFAULT_MAX_BODY_BYTES, type ObservedBody, type ObservedExchange, type ObservedFailure, type ObservedRequest, type ObservedResponse } from './observed';
import { MASK, Secrets } from './secrets';
import { cookiesSet, type ParsedCookie } from './set-cookie';

export const HAR_VERSION = '1.2';

/** Query parameters, form fields and JSON members whose value is a credential, whatever it holds (compared case-insensitively). */
export const CREDENTIAL_NAMES: ReadonlySet<string> = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'api_key',
  'apikey',
  'password',
  'passwd',
  'secret',
  'key',
  'client_secret',
]);

export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAMES.has(name.toLowerCase());
}

/**
 * Credentials met in the traffic are searched for elsewhere when at least
 * this long (a session id, a token): a shorter cookie or query value ("dark",
 * "1") would mask ordinary words, and is masked where it stands anyway.
 */
const SEARCHED_MET_LENGTH = 8;


export interface ToHarOptions {
  readonly secrets: Secrets;
  readonly creator?: { readonly name: string; readonly version: string };
  /** The page the traffic came from, when known: written as the HAR's one page. */
  readonly pageUrl?: string;
  /** The address the frontend called (the target's): each entry's url is its origin followed by the request target. */
  readonly baseUrl: string;
}

type Mask = (text: string) => string;

/** The exchanges as a HAR 1.2 log, every secret masked by field and by value (Secrets). */
export function toHar(exchanges: Iterable<ObservedExchange>, options: ToHarOptions): Har {
  const all = [...exchanges];
  const met = new Set<string>();
  for (const exchange of all) meetCredentials(exchange, met);
  const writer = harWriter(options, met);
  return { log: { ...writer.head(all[0]?.startedAt), entries: all.map(writer.entry) } };
}

/**
 * What writes a HAR, once the traffic's own credentials are all met: the
 * log's head (everything but its entries) and each entry, masked. toHar and
 * HarSpool (http/har-spool.ts, which streams the entries from a spool file)
 * both write through it, so a HAR is the same whichever wrote it.
 */
export interface HarWriter {
  /** The log without its entries: version, creator and the page, if any (`firstStartedAt`: the first exchange's startedAt). */
  head(firstStartedAt: string | undefined): Omit<Har['log'], 'entries'>;
  /** One exchange as a HAR entry, every secret masked. */
  entry(exchange: ObservedExchange): Entry;
}

/** A HAR writer masking `options.secrets` and every credential in `met` (collected with meetCredentials over ALL the exchanges written). */
export function harWriter(options: ToHarOptions, met: ReadonlySet<string>): HarWriter {
  const metSecrets = new Secrets().addAll(met);
  const mask: Mask = (text) => metSecrets.maskText(options.secrets.maskText(text));
  const origin = new URL(options.baseUrl).origin;
  const pageref = options.pageUrl === undefined ? undefined : 'page_1';
  return {
    head: (firstStartedAt) => ({
      version: HAR_VERSION,
      creator: { name: options.creator?.name ?? 'response-conformance', version: options.creator?.version ?? '' },
      ...(pageref === undefined
        ? {}
        : {
            pages: [
              {
                startedDateTime: firstStartedAt ?? new Date(0).toISOString(),
                id: pageref,
                title: mask(maskUrlQuery(options.pageUrl!, mask)),
                pageTimings: { onContentLoad: -1, onLoad: -1 },
              },
            ],
          }),
    }),
    entry: (exchange) => entryOf(exchange, origin, options.secrets, mask, pageref),
  };
}

/**
 * The credentials one exchange itself carries, added to `met`: each is
 * searched for in every string of the HAR, so a token sent in one request
 * and echoed in another body is masked there too. Incremental, so a spool
 * can meet them as exchanges arrive and keep only this set.
 */
export function meetCredentials({ request, response }: ObservedExchange, met: Set<string>): void {
  const meet = (value: string | undefined): void => {
    if (value !== undefined && value.length >= SEARCHED_MET_LENGTH) met.add(value);
  };
  for (const name of ['Authorization', 'Proxy-Authorization']) {
    for (const value of fieldValues(request.headers, name)) {
      const [, scheme, credentials] = /^(\S+)\s+(\S+)$/.exec(value) ?? [];
      meet(value);
      meet(credentials);
      // Basic's user:password (RFC 7617), which a body or a URL may hold decoded.
      if (scheme?.toLowerCase() === 'basic' && credentials !== undefined) {
        const decoded = Buffer.from(credentials, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon !== -1) [decoded, decoded.slice(colon + 1)].forEach(meet);
      }
    }
  }
  for (const { value } of requestCookies(request.headers)) meet(value);
  if (response) for (const cookie of cookiesSet(response.headers)) meet(cookie.value);
  const query = request.target.indexOf('?');
  if (query !== -1) {
    for (const [name, value] of new URLSearchParams(request.target.slice(query + 1))) if (isCredentialName(name)) meet(value);
  }
}

function entryOf(exchange: ObservedExchange, origin: string, secrets: Secrets, mask: Mask, pageref: string | undefined): Entry {
  const { request, response, failure } = exchange;
  const maskHeaders = (list: HeaderList): Header[] =>
    secrets.maskHead(list).map(([name, value]) => ({ name, value: mask(maskUrlQuery(value, mask)) }));
  const url = origin + maskTarget(request.target, mask);
  const queryAt = url.indexOf('?');
  const queryString: QueryString[] =
    queryAt === -1 ? [] : [...new URLSearchParams(url.slice(queryAt + 1))].map(([name, value]) => ({ name: mask(name), value: mask(value) }));
  const version = request.httpVersion === '' ? '' : `HTTP/${request.httpVersion}`;
  const entry: Entry = {
    ...(pageref === undefined ? {} : { pageref }),
    startedDateTime: exchange.startedAt,
    time: exchange.durationMs,
    request: {
      method: request.method,
      url,
      httpVersion: version,
      cookies: requestCookies(request.headers).map(({ name }) => ({ name: mask(name), value: MASK })),
      headers: maskHeaders(request.headers),
      queryString,
      ...postDataOf(request, mask),
      headersSize: -1,
      bodySize: request.body.size ?? -1,
    },
    response:
      response === undefined
        ? ({
            status: 0,
            statusText: '',
            httpVersion: '',
            cookies: [],
            headers: [],
            content: { size: 0, mimeType: 'x-unknown' },
            redirectURL: '',
            headersSize: -1,
            bodySize: -1,
            _error: failure === undefined ? 'no answer was recorded' : mask(failure.message),
          } as Entry['response'] & { _error: string })
        : {
            status: response.status,
            statusText: response.statusText,
            httpVersion: version,
            cookies: cookiesSet(response.headers).map((cookie) => cookieOf(cookie, mask)),
            headers: maskHeaders(response.headers),
            content: contentOf(response, mask),
            redirectURL: mask(maskUrlQuery(getCombined(response.headers, 'Location') ?? '', mask)),
            headersSize: -1,
            bodySize: response.body.size ?? -1,
          },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: exchange.durationMs, receive: 0 },
    _seq: exchange.seq,
  };
  if (failure !== undefined) entry._failure = { ...failure, message: mask(failure.message) };
  if (exchange.passThrough !== undefined) entry._passThrough = exchange.passThrough;
  return entry;
}

/** A request target with credential-named query values masked (kept otherwise byte for byte) and known secrets masked. */
function maskTarget(target: string, mask: Mask): string {
  const at = target.indexOf('?');
  return at === -1 ? mask(target) : `${mask(target.slice(0, at))}?${maskQuery(target.slice(at + 1), mask)}`;
}

/** A header value that is a URL with a query (Location, Referer): its credential-named query values masked. */
function maskUrlQuery(value: string, mask: Mask): string {
  return /^\S+\?\S*$/.test(value) ? maskTarget(value, mask) : value;
}

/** "a=1&token=x" → "a=1&token=[REDACTED]": a pair named like a credential, or whose decoded value holds a known secret, loses its value. */
function maskQuery(query: string, mask: Mask): string {
  return query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) return mask(pair);
      const name = pair.slice(0, equals);
      const value = pair.slice(equals + 1);
      const decoded = decodeFormComponent(value);
      if (value === '' || (!isCredentialName(decodeFormComponent(name)) && mask(decoded) === decoded)) return mask(pair);
      return `${mask(name)}=${MASK}`;
    })
    .join('&');
}

function decodeFormComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function requestCookies(headers: HeaderList): { name: string; value: string }[] {
  return fieldValues(headers, 'Cookie')
    .flatMap((value) => value.split(';'))
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      return equals === -1 ? { name: '', value: pair } : { name: pair.slice(0, equals).trim(), value: pair.slice(equals + 1).trim() };
    });
}

function cookieOf(cookie: ParsedCookie, mask: Mask): Cookie {
  const written: Cookie & { sameSite?: string } = { name: mask(cookie.name), value: cookie.value === '' ? '' : MASK };
  if (cookie.path !== undefined) written.path = mask(cookie.path);
  if (cookie.domain !== undefined) written.domain = mask(cookie.domain);
  if (cookie.expires !== undefined && !Number.isNaN(cookie.expires.getTime())) written.expires = cookie.expires.toISOString();
  if (cookie.httpOnly !== undefined) written.httpOnly = cookie.httpOnly;
  if (cookie.secure !== undefined) written.secure = cookie.secure;
  if (cookie.sameSite !== undefined) written.sameSite = cookie.sameSite;
  return written;
}

/** A JSON member named like a credential, up to its value's end or the text's: `"password": "…`. */
const JSON_CREDENTIAL_MEMBER = new RegExp(`("(?:${[...CREDENTIAL_NAMES].join('|')})"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)`, 'gi');

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A body's prefix as HAR holds it: masked text when it is UTF-8, masked base64 otherwise. */
function bodyText(body: ObservedBody, contentType: string | null, mask: Mask): { text: string; encoding?: 'base64' } {
  let text: string;
  try {
    text = UTF8.decode(body.prefix);
  } catch {
    // Binary: searched byte for byte (latin1 maps each byte to one character), so ASCII secrets are masked and the rest is untouched.
    // A JSON prefix cut inside a character is no UTF-8 either: its credential members are masked here too.
    const masked = mask(body.prefix.toString('latin1').replace(JSON_CREDENTIAL_MEMBER, (_, start: string) => start + MASK));
    return { text: Buffer.from(masked, 'latin1').toString('base64'), encoding: 'base64' };
  }
  return { text: maskBodyText(text, contentType, mask) };
}

function maskBodyText(text: string, contentType: string | null, mask: Mask): string {
  const essence = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (essence === 'application/x-www-form-urlencoded') return maskQuery(text, mask);
  if (text !== '' && (essence === 'application/json' || essence.endsWith('+json') || /^\s*[[{]/.test(text))) {
    try {
      const data: unknown = JSON.parse(text);
      let changed = false;
      const masked = walkJson(data, undefined, (value, key) => {
        const next = key !== undefined && isCredentialName(key) ? MASK : mask(value);
        if (next !== value) changed = true;
        return next;
      });
      return changed ? JSON.stringify(masked) : text;
    } catch {
      // A prefix cut short is no JSON: its credential members are masked where they stand.
    }
  }
  return mask(text.replace(JSON_CREDENTIAL_MEMBER, (_, start: string) => start + MASK));
}

function walkJson(value: unknown, key: string | undefined, mask: (text: string, key: string | undefined) => string): unknown {
  if (typeof value === 'string') return mask(value, key);
  if (Array.isArray(value)) return value.map((item) => walkJson(item, key, mask));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, walkJson(item, name, mask)]));
  }
  return value;
}

function truncation(body: ObservedBody): { comment?: string; _truncated?: true } {
  if (!body.truncated) return {};
  const whole = body.size === undefined ? 'a body of unknown size' : `${body.size} bytes`;
  return { comment: `truncated: the first ${body.prefix.length} bytes of ${whole}`, _truncated: true };
}

function postDataOf(request: ObservedRequest, mask: Mask): { postData?: PostData } {
  if (request.body.prefix.length === 0 && !request.body.truncated) return {};
  const mimeType = getCombined(request.headers, 'Content-Type') ?? '';
  const { text, encoding } = bodyText(request.body, mimeType, mask);
  // HAR 1.2: "text and params fields are mutually exclusive". The text is the body as sent (a form's credential
  // fields masked), so no params are written. postData has no encoding field either: a binary body's base64 says so
  // in _encoding, which readHar reads.
  const postData: PostData & Record<string, unknown> = { mimeType, text, ...truncation(request.body) };
  if (encoding !== undefined) postData._encoding = encoding;
  return { postData };
}

function contentOf(response: ObservedResponse, mask: Mask): Entry['response']['content'] {
  const mimeType = getCombined(response.headers, 'Content-Type') ?? 'x-unknown';
  const { text, encoding } = bodyText(response.body, mimeType, mask);
  return {
    size: response.body.size ?? -1,
    mimeType,
    ...(response.body.prefix.length === 0 && !response.body.truncated ? {} : { text }),
    ...(encoding === undefined ? {} : { encoding }),
    ...truncation(response.body),
  };
}

// ---------------------------------------------------------------- reading

export type HarErrorCode = 'HAR_NOT_JSON' | 'HAR_NO_ENTRIES';

/** A text that is no HAR at all: branch on `code`, never on the message. */
export class HarError extends Error {
  constructor(
    readonly code: HarErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HarError';
  }
}

export interface HarReading {
  readonly exchanges: ObservedExchange[];
  /** One per entry that could not be read, numbered from 1 as the file lists them. */
  readonly problems: { entry: number; message: string }[];
  /** What this HAR leaves out that the judge would want, each once, in plain words. */
  readonly omissions: string[];
  /** With `origin`: how many entries went to other origins (the page itself, a CDN, another API), by origin; they are not read. */
  readonly elsewhere: Record<string, number>;
}

/** A HAR file's text as exchanges: each entry an exchange or a per-entry problem, never a throw for one bad entry; a text that is no HAR at all is one clear error (HarError with a code). */
export function readHar(text: string, source: string, options: { maxBody?: number; origin?: string } = {}): HarReading {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new HarError('HAR_NOT_JSON', `${source} is not a HAR: it is not JSON (${(error as Error).message})`);
  }
  const entries = isObject(data) && isObject(data.log) ? data.log.entries : undefined;
  if (!Array.isArray(entries)) {
    throw new HarError('HAR_NO_ENTRIES', `${source} is not a HAR: it has no log.entries list (HAR 1.2: {"log": {"version", "creator", "entries": [...]}})`);
  }
  const maxBody = options.maxBody ?? DEFAULT_MAX_BODY_BYTES;
  const exchanges: ObservedExchange[] = [];
  const problems: { entry: number; message: string }[] = [];
  const read: { entry: Record<string, unknown>; exchange: ObservedExchange }[] = [];
  const elsewhere: Record<string, number> = {};
  entries.forEach((entry: unknown, index) => {
    if (options.origin !== undefined) {
      const to = originOfEntry(entry);
      if (to !== undefined && to !== options.origin) {
        elsewhere[to] = (elsewhere[to] ?? 0) + 1;
        return;
      }
    }
    try {
      const exchange = exchangeOf(entry, index + 1, maxBody);
      exchanges.push(exchange);
      read.push({ entry: entry as Record<string, unknown>, exchange });
    } catch (error) {
      if (!(error instanceof EntryProblem)) throw error;
      problems.push({ entry: index + 1, message: error.message });
    }
  });
  return { exchanges, problems, omissions: omissionsOf(read), elsewhere };
}

/** The origin an entry's request went to, when its URL says (an entry without one is read, and its problem said). */
function originOfEntry(entry: unknown): string | undefined {
  if (!isObject(entry) || !isObject(entry.request) || !isString(entry.request.url)) return undefined;
  try {
    const origin = new URL(entry.request.url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

class EntryProblem extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function need<T>(value: unknown, check: (value: unknown) => value is T, what: string): T {
  if (!check(value)) throw new EntryProblem(`${what} is missing or not ${check === isString ? 'a string' : check === isNumber ? 'a number' : 'an object'}`);
  return value;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function headersOf(value: unknown, what: string): HeaderList {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new EntryProblem(`${what} is not a list of {name, value}`);
  return value.map((header, index): HeaderField => {
    if (!isObject(header) || !isString(header.name) || !isString(header.value)) throw new EntryProblem(`${what}[${index}] is not a {name, value} pair of strings`);
    return [header.name, header.value];
  }).filter(([name]) => !name.startsWith(':')); // HTTP/2 pseudo-headers (Chromium writes them) are no fields
}

function exchangeOf(entry: unknown, number: number, maxBody: number): ObservedExchange {
  if (!isObject(entry)) throw new EntryProblem('the entry is not an object');
  const request = need(entry.request, isObject, 'request');
  const method = need(request.method, isString, 'request.method');
  const url = need(request.url, isString, 'request.url');
  const target = targetOf(url);
  const response = need(entry.response, isObject, 'response');
  const status = need(response.status, isNumber, 'response.status');
  const requestHeaders = headersOf(request.headers, 'request.headers');
  const observedRequest: ObservedRequest = {
    method,
    target,
    httpVersion: versionOf(request.httpVersion),
    headers: requestHeaders,
    body: requestBodyOf(request, maxBody),
  };
  const seq = Number.isInteger(entry._seq) && (entry._seq as number) > 0 ? (entry._seq as number) : number;
  const exchange = {
    seq,
    startedAt: isString(entry.startedDateTime) ? entry.startedDateTime : '',
    durationMs: isNumber(entry.time) && entry.time >= 0 ? entry.time : 0,
    request: observedRequest,
  };
  const failure = failureOf(entry._failure);
  const passThrough: { passThrough?: ObservedExchange['passThrough'] } =
    entry._passThrough === 'websocket' || entry._passThrough === 'event-stream' ? { passThrough: entry._passThrough } : {};
  if (status <= 0) {
    const reason = [response._error, response._failureText, response._blockedReason].find((r) => isString(r) && r !== '') as string | undefined;
    return {
      ...exchange,
      failure: failure ?? { kind: 'browser-failed', message: reason ?? `the browser recorded no answer (status ${status}) and no reason` },
      ...passThrough,
    };
  }
  const content = isObject(response.content) ? response.content : {};
  const observedResponse: ObservedResponse = {
    status,
    statusText: isString(response.statusText) ? response.statusText : '',
    headers: headersOf(response.headers, 'response.headers'),
    body: bodyOf(content.text, content.encoding, content.size, content._truncated, maxBody, 'response.content'),
  };
  return { ...exchange, response: observedResponse, ...(failure === undefined ? {} : { failure }), ...passThrough };
}

const FAILURE_KINDS: ReadonlySet<string> = new Set(['target-refused', 'target-timed-out', 'target-reset', 'not-forwarded', 'browser-failed']);

function failureOf(value: unknown): ObservedFailure | undefined {
  if (!isObject(value) || !isString(value.kind) || !FAILURE_KINDS.has(value.kind) || !isString(value.message)) return undefined;
  return {
    kind: value.kind as ObservedFailure['kind'],
    message: value.message,
    ...(isNumber(value.answeredWith) ? { answeredWith: value.answeredWith } : {}),
  };
}

/** The path and query of an absolute URL, as written (a fragment is never sent). */
function targetOf(url: string): string {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  if (authority === null) throw new EntryProblem(`request.url "${url}" is not an absolute URL`);
  const rest = url.slice(authority[0].length).replace(/#.*$/s, '');
  return rest === '' ? '/' : rest.startsWith('?') ? `/${rest}` : rest;
}

/** "HTTP/1.1" → "1.1", "h2" and "HTTP/2" → "2.0", as Node names versions; "" stays "" (a failed request's). */
function versionOf(value: unknown): string {
  if (!isString(value)) return '';
  const version = value.trim().replace(/^http\//i, '').toLowerCase();
  if (version === 'h2' || version === '2') return '2.0';
  if (version === 'h3' || version === '3') return '3.0';
  return version;
}

function requestBodyOf(request: Record<string, unknown>, maxBody: number): ObservedBody {
  const postData = isObject(request.postData) ? request.postData : undefined;
  const size = isNumber(request.bodySize) && request.bodySize >= 0 ? request.bodySize : undefined;
  if (postData === undefined) return { prefix: Buffer.alloc(0), size, truncated: size !== undefined && size > 0 };
  let text = postData.text;
  if (!isString(text) && Array.isArray(postData.params)) {
    text = postData.params
      .filter(isObject)
      .map((param) => `${encodeURIComponent(String(param.name ?? ''))}=${encodeURIComponent(String(param.value ?? ''))}`)
      .join('&');
  }
  return bodyOf(text, postData._encoding ?? postData.encoding, size, postData._truncated, maxBody, 'request.postData');
}

function bodyOf(text: unknown, encoding: unknown, size: unknown, truncated: unknown, maxBody: number, what: string): ObservedBody {
  const whole = isNumber(size) && size >= 0 ? size : undefined;
  if (text === undefined) return { prefix: Buffer.alloc(0), size: whole, truncated: whole !== undefined && whole > 0 };
  if (!isString(text)) throw new EntryProblem(`${what}.text is not a string`);
  const bytes = encoding === 'base64' ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  const prefix = bytes.length > maxBody ? bytes.subarray(0, maxBody) : bytes;
  const sizeOf = whole ?? bytes.length;
  return { prefix, size: sizeOf, truncated: truncated === true || prefix.length < sizeOf };
}

// ---------------------------------------------------------------- omissions

/** Headers a browser sets itself: no script sets them, so they never call for a preflight. */
function isBrowserSet(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    lower.startsWith('sec-') ||
    lower.startsWith('proxy-') ||
    lower.startsWith(':') ||
    [
      'accept-charset', 'accept-encoding', 'accept-language', 'access-control-request-headers', 'access-control-request-method',
      'connection', 'content-length', 'cookie', 'date', 'dnt', 'host', 'keep-alive', 'origin', 'priority', 'referer',
      'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'via', 'pragma', 'cache-control',
    ].includes(lower)
  );
}

/** Whether a request went to another origin than its Origin header's, with a method or headers that need a preflight (Fetch §4.1). */
function neededPreflight(entry: Record<string, unknown>, request: ObservedRequest): boolean {
  const origin = getCombined(request.headers, 'Origin');
  if (origin === null || origin === 'null') return false;
  let url: URL;
  try {
    url = new URL(String((entry.request as Record<string, unknown>).url));
  } catch {
    return false;
  }
  if (url.origin === origin) return false;
  const scriptHeaders = request.headers.filter(([name]) => !isBrowserSet(name));
  return needsPreflight({ origin, method: request.method, credentials: 'include', headers: scriptHeaders });
}

function omissionsOf(read: readonly { entry: Record<string, unknown>; exchange: ObservedExchange }[]): string[] {
  const omissions: string[] = [];
  if (read.length === 0) return omissions;
  const answered = read.filter(({ exchange }) => exchange.response !== undefined);
  const missingResponseBodies = answered.filter(({ exchange }) => {
    const body = exchange.response!.body;
    return body.prefix.length === 0 && body.size !== 0 && exchange.request.method !== 'HEAD' && exchange.response!.status !== 204 && exchange.response!.status !== 304;
  }).length;
  if (missingResponseBodies > 0) {
    omissions.push(`response bodies (content.text) are missing for ${missingResponseBodies} of ${answered.length} answered entries: the response-model rules cannot judge them`);
  }
  const missingRequestBodies = read.filter(({ entry, exchange }) => {
    const request = entry.request as Record<string, unknown>;
    return ['POST', 'PUT', 'PATCH'].includes(exchange.request.method.toUpperCase()) && !isObject(request.postData) && exchange.request.body.size !== 0;
  }).length;
  if (missingRequestBodies > 0) omissions.push(`request bodies (postData) are missing for ${missingRequestBodies} POST, PUT or PATCH entries`);
  const preflights = read.filter(({ exchange }) => exchange.request.method.toUpperCase() === 'OPTIONS' && hasField(exchange.request.headers, 'Access-Control-Request-Method')).length;
  const needing = read.filter(({ entry, exchange }) => neededPreflight(entry, exchange.request)).length;
  if (preflights === 0 && needing > 0) {
    omissions.push(
      `the HAR has no preflight requests, though ${needing} cross-origin requests needed one (Chromium leaves OPTIONS preflights out of its HAR): the preflight rules cannot be judged`,
    );
  }
  const bare = read.filter(({ exchange }) => exchange.failure?.kind === 'browser-failed' && /^(net::ERR_FAILED|Failed to fetch|NetworkError.*|TypeError.*|the browser recorded no answer.*)$/i.test(exchange.failure.message)).length;
  if (bare > 0) {
    omissions.push(`the browser gives no reason for ${bare} failed requests beyond a network error (a HAR does not say whether CORS blocked them, nor what the server answered)`);
  }
  const credentials = read.some(({ exchange }) =>
    ['Cookie', 'Authorization'].some((name) => hasField(exchange.request.headers, name)) || (exchange.response !== undefined && hasField(exchange.response.headers, 'Set-Cookie')),
  );
  if (!credentials) {
    omissions.push(
      'no entry has a Cookie, Set-Cookie or Authorization header: if the HAR was exported sanitized (Chromium\'s default "Export HAR (sanitized)"), the cookie rules and the credentials as sent cannot be judged',
    );
  }
  return omissions;
}
