/**
 * Secrets never reach an output, and masking them never breaks one. Two
 * means, both on fields, never on a whole serialised report:
 *
 * - By field: the header fields that carry credentials (Authorization,
 *   Proxy-Authorization, Cookie, the value of each cookie in Set-Cookie, and
 *   every header the user sends with --header) are masked wherever a head is
 *   recorded or shown, whatever they hold (maskHead).
 * - By value: the known secrets (--header values, the target's userinfo, a
 *   sign-in's token and password, a secret met during the run) are masked
 *   inside string values only (Secrets.maskText, Secrets.maskData): numbers,
 *   booleans, null, keys and structure are never touched, so JSON stays JSON,
 *   and XML, HTML and Markdown are rendered from data already masked, so
 *   their escaping stays whole.
 *
 * A secret of fewer than MIN_SEARCHED_LENGTH characters is masked by field,
 * and where a string is exactly that secret, but is not searched for inside
 * other strings: "ok" or "1" would mask ordinary words and numbers in every
 * message, and a secret that short protects nothing anyway.
 */
import { splitCookiesString } from 'set-cookie-parser';
import type { HeaderField, HeaderList } from './header-list';

export const MASK = '[REDACTED]';

/** Shorter secrets are masked only by field, or where a string is exactly the secret (see above). */
export const MIN_SEARCHED_LENGTH = 4;

/** Header fields whose value is a credential, whatever it holds (lower case). */
const CREDENTIAL_FIELDS = new Set(['authorization', 'proxy-authorization', 'cookie']);

/**
 * Every known secret of a run or an audit: the one place a source of
 * secrets joins. Add a source with one call: `secrets.add(value)` for a
 * token or a password, `secrets.addHeader(name, value)` for a header the
 * user sends (its name is then masked by field too), `secrets.addTarget(url)`
 * for userinfo, `secrets.addAll(set)` for a set filled during the run
 * (RunScope.secrets), read each time a mask is applied.
 */
export class Secrets {
  private readonly values = new Set<string>();
  private readonly live: ReadonlySet<string>[] = [];
  private readonly fieldNames = new Set<string>(CREDENTIAL_FIELDS);
  private cached?: { size: number; pattern: RegExp | null; exact: Set<string>; inJson: RegExp | null };

  /** A secret value (a token, a password, a login body's field). Empty values are ignored. */
  add(value: string | undefined): this {
    if (value !== undefined && value !== '') this.values.add(value);
    return this;
  }

  /** A set other code fills as it meets secrets (a run's RunScope.secrets): read afresh at every mask. */
  addAll(set: ReadonlySet<string>): this {
    this.live.push(set);
    return this;
  }

  /** A header the user sends with every request: its value (and the credentials of "Bearer x" or "Basic x"), and its name, masked by field. */
  addHeader(name: string, value: string): this {
    this.fieldNames.add(name.toLowerCase());
    this.add(value);
    return this.add(/^\S+\s+(\S+)$/.exec(value)?.[1]);
  }

  /** The userinfo of a target URL, as written and decoded, and the Basic credentials it is sent as. */
  addTarget(target: string | undefined): this {
    if (target === undefined) return this;
    const url = new URL(target);
    for (const part of [url.username, url.password]) if (part) this.add(part).add(decodeURIComponent(part));
    if (url.username || url.password) {
      this.add(Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64'));
    }
    return this;
  }

  /**
   * A request body that signs in (--login-body): the whole text, and each
   * field's value, whether it is JSON (every string, at any depth) or a
   * form (application/x-www-form-urlencoded, each value decoded).
   */
  addFields(body: string | undefined): this {
    if (body === undefined) return this;
    this.add(body);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      for (const [, value] of new URLSearchParams(body)) this.add(value);
      return this;
    }
    walk(parsed, (text) => (this.add(text), text));
    return this;
  }

  /** The names of the header fields masked by field. */
  get fields(): ReadonlySet<string> {
    return this.fieldNames;
  }

