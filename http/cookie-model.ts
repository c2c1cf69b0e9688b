/**
 * The cookies a browser keeps and sends, after RFC 6265bis
 * (https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/): the
 * storage model (§5.7, with the attributes as §5.6 reads them), the
 * retrieval model (§5.8) and "same-site" (§5.2). Pure: no I/O, the time of
 * receipt is given. The reasons a cookie is refused or withheld are named as
 * Chromium's DevTools protocol names them (Network.SetCookieBlockedReason,
 * Network.CookieBlockedReason), so the model and Chromium speak the same words.
 *
 * Where the draft leaves a choice to the user agent, the model does as
 * Chromium and Firefox do by default:
 * - a cookie without SameSite is treated as Lax (§5.6.7.1 "Lax-by-default");
 * - a loopback host (localhost, 127.0.0.0/8, [::1]) counts as a secure
 *   origin, "potentially trustworthy" (Secure Contexts §3.2), so a Secure
 *   cookie set over http://127.0.0.1 is kept;
 * - there is no public-suffix list: a domain of one label is taken as a
 *   public suffix, and a site is the last two labels (three under a short
 *   country second level, as in "example.co.uk").
 */
import { parse as parseSetCookie, splitCookiesString } from 'set-cookie-parser';

/**
 * The named host the cookie scenarios reach a loopback target by, so that it
 * is not trustworthy as loopback is ("Secure over http" shows only there).
 * The suite's client and both engines resolve it to 127.0.0.1.
 */
export const COOKIE_TEST_HOST = 'api.cookie-test';

/** Why a browser did not store a cookie (Chromium's Network.SetCookieBlockedReason) or did not send one (Network.CookieBlockedReason). */
export type CookieBlockedReason =
  | 'SecureOnly'
  | 'SameSiteStrict'
  | 'SameSiteLax'
  | 'SameSiteUnspecifiedTreatedAsLax'
  | 'SchemefulSameSiteStrict'
  | 'SchemefulSameSiteLax'
  | 'SchemefulSameSiteUnspecifiedTreatedAsLax'
  | 'SameSiteNoneInsecure'
  | 'InvalidDomain'
  | 'DomainMismatch'
  | 'NotOnPath'
  | 'InvalidPrefix'
  | 'OverwriteSecure'
  | 'ThirdPartyPhaseout'
  | 'SyntaxError';

/** Each reason in a person's words, for messages and findings. */
export const REASON_WORDS: Readonly<Record<CookieBlockedReason, string>> = {
  SecureOnly: 'it is Secure but came (or would go) over an insecure connection',
  SameSiteStrict: 'it is SameSite=Strict and the request is cross-site',
  SameSiteLax: 'it is SameSite=Lax and a fetch() from another site is cross-site',
  SameSiteUnspecifiedTreatedAsLax: 'it has no SameSite, so it is treated as Lax, and a fetch() from another site is cross-site',
  SchemefulSameSiteStrict: 'it is SameSite=Strict and the request goes to another scheme, which is another site',
  SchemefulSameSiteLax: 'it is SameSite=Lax and the request goes to another scheme, which is another site',
  SchemefulSameSiteUnspecifiedTreatedAsLax: 'it has no SameSite (treated as Lax) and the request goes to another scheme, which is another site',
  SameSiteNoneInsecure: 'it is SameSite=None without Secure',
  InvalidDomain: "its Domain does not match the host that set it (or is a public suffix)",
  DomainMismatch: "the request's host is not in the cookie's domain",
  NotOnPath: "the request's path is not under the cookie's Path",
  InvalidPrefix: 'its name has a __Secure- or __Host- prefix whose rules it breaks',
  OverwriteSecure: 'it would overwrite a Secure cookie from an insecure connection',
  ThirdPartyPhaseout: "the browser blocks third-party cookies",
  SyntaxError: 'the Set-Cookie field does not parse as a cookie',
};

/** A cookie in the jar (§5.7 step 22's fields). */
export interface StoredCookie {
  readonly name: string;
  readonly value: string;
  /** The host that set it when host-only, else the Domain attribute without its leading dot, lower-cased. */
  readonly domain: string;
  readonly hostOnly: boolean;
  readonly path: string;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  /** "unspecified" when the server sent none (treated as Lax). */
  readonly sameSite: 'strict' | 'lax' | 'none' | 'unspecified';
  /** Milliseconds since the epoch; null for a session cookie. */
  readonly expires: number | null;
  readonly created: number;
}

