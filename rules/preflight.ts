/**
 * The preflight a browser sends before the script's request (Fetch §4.8),
 * judged by the Fetch model: one failure at most, naming what the server
 * refused. A server that refuses often says so with a 4xx too (Starlette
 * answers 400), so a refusing status is named only when nothing else is
 * refused: the origin, then the method, then a header.
 */
import { preflightVerdict, type CorsRequest, type Refusal, type RefusalKind, type ResponseHead } from '../http/fetch-model';
import { failure, type Failure } from './failure';

interface PreflightFacts {
  readonly origin: string;
  readonly method: string;
  readonly status: number;
  /** What refused, in the model's words, without saying it was the preflight: for messages. */
  readonly reason: string;
  /** The model's whole reason for the preflight as it was (its status included). */
  readonly verdict: string;
}

export type PreflightFailure =
  | Failure<'preflight-refuses-origin', RefusalKind, PreflightFacts>
  | Failure<'preflight-not-ok', 'preflight-status', PreflightFacts>
  | Failure<'preflight-refuses-method', 'preflight-method', PreflightFacts>
  | Failure<'preflight-refuses-header', 'preflight-header', PreflightFacts>;

/** Whether the preflight lets the request through, and if not, the rule it breaks. */
export function preflightLetsThrough(request: CorsRequest, preflight: ResponseHead): PreflightFailure | null {
  const verdict = preflightVerdict(request, preflight);
  if (verdict.ok) return null;
  const asIfOk = preflightVerdict(request, { ...preflight, status: 200 });
  const refusal: Refusal = asIfOk.ok ? verdict : asIfOk;
  const facts: PreflightFacts = { origin: request.origin, method: request.method, status: preflight.status, reason: refusal.detail, verdict: verdict.reason };
  switch (refusal.kind) {
    case 'preflight-status':
      return failure('preflight-not-ok', 'preflight-status', facts);
    case 'preflight-method':
      return failure('preflight-refuses-method', 'preflight-method', facts, { headers: ['Access-Control-Allow-Methods'] });
    case 'preflight-header':
      return failure('preflight-refuses-header', 'preflight-header', facts, { headers: ['Access-Control-Allow-Headers'] });
    default:
      return failure('preflight-refuses-origin', refusal.kind, facts, { headers: ['Access-Control-Allow-Origin'] });
  }
}

/** A preflight refused for the origin: the same mistake as a response refused for it. */
export function refusesTheOrigin(failed: PreflightFailure): boolean {
  return failed.rule === 'preflight-refuses-origin';
}
