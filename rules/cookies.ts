/**
 * The rules of the cookies an answer sets, for a frontend on `origin`
 * calling the API, judged by one model of what a browser keeps and sends
 * (http/cookie-model.ts, RFC 6265bis). For every cookie the model refuses,
 * one finding with the model's reason, named as Chromium names it:
 * - SameSiteNoneInsecure keeps its own, older id, `samesite-none-without-secure` (§5.6.7);
 * - a SameSite reason (a Lax, Strict or unspecified cookie on the
 *   frontend's cross-site fetch()) is `cookie-not-sent-cross-site`
 *   (SHOULD: a cookie may be meant for same-site pages only);
 * - any other reason (SecureOnly, InvalidDomain, InvalidPrefix, …) is `cookie-refused`.
 * A cookie kept but never sent back with the frontend's fetch() calls (set
 * by a plain client, a sign-in the user names) is `cookie-not-sent-cross-site` too.
 * A session-like cookie should be HttpOnly (§4.1.2.6). A cookie being
 * cleared is not judged: its attributes no longer matter.
 */
import { cookiesSet, isClearing, receivedAt } from '../http/set-cookie';
import { cookiesFor, defaultPath, store, type CookieBlockedReason, type CookieJar, type StoreContext } from '../http/cookie-model';
import { fieldValues, type HeaderList } from '../http/header-list';
import { failure, type Failure } from './failure';
import { siteOf } from './site';

export type CookieFailure =
  | Failure<'samesite-none-without-secure', 'not-secure', { readonly cookie: string }>
  | Failure<'session-cookie-not-httponly', 'session-name' | 'httponly-elsewhere', { readonly cookie: string }>
  | Failure<'cookie-not-sent-cross-site', 'samesite-default' | 'samesite-lax-or-strict', { readonly cookie: string; readonly sameSite: string | null; readonly frontendSite: string; readonly apiSite: string; readonly reason: CookieBlockedReason }>
  | Failure<'cookie-refused', 'refused', { readonly cookie: string; readonly reason: CookieBlockedReason; readonly reasons: readonly CookieBlockedReason[]; readonly origin: string; readonly url: string }>
  | Failure<'logout-keeps-cookie', 'path' | 'domain' | 'path-and-domain' | 'deletion-refused', { readonly cookie: string; readonly set: { readonly path: string; readonly domain: string | null }; readonly cleared: { readonly path: string; readonly domain: string | null }; readonly logout: string; readonly reasons?: readonly CookieBlockedReason[] }>;

/** Each reason in a person's words, for every surface that renders a cookie finding. */
export { REASON_WORDS } from '../http/cookie-model';

/** A name that says "session": what a browser must keep from scripts. */
const SESSION_NAME = /sess|sid|auth|token|jwt|login|remember/i;

const SAME_SITE_REASON = /SameSite(Strict|Lax|UnspecifiedTreatedAsLax)$/;

/** An answer as the cookie rules need it: the URL it came from and its header list. */
export interface CookieAnswer {
  readonly request: { readonly url: string; readonly method?: string };
  readonly headers: HeaderList;
}

/**
 * The cookie findings for one answer the frontend's script got (a script
 * on `origin`, credentials include), or a plain client's (`origin` null:
 * then only what the frontend's later fetch() calls would not send back).
 * `frontend` is the frontend's origin for the "sent back" question.
 * Returns the findings and the jar after the answer.
 */
export function cookieFindings(answer: CookieAnswer, origin: string | null, frontend: string, jar: CookieJar, httpOnlyElsewhere: ReadonlySet<string> = new Set()): { failures: CookieFailure[]; jar: CookieJar } {
  const received = receivedAt(answer.headers);
  const context: StoreContext = { requestUrl: answer.request.url, frontendOrigin: origin, received };
  const outcome = store(jar, fieldValues(answer.headers, 'Set-Cookie'), context);
  const parsed = cookiesSet(answer.headers);
  const out: CookieFailure[] = [];
  for (const refused of outcome.refused) {
    const cookie = parsed.find((c) => c.name === refused.cookie);
    if (cookie !== undefined && isClearing(cookie, received)) continue;
    out.push(refusalFinding(refused.cookie, refused.reasons, cookie?.sameSite, origin ?? frontend, answer.request.url));
  }
  // Kept, but would the frontend's fetch() send it back? Only a cookie the script did not set itself can be kept and withheld by SameSite.
  if (origin === null) {
    const withheld = cookiesFor(outcome.jar, answer.request.url, frontend, received).withheld;
    for (const name of outcome.kept) {
      const sameSiteReason = withheld.find((w) => w.cookie.name === name)?.reasons.find((r) => SAME_SITE_REASON.test(r));
      if (sameSiteReason !== undefined) out.push(notSentCrossSite(name, parsed.find((c) => c.name === name)?.sameSite, frontend, answer.request.url, sameSiteReason));
    }
  }
  for (const cookie of parsed) {
    if (isClearing(cookie, received) || cookie.httpOnly) continue;
    if (SESSION_NAME.test(cookie.name)) out.push(failure('session-cookie-not-httponly', 'session-name', { cookie: cookie.name }));
    else if (httpOnlyElsewhere.has(cookie.name)) out.push(failure('session-cookie-not-httponly', 'httponly-elsewhere', { cookie: cookie.name }));
  }
  return { failures: out, jar: outcome.jar };
}

/**
 * The finding for a cookie a browser on `origin` refused, from its reasons:
 * the model's, or a real engine's (Chromium's "Schemeful" reasons are the
 * same reasons on a cross-scheme request). The first reason decides.
 */
