/**
 * A script's fetch(), as a browser sends it, judged by the Fetch model on
 * the server's real answers: the preflight when one is needed (Fetch §4.8),
 * then the request itself with the script's Origin. The steps, the audit and
 * the browser steps all build it here. The request is sent even when the
 * preflight refuses (a browser would not), so rules about the server's own
 * answer, such as its Vary or exposed headers, can be judged on every route.
 */
import { fetchRequestHeaders, needsPreflight, preflightRequestHeaders, preflightVerdict, scriptView, type CorsRequest, type ScriptView } from './fetch-model';
import type { Exchange, OutgoingRequest } from './client';

export interface ScriptOutcome {
  readonly label: string;
  readonly request: CorsRequest;
  /** The script's call as it made it (method, path, its own headers, body), to ask the same again; absent when only its preflight was sent. */
  readonly call?: OutgoingRequest;
  readonly preflight?: Exchange;
  /** The server's answer to the request itself, as a plain client got it; absent when only the preflight was sent. */
  readonly actual?: Exchange;
  /** What the script sees: by the Fetch model, or by a real browser for @browser scenarios. */
  readonly view: ScriptView;
  readonly judgedBy: 'the Fetch model' | 'Chromium' | 'Firefox';
}

export type Send = (request: OutgoingRequest) => Promise<Exchange>;

/** The CORS request a script on `origin` makes for the call: its headers are the script's own (author) headers. */
export function corsRequestFor(origin: string, call: OutgoingRequest, credentials: CorsRequest['credentials'] = 'include'): CorsRequest {
  return { origin, method: call.method, credentials, headers: call.headers ?? [] };
}

/**
 * The call as it leaves the browser: the script's headers as fetch() sends
 * them (values normalized, `Accept: *\/*` when the script set none), with
 * the Origin the browser adds. supertest adds no Accept of its own, so the
 * wire carries exactly one.
 */
export function withOrigin(origin: string, call: OutgoingRequest): OutgoingRequest {
  return { ...call, headers: [['Origin', origin], ...fetchRequestHeaders(call.headers ?? [])] };
}

/** The preflight a browser sends before the request, or undefined when it needs none: Origin, `Accept: *\/*` and the Access-Control-Request-* headers; no credentials and no author headers. */
export async function sendPreflight(send: Send, request: CorsRequest, path: string): Promise<Exchange | undefined> {
  return needsPreflight(request) ? sendPreflightAnyway(send, request, path) : undefined;
}

/** Whether a browser sends a preflight before the request (Fetch §4.1 main fetch). */
export { needsPreflight };

/**
 * The preflight a browser would send before the request, sent even when the
 * request needs none: to ask an unsafe route for its grant without sending
 * the request itself.
 */
export function sendPreflightAnyway(send: Send, request: CorsRequest, path: string): Promise<Exchange> {
  return send({ method: 'OPTIONS', path, headers: preflightRequestHeaders(request) });
}

/**
 * The same call again with another Origin, or with none (`origin: null`),
 * its Access-Control-Allow-Origin told: whether a grant is static (Fetch
 * §3.2.3). A plain client's request, as a cache's other visitors make.
 */
export async function grantElsewhere(send: Send, call: OutgoingRequest, origin: string | null): Promise<{ readonly origin: string | null; readonly exchange: Exchange }> {
  const headers = (call.headers ?? []).filter(([name]) => name.toLowerCase() !== 'origin');
  const exchange = await send({ ...call, headers: origin === null ? headers : [...headers, ['Origin', origin]] });
  return { origin, exchange };
}

/** What a browser sends for the script's call: the preflight when needed, then the request. */
export async function sendAsScript(send: Send, request: CorsRequest, call: OutgoingRequest): Promise<{ preflight?: Exchange; actual: Exchange }> {
  const preflight = await sendPreflight(send, request, call.path);
  const actual = await send(withOrigin(request.origin, call));
  return { preflight, actual };
}

export function labelOf(call: OutgoingRequest & { label?: string }): string {
  return call.label ?? `${call.method} ${call.path}`;
}

export async function modelScript(send: Send, origin: string, call: OutgoingRequest & { label?: string }, credentials: CorsRequest['credentials'] = 'include'): Promise<ScriptOutcome> {
  const request = corsRequestFor(origin, call, credentials);
  const { preflight, actual } = await sendAsScript(send, request, call);
  return { label: labelOf(call), request, call, preflight, actual, view: scriptView(request, actual, preflight), judgedBy: 'the Fetch model' };
}

/**
 * Only the preflight a browser would send before the script's request, for
 * a request that is never sent (a DELETE, say). The view is the preflight's
 * verdict; a request that needs no preflight is let through.
 */
export async function modelPreflight(send: Send, request: CorsRequest, path: string): Promise<ScriptOutcome> {
  const label = `${request.method} ${path}`;
  const preflight = await sendPreflight(send, request, path);
  if (preflight === undefined) return { label, request, view: { ok: true, status: 0, headers: [] }, judgedBy: 'the Fetch model' };
  const verdict = preflightVerdict(request, preflight);
  return { label, request, preflight, view: verdict.ok ? { ok: true, status: preflight.status, headers: [] } : verdict, judgedBy: 'the Fetch model' };
}