export type CookieJar = readonly StoredCookie[];

export interface StoreContext {
  /** The URL of the request whose answer set the cookies. */
  readonly requestUrl: string;
  /** The origin of the page whose script made the request (credentials include), or null for a plain client (same-site, no frontend). */
  readonly frontendOrigin: string | null;
  /** When the answer was received: expiry is counted from it. */
  readonly received: Date;
  /** Whether the browser blocks third-party cookies (neither engine does by default: docs/cookies.md). */
  readonly blockThirdParty?: boolean;
}

export interface RefusedCookie {
  /** The cookie as the field named it (its name; the whole field when it does not parse). */
  readonly cookie: string;
  /** The first reason, as Chromium would list it first. */
  readonly reason: CookieBlockedReason;
  readonly reasons: readonly CookieBlockedReason[];
}

export interface StoreOutcome {
  readonly jar: CookieJar;
  /** The names of the cookies stored (or, when expired, the deletions applied). */
  readonly stored: readonly string[];
  /** The names of the cookies stored and alive: not the deletions. */
  readonly kept: readonly string[];
  readonly refused: readonly RefusedCookie[];
  /** Cookies removed from the jar by an expired cookie of the same name, domain, host-only flag and path (§5.7 step 23-24). */
  readonly deleted: readonly StoredCookie[];
}

// ---- Sites and hosts ----------------------------------------------------

const LOOPBACK = /^(localhost|.+\.localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/i;

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':') || host.startsWith('[');
}

