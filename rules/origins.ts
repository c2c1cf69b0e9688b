/**
 * The whole API's rules, judged once from the probes the audit sends with
 * an Origin nobody would allow and with `Origin: null`: a server that
 * grants either grants anyone (Fetch §3.2.5: the origin must be checked
 * against an allow-list).
 */
import { getCombined, type HeaderList } from '../http/header-list';
import { failure, type Failure } from './failure';

/**
 * The probe that showed it: the route's own request (or its preflight, when
 * it needs one), its preflight asked for anyway, or a request carrying a
 * cookie (a server may answer `*` without one and echo the origin with one).
 */
export type EchoSeenOn = 'request' | 'preflight' | 'cookie';

export type ReflectionFailure = Failure<'origin-reflected', 'echoed', { readonly probeOrigin: string; readonly withCredentials: boolean; readonly on?: EchoSeenOn }>;

/**
 * An origin nobody would allow, granted anyway: the server reflects whatever Origin it is sent. For a frontend that
 * fetches without credentials (`credentials: 'omit'`), granting any origin is what `*` does, and `*` is right for it:
 * no finding.
 */
export function originReflected(probeOrigin: string, answer: { readonly headers: HeaderList }, credentials: 'include' | 'omit' = 'include', on: EchoSeenOn = 'request'): ReflectionFailure | null {
  if (credentials === 'omit') return null;
  if (getCombined(answer.headers, 'Access-Control-Allow-Origin') !== probeOrigin) return null;
  const withCredentials = getCombined(answer.headers, 'Access-Control-Allow-Credentials') === 'true';
  return failure('origin-reflected', 'echoed', { probeOrigin, withCredentials, on }, { headers: ['Access-Control-Allow-Origin'] });
}

export type NullOriginFailure = Failure<'null-origin-allowed', 'granted', { readonly on?: EchoSeenOn }>;

/** Origin: null (sandboxed iframes, data: and file: pages) granted: anyone can make a page with that origin. Like any origin, right for a frontend without credentials (as `*` is). */
export function nullOriginAllowed(answer: { readonly headers: HeaderList }, credentials: 'include' | 'omit' = 'include', on: EchoSeenOn = 'request'): NullOriginFailure | null {
  if (credentials === 'omit') return null;
  if (getCombined(answer.headers, 'Access-Control-Allow-Origin') !== 'null') return null;
  return failure('null-origin-allowed', 'granted', { on }, { headers: ['Access-Control-Allow-Origin'] });
}
