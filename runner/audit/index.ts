/**
 * `response-conformance audit`: what a browser on your origin can read from
 * your API, and whether the API keeps its document's promises. Every route
 * is called as a credentialed script on the origin would call it, judged by
 * the Fetch model and, when Chromium is installed, by Chromium too, with the
 * same client, timeouts and timeout breaker as a suite run.
 *
 * The routes are the --routes given, one after the other as given; or the
 * operations of the API's OpenAPI document (document.ts), planned by
 * plan.ts (safe by default: only GET and HEAD are sent, the rest only
 * preflighted), a few at a time, and judged against what the document
 * promises (promises.ts) as well as by the CORS and cookie rules (findings.ts).
 */
import { TargetClient, TargetError, TimeoutBreaker } from '../../http/client';
import { cookiesSet } from '../../http/set-cookie';
import { modelPreflight } from '../../http/script-fetch';
import { browserScripts, holdBrowsers } from '../../browser/pool';
import { ENGINES, engineAvailable, engineMissing, engineName, enginePathsOf, requireEngineDrivers, type Engine } from '../../browser/engines';
import { isSafe, type Operation } from '../../openapi/operations';
import type { ResolvedDocument } from '../../openapi/document';
import { corsRequestOf, disagreements, gatherEvidence, judgeRoute, originFindings, originProbes, type BrowserView, type RouteAudit, type RouteEvidence } from './inspect';
import { explain, explainPromise, type Finding } from './explain';
import { logoutFindings } from '../../rules/cookies';
import { preflightLetsThrough } from '../../rules/preflight';
import { sightOf } from '../../rules/script';
// The document's modules (Ajv, the $ref resolver, the sampler) load only when a document is read: a --route audit does without them.
import type { DocumentSummary, Framework } from './document';
import type { PlannedCall, PlanOptions, SkippedOperation } from './plan';
import type { Harvest } from './values';
import type { PromiseJudgement, judgePromises as JudgePromises } from '../../rules/promises';
import type { ComponentSchemas } from '../../openapi/undeclared-fields';
import { AUDIT_CONCURRENCY, BROWSER_CONCURRENCY, limiter, mapInOrder } from './concurrency';
import { AuditError } from './errors';
import type { AuditOptions, AuditRoute, CredentialsMode } from '../configuration';
import { credentialsOf, securityOf, securitySchemesOf, type SecurityScheme } from '../../openapi/security';
import { cookieHeaderFor, credentialsFor, isLogoutPath, logoutOf, signIn, signedInCallOf, type FeatureSignIn, type Session, type SignedInCall } from './signin';
import type { HeaderList } from '../../http/header-list';
import { errorNotReadable, errorsNotReadable, grantedOn, type SeenAnswer } from '../../rules/errors';
import { planErrorProbes, sendErrorProbe, type ErrorProbe, type SentProbe } from './error-probes';

export { AuditError };
export type { DocumentSummary };

/** An operation of the document the audit did not call, and why; for an unsafe one without --unsafe, the preflight it did send. */
export interface NotCalled {
  readonly method: string;
  /** The operation's path template. */
  readonly operation: string;
  readonly reason: string;
  /** The flag that would call it ("--param item_id=VALUE", "--unsafe"); null when none can. */
  readonly flag: string | null;
  /** Not called for want of a sign-in: the security schemes the audit lacked (a note, never a finding). */
  readonly lacks?: readonly string[];
  /** The preflight a browser sends before it, when that is all the audit sent (no --unsafe). */
  readonly preflight?: { readonly path: string; readonly status: number; readonly ok: boolean; readonly reason: string | null };
  /** What the preflight's answer got wrong. */
  readonly findings: readonly Finding[];
}

export interface AuditReport {
  readonly target: string;
  readonly origin: string;
  /** The OpenAPI document read, when one was: what it says of itself, and the notes on it. */
  readonly document?: DocumentSummary;
  readonly routes: readonly RouteAudit[];
  /** With a document: its operations that were not called, each with its reason. */
  readonly notCalled?: readonly NotCalled[];
  /** Findings about the whole API rather than one route: it grants any origin, or "null". */
  readonly findings: readonly Finding[];
  /**
   * Who judged: the Fetch model, and Chromium unless it was missing or not
   * asked (then why not); Firefox too when --browsers asked for it.
   */
  readonly judgedBy: JudgedBy;
  /** Set when the audit could not judge the API (unreachable, a route with no usable answer). */
  readonly error?: string;
  /** The frontend's fetch() credentials mode, and why (--credentials, the document's security schemes, the default). */
  readonly credentials?: { readonly mode: CredentialsMode; readonly why: string };
  /** How the audit signed in (--token, the OAuth2 password flow, --login), and the logout it sent last; absent without a sign-in. */
  readonly signIn?: { readonly how: readonly string[]; readonly logout?: { readonly method: string; readonly path: string; readonly status: number } };
}

