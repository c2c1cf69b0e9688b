/**
 * What a script on the frontend's origin holds of the server's answers, as
 * the Fetch model (http/fetch-model.ts) judges it: granted or refused and
 * why, and which header names it can read and why. The sentences and the
 * audit read a script's view here, so the model is asked one way by all.
 */
import {
  corsCheck,
  corsExposedHeaderNames,
  corsFilteredHeaders,
  isCorsSafelistedResponseHeaderName,
  scriptView,
  type CorsRequest,
  type Refusal,
  type ResponseHead,
} from '../http/fetch-model';
import { sameName, type HeaderList } from '../http/header-list';

export type { CorsRequest, Refusal, ScriptView } from '../http/fetch-model';
/** Headers.get() on what the script holds: the combined value, or null when it cannot see the header (or was refused). */
export { scriptReads } from '../http/fetch-model';
/** The header names Access-Control-Expose-Headers exposes to this request (`*` only without credentials). */
export { corsExposedHeaderNames as exposedNames } from '../http/fetch-model';
/** The CORS protocol's own response headers (Access-Control-*), for the browser and never the script. */
export { isCorsProtocolHeaderName } from '../http/fetch-model';

/** What a script with the request's credentials mode gets: granted (with the names it can read) or refused (and why). */
export type ScriptSight = { readonly granted: true; readonly readable: readonly string[] } | { readonly granted: false; readonly refusal: Refusal; readonly readable: readonly [] };

/** The names of a header list, once each, as the server spelt them first. */
export function uniqueNames(headers: HeaderList): string[] {
  const seen: string[] = [];
  for (const [name] of headers) if (!seen.some((n) => sameName(n, name))) seen.push(name);
  return seen;
}

/** The script's fetch(), its preflight included when it needs one: granted with the names it reads, or the refusal. */
export function sightOf(request: CorsRequest, actual: ResponseHead, preflight?: ResponseHead): ScriptSight {
  const view = scriptView(request, actual, preflight);
  if (!view.ok) return { granted: false, refusal: view as Refusal, readable: [] };
  return { granted: true, readable: uniqueNames(corsFilteredHeaders(request, actual)) };
}

/**
 * What the script gets of an answer to a request the browser did send (a
 * frontend's observed traffic): its preflight, if it needed one, let it
 * through, so the answer's own CORS check decides (Fetch §4.9), with the
 * exposed list filtering what it reads (§2.2.6).
 */
export function sightOfSent(request: CorsRequest, actual: ResponseHead): ScriptSight {
  const check = corsCheck(request, actual);
  if (!check.ok) return { granted: false, refusal: check as Refusal, readable: [] };
  return { granted: true, readable: uniqueNames(corsFilteredHeaders(request, actual)) };
}

/** Fields that describe the connection, not the response (RFC 9110 §7.6.1): no script ever sees them, and none is "hidden" from it. */
const CONNECTION_FIELDS = /^(connection|keep-alive|transfer-encoding|proxy-connection|upgrade)$/i;

/** The names the script was sent and cannot read, once each, as the server spelt them: not among `readable`, and not the connection's own. */
export function hiddenNames(headers: HeaderList, readable: readonly string[]): string[] {
  return uniqueNames(headers).filter((name) => !readable.some((r) => sameName(r, name)) && !CONNECTION_FIELDS.test(name));
}

/** One of the seven names every script reads (Fetch §2.2.2 CORS-safelisted response-header name), whatever the exposed list. */
export function isSafelistedResponseHeader(name: string): boolean {
  return isCorsSafelistedResponseHeaderName(name, []);
}

/** Why a script can, or cannot, read a header it was sent, in words for a message: safelisted, or what the exposed list holds. */
export function readableBecause(request: CorsRequest, response: ResponseHead, name: string): string {
  if (isSafelistedResponseHeader(name)) return `${name} is CORS-safelisted`;
  return `Access-Control-Expose-Headers lists: ${corsExposedHeaderNames(request, response).join(', ') || 'nothing'}`;
}
