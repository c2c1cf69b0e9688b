/**
 * The CORS rules of a route's own answer to the frontend's script, judged
 * by the Fetch model (http/fetch-model.ts) on the server's real answer:
 * whether the origin is granted (one failure at most, the first that
 * applies: a list, `*` with credentials, no credentials allowed, refused),
 * Vary: Origin (Fetch §3.2.3, a static grant needs none), and the exposed
 * list (`*` with credentials, Set-Cookie).
 */
import { corsCheck, type CorsRequest, type RefusalKind, type ResponseHead } from '../http/fetch-model';
import { fieldValues, getCombined, listElements, listIncludes, type HeaderList } from '../http/header-list';
import { failure, type Failure } from './failure';

export type OriginGrantFailure =
  | Failure<'allow-origin-list', 'several-values', { readonly allowOrigin: string }>
  | Failure<'wildcard-origin-with-credentials', 'wildcard', { readonly origin: string }>
  | Failure<'credentials-not-allowed', 'no-allow-credentials', { readonly origin: string }>
  | Failure<'origin-refused', RefusalKind, { readonly origin: string; readonly reason: string; readonly credentialed: boolean }>;

/**
 * Whether the answer grants the request's origin (Fetch §4.9), and if not,
 * the one rule that says why: more than one Access-Control-Allow-Origin
 * value grants no one; `*` or the origin without
 * `Access-Control-Allow-Credentials: true` grants no credentialed request;
 * anything else the CORS check refuses is the origin refused.
 */
export function originGrant(request: CorsRequest, response: ResponseHead): OriginGrantFailure | null {
  const allowOrigin = getCombined(response.headers, 'Access-Control-Allow-Origin');
  const credentialed = request.credentials === 'include';
  const allowCredentials = getCombined(response.headers, 'Access-Control-Allow-Credentials') === 'true';
  if (fieldValues(response.headers, 'Access-Control-Allow-Origin').length > 1 || (allowOrigin ?? '').includes(',')) {
    return failure('allow-origin-list', 'several-values', { allowOrigin: allowOrigin ?? '' }, { headers: ['Access-Control-Allow-Origin'] });
  }
  if (credentialed && allowOrigin === '*' && allowCredentials) {
    return failure('wildcard-origin-with-credentials', 'wildcard', { origin: request.origin }, { headers: ['Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials'] });
  }
  if (credentialed && allowOrigin === request.origin && !allowCredentials) {
    return failure('credentials-not-allowed', 'no-allow-credentials', { origin: request.origin }, { headers: ['Access-Control-Allow-Credentials'] });
  }
  const verdict = corsCheck(request, response);
  if (verdict.ok) return null;
  return failure('origin-refused', verdict.kind, { origin: request.origin, reason: verdict.reason, credentialed }, { headers: ['Access-Control-Allow-Origin'] });
}

/** `Vary: Origin`, or `Vary: *`, which also keeps caches from serving one origin's answer to another (RFC 9110 §12.5.5). */
export function variesByOrigin(headers: HeaderList): boolean {
  return listIncludes(headers, 'Vary', 'Origin') || listIncludes(headers, 'Vary', '*');
}

/** The answer's Access-Control-Allow-Origin, or null. */
export function allowOriginOf(headers: HeaderList): string | null {
  return getCombined(headers, 'Access-Control-Allow-Origin');
}

/** An answer varyOrigin may find at fault, and so worth asking elsewhere: it grants, and Vary does not name Origin. */
export function grantsWithoutVary(response: ResponseHead): boolean {
  return allowOriginOf(response.headers) !== null && !variesByOrigin(response.headers);
}

/** The same request's Access-Control-Allow-Origin when sent with another Origin, or with none (`origin: null`). */
export interface GrantElsewhere {
  readonly origin: string | null;
  readonly allowOrigin: string | null;
}

export type VaryFailure = Failure<
  'vary-origin-missing',
  /** The grant differs elsewhere, or nothing else was asked to tell. */
  'grant-differs' | 'not-asked-elsewhere',
  { readonly allowOrigin: string; readonly differs?: GrantElsewhere }
>;

/**
 * Fetch §3.2.3, "CORS protocol and HTTP caches": an answer that grants, with
 * an Access-Control-Allow-Origin that depends on the request's Origin, must
 * say `Vary: Origin`, or a shared cache may serve one origin's answer to
 * another. A static grant, the same Access-Control-Allow-Origin whatever
 * the Origin (none, another one: `elsewhere`), needs no Vary. An answer
 * that grants nothing here is judged by the origin's own rules.
 * https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches
 */
export function varyOrigin(response: ResponseHead, elsewhere: readonly GrantElsewhere[]): VaryFailure | null {
  if (variesByOrigin(response.headers)) return null;
  const allowOrigin = allowOriginOf(response.headers);
  if (allowOrigin === null) return null;
  const differs = elsewhere.find((other) => other.allowOrigin !== allowOrigin);
  if (elsewhere.length > 0 && differs === undefined) return null;
  return failure('vary-origin-missing', differs === undefined ? 'not-asked-elsewhere' : 'grant-differs', { allowOrigin, ...(differs === undefined ? {} : { differs }) }, { headers: ['Vary', 'Access-Control-Allow-Origin'] });
}

export type ExposeFailure =
  | Failure<'expose-wildcard-with-credentials', 'wildcard', Record<string, never>>
  | Failure<'set-cookie-exposed', 'forbidden-name', { readonly names: readonly string[] }>;

/**
 * Access-Control-Expose-Headers: `*` exposes nothing to a credentialed
 * request (Fetch §3.2.5); Set-Cookie is a forbidden response-header name
 * (Fetch §2.2.2), which no script reads whatever the list says.
 */
export function exposedList(request: CorsRequest, response: ResponseHead): ExposeFailure[] {
  const out: ExposeFailure[] = [];
  const exposed = listElements(response.headers, 'Access-Control-Expose-Headers');
  const allowCredentials = getCombined(response.headers, 'Access-Control-Allow-Credentials') === 'true';
  if (exposed.includes('*') && allowCredentials && request.credentials === 'include') {
    out.push(failure('expose-wildcard-with-credentials', 'wildcard', {}, { headers: ['Access-Control-Expose-Headers'] }));
  }
  const setCookie = exposed.filter((name) => /^set-cookie2?$/i.test(name));
  if (setCookie.length > 0) out.push(failure('set-cookie-exposed', 'forbidden-name', { names: setCookie }, { headers: ['Access-Control-Expose-Headers'] }));
  return out;
}