/**
 * Each engine asked for its opinion: `true` when it gave it, else why not.
 * An engine --browsers left out is not there at all (Chromium with
 * `--browsers firefox`; Firefox without --browsers naming it); with
 * --no-browser, Chromium says so.
 */
export interface JudgedBy {
  readonly model: true;
  readonly chromium?: true | string;
  readonly firefox?: true | string;
}

/** The engines that gave their opinion, in the order asked. */
export function judgingEngines(judgedBy: JudgedBy): Engine[] {
  return ENGINES.filter((engine) => judgedBy[engine] === true);
}

/** "the Fetch model and Chromium", "the Fetch model, Chromium and Firefox", "the Fetch model (Chromium: not asked (--no-browser))". */
export function judgesPhrase(judgedBy: JudgedBy): string {
  const judging = judgingEngines(judgedBy).map(engineName);
  // An engine --browsers left out is not there; one missing, or all turned off, is said with why.
  const absent = ENGINES.filter((e) => typeof judgedBy[e] === 'string');
  const names = ['the Fetch model', ...judging];
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return absent.length === 0 ? list : `${list} (${absent.map((e) => `${engineName(e)}: ${judgedBy[e]}`).join('; ')})`;
}

/** Who judges, before any request: the engines asked and there, and why the others do not (refused when --browser or --browsers required one). */
function judgesOf(options: AuditOptions): JudgedBy {
  const asked: readonly Engine[] = options.browser === 'off' ? [] : options.browsers;
  const paths = enginePathsOf(options);
  const verdict = (engine: Engine): true | string => {
    if (options.browser === 'off') return 'not asked (--no-browser)';
    if (engineAvailable(engine, paths)) return true;
    // Only --browsers asks for Firefox; Chromium is required by --browser or by --browsers.
    if (options.browser === 'on') throw new AuditError(`${engine === 'firefox' ? '--browsers' : '--browser or --browsers'}: ${engineMissing(engine, paths)}, or leave the flag out to judge by the Fetch model`);
    return engineMissing(engine, paths);
  };
  // --no-browser is said for Chromium, the engine judged by default; --browsers leaves out the engines it does not name.
  const judged = options.browser === 'off' ? (['chromium'] as const) : asked;
  return { model: true, ...Object.fromEntries(ENGINES.filter((engine) => judged.includes(engine)).map((engine) => [engine, verdict(engine)])) };
}

export interface AuditHooks {
  /** After each operation or route is done (called, or preflighted), with how many there are: for a progress line on a terminal. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Where a secret the audit meets (a token its sign-in got) goes, to be masked in every output with the options' own (http/secrets.ts). */
  readonly secrets?: Set<string>;
}

/** Every finding of the report: the whole API's, each route's, each preflighted operation's. */
export function allFindings(report: AuditReport): Finding[] {
  return [...report.findings, ...report.routes.flatMap((r) => [...r.findings, ...(r.errorProbes ?? []).flatMap((p) => p.findings)]), ...(report.notCalled ?? []).flatMap((n) => n.findings)];
}

/** Exit status: 2 when it could not judge, 1 with a MUST finding, else 0. */
export function exitCodeOf(report: AuditReport): number {
  if (report.error !== undefined) return 2;
  return allFindings(report).some((f) => f.level === 'MUST') ? 1 : 0;
}

/**
 * The requests as sent, route by route, beside the report and never in it:
 * a body may hold a password. The written feature replays them.
 */
const CALLS = new WeakMap<AuditReport, readonly AuditRoute[]>();

export function auditedCalls(report: AuditReport): readonly AuditRoute[] {
  return CALLS.get(report) ?? [];
}

/**
 * A call whose preflight alone was sent: the route, and the names of the
 * sign-in headers it carried (beside the --header ones), which its
 * preflight asked for.
 */
export interface PreflightedCall {
  readonly route: AuditRoute;
  readonly signInHeaders: readonly string[];
}

/** For each entry of the report's notCalled, in the same order: the call whose preflight alone was sent (undefined for an entry with no preflight), for the written feature's preflight scenarios. */
const PREFLIGHTED = new WeakMap<AuditReport, readonly (PreflightedCall | undefined)[]>();

export function preflightedCalls(report: AuditReport): readonly (PreflightedCall | undefined)[] {
  return PREFLIGHTED.get(report) ?? [];
}

/** For each audited call, in the same order: whether it was sent signed in (a token, a key, the session's cookies), as a written feature can send it. */
const SIGNED_IN = new WeakMap<AuditReport, { readonly calls: readonly SignedInCall[]; readonly recipe?: FeatureSignIn }>();