export function refusalFinding(cookie: string, reasons: readonly string[], sameSite: string | undefined, origin: string, url: string): CookieFailure {
  const named = [...new Set(reasons.map(plainReason))] as CookieBlockedReason[];
  const [reason] = named;
  if (reason === 'SameSiteNoneInsecure') return failure('samesite-none-without-secure', 'not-secure', { cookie });
  if (SAME_SITE_REASON.test(reason)) return notSentCrossSite(cookie, sameSite, origin, url, reason);
  return failure('cookie-refused', 'refused', { cookie, reason, reasons: named, origin, url });
}

/** A reason without Chromium's "Schemeful" prefix: the model and the findings name the plain one. */
export function plainReason(reason: string): string {
  return reason.replace(/^Schemeful/, '');
}

function notSentCrossSite(cookie: string, sameSite: string | undefined, frontend: string, url: string, reason: CookieBlockedReason): CookieFailure {
  return failure('cookie-not-sent-cross-site', sameSite === undefined ? 'samesite-default' : 'samesite-lax-or-strict', { cookie, sameSite: sameSite ?? null, frontendSite: siteOf(frontend), apiSite: siteOf(url), reason });
}

/**
 * The cookie rules for the cookies a script on `origin` saw set by an
 * answer from `target` (the audit's routes, a jar of their own).
 */
export function cookieRules(answer: CookieAnswer, origin: string, httpOnlyElsewhere: ReadonlySet<string>, credentials: 'include' | 'omit' | 'same-origin' = 'include'): CookieFailure[] {
  const failures = cookieFindings(answer, origin, origin, [], httpOnlyElsewhere).failures;
  // A fetch() without credentials ignores Set-Cookie (Fetch §4.6 "HTTP-network fetch" step 17): only what any page would read of it matters.
  return credentials === 'include' ? failures : failures.filter((f) => f.rule === 'session-cookie-not-httponly');
}

/**
 * `logout-keeps-cookie`: the login's answer set cookies (a script on
 * `origin`, or a plain client for null), the logout's answer clears some;
 * a deletion that matches no cookie the login set, by name, domain,
 * host-only flag and path (§5.7 step 23), leaves the login cookie in the jar.
 */
export function logoutKeepsCookie(login: CookieAnswer, logout: CookieAnswer, origin: string | null): CookieFailure[] {
  const afterLogin = store([], fieldValues(login.headers, 'Set-Cookie'), { requestUrl: login.request.url, frontendOrigin: origin, received: receivedAt(login.headers) });
  const received = receivedAt(logout.headers);
  const afterLogout = store(afterLogin.jar, fieldValues(logout.headers, 'Set-Cookie'), { requestUrl: logout.request.url, frontendOrigin: origin, received });
  const clearing = cookiesSet(logout.headers).filter((cookie) => isClearing(cookie, received));
  const out: CookieFailure[] = [];
  for (const deletion of clearing) {
    const kept = afterLogout.jar.find((cookie) => cookie.name === deletion.name && afterLogin.jar.includes(cookie));
    if (kept === undefined) continue;
    const cleared = { path: deletion.path !== undefined && deletion.path.startsWith('/') ? deletion.path : defaultPath(logout.request.url), domain: deletion.domain?.replace(/^\./, '').toLowerCase() ?? null };
    const set = { path: kept.path, domain: kept.hostOnly ? null : kept.domain };
    // The deletion is itself a cookie: a browser that refuses it (a cross-site answer without SameSite=None, say) keeps the old one.
    const refused = afterLogout.refused.find((r) => r.cookie === deletion.name);
    if (refused !== undefined) {
      out.push(failure('logout-keeps-cookie', 'deletion-refused', { cookie: deletion.name, set, cleared, logout: logout.request.url, reasons: refused.reasons }));
      continue;
    }
    const pathDiffers = cleared.path !== set.path;
    const domainDiffers = cleared.domain !== set.domain;
    out.push(failure('logout-keeps-cookie', pathDiffers && domainDiffers ? 'path-and-domain' : pathDiffers ? 'path' : 'domain', { cookie: deletion.name, set, cleared, logout: logout.request.url }));
  }
  return out;
}

/** A logout's path, as the audit finds one in a document (logout, log-out, signout, sign-out); or a DELETE of a session. */
/** A path that names a logout: logout, signout, log-out, sign-out (any case, as a whole segment or its start). The audit finds its logout by it too. */
export function isLogoutPath(path: string): boolean {
  return /(^|\/)(log-?out|sign-?out)(\/|$|[?_-])/i.test(path);
}
const isLogout = (answer: CookieAnswer & { readonly path: string }) => isLogoutPath(answer.path) || (answer.request.method?.toUpperCase() === 'DELETE' && /session/i.test(answer.path));

/**
 * `logout-keeps-cookie` over every answer an audit saw: each answer to a
 * logout route (by its path) that clears a cookie another answer set is
 * judged against that answer (a DELETE of a session is a logout too). Returns the findings by the logout's index.
 */
export function logoutFindings(answers: readonly (CookieAnswer & { readonly path: string })[], origin: string | null): Map<number, CookieFailure[]> {
  const out = new Map<number, CookieFailure[]>();
  for (const [i, logout] of answers.entries()) {
    if (!isLogout(logout)) continue;
    const received = receivedAt(logout.headers);
    const cleared = new Set(cookiesSet(logout.headers).filter((c) => isClearing(c, received)).map((c) => c.name));
    if (cleared.size === 0) continue;
    const found = answers.flatMap((login, j) => {
      if (j === i || !cookiesSet(login.headers).some((c) => cleared.has(c.name) && !isClearing(c, receivedAt(login.headers)))) return [];
      return logoutKeepsCookie(login, logout, origin);
    });
    if (found.length > 0) out.set(i, found);
  }
  return out;
}
