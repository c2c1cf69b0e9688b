/**
 * A script's fetch() judged by the Fetch model on the server's real answers:
 * the preflight when one is needed, then the request itself. The request is
 * sent even when the preflight refuses (a browser would not), so rules about
 * the server's own answer, such as its Vary or exposed headers, can be
 * judged on every route.
 */
import { needsPreflight, preflightRequestHeaders, preflightVerdict, scriptView, type CorsRequest, type ScriptView } from '../../http/fetch-model';
import type { Exchange, OutgoingRequest } from '../../http/client';

export interface ScriptOutcome {
  readonly label: string;
  readonly request: CorsRequest;
  readonly preflight?: Exchange;
  /** The server's answer to the request itself, as a plain client got it; absent when only the preflight was sent. */
  readonly actual?: Exchange;
  /** What the script sees: by the Fetch model, or by a real browser for @browser scenarios. */
  readonly view: ScriptView;
  readonly judgedBy: 'the Fetch model' | 'Chromium' | 'Firefox';
}

export type Send = (request: OutgoingRequest) => Promise<Exchange>;

export function corsRequestFor(origin: string, call: OutgoingRequest): CorsRequest {
  return { origin, method: call.method, credentials: 'include', headers: call.headers ?? [] };
}

export async function modelScript(send: Send, origin: string, call: OutgoingRequest & { label?: string }): Promise<ScriptOutcome> {
  const request = corsRequestFor(origin, call);
  // The preflight carries no credentials and no author headers (Fetch §4.8).
  const preflight = needsPreflight(request) ? await send({ method: 'OPTIONS', path: call.path, headers: preflightRequestHeaders(request) }) : undefined;
  const actual = await send({ ...call, headers: [['Origin', origin], ...(call.headers ?? [])] });
  return { label: call.label ?? `${call.method} ${call.path}`, request, preflight, actual, view: scriptView(request, actual, preflight), judgedBy: 'the Fetch model' };
}

/**
 * Only the preflight a browser would send before the script's request, for
 * a request that is never sent (a DELETE, say). The view is the preflight's
 * verdict; a request that needs no preflight is let through.
 */
export async function modelPreflight(send: Send, request: CorsRequest, path: string): Promise<ScriptOutcome> {
  const label = `${request.method} ${path}`;
  if (!needsPreflight(request)) return { label, request, view: { ok: true, status: 0, headers: [] }, judgedBy: 'the Fetch model' };
  const preflight = await send({ method: 'OPTIONS', path, headers: preflightRequestHeaders(request) });
  const verdict = preflightVerdict(request, preflight);
  return { label, request, preflight, view: verdict.ok ? { ok: true, status: preflight.status, headers: [] } : verdict, judgedBy: 'the Fetch model' };
}