export function signedInCalls(report: AuditReport): readonly SignedInCall[] {
  return SIGNED_IN.get(report)?.calls ?? [];
}

/** How a written feature signs in as the audit did (from the environment), when it can. */
export function featureSignIn(report: AuditReport): FeatureSignIn | undefined {
  return SIGNED_IN.get(report)?.recipe;
}

/** The sign-in beside the report and never in it: the sign-in's and the logout's own exchanges (for the cookie rules). Its secrets go to AuditHooks.secrets as they are obtained. */
const SESSIONS = new WeakMap<AuditReport, { readonly exchanges: Session['exchanges'] }>();

/** The sign-in's and the logout's exchanges, in the order sent (a login's Set-Cookie, a logout's deletion). */
export function sessionExchanges(report: AuditReport): Session['exchanges'] {
  return SESSIONS.get(report)?.exchanges ?? [];
}

/**
 * The frontend's credentials mode: --credentials; else a cookie sign-in
 * (--login) means include; else what the document's schemes imply
 * (openapi/security.ts credentialsOf); else include.
 */
function credentialsModeOf(options: AuditOptions, loaded: LoadedDocument | undefined): { mode: CredentialsMode; why: string } {
  if (options.credentials !== undefined) return { mode: options.credentials, why: '--credentials' };
  if (options.login !== undefined) return { mode: 'include', why: '--login signs in with a cookie' };
  if (loaded === undefined) return { mode: 'include', why: 'no document to say otherwise' };
  return credentialsOf(loaded.document, loaded.operations);
}

/** One Cookie header from several (a key in a cookie, the session's), as a browser sends them. */
function oneCookieHeader(headers: HeaderList): HeaderList {
  return headers.length === 0 ? [] : [['Cookie', headers.map(([, value]) => value).join('; ')]];
}

interface LoadedDocument {
  readonly document: ResolvedDocument;
  readonly operations: readonly Operation[];
  readonly framework: Framework;
  readonly serversNote: string | null;
  readonly judge: typeof JudgePromises;
  /** The document's named schemas, which its discriminators name. */
  readonly schemas: ComponentSchemas;
}

/** A document's operation judged on its answer: the findings in the audit's words, and the facts the report keeps. */
interface PromiseVerdict {
  readonly findings: readonly Finding[];
  /** The headers the document declares for the answer's status. */
  readonly declaredHeaders: readonly string[];
  readonly optionalNulls: readonly string[];
  /** The schemas Ajv could not compile, and what each left unchecked. */
  readonly unchecked?: PromiseJudgement['unchecked'];
}

function promiseVerdict(judged: PromiseJudgement, operation: Operation, framework: Framework): PromiseVerdict {
  return {
    findings: judged.failures.map((failed) => explainPromise(failed, operation, framework)),
    declaredHeaders: Object.values(judged.declared?.headers ?? {}).map((h) => h.name),
    optionalNulls: judged.optionalNulls,
    ...(judged.unchecked === undefined ? {} : { unchecked: judged.unchecked }),
  };
}

/** An engine's view of a route, before it is compared with the model's. */
interface EngineSight {
  readonly engine: BrowserView['engine'];
  readonly granted: boolean;
  readonly readable: readonly string[];
}

type Gathered =
  | { readonly kind: 'request'; readonly call: PlannedCall; readonly evidence: RouteEvidence; readonly promises?: PromiseVerdict; readonly sights?: Promise<EngineSight[]>; readonly errors?: ErrorEvidence }
  | { readonly kind: 'preflight'; readonly call: PlannedCall; readonly preflight: NotCalled['preflight']; readonly findings: readonly Finding[]; readonly global?: readonly Finding[] };

/** For error-not-readable (rules/errors.ts): the start of an error answer's body, kept when the rest is dropped; the error probes sent, with their promises judged. */
interface ErrorEvidence {
  readonly text: string;
  readonly probes: readonly (SentProbe & { readonly promises: readonly Finding[] })[];
}

/** Enough of an error answer's body for its first line. */
const ERROR_TEXT_KEPT = 2000;

/** The exchanges without their bodies: once the body is judged, the audit of a large document keeps only heads. */
function withoutBodies(evidence: RouteEvidence): RouteEvidence {
  const bare = <T extends { text: string }>(exchange: T): T => ({ ...exchange, text: '' });
  return { ...evidence, actual: bare(evidence.actual), probe: bare(evidence.probe), nullProbe: bare(evidence.nullProbe), ...(evidence.preflight === undefined ? {} : { preflight: bare(evidence.preflight) }), ...(evidence.plain === undefined ? {} : { plain: bare(evidence.plain) }), ...(evidence.echoProbes === undefined ? {} : { echoProbes: evidence.echoProbes.map((p) => ({ ...p, exchange: bare(p.exchange) })) }) };
}

