/**
 * The rules of the cookies an answer sets, for a frontend on `origin`
 * calling `target` (RFC 6265bis): a SameSite=None cookie must be Secure
 * (§5.6.7); a session-like cookie should be HttpOnly (§4.1.2.6); a cookie
 * the frontend's cross-site fetch() calls never send back (§5.2) should
 * not be what they depend on (for a frontend that fetches with
 * credentials: one without sends no cookie anyway). A cookie being cleared is not judged: its
 * attributes no longer matter.
 */
import { cookieLifetime, type ParsedCookie } from '../http/set-cookie';
import { failure, type Failure } from './failure';
import { sameSite, siteOf } from './site';

export type CookieFailure =
  | Failure<'samesite-none-without-secure', 'not-secure', { readonly cookie: string }>
  | Failure<'session-cookie-not-httponly', 'session-name' | 'httponly-elsewhere', { readonly cookie: string }>
  | Failure<'cookie-not-sent-cross-site', 'samesite-default' | 'samesite-lax-or-strict', { readonly cookie: string; readonly sameSite: string | null; readonly frontendSite: string; readonly apiSite: string }>;

/** A name that says "session": what a browser must keep from scripts. */
const SESSION_NAME = /sess|sid|auth|token|jwt|login|remember/i;

/**
 * `httpOnlyElsewhere` are the names set HttpOnly by other routes: a name
 * HttpOnly there is a session-like cookie here too.
 */
export function cookieRules(cookies: readonly ParsedCookie[], origin: string, target: string, received: Date, httpOnlyElsewhere: ReadonlySet<string>, credentials: 'include' | 'omit' | 'same-origin' = 'include'): CookieFailure[] {
  const out: CookieFailure[] = [];
  // A frontend that fetches without credentials sends no cookie at all (Fetch §4.6 step 7): that a cross-site call would not send this one changes nothing for it.
  const crossSite = !sameSite(origin, target) && credentials === 'include';
  for (const cookie of cookies) {
    const lifetime = cookieLifetime(cookie, received);
    if (lifetime !== null && lifetime <= 0) continue;
    const sameSiteValue = cookie.sameSite?.toLowerCase();
    const name = cookie.name;
    if (sameSiteValue === 'none' && !cookie.secure) out.push(failure('samesite-none-without-secure', 'not-secure', { cookie: name }));
    if (!cookie.httpOnly) {
      if (SESSION_NAME.test(name)) out.push(failure('session-cookie-not-httponly', 'session-name', { cookie: name }));
      else if (httpOnlyElsewhere.has(name)) out.push(failure('session-cookie-not-httponly', 'httponly-elsewhere', { cookie: name }));
    }
    if (crossSite && sameSiteValue !== 'none') {
      out.push(
        failure('cookie-not-sent-cross-site', sameSiteValue === undefined ? 'samesite-default' : 'samesite-lax-or-strict', { cookie: name, sameSite: cookie.sameSite ?? null, frontendSite: siteOf(origin), apiSite: siteOf(target) }),
      );
    }
  }
  return out;
}
