/**
 * What a careful reviewer flags in the answers a route gave a script on the
 * frontend's origin, each finding with a stable id, a level and a message
 * that says what to change. Pure functions over the exchanges, judged by the
 * Fetch model (http/fetch-model.ts) and RFC 6265bis; probing is inspect.ts.
 */
import { corsCheck, preflightVerdict, type CorsRequest, type ResponseHead } from '../../http/fetch-model';
import { fieldValues, getCombined, listElements } from '../../http/header-list';
import { variesByOrigin } from '../../http/vary';
import { cookieLifetime, type ParsedCookie } from '../../http/set-cookie';
import { sameSite, siteOf } from './site';

export type FindingLevel = 'MUST' | 'SHOULD';

export interface Finding {
  /** Stable: baselines and tools key on it; the message may change. */
  readonly id: string;
  readonly level: FindingLevel;
  readonly message: string;
  /** For a finding about the document's promise (promises.ts): the JSON pointer of what the document says, the evidence. */
  readonly pointer?: string;
}

/** Every CORS and cookie finding the audit can report, with its level: the catalogue the tests hold it to. The promises of a document are promises.ts's. */
export const FINDINGS = {
  'allow-origin-list': 'MUST',
  'wildcard-origin-with-credentials': 'MUST',
  'credentials-not-allowed': 'MUST',
  'origin-refused': 'MUST',
  'vary-origin-missing': 'SHOULD',
  'expose-wildcard-with-credentials': 'MUST',
  'set-cookie-exposed': 'SHOULD',
  'preflight-refuses-origin': 'MUST',
  'preflight-not-ok': 'MUST',
  'preflight-refuses-method': 'MUST',
  'preflight-refuses-header': 'MUST',
  'origin-reflected': 'MUST',
  'null-origin-allowed': 'MUST',
  'samesite-none-without-secure': 'MUST',
  'session-cookie-not-httponly': 'SHOULD',
  'cookie-not-sent-cross-site': 'SHOULD',
} as const satisfies Record<string, FindingLevel>;

export type FindingId = keyof typeof FINDINGS;

const finding = (id: FindingId, message: string): Finding => ({ id, level: FINDINGS[id], message });

/**
 * Findings about the CORS headers of the route's own response to the
 * frontend's credentialed request. `staticGrant`: another origin was sent
 * the same Access-Control-Allow-Origin, so the grant does not depend on the
 * Origin and needs no Vary (Fetch §3.2.3).
 */
export function responseFindings(request: CorsRequest, response: ResponseHead, staticGrant = false): Finding[] {
  const out: Finding[] = [];
  const origins = fieldValues(response.headers, 'Access-Control-Allow-Origin');
  const allowOrigin = getCombined(response.headers, 'Access-Control-Allow-Origin');
  const credentials = getCombined(response.headers, 'Access-Control-Allow-Credentials');
  if (origins.length > 1 || (allowOrigin ?? '').includes(',')) {
    out.push(finding('allow-origin-list', `Access-Control-Allow-Origin holds more than one value ("${allowOrigin}"), so it grants no one (Fetch §4.9): send exactly one, the request's Origin when it is on your allow-list`));
  } else if (allowOrigin === '*' && credentials === 'true') {
    out.push(finding('wildcard-origin-with-credentials', `Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true grants no credentialed request (Fetch §3.2.5): send the request's Origin (${request.origin}) from an allow-list instead of *`));
  } else if (allowOrigin === request.origin && credentials !== 'true') {
    out.push(finding('credentials-not-allowed', `${request.origin} is granted, but without Access-Control-Allow-Credentials: true, so a fetch() with credentials (cookies) is refused (Fetch §4.9): send it, or have the frontend fetch without credentials`));
  } else {
    const verdict = corsCheck(request, response);
    if (!verdict.ok) out.push(finding('origin-refused', `a credentialed script on ${request.origin} is refused: ${verdict.reason}; add the origin to the server's CORS allow-list`));
  }
  if (allowOrigin === request.origin && !staticGrant && !variesByOrigin(response.headers)) {
    out.push(finding('vary-origin-missing', `Access-Control-Allow-Origin names the request's origin, but Vary does not name Origin, so a cache may serve this answer to another origin (Fetch §3.2.3, RFC 9110 §12.5.5): add Vary: Origin`));
  }
  const exposed = listElements(response.headers, 'Access-Control-Expose-Headers');
  if (exposed.includes('*') && credentials === 'true') {
    out.push(finding('expose-wildcard-with-credentials', 'Access-Control-Expose-Headers: * exposes nothing to a script that sends credentials (Fetch §3.2.5): list the header names the frontend reads'));
  }
  const setCookie = exposed.filter((name) => /^set-cookie2?$/i.test(name));
  if (setCookie.length > 0) {
    out.push(finding('set-cookie-exposed', `Access-Control-Expose-Headers lists ${setCookie.join(', ')}, which no script can ever read (a forbidden response-header name, Fetch §2.2.2): remove it`));
  }
  return out;
}