/** The --routes only, as given, one after the other. */
function routesOnly(routes: readonly AuditRoute[]): PlannedCall[] {
  return routes.map((route) => ({ route, send: 'request' as const, byHand: true as const }));
}

/** A list said in a message: the first few, then how many more. */
function listed(items: readonly string[], max = 5): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

function nullableNote(nulls: readonly { operation: string; pointer: string }[], framework: Framework): string | null {
  if (nulls.length === 0) return null;
  const where = listed(nulls.map((n) => `${n.pointer} of ${n.operation}`), 3);
  const why = framework === 'FastAPI' ? 'FastAPI before 0.100 documents Optional fields without nullable (upgrading FastAPI corrects the document)' : 'mark those fields nullable (3.0) or add "null" to their type (3.1)';
  return `the document omits nullable: ${nulls.length === 1 ? 'a field that is' : `${nulls.length} fields that are`} optional arrived as null where the document gives a type without null (${where}); ${why}. These are not counted as findings.`;
}


export async function runAudit(options: AuditOptions, hooks: AuditHooks = {}): Promise<AuditReport> {
  const paths = enginePathsOf(options);
  // The audit's own timeout breaker, for its client and its browsers' fetches: another audit's timeouts never count here.
  const breaker = new TimeoutBreaker();
  const client = new TargetClient({ target: options.target, timeoutMs: options.timeoutMs, extraHeaders: [], insecure: options.insecure, breaker, keepAlive: true });
  const send = (request: Parameters<TargetClient['send']>[0]) => client.send(request);
  requireEngineDrivers(options.browser === 'off' ? [] : options.browsers); // a missing puppeteer-core: one line, exit 2, before anything else
  const judgedBy = judgesOf(options);
  const engines = judgingEngines(judgedBy);

  // With no --route, or with --openapi, the document says what to call.
  let loaded: LoadedDocument | undefined;
  let plan: { readonly calls: readonly PlannedCall[]; readonly skipped: readonly SkippedOperation[] } = { calls: routesOnly(options.routes), skipped: [] };
  if (options.openapi !== undefined || options.routes.length === 0) {
    const [{ frameworkOf, loadDocument, serversNote }, { operationsOf }, { judgePromises }, { componentSchemasOf }] = await Promise.all([import('./document'), import('../../openapi/operations'), import('../../rules/promises'), import('../../openapi/undeclared-fields')]);
    const { document, url } = await loadDocument(options.openapi, { target: options.target, timeoutMs: options.timeoutMs, insecure: options.insecure, headers: options.headers });
    const operations = operationsOf(document);
    loaded = { document, operations, framework: frameworkOf(document, operations), serversNote: serversNote(document, options.target, url), judge: judgePromises, schemas: componentSchemasOf(document.root) };
  }
  // Values from the API itself (values.ts): a --param scoped to an operation the document lacks is a usage error, before anything is sent.
  let harvest: Harvest | undefined;
  if (loaded !== undefined) {
    const values = await import('./values');
    values.checkParamScopes(options.params, loaded.operations);
    harvest = new values.Harvest(loaded.document, loaded.operations);
  }
  const credentials = credentialsModeOf(options, loaded);
  const schemes: ReadonlyMap<string, SecurityScheme> = loaded === undefined ? new Map() : securitySchemesOf(loaded.document);
  // The sign-in comes first: a failed one is an error of the run (AuditError), before any operation is called.
  let session: Session;
  try {
    session = await signIn(send, options, schemes, loaded?.operations ?? []);
    // What it obtained is masked from here on, in progress and every output, with the options' own secrets.
    for (const obtained of session.obtained) hooks.secrets?.add(obtained);
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    return { target: options.target, origin: options.origin, routes: [], findings: [], judgedBy, credentials, error: `sign-in: ${error.message}` };
  }
  const signedIn = session.how.length > 0;
  // The logout is never called among the others: it would end the session. It is sent last, and only after the audit's own sign-in.
  const logout = signedIn ? logoutOf(options.logout, loaded?.operations ?? []) : undefined;
  const isLogout = (route: Pick<AuditRoute, 'method' | 'path'>) => logout !== undefined && route.method === logout.method && route.path.split('?')[0] === logout.path.split('?')[0];
  // With --route alone, a route that is the logout is sent last too, never among the others.
  if (loaded === undefined && logout !== undefined) plan = { calls: plan.calls.filter((call) => !isLogout(call.route)), skipped: [] };
  let planOptions: PlanOptions | undefined;
  let planOperation: typeof import('./plan').planOperation | undefined;
  if (loaded !== undefined) {
    const plans = await import('./plan');
    planOperation = plans.planOperation;
    const doc = loaded.document;
    const found = harvest;
    planOptions = {
      origin: options.origin,
      headers: options.headers,
      params: options.params,
      unsafe: options.unsafe,
      signIn: (operation) => credentialsFor(securityOf(doc, operation, schemes), session, options.target),
      ...(found === undefined ? {} : { found: (operation, parameter) => found.valueFor(operation, parameter) }),
    };
    const full = plans.planAudit(loaded.operations, options.routes, planOptions);
    // Sent last after the audit's own sign-in, the logout is reported in the sign-in line; after --token alone, it is not sent, and says why.
    const logoutOps = loaded.operations.filter((o) => isLogout(o));
    const skipped = full.skipped.filter((s) => !logoutOps.includes(s.operation));
    const notSent = session.own ? [] : logoutOps.map((operation) => ({ operation, reason: 'a logout: not sent, since it would end a session the audit did not open (--token)', flag: null }));
    plan = { calls: full.calls.filter((call) => call.operation === undefined || !logoutOps.includes(call.operation)), skipped: [...skipped, ...notSent] };
  }
  // Held until the audit ends, then closed unless another run or audit still holds them.
  const browsers = holdBrowsers(engines, paths);
  for (const engine of engines) browserScripts(engine, paths).catch(() => undefined); // their launch overlaps the first requests

  // What each engine sees of a route, a few fetches at a time; the first engine's failure is the audit's.
  const browserGate = limiter(BROWSER_CONCURRENCY * Math.max(1, engines.length));
  const sightsOf = (call: PlannedCall, evidence: RouteEvidence): Promise<EngineSight[]> =>
    Promise.all(
      engines.map((engine) =>
        browserGate(async (): Promise<EngineSight> => {
          const view = await (await browserScripts(engine, paths)).fetch(options.origin, { method: call.route.method, url: client.urlFor(call.route.path), headers: evidence.request.headers, body: call.route.body, credentials: credentials.mode, timeoutMs: options.timeoutMs, breaker });
          return { engine: engineName(engine), granted: view.ok, readable: view.ok ? [...new Set(view.headers.map(([name]) => name))] : [] };
        }),
      ),
    );
  // The browsers' opinion is asked on what was sent; never on an unsafe operation the audit built (it would be sent again).
  // Nor on a call that carried the session's cookies (or a key in a cookie): the browsers' pages hold no such cookie (the sign-in's cookies are the audit's client's, not the pages').
  const carriesCookies = (call: PlannedCall) => credentials.mode === 'include' && (call.auth?.cookies.length ?? 0) + cookieHeaderFor(session.jar, client.urlFor(call.route.path), options.origin).length > 0;
  const asksBrowsers = (call: PlannedCall) => engines.length > 0 && (call.byHand === true || isSafe(call.route.method)) && !carriesCookies(call);

  const what = loaded === undefined ? 'routes' : 'operations';
  let total = plan.calls.length;
  let done = 0;

  const gather = async (call: PlannedCall): Promise<Gathered> => {
    const tick = <T>(value: T): T => {
      done += 1;
      hooks.onProgress?.(done, total);
      return value;
    };
    const authorHeaders = [...options.headers, ...(call.auth?.headers ?? [])];
    if (call.send === 'preflight') {
      const request = corsRequestOf(call.route, options.origin, authorHeaders, credentials.mode);
      // Its preflight, and the same again from an origin nobody would allow and from "null" (origin-reflected, null-origin-allowed), side by side.
      const [outcome, probes] = await Promise.all([modelPreflight(send, request, call.route.path), credentials.mode === 'omit' ? [] : originProbes(send, call.route, request, undefined)]);
      const preflight = outcome.preflight;
      const failed = preflight === undefined ? null : preflightLetsThrough(request, preflight);
      return tick({
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
    const errors = await errorEvidence(call, evidence);
    // A safe operation of the document is fetched by the browsers while the model goes on to the next ones; a route
    // given by hand waits for its turn, after every route has been sent (one may change what the next answers).
    const early = loaded !== undefined && together(call) && asksBrowsers(call) ? sightsOf(call, evidence) : undefined;
    early?.catch(() => undefined); // awaited below; a failure is reported there, in the report's order
    const sights = early === undefined ? {} : { sights: early };
    if (loaded === undefined || call.operation === undefined) return tick({ kind: 'request', call, evidence: loaded === undefined ? evidence : withoutBodies(evidence), ...sights, errors });
    const judged = loaded.judge({ operation: call.operation, family: loaded.document.family, schemas: loaded.schemas }, { method: call.route.method, ...evidence.actual }, { origin: options.origin, ...sightOf(evidence.request, evidence.actual, evidence.preflight) });
    const promises = promiseVerdict(judged, call.operation, loaded.framework);
    return tick({ kind: 'request', call, evidence: withoutBodies(evidence), promises, ...sights, errors });
  };

  // The error probes of a safe operation of the document (error-probes.ts), one after the other in the operation's turn, each answer's promises judged while its body is there.
  const errorEvidence = async (call: PlannedCall, evidence: RouteEvidence): Promise<ErrorEvidence> => {
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
      const sent = await sendErrorProbe(send, planned, options.origin, headers, credentials.mode, cookies);
      const judgedProbe = loaded.judge({ operation, family: loaded.document.family, schemas: loaded.schemas }, { method: planned.route.method, ...sent.actual }, { origin: options.origin, ...sent.sight });
      probes.push({ ...sent, actual: { ...sent.actual, text: sent.actual.text.slice(0, ERROR_TEXT_KEPT) }, promises: promiseVerdict(judgedProbe, operation, loaded.framework).findings });
    }
    return { text, probes };
  };

  // Safe calls (and preflights) a few at a time; an unsafe request, or any route given alone, one after the other in order.
  const together = (call: PlannedCall) => loaded !== undefined && (call.send === 'preflight' || isSafe(call.route.method));
  const gatherAll = async (calls: readonly PlannedCall[]): Promise<Gathered[]> => {
    const out: Gathered[] = new Array(calls.length);
    const first = calls.map((call, i) => [call, i] as const).filter(([call]) => together(call));
    const results = await mapInOrder(first, AUDIT_CONCURRENCY, ([call]) => gather(call));
    first.forEach(([, i], n) => (out[i] = results[n]));
    for (const [i, call] of calls.entries()) if (!together(call)) out[i] = await gather(call);
    return out;
  };
  let gathered: Gathered[] = [];
  try {
    gathered = await gatherAll(plan.calls);
    // Phases: the operations still lacking a value are planned again with what the answers supplied, and called; until nothing new can be.
    if (loaded !== undefined && planOperation !== undefined && planOptions !== undefined) {
      const order = new Map(loaded.operations.map((o, i) => [o, i]));
      let skipped = [...plan.skipped];
      for (;;) {
        const again = skipped.map((s) => (s.missing === undefined ? s : planOperation!(s.operation, planOptions!)));
        const calls = again.filter((p): p is PlannedCall => !('reason' in p));
        skipped = again.filter((p): p is SkippedOperation => 'reason' in p);
        if (calls.length === 0) break;
        total += calls.length;
        gathered.push(...(await gatherAll(calls)));
      }
      // The report's order is the document's: a --route in its operation's place, the routes that call none last.
      const at = (g: Gathered) => (g.call.operation === undefined ? Infinity : order.get(g.call.operation) ?? Infinity);
      gathered = gathered.map((g, i) => [g, i] as const).sort(([a, i], [b, j]) => at(a) - at(b) || i - j).map(([g]) => g);
      plan = { calls: gathered.map((g) => g.call), skipped };
    }
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    await browsers.release();
    return { target: options.target, origin: options.origin, routes: [], findings: [], judgedBy, credentials, error: `${error.message}${done > 0 ? ` (after ${done} of ${total} ${what})` : ''}` };
  }

  const requests = gathered.filter((g): g is Extract<Gathered, { kind: 'request' }> => g.kind === 'request');
  // A cookie set HttpOnly on one route is a session-like cookie on every route.
  const httpOnly = new Set(requests.flatMap((g) => cookiesSet(g.evidence.actual.headers).filter((c) => c.httpOnly).map((c) => c.name)));
  const judged = requests.map((g) => {
    const { audit, global } = judgeRoute(g.evidence, options.target, httpOnly);
    if (loaded === undefined) return { audit, global };
    const declared = g.promises?.declaredHeaders ?? [];
    const isDeclared = (name: string) => declared.some((d) => d.toLowerCase() === name.toLowerCase());
    return {
      audit: {
        ...audit,
        operation: g.call.operation?.path ?? null,
        ...(g.call.bodyFrom === undefined ? {} : { bodyFrom: g.call.bodyFrom }),
        ...(g.call.values === undefined ? {} : { values: g.call.values.map(({ name, value, from, detail }) => ({ name, value, from: detail ?? from })) }),
        hiddenCustom: audit.hiddenCustom.filter((name) => !isDeclared(name)),
        ...(g.call.operation === undefined ? {} : { declaredHeaders: declared }),
        findings: [...audit.findings, ...(g.promises?.findings ?? [])],
        ...(g.promises?.unchecked === undefined ? {} : { unchecked: g.promises.unchecked }),
      },
      global,
    };
  });

  // Error answers the script cannot read while the origin is granted elsewhere (rules/errors.ts): error-not-readable, in place of origin-refused,
  // on the answers met (a 500 anywhere included), then on the error probes, each judged against every answer met.
  const seen: SeenAnswer[] = requests.map((g, i) => ({
    answer: { method: g.evidence.route.method, path: g.evidence.route.path, status: g.evidence.actual.status, headers: g.evidence.actual.headers, text: g.errors?.text ?? '' },
    sight: sightOf(g.evidence.request, g.evidence.actual, g.evidence.preflight),
    ...(judged[i].audit.preflight === null ? {} : { preflightGranted: judged[i].audit.preflight!.ok }),
  }));
  const framework = loaded?.framework ?? null;
  for (const [i, failed] of errorsNotReadable(options.origin, seen, framework).entries()) {
    if (failed === null) continue;
    const audit = judged[i].audit;
    judged[i] = { ...judged[i], audit: { ...audit, findings: [...audit.findings.filter((f) => f.id !== 'origin-refused'), explain(failed)] } };
  }
  for (const [i, g] of requests.entries()) {
    const probes = g.errors?.probes ?? [];
    if (probes.length === 0) continue;
    const errorProbes = probes.map((p): ErrorProbe => {
      const answer = { method: p.planned.route.method, path: p.planned.route.path, status: p.actual.status, headers: p.actual.headers, text: p.actual.text };
      const where = [...seen, { answer, sight: p.sight, ...(p.preflightGranted === undefined ? {} : { preflightGranted: p.preflightGranted }) }];
      const unreadable = errorNotReadable(options.origin, answer, p.sight, grantedOn(where, where.length - 1), framework);
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
    judged[i] = { ...judged[i], audit: { ...judged[i].audit, errorProbes } };
  }

  // A logout the audit called, judged against the answer that set the cookie it clears (rules/cookies.ts).
  const logouts = logoutFindings(requests.map((g) => ({ ...g.evidence.actual, path: g.evidence.route.path })), requests[0]?.evidence.request.origin ?? options.origin);
  for (const [i, found] of logouts) judged[i] = { ...judged[i], audit: { ...judged[i].audit, findings: [...judged[i].audit.findings, ...found.map(explain)] } };

  // The browsers' second opinion, compared with the model's.
  const routes: RouteAudit[] = [];
  try {
    const opinions = await mapInOrder(judged, loaded === undefined ? 1 : AUDIT_CONCURRENCY, async ({ audit }, i): Promise<RouteAudit> => {
      const { call, evidence, sights } = requests[i];
      if (!asksBrowsers(call)) return { ...audit, browser: null, browsers: [] };
      const views = (await (sights ?? sightsOf(call, evidence))).map((sight): BrowserView => ({ ...sight, disagreements: disagreements(audit, sight, sight.engine) }));
      return { ...audit, browser: views[0], browsers: views };
    });
    routes.push(...opinions);
  } finally {
    await browsers.release();
  }

  // Global findings are raised once, naming the routes they were seen on.
  const global = new Map<string, { finding: Finding; routes: string[] }>();
  for (const [i, { global: found }] of judged.entries()) {
    for (const finding of found) {
      const entry = global.get(finding.id) ?? { finding, routes: [] };
      entry.routes.push(`${requests[i].call.route.method} ${requests[i].call.route.path}`);
      global.set(finding.id, entry);
    }
  }
  for (const g of gathered) {
    if (g.kind !== 'preflight') continue;
    for (const finding of g.global ?? []) {
      const entry = global.get(finding.id) ?? { finding, routes: [] };
      entry.routes.push(`${g.call.route.method} ${g.call.route.path} (its preflight)`);
      global.set(finding.id, entry);
    }
  }
  const findings = [...global.values()].map(({ finding, routes: seenOn }) => ({ ...finding, message: `${finding.message} (seen on ${listed(seenOn)})` }));
  // Last, the logout, after the audit's own sign-in only: with the session's cookies and what its security asks.
  let loggedOut: NonNullable<AuditReport['signIn']>['logout'];
  const exchanges = [...session.exchanges];
  if (logout !== undefined && session.own) {
    const operation = loaded?.operations.find((o) => isLogout(o));
    const needed = operation === undefined || loaded === undefined ? undefined : credentialsFor(securityOf(loaded.document, operation, schemes), session, options.target);
    const auth = needed?.ok ? needed.credentials : { headers: session.bearer === undefined ? [] : ([['Authorization', `Bearer ${session.bearer}`]] as HeaderList), query: [], cookies: [] };
    try {
      const exchange = await send({ ...logout, headers: [['Origin', options.origin], ...auth.headers, ...oneCookieHeader([...auth.cookies, ...cookieHeaderFor(session.jar, client.urlFor(logout.path), options.origin)])] });
      exchanges.push({ route: logout, exchange });
      loggedOut = { method: logout.method, path: logout.path, status: exchange.status };
    } catch (error) {
      if (!(error instanceof TargetError)) throw error;
    }
  }
  const context = { credentials, ...(signedIn ? { signIn: { how: session.how, ...(loggedOut === undefined ? {} : { logout: loggedOut }) } } : {}) };
  const report: AuditReport =
    loaded === undefined
      ? { target: options.target, origin: options.origin, ...context, routes, findings, judgedBy }
      : { target: options.target, origin: options.origin, ...context, document: summaryOf(loaded, gathered), routes, notCalled: notCalledOf(loaded, plan.skipped, gathered), findings, judgedBy };
  CALLS.set(report, requests.map((g) => g.call.route));
  const preflightedRoutes = new Map(gathered.filter((g) => g.kind === 'preflight' && g.call.operation !== undefined).map((g) => [`${g.call.operation!.method} ${g.call.operation!.path}`, { route: g.call.route, signInHeaders: (g.call.auth?.headers ?? []).map(([name]) => name) }]));
  PREFLIGHTED.set(report, (report.notCalled ?? []).map((n) => (n.preflight === undefined ? undefined : preflightedRoutes.get(`${n.method} ${n.operation}`))));
  const withCookies = (route: AuditRoute) => session.jar.length > 0 && cookieHeaderFor(session.jar, client.urlFor(route.path), options.origin).length > 0;
  SIGNED_IN.set(report, { calls: requests.map((g) => signedInCallOf(session, g.call.auth, withCookies(g.call.route))), recipe: session.recipe });
  SESSIONS.set(report, { exchanges });
  return report;
}

function summaryOf(loaded: LoadedDocument, gathered: readonly Gathered[]): DocumentSummary {
  const { document } = loaded;
  const nulls = gathered.flatMap((g) => (g.kind === 'request' && g.call.operation !== undefined ? (g.promises?.optionalNulls ?? []).map((pointer) => ({ operation: `${g.call.operation!.method} ${g.call.operation!.path}`, pointer })) : []));
  const notes = [loaded.serversNote, nullableNote(nulls, loaded.framework)].filter((n): n is string => n !== null);
  return { source: document.source, title: document.info.title, version: document.info.version, openapi: document.openapi, framework: loaded.framework, operations: loaded.operations.length, notes };
}

/** Whether an operation's answers declare Set-Cookie. */
const SET_COOKIE_DECLARED = (operation: Operation) => Object.values(operation.responses).some((r) => Object.keys(r.headers).some((name) => name.toLowerCase() === 'set-cookie'));

/** An unsafe operation whose answer sets the session's cookies: one that declares Set-Cookie, or a POST or PUT whose path says login, signin or session (a DELETE of a session is a logout). */
function setsCookies(operation: Operation): boolean {
  return SET_COOKIE_DECLARED(operation) || (['POST', 'PUT'].includes(operation.method) && !operation.path.includes('{') && /(^|\/)(log-?in|sign-?in|sessions?)(\/|$)/i.test(operation.path) && !isLogoutPath(operation.path));
}

/** The operations not called, in the document's order: those skipped, and those only preflighted. */
function notCalledOf(loaded: LoadedDocument, skipped: readonly SkippedOperation[], gathered: readonly Gathered[]): NotCalled[] {
  const order = new Map(loaded.operations.map((o, i) => [o, i]));
  const entries: [number, NotCalled][] = skipped.map((s) => [order.get(s.operation) ?? 0, { method: s.operation.method, operation: s.operation.path, reason: s.reason, flag: s.flag, ...(s.lacks === undefined ? {} : { lacks: s.lacks }), findings: [] }]);
  for (const g of gathered) {
    if (g.kind !== 'preflight' || g.call.operation === undefined) continue;
    const { method, path } = g.call.operation;
    // A sign-in's cookies are set by its answer, which only sending it shows: say how to see them.
    const signsIn = setsCookies(g.call.operation);
    const entry: NotCalled = {
      method,
      operation: path,
      reason: signsIn
        ? `not sent without --unsafe; only its preflight was. It ${SET_COOKIE_DECLARED(g.call.operation) ? 'declares Set-Cookie' : 'looks like a sign-in'}: to judge the cookies it sets (kept, sent back, cleared at logout), sign in with it`
        : 'not sent without --unsafe; only its preflight was',
      flag: signsIn ? `--login "${method} ${path}" --login-body BODY, or --unsafe` : '--unsafe',
      ...(g.preflight === undefined ? {} : { preflight: g.preflight }),
      findings: g.findings,
    };
    entries.push([order.get(g.call.operation) ?? 0, entry]);
  }
  return entries.sort((a, b) => a[0] - b[0]).map(([, entry]) => entry);
}
