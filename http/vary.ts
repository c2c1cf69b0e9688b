/**
 * Fetch §3.2.3, "CORS protocol and HTTP caches": an answer whose
 * Access-Control-Allow-Origin depends on the request's Origin must say
 * `Vary: Origin`, or a shared cache may serve one origin's answer to
 * another; a static grant, the same Access-Control-Allow-Origin whatever
 * the Origin, needs no Vary. Said once for the suite's steps and the audit.
 * https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches
 */
import { getCombined, listIncludes, type HeaderList } from './header-list';

/** `Vary: Origin`, or `Vary: *`, which also keeps caches from serving one origin's answer to another (RFC 9110 §12.5.5). */
export function variesByOrigin(headers: HeaderList): boolean {
  return listIncludes(headers, 'Vary', 'Origin') || listIncludes(headers, 'Vary', '*');
}

/** The answer's Access-Control-Allow-Origin, or null. */
export function allowOriginOf(headers: HeaderList): string | null {
  return getCombined(headers, 'Access-Control-Allow-Origin');
}

/**
 * Whether a grant is static: the answers to the same request with other
 * Origins (none, another one) carry the same Access-Control-Allow-Origin.
 * An answer left out (undefined: not asked) does not count against it.
 */
export function isStaticGrant(granted: string | null, others: readonly (string | null | undefined)[]): boolean {
  return granted !== null && others.every((other) => other === undefined || other === granted);
}
