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
 *
 * Its rooms: gather.ts sends each planned call and keeps what its judgement
 * needs (gathered.ts, the types they share), phases.ts plans again with the
 * values the answers supplied until nothing new can be called,
 * error-evidence.ts sends the error probes and judges them, sights.ts asks
 * the browsers once per CORS situation. This file judges the whole and
 * writes the report.
 */
import { TargetClient, TargetError, TimeoutBreaker } from '../../http/client';
import { cookiesSet } from '../../http/set-cookie';
import { browserScripts, holdBrowsers, type BrowserHold } from '../../browser/pool';
import { ENGINES, engineAvailable, engineMissing, engineName, enginePathsOf, requireEngineDrivers, type Engine } from '../../browser/engines';
import { isSafe, type Operation } from '../../openapi/operations';
import { disagreements, judgeRoute, type BrowserView, type RouteAudit, type RouteEvidence } from './inspect';
import { explain, type Finding } from './explain';
import { logoutFindings } from '../../rules/cookies';
// The document's modules (Ajv, the $ref resolver, the sampler) load only when a document is read: a --route audit does without them.
import type { DocumentSummary, Framework } from './document';
import type { PlannedCall, PlanOptions, SkippedOperation } from './plan';
import type { Harvest } from './values';
import { AUDIT_CONCURRENCY, BROWSER_CONCURRENCY, limiter, mapInOrder } from './concurrency';
import { AuditError } from './errors';
import type { AuditOptions, AuditRoute, CredentialsMode } from '../configuration';
import { credentialsOf, securityOf, securitySchemesOf, type SecurityScheme } from '../../openapi/security';
import { cookieHeaderFor, credentialsFor, isLogoutPath, logoutOf, signIn, signedInCallOf, type FeatureSignIn, type Session, type SignedInCall } from './signin';
import type { HeaderList } from '../../http/header-list';
import { answersMet, errorProbesJudged } from './error-evidence';
import { gatherer, Progress } from './gather';
import { gatherInPhases } from './phases';
import { BrowserSights } from './sights';
import { oneCookieHeader, type AuditContext, type Gathered, type GatheredRequest, type LoadedDocument } from './gathered';

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
  requireEngineDrivers(options.browser === 'off' ? [] : options.browsers); // a missing puppeteer-core: one line, exit 2, before anything else
  const judgedBy = judgesOf(options);
  const engines = judgingEngines(judgedBy);
  const paths = enginePathsOf(options);
  // Held from the start, so that their launch overlaps the document's loading and the first requests (GitHub's document
  // takes seconds to load and compile); closed when the audit ends, however it ends, unless another run or audit still holds them.
  const browsers = holdBrowsers(engines, paths);
  for (const engine of engines) browserScripts(engine, paths).catch(() => undefined); // a failed launch is reported by the first fetch that needs it
  try {
    return await auditHolding(options, hooks, { judgedBy, engines, paths, browsers });
  } finally {
    await browsers.release();
  }
}

/** What runAudit holds for the audit: who judges, and the browsers, launching. */
interface Held {
  readonly judgedBy: JudgedBy;
  readonly engines: readonly Engine[];
  readonly paths: ReturnType<typeof enginePathsOf>;
  readonly browsers: BrowserHold;
}

