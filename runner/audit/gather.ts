/**
 * Sending each planned call and keeping what its judgement needs: for an
 * unsafe operation without --unsafe, its preflight alone (and the origin
 * probes of that preflight); for a request, its evidence (inspect.ts), its
 * promises judged while the body is there, its error probes
 * (error-evidence.ts), and the browsers' fetch, started while the model goes
 * on. Safe calls go a few at a time; an unsafe request, or any route given
 * alone, one after the other in order.
 */
import { modelPreflight } from '../../http/script-fetch';
import { isSafe } from '../../openapi/operations';
import { preflightLetsThrough } from '../../rules/preflight';
import { sightOf } from '../../rules/script';
import { AUDIT_CONCURRENCY, mapInOrder } from './concurrency';
import { gatherErrorEvidence } from './error-evidence';
import { explain } from './explain';
import { corsRequestOf, gatherEvidence, originFindings, originProbes, type RouteEvidence } from './inspect';
import type { PlannedCall } from './plan';
import { cookieHeaderFor } from './signin';
import { oneCookieHeader, promiseVerdict, withoutBodies, type AuditContext, type EngineSight, type Gathered } from './gathered';

/** How many calls are done of how many planned, for the progress line and the message of a run cut short. */
export class Progress {
  done = 0;
  constructor(
    public total: number,
    private readonly onProgress?: (done: number, total: number) => void,
  ) {}

  tick<T>(value: T): T {
    this.done += 1;
    this.onProgress?.(this.done, this.total);
    return value;
  }
}

export interface GatherOptions {
  /** Whether the engines are asked about this call (a safe one, or one given by hand, that carries no cookie of the session). */
  readonly asksBrowsers: (call: PlannedCall) => boolean;
  /** The engines' sights of a call (sights.ts). */
  readonly sightsOf: (call: PlannedCall, evidence: RouteEvidence) => Promise<EngineSight[]>;
  readonly progress: Progress;
}

/** Sends the calls, safe ones (and preflights) a few at a time, the rest one after the other; the results in the calls' order. */
export function gatherer(ctx: AuditContext, { asksBrowsers, sightsOf, progress }: GatherOptions): (calls: readonly PlannedCall[]) => Promise<Gathered[]> {
  const { options, loaded, harvest, session, client, credentials, send } = ctx;
  const together = (call: PlannedCall) => loaded !== undefined && (call.send === 'preflight' || isSafe(call.route.method));

  const gather = async (call: PlannedCall): Promise<Gathered> => {
    const authorHeaders = [...options.headers, ...(call.auth?.headers ?? [])];
    if (call.send === 'preflight') {
      const request = corsRequestOf(call.route, options.origin, authorHeaders, credentials.mode);
      // Its preflight, and the same again from an origin nobody would allow and from "null" (origin-reflected, null-origin-allowed), side by side.
      const [outcome, probes] = await Promise.all([modelPreflight(send, request, call.route.path), credentials.mode === 'omit' ? [] : originProbes(send, call.route, request, undefined)]);
      const preflight = outcome.preflight;
      const failed = preflight === undefined ? null : preflightLetsThrough(request, preflight);
      return progress.tick({
        kind: 'preflight',
        call,
        preflight: preflight === undefined ? undefined : { path: call.route.path, status: preflight.status, ok: failed === null, reason: failed === null ? null : failed.facts.verdict },
        findings: failed === null ? [] : [explain(failed)],
        global: originFindings(undefined, undefined, probes, credentials.mode),
      });
    }
    const cookies = oneCookieHeader([...(call.auth?.cookies ?? []), ...cookieHeaderFor(session.jar, client.urlFor(call.route.path), options.origin)]);
    const evidence = await gatherEvidence(send, call.route, options.origin, authorHeaders, loaded !== undefined, credentials.mode, cookies);
    // What the answer supplies to the operations still lacking a value, kept before its body is dropped: a safe answer's, or any under --unsafe.
    if (isSafe(call.route.method) || options.unsafe) harvest?.add({ method: call.route.method, path: call.route.path, operation: call.operation, values: call.values ?? [] }, evidence.actual, client.urlFor(call.route.path));
    const errors = await gatherErrorEvidence(ctx, call, evidence);
    // A safe operation of the document is fetched by the browsers while the model goes on to the next ones; a route
    // given by hand waits for its turn, after every route has been sent (one may change what the next answers).
    const early = loaded !== undefined && together(call) && asksBrowsers(call) ? sightsOf(call, evidence) : undefined;
    early?.catch(() => undefined); // awaited below; a failure is reported there, in the report's order
    const sights = early === undefined ? {} : { sights: early };
    if (loaded === undefined || call.operation === undefined) return progress.tick({ kind: 'request', call, evidence: loaded === undefined ? evidence : withoutBodies(evidence), ...sights, errors });
    const judged = loaded.judge({ operation: call.operation, family: loaded.document.family, schemas: loaded.schemas }, { method: call.route.method, ...evidence.actual }, { origin: options.origin, ...sightOf(evidence.request, evidence.actual, evidence.preflight) });
    const promises = promiseVerdict(judged, call.operation, loaded.framework);
    return progress.tick({ kind: 'request', call, evidence: withoutBodies(evidence), promises, ...sights, errors });
  };

  return async (calls) => {
    const out: Gathered[] = new Array(calls.length);
    const first = calls.map((call, i) => [call, i] as const).filter(([call]) => together(call));
    const results = await mapInOrder(first, AUDIT_CONCURRENCY, ([call]) => gather(call));
    first.forEach(([, i], n) => (out[i] = results[n]));
    for (const [i, call] of calls.entries()) if (!together(call)) out[i] = await gather(call);
    return out;
  };
}