/** Findings about the preflight a browser sends before the route's request, from its verdict. */
export function preflightFindings(request: CorsRequest, preflight: ResponseHead): Finding[] {
  const verdict = preflightVerdict(request, preflight);
  if (verdict.ok) return [];
  // A server that refuses often says so with a 4xx too (Starlette answers 400): name what it refused, not only the status.
  const asIfOk = preflightVerdict(request, { ...preflight, status: 200 });
  const why = (asIfOk.ok ? verdict.reason : asIfOk.reason).replace(/^preflight: /, '');
  if (/Access-Control-Allow-Methods/.test(why)) return [finding('preflight-refuses-method', `the preflight refuses the route's own method: ${why}; allow ${request.method}`)];
  if (/Access-Control-Allow-Headers/.test(why)) return [finding('preflight-refuses-header', `the preflight refuses a header the request needs: ${why}; allow it`)];
  if (/^preflight answered/.test(verdict.reason)) return [finding('preflight-not-ok', `${verdict.reason}: answer a preflight with 200 or 204`)];
  return [finding('preflight-refuses-origin', `the preflight does not grant ${request.origin}: ${why}`)];
}

/** An origin nobody would allow, granted anyway: the server reflects whatever Origin it is sent. */
export function reflectionFinding(probeOrigin: string, response: ResponseHead): Finding | null {
  if (getCombined(response.headers, 'Access-Control-Allow-Origin') !== probeOrigin) return null;
  const credentials = getCombined(response.headers, 'Access-Control-Allow-Credentials') === 'true';
  return finding(
    'origin-reflected',
    `the server grants any origin: it echoed Origin: ${probeOrigin}${credentials ? ' with credentials, so any site can read its answers with the visitor\'s cookies' : ''}; check the Origin against an allow-list`,
  );
}

/** Origin: null (sandboxed iframes, data: and file: pages) granted: anyone can make a page with that origin. */
export function nullOriginFinding(response: ResponseHead): Finding | null {
  if (getCombined(response.headers, 'Access-Control-Allow-Origin') !== 'null') return null;
  return finding('null-origin-allowed', 'the server grants Origin: null, which any sandboxed iframe or data: page sends: never allow "null"');
}

const SESSION_NAME = /sess|sid|auth|token|jwt|login|remember/i;

/**
 * Findings about the cookies a response sets, for a frontend on `origin`
 * calling `target`. `httpOnlyElsewhere` are the names set HttpOnly by other
 * routes (a name HttpOnly there is a session-like cookie here too).
 */
export function cookieFindings(cookies: readonly ParsedCookie[], origin: string, target: string, received: Date, httpOnlyElsewhere: ReadonlySet<string>): Finding[] {
  const out: Finding[] = [];
  const crossSite = !sameSite(origin, target);
  for (const cookie of cookies) {
    const lifetime = cookieLifetime(cookie, received);
    if (lifetime !== null && lifetime <= 0) continue; // being cleared: its attributes no longer matter
    const sameSiteValue = cookie.sameSite?.toLowerCase();
    if (sameSiteValue === 'none' && !cookie.secure) {
      out.push(finding('samesite-none-without-secure', `cookie ${cookie.name} is SameSite=None without Secure, so browsers reject it (RFC 6265bis §5.6.7): add Secure`));
    }
    if (!cookie.httpOnly && (SESSION_NAME.test(cookie.name) || httpOnlyElsewhere.has(cookie.name))) {
      out.push(finding('session-cookie-not-httponly', `cookie ${cookie.name} looks like a session cookie but is not HttpOnly, so any script on the page (an injected one too) can read it: add HttpOnly`));
    }
    if (crossSite && sameSiteValue !== 'none') {
      const now = sameSiteValue === undefined ? 'has no SameSite, which browsers treat as Lax' : `is SameSite=${cookie.sameSite}`;
      out.push(
        finding(
          'cookie-not-sent-cross-site',
          `cookie ${cookie.name} ${now}, and ${siteOf(origin)} is another site than ${siteOf(target)}, so the browser does not send it with the frontend's fetch() calls (RFC 6265bis §5.2): serve the API on the frontend's site, or set SameSite=None; Secure`,
        ),
      );
    }
  }
  return out;
}
