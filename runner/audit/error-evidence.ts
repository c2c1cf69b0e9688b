/**
 * The error probes' evidence and verdicts (error-probes.ts plans them):
 * sent in the operation's turn, each answer's promises judged while its
 * body is there; then, once every answer is in, whether the script on the
 * origin can read each (rules/errors.ts, `error-not-readable`), against
 * every answer the audit met.
 */
import { isSafe } from '../../openapi/operations';
import { preflightLetsThrough } from '../../rules/preflight';
import { errorNotReadable, grantedOn, type SeenAnswer } from '../../rules/errors';
import { sightOf } from '../../rules/script';
import { planErrorProbes, sendErrorProbe, type ErrorProbe } from './error-probes';
import { explain } from './explain';
import type { RouteEvidence } from './inspect';
import type { PlannedCall } from './plan';
import { cookieHeaderFor } from './signin';
import { ERROR_TEXT_KEPT, oneCookieHeader, promiseVerdict, type AuditContext, type ErrorEvidence, type GatheredRequest } from './gathered';

/** The error probes of a safe operation of the document, one after the other in the operation's turn, each answer's promises judged while its body is there. */
export async function gatherErrorEvidence(ctx: AuditContext, call: PlannedCall, evidence: RouteEvidence): Promise<ErrorEvidence> {
  const { options, loaded, harvest, session, client, credentials } = ctx;
  const text = evidence.actual.status >= 400 ? evidence.actual.text.slice(0, ERROR_TEXT_KEPT) : '';
  const operation = call.operation;
  if (loaded === undefined || operation === undefined || call.byHand === true || !isSafe(call.route.method)) return { text, probes: [] };
  const probes: ErrorEvidence['probes'][number][] = [];
  // "An id the list did not return": the values the API returned for each path parameter (values.ts), none of which the unknown id may be.
  const returned = new Map(operation.parameters.filter((p) => p.in === 'path').map((p) => [p.name, harvest?.harvested(p.name) ?? []] as const));
  for (const planned of planErrorProbes(operation, call.route, call.auth, returned, (parameter, value) => harvest?.fits(parameter, value) ?? true)) {
    const bare = planned.withoutCredentials === true;
    const headers = [...options.headers, ...(bare ? [] : (call.auth?.headers ?? []))];
    const cookies = bare ? [] : oneCookieHeader([...(call.auth?.cookies ?? []), ...cookieHeaderFor(session.jar, client.urlFor(planned.route.path), options.origin)]);
    const sent = await sendErrorProbe(ctx.send, planned, options.origin, headers, credentials.mode, cookies);
    const judgedProbe = loaded.judge({ operation, family: loaded.document.family, schemas: loaded.schemas }, { method: planned.route.method, ...sent.actual }, { origin: options.origin, ...sent.sight });
    probes.push({ ...sent, actual: { ...sent.actual, text: sent.actual.text.slice(0, ERROR_TEXT_KEPT) }, promises: promiseVerdict(judgedProbe, operation, loaded.framework).findings });
  }
  return { text, probes };
}

/** Every answer the frontend's script met on the calls, in order, with the Fetch model's view and its preflight's verdict: what error-not-readable is judged against. */
export function answersMet(requests: readonly GatheredRequest[]): SeenAnswer[] {
  return requests.map(({ evidence, errors }) => ({
    answer: { method: evidence.route.method, path: evidence.route.path, status: evidence.actual.status, headers: evidence.actual.headers, text: errors?.text ?? '' },
    sight: sightOf(evidence.request, evidence.actual, evidence.preflight),
    ...(evidence.preflight === undefined ? {} : { preflightGranted: preflightLetsThrough(evidence.request, evidence.preflight) === null }),
  }));
}

/** A call's error probes as the report keeps them: each judged against every answer met (and itself), its promises beside. */
export function errorProbesJudged(origin: string, seen: readonly SeenAnswer[], errors: ErrorEvidence | undefined, framework: string | null): ErrorProbe[] {
  return (errors?.probes ?? []).map((p): ErrorProbe => {
    const answer = { method: p.planned.route.method, path: p.planned.route.path, status: p.actual.status, headers: p.actual.headers, text: p.actual.text };
    const where = [...seen, { answer, sight: p.sight, ...(p.preflightGranted === undefined ? {} : { preflightGranted: p.preflightGranted }) }];
    const unreadable = errorNotReadable(origin, answer, p.sight, grantedOn(where, where.length - 1), framework);
    return {
      kind: p.planned.kind,
      why: p.planned.why,
      method: answer.method,
      path: answer.path,
      expected: p.planned.expected,
      status: answer.status,
      granted: p.sight.granted,
      reason: p.sight.granted ? null : p.sight.refusal.reason,
      findings: [...(unreadable === null ? [] : [explain(unreadable)]), ...p.promises],
    };
  });
}