async function auditHolding(options: AuditOptions, hooks: AuditHooks, { judgedBy, engines, paths, browsers }: Held): Promise<AuditReport> {
  // The audit's own timeout breaker, for its client and its browsers' fetches: another audit's timeouts never count here.
  const breaker = new TimeoutBreaker();
  const client = new TargetClient({ target: options.target, timeoutMs: options.timeoutMs, extraHeaders: [], insecure: options.insecure, breaker, keepAlive: true });
  const send = (request: Parameters<TargetClient['send']>[0]) => client.send(request);

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
  // What each engine sees of a route, a few fetches at a time, once per CORS situation (sights.ts); the first engine's failure is the audit's.
  const sights = new BrowserSights({ engines, scripts: (engine) => browserScripts(engine, paths), gate: limiter(BROWSER_CONCURRENCY * Math.max(1, engines.length)), origin: options.origin, urlFor: (path) => client.urlFor(path), credentials: credentials.mode, timeoutMs: options.timeoutMs, breaker });
  const sightsOf = (call: PlannedCall, evidence: RouteEvidence) => sights.of(call, evidence);
  // The browsers' opinion is asked on what was sent; never on an unsafe operation the audit built (it would be sent again).
  // Nor on a call that carried the session's cookies (or a key in a cookie): the browsers' pages hold no such cookie (the sign-in's cookies are the audit's client's, not the pages').
  const carriesCookies = (call: PlannedCall) => credentials.mode === 'include' && (call.auth?.cookies.length ?? 0) + cookieHeaderFor(session.jar, client.urlFor(call.route.path), options.origin).length > 0;
  const asksBrowsers = (call: PlannedCall) => engines.length > 0 && (call.byHand === true || isSafe(call.route.method)) && !carriesCookies(call);

  const what = loaded === undefined ? 'routes' : 'operations';
  const progress = new Progress(plan.calls.length, hooks.onProgress);
  const ctx: AuditContext = { options, client, send, credentials, session, loaded, harvest };
  const gatherAll = gatherer(ctx, { asksBrowsers, sightsOf, progress });
  let gathered: Gathered[] = [];
  try {
    const replan = planOperation === undefined || planOptions === undefined ? undefined : { planOperation, planOptions };
    const phases = loaded === undefined || replan === undefined ? undefined : { operations: loaded.operations, replan: (operation: Operation) => replan.planOperation(operation, replan.planOptions) };
    ({ gathered, plan } = await gatherInPhases(plan, gatherAll, progress, phases));
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    await browsers.release();
    return { target: options.target, origin: options.origin, routes: [], findings: [], judgedBy, credentials, error: `${error.message}${progress.done > 0 ? ` (after ${progress.done} of ${progress.total} ${what})` : ''}` };
  }

  const requests = gathered.filter((g): g is GatheredRequest => g.kind === 'request');
  // A cookie set HttpOnly on one route is a session-like cookie on every route.
  const httpOnly = new Set(requests.flatMap((g) => cookiesSet(g.evidence.actual.headers).filter((c) => c.httpOnly).map((c) => c.name)));
  // Every answer the frontend's script met: an error answer it cannot read while the origin is granted elsewhere is error-not-readable, not origin-refused (rules/errors.ts).
  const framework = loaded?.framework ?? null;
  const seen = answersMet(requests);
  const judged = requests.map((g, index) => {
    const { audit, global } = judgeRoute(g.evidence, options.target, httpOnly, { seen, index, framework });
    const errorProbes = g.errors === undefined || g.errors.probes.length === 0 ? {} : { errorProbes: errorProbesJudged(options.origin, seen, g.errors, framework) };
    if (loaded === undefined) return { audit: { ...audit, ...errorProbes }, global };
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
        ...errorProbes,
      },
      global,
    };
  });

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
  const findings = raisedOnce(judged.map(({ global: found }, i) => ({ found, on: `${requests[i].call.route.method} ${requests[i].call.route.path}` })), gathered);
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

/** The whole API's findings, each raised once and naming where it was seen: on the routes called (in order), then on the operations only preflighted. */
function raisedOnce(called: readonly { readonly found: readonly Finding[]; readonly on: string }[], gathered: readonly Gathered[]): Finding[] {
  const preflighted = gathered.flatMap((g) => (g.kind === 'preflight' ? [{ found: g.global ?? [], on: `${g.call.route.method} ${g.call.route.path} (its preflight)` }] : []));
  const global = new Map<string, { finding: Finding; routes: string[] }>();
  for (const { found, on } of [...called, ...preflighted]) {
    for (const finding of found) {
      const entry = global.get(finding.id) ?? { finding, routes: [] };
      entry.routes.push(on);
      global.set(finding.id, entry);
    }
  }
  return [...global.values()].map(({ finding, routes: seenOn }) => ({ ...finding, message: `${finding.message} (seen on ${listed(seenOn)})` }));
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