/** The registrable domain, without a public-suffix list (see the module's comment). */
export function registrableDomain(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIp(bare) || !bare.includes('.')) return bare;
  const labels = bare.split('.');
  const take = labels.length >= 3 && labels[labels.length - 2].length <= 3 && labels[labels.length - 1].length === 2 ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** The schemeful site of a URL (HTML's "site"; RFC 6265bis §5.2): its scheme and registrable domain. */
export function siteOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${registrableDomain(parsed.hostname)}`;
}

/** Whether two URLs are schemefully same-site (§5.2). */
export function sameSite(a: string, b: string): boolean {
  return siteOf(a) === siteOf(b);
}

/** A secure origin for cookies: https or wss, or a loopback host, potentially trustworthy as browsers take it. */
export function isSecureOrigin(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'https:' || parsed.protocol === 'wss:' || LOOPBACK.test(parsed.hostname);
}

/** §5.1.3 domain-match: identical, or a suffix after a dot when the host is not an IP address. */
export function domainMatch(host: string, domain: string): boolean {
  const h = host.toLowerCase();
  const d = domain.toLowerCase();
  return h === d || (!isIp(h) && h.endsWith(`.${d}`));
}

/** §5.1.4 default-path: the request path up to, not including, its last "/"; "/" when that leaves nothing. */
export function defaultPath(requestUrl: string): string {
  const path = new URL(requestUrl).pathname;
  if (!path.startsWith('/')) return '/';
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}

/** §5.1.4 path-match: identical, or the cookie path is a prefix ending in "/", or followed by "/". */
export function pathMatch(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/**
 * Whether a request is cross-site for cookies (§5.2.1, §5.2.2): a plain
 * client has no frontend and is same-site; a script's fetch() is same-site
 * when the frontend's site (its "site for cookies") is the request's.
 * Schemeful: http and https of one domain are two sites.
 */
function crossSiteKind(requestUrl: string, frontendOrigin: string | null): 'same-site' | 'cross-site' | 'cross-scheme' {
  if (frontendOrigin === null) return 'same-site';
  // An opaque origin ("null": a sandboxed iframe, a data: page) is same-site with nothing.
  if (!URL.canParse(frontendOrigin)) return 'cross-site';
  if (sameSite(requestUrl, frontendOrigin)) return 'same-site';
  return registrableDomain(new URL(requestUrl).hostname) === registrableDomain(new URL(frontendOrigin).hostname) ? 'cross-scheme' : 'cross-site';
}

function sameSiteReason(flag: StoredCookie['sameSite'], kind: 'cross-site' | 'cross-scheme'): CookieBlockedReason {
  const base = flag === 'strict' ? 'SameSiteStrict' : flag === 'lax' ? 'SameSiteLax' : 'SameSiteUnspecifiedTreatedAsLax';
  return kind === 'cross-scheme' ? (`Schemeful${base}` as CookieBlockedReason) : base;
}

// ---- Storage (§5.7) -----------------------------------------------------

/** §5.6.1, §5.6.2: Max-Age wins over Expires; zero or less is the earliest time; neither, a session cookie. */
function expiryOf(maxAge: number | undefined, expires: Date | undefined, received: Date): number | null {
  if (maxAge !== undefined && !Number.isNaN(maxAge)) return maxAge <= 0 ? Number.MIN_SAFE_INTEGER : received.getTime() + maxAge * 1000;
  if (expires !== undefined && !Number.isNaN(expires.getTime())) return expires.getTime();
  return null;
}

function sameSiteFlag(value: string | undefined): StoredCookie['sameSite'] {
  const v = value?.toLowerCase();
  return v === 'strict' || v === 'lax' || v === 'none' ? v : 'unspecified';
}

const expired = (cookie: StoredCookie, at: number) => cookie.expires !== null && cookie.expires <= at;

/** Stores the cookies of one answer's Set-Cookie fields in the jar, as a browser on the frontend's origin would (§5.7). */
export function store(jar: CookieJar, setCookieFields: readonly string[], context: StoreContext): StoreOutcome {
  const url = new URL(context.requestUrl);
  const host = url.hostname.toLowerCase();
  const now = context.received.getTime();
  const secureOrigin = isSecureOrigin(context.requestUrl);
  const kind = crossSiteKind(context.requestUrl, context.frontendOrigin);
  let next = [...jar];
  const stored: string[] = [];
  const kept: string[] = [];
  const refused: RefusedCookie[] = [];
  const deleted: StoredCookie[] = [];
  for (const field of setCookieFields.flatMap((value) => splitCookiesString(value))) {
    const [parsed] = parseSetCookie(field, { decodeValues: false });
    // §5.6 step 1-5: no "=" with no name, or an empty name and value, is ignored.
    if (parsed === undefined || (parsed.name === '' && parsed.value === '')) {
      refused.push({ cookie: field, reason: 'SyntaxError', reasons: ['SyntaxError'] });
      continue;
    }
    const reasons: CookieBlockedReason[] = [];
    // §5.6.3, §5.7 steps 9-10: a Domain attribute the host does not domain-match, or a public suffix other than the host, is refused.
    const domainAttribute = parsed.domain?.replace(/^\./, '').toLowerCase() ?? '';
    let hostOnly = true;
    let domain = host;
    if (domainAttribute !== '') {
      if (!domainMatch(host, domainAttribute)) reasons.push('InvalidDomain');
      // A public suffix (here: one label) is kept only as the host itself, host-only.
      else if (!domainAttribute.includes('.')) {
        if (domainAttribute !== host) reasons.push('InvalidDomain');
      } else {
        hostOnly = false;
        domain = domainAttribute;
      }
    }
    // §5.6.4, §5.7 step 11: a Path that does not start with "/" is the default-path.
    const path = parsed.path !== undefined && parsed.path.startsWith('/') ? parsed.path : defaultPath(context.requestUrl);
    const secure = parsed.secure === true;
    const flag = sameSiteFlag(parsed.sameSite);
    // §5.7 step 13: a Secure cookie only from a secure origin.
    if (secure && !secureOrigin) reasons.push('SecureOnly');
    // §5.7 step 18-19: a cookie set in answer to a cross-site request must be SameSite=None.
    if (kind !== 'same-site' && flag !== 'none') reasons.push(sameSiteReason(flag, kind));
    // §5.7 step 20 (§5.6.7): SameSite=None requires Secure.
    if (flag === 'none' && !secure) reasons.push('SameSiteNoneInsecure');
    // §5.7 step 21: the __Secure- and __Host- prefixes (case-insensitive).
    const lower = parsed.name.toLowerCase();
    if (lower.startsWith('__secure-') && !secure) reasons.push('InvalidPrefix');
    if (lower.startsWith('__host-') && (!secure || !hostOnly || path !== '/')) reasons.push('InvalidPrefix');
    // Third-party cookies, when the browser blocks them (a user agent's policy, §7.1).
    if (context.blockThirdParty === true && kind !== 'same-site') reasons.push('ThirdPartyPhaseout');
    // §5.7 step 16: an insecure origin may not overwrite (shadow) a Secure cookie of that name.
    if (!secure && !secureOrigin && next.some((old) => old.secure && old.name === parsed.name && (domainMatch(old.domain, domain) || domainMatch(domain, old.domain)) && pathMatch(path, old.path))) {
      reasons.push('OverwriteSecure');
    }
    if (reasons.length > 0) {
      refused.push({ cookie: parsed.name, reason: reasons[0], reasons: [...new Set(reasons)] });
      continue;
    }
    const cookie: StoredCookie = { name: parsed.name, value: parsed.value, domain, hostOnly, path, secure, httpOnly: parsed.httpOnly === true, sameSite: flag, expires: expiryOf(parsed.maxAge, parsed.expires, context.received), created: now };
    // §5.7 step 23: the same name, domain, host-only flag and path replace the old cookie (its creation time kept).
    const same = (old: StoredCookie) => old.name === cookie.name && old.domain === cookie.domain && old.hostOnly === cookie.hostOnly && old.path === cookie.path;
    const old = next.find(same);
    next = next.filter((c) => !same(c));
    if (expired(cookie, now)) {
      // §5.7 step 24: an expired cookie is not stored: it deletes the one it replaced.
      if (old !== undefined) deleted.push(old);
    } else {
      next.push(old === undefined ? cookie : { ...cookie, created: old.created });
      kept.push(cookie.name);
    }
    stored.push(cookie.name);
  }
  return { jar: next.filter((c) => !expired(c, now)), stored, kept, refused, deleted };
}

// ---- Retrieval (§5.8) ---------------------------------------------------

export interface WithheldCookie {
  readonly cookie: StoredCookie;
  readonly reasons: readonly CookieBlockedReason[];
}

export interface Retrieval {
  readonly sent: readonly StoredCookie[];
  readonly withheld: readonly WithheldCookie[];
}

/** Which cookies of the jar go on a request to `requestUrl`, made by a script on `frontendOrigin` (credentials include) or a plain client (null), and why the others do not (§5.8.3). */
export function cookiesFor(jar: CookieJar, requestUrl: string, frontendOrigin: string | null, at: Date = new Date(), options: { readonly blockThirdParty?: boolean } = {}): Retrieval {
  const url = new URL(requestUrl);
  const host = url.hostname.toLowerCase();
  const kind = crossSiteKind(requestUrl, frontendOrigin);
  const sent: StoredCookie[] = [];
  const withheld: WithheldCookie[] = [];
  for (const cookie of jar) {
    if (expired(cookie, at.getTime())) continue;
    const reasons: CookieBlockedReason[] = [];
    if (cookie.hostOnly ? host !== cookie.domain : !domainMatch(host, cookie.domain)) reasons.push('DomainMismatch');
    if (!pathMatch(url.pathname || '/', cookie.path)) reasons.push('NotOnPath');
    if (cookie.secure && !isSecureOrigin(requestUrl)) reasons.push('SecureOnly');
    // A fetch() is never a top-level navigation: a cross-site one carries only SameSite=None cookies.
    if (kind !== 'same-site' && cookie.sameSite !== 'none') reasons.push(sameSiteReason(cookie.sameSite, kind));
    if (options.blockThirdParty === true && kind !== 'same-site') reasons.push('ThirdPartyPhaseout');
    if (reasons.length === 0) sent.push(cookie);
    else withheld.push({ cookie, reasons });
  }
  // §5.8.3 step 2: longer paths first, then earlier creation.
  sent.sort((a, b) => b.path.length - a.path.length || a.created - b.created);
  return { sent, withheld };
}

/** The Cookie field a request carries (§5.8.3), or null when it carries none. */
export function cookieHeaderFor(jar: CookieJar, requestUrl: string, frontendOrigin: string | null, at: Date = new Date()): string | null {
  const { sent } = cookiesFor(jar, requestUrl, frontendOrigin, at);
  return sent.length === 0 ? null : sent.map((cookie) => (cookie.name === '' ? cookie.value : `${cookie.name}=${cookie.value}`)).join('; ');
}