  private all(): { pattern: RegExp | null; exact: Set<string>; inJson: RegExp | null } {
    // Secrets are only ever added: the sizes together change whenever the secrets do, so the union is built only then (a HAR of 100,000 entries asks this per string).
    const size = this.live.reduce((n, set) => n + set.size, this.values.size);
    if (this.cached?.size === size) return this.cached;
    const every = new Set(this.values);
    for (const set of this.live) for (const value of set) if (value !== '') every.add(value);
    // Longest first, in one pass: a secret containing another is masked whole, and a mask is never masked again.
    const searched = [...every].filter((s) => s.length >= MIN_SEARCHED_LENGTH).sort((a, b) => b.length - a.length);
    const pattern = searched.length === 0 ? null : new RegExp(searched.map(escapeRegExp).join('|'), 'g');
    // Every secret as JSON.stringify writes it inside a string: a line of JSON that holds none of them holds no secret in any string.
    const inJson = every.size === 0 ? null : new RegExp([...every].map((s) => escapeRegExp(JSON.stringify(s).slice(1, -1))).join('|'));
    this.cached = { size, pattern, exact: every, inJson };
    return this.cached;
  }

  /** Whether there is anything to mask by value. */
  get empty(): boolean {
    return this.values.size === 0 && this.live.every((set) => set.size === 0);
  }

  /** A text with every known secret in it masked: for one string value, or text rendered by this program from data it masked. */
  maskText(text: string): string {
    if (this.empty) return text;
    const { pattern, exact } = this.all();
    if (exact.has(text)) return MASK;
    return pattern === null ? text : text.replace(pattern, MASK);
  }

  /** Whether a line of JSON, as JSON.stringify wrote it, may hold a known secret in a string: false lets a copy skip parsing it. */
  mayBeInJson(line: string): boolean {
    if (this.empty) return false;
    return this.all().inJson?.test(line) ?? false;
  }

  /** A copy of `data` with every string value masked (maskText); numbers, booleans, null, keys and structure unchanged. */
  maskData<T>(data: T): T {
    if (this.empty) return data;
    return walk(data, (text) => this.maskText(text)) as T;
  }

  /** A head with its credential fields masked (maskHead, with the names added here) and every other value searched for known secrets. */
  maskHead(list: HeaderList): HeaderList {
    return maskHead(list, this.fieldNames).map(([name, value]) => [name, this.maskText(value)] as HeaderField);
  }
}

function walk(value: unknown, mask: (text: string) => string): unknown {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) return value.map((item) => walk(item, mask));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, mask)]));
  }
  return value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A head with the fields that carry credentials masked: the whole value of
 * Authorization, Proxy-Authorization, Cookie and every field in `named`;
 * only each cookie's value in Set-Cookie, so its name and attributes (what
 * the cookie sentences and findings are about) stay readable.
 */
export function maskHead(list: HeaderList, named: Iterable<string> = CREDENTIAL_FIELDS): HeaderList {
  const masked = new Set([...CREDENTIAL_FIELDS, ...[...named].map((n) => n.toLowerCase())]);
  return list.map(([name, value]): HeaderField => {
    const lower = name.toLowerCase();
    if (lower === 'set-cookie') return [name, maskSetCookie(value)];
    return masked.has(lower) ? [name, MASK] : [name, value];
  });
}

/** A Set-Cookie field's value with each cookie's value masked: "sid=abc; Path=/" → "sid=[REDACTED]; Path=/". */
export function maskSetCookie(value: string): string {
  return splitCookiesString(value)
    .map((cookie) => {
      const end = cookie.indexOf(';');
      const pair = end === -1 ? cookie : cookie.slice(0, end);
      const equals = pair.indexOf('=');
      // RFC 6265bis §5.6: a pair without "=" is a cookie with an empty name, and the whole pair is its value.
      // An empty value (a deletion) holds nothing to hide, and says what the cookie does.
      const masked = equals === -1 ? MASK : pair.slice(equals + 1).trim() === '' ? pair : `${pair.slice(0, equals)}=${MASK}`;
      return masked + (end === -1 ? '' : cookie.slice(end));
    })
    .join(', ');
}
