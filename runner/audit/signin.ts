/**
 * The audit's sign-in, from the document's security schemes
 * (openapi/security.ts) and the user's flags: a token given (--token), the
 * OAuth2 password flow (--login-user, --login-password: the form its
 * tokenUrl expects, then the access_token as a bearer token), or a cookie
 * session (--login "POST /api/session" with --login-body: the cookies its
 * answer sets are sent back as a browser on the origin would). Then, for
 * each operation, what its `security` asks the frontend to send, or the
 * schemes the audit lacks to call it; and the logout, sent last, only
 * after a sign-in the audit made itself.
 *
 * A sign-in that fails is an error of the run (AuditError: exit 2, one
 * line naming the operation, the status and the body's first line), never
 * a finding against the server. No secret given or obtained (token,
 * password, login body, access token, session cookie) is ever put in a
 * message: secretsOf() hands them to the redactor as well.
 */
import type { Exchange, OutgoingRequest } from '../../http/client';
import { fieldValues, type HeaderList } from '../../http/header-list';
import { cookieHeaderFor as modelCookieHeader, store, type CookieJar } from '../../http/cookie-model';
import { statusWithReason } from '../../http/status';
import { cookiesSet, receivedAt } from '../../http/set-cookie';
import { JSON_CONTENT } from '../../http/media-type';
import type { Operation } from '../../openapi/operations';
import { describeScheme, type SecurityAlternative, type SecurityScheme } from '../../openapi/security';
import type { AuditOptions, AuditRoute } from '../configuration';
import { AuditError } from './errors';
import { isLogoutPath } from '../../rules/cookies';
import { Secrets } from '../../http/secrets';

export type Send = (request: OutgoingRequest) => Promise<Exchange>;

const FORM = 'application/x-www-form-urlencoded';

/**
 * The session's cookies, kept and sent as a browser on the frontend's origin
 * keeps and sends them (http/cookie-model.ts, RFC 6265bis): a cookie that
 * browser refuses (SameSite=None without Secure, a Lax cookie on a
 * cross-site fetch, …) is not kept, so the operations that need it are not
 * called signed in, as the frontend's would not be; the cookie findings say why.
 */
export type { CookieJar };

/** The jar after an answer's Set-Cookie fields, stored as a browser on `origin` stores them. */
export function keepCookies(jar: CookieJar, answer: Pick<Exchange, 'headers' | 'request'>, origin: string): CookieJar {
  return store(jar, fieldValues(answer.headers, 'Set-Cookie'), { requestUrl: answer.request.url, frontendOrigin: origin, received: receivedAt(answer.headers) }).jar;
}

/** The Cookie header a browser on `origin` sends with a request to `url`, from the jar; none when it sends nothing. */
export function cookieHeaderFor(jar: CookieJar, url: string, origin: string): HeaderList {
  const value = modelCookieHeader(jar, url, origin);
  return value === null ? [] : [['Cookie', value]];
}

/** What the audit holds once signed in: a bearer token, a key, the cookies kept. */
export interface Session {
  /** How the audit signed in, for the report's header: "OAuth2 password flow (POST /api/token)", "--token", "POST /api/session (cookies)". Empty when it did not. */
  readonly how: readonly string[];
  /** A bearer token (--token for http bearer, OAuth2 or OpenID Connect, or the password flow's access_token). */
  readonly bearer?: string;
  /** The value for an apiKey scheme (--token). */
  readonly key?: string;
  readonly jar: CookieJar;
  /** The audit opened the session itself (the password flow, or --login): a logout may then end it. */
  readonly own: boolean;
  /** The sign-in's and the logout's own exchanges, for the cookie rules; never in a report as such (their bodies hold secrets). */
  readonly exchanges: readonly { readonly route: AuditRoute; readonly exchange: Exchange }[];
  /** The values obtained (an access token, a session cookie's value), for the redactor. */
  readonly obtained: readonly string[];
  /** How a written feature signs in the same way, from the environment; none for a cookie session. */
  readonly recipe?: FeatureSignIn;
}

/**
 * How a written feature signs in as the audit did, never holding a secret:
 * the OAuth2 password flow to its token URL, with the user and password from
 * RESPONSE_CONFORMANCE_LOGIN_USER and RESPONSE_CONFORMANCE_LOGIN_PASSWORD and
 * the access token remembered; or the token from RESPONSE_CONFORMANCE_TOKEN.
 * Either way the feature names it `{{token}}`. A cookie session (--login) has
 * none: its body is the user's to write.
 */
export type FeatureSignIn = { readonly kind: 'password-flow'; readonly tokenPath: string } | { readonly kind: 'token' };

/** One audited call as a written feature sends it: not signed in (false); its sign-in headers with the token written `{{token}}`; or why it cannot be written. */
export type SignedInCall = false | { readonly headers: readonly (readonly [string, string])[] } | { readonly unwritable: string };

/** What the written feature can say of a call the audit sent with `auth` (and the session's cookies, when `carriesCookies`). */
export function signedInCallOf(session: Pick<Session, 'bearer' | 'key' | 'recipe'>, auth: Credentials | undefined, carriesCookies: boolean): SignedInCall {
  if (auth === undefined && !carriesCookies) return false;
  if (carriesCookies || auth === undefined || auth.query.length > 0 || auth.cookies.length > 0) return { unwritable: 'it was sent with the session\'s cookies, or a key in its query or a cookie' };
  const { recipe } = session;
  const headers: [string, string][] = [];
  for (const [name, value] of auth.headers) {
    if (recipe !== undefined && session.bearer !== undefined && value === `Bearer ${session.bearer}`) headers.push([name, 'Bearer {{token}}']);
    else if (recipe?.kind === 'token' && value === session.key) headers.push([name, '{{token}}']);
    else return { unwritable: `its ${name} is not the token the feature signs in for` };
  }
  return { headers };
}

/** The first line of a body, short, for the one-line error of a failed sign-in; nothing the user sent is in it. */
function firstLine(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function signInFailed(route: Pick<AuditRoute, 'method' | 'path'>, answer: Exchange, what: string, options: SignInSecrets): never {
  // A server may echo what it was sent (Pydantic 2's 422 quotes the input): the secrets never reach the message.
  const body = new Secrets().add(options.token).add(options.loginPassword).addFields(options.loginBody).maskText(firstLine(answer.text));
  throw new AuditError(`sign-in failed: ${route.method} ${route.path} (${what}) answered ${statusWithReason(answer.status)}${body === '' ? '' : `: ${body}`}`);
}

/** The path the audit's client sends to for a tokenUrl, relative to the target as the document's paths are. */
export function tokenPath(tokenUrl: string, target: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(tokenUrl)) {
    const url = new URL(tokenUrl);
    const prefix = new URL(target).pathname.replace(/\/+$/, '');
    const full = `${url.pathname}${url.search}`;
    return prefix !== '' && full.startsWith(`${prefix}/`) ? full.slice(prefix.length) : full;
  }
  return tokenUrl.startsWith('/') ? tokenUrl : `/${tokenUrl}`;
}

/** The schemes in use whose password flow the audit can sign in with. */
function passwordScheme(schemes: ReadonlyMap<string, SecurityScheme>): Extract<SecurityScheme, { type: 'oauth2' }> | undefined {
  return [...schemes.values()].find((s): s is Extract<SecurityScheme, { type: 'oauth2' }> => s.type === 'oauth2' && s.passwordTokenUrl !== null);
}

/** The sign-in's own secrets, masked from a failed sign-in's message (the run's reports mask them by secretsOf, runner/reports/redact.ts). */
type SignInSecrets = Pick<AuditOptions, 'token' | 'loginPassword' | 'loginBody'>;

export type SignInOptions = Pick<AuditOptions, 'target' | 'origin' | 'token' | 'loginUser' | 'loginPassword' | 'login' | 'loginBody'>;

/**
 * Signs in as the flags say, before any operation is called. `operations`
 * are the document's (to find whether --login takes a form); `schemes` its
 * security schemes (empty without a document).
 */
export async function signIn(send: Send, options: SignInOptions, schemes: ReadonlyMap<string, SecurityScheme>, operations: readonly Operation[]): Promise<Session> {
  const how: string[] = [];
  const exchanges: { route: AuditRoute; exchange: Exchange }[] = [];
  const obtained: string[] = [];
  let bearer: string | undefined;
  let key: string | undefined;
  let jar: CookieJar = [];
  let own = false;
  let recipe: FeatureSignIn | undefined;
  if (options.token !== undefined) {
    bearer = options.token;
    key = options.token;
    recipe = { kind: 'token' };
    how.push('--token');
  }
  if (options.loginUser !== undefined && options.loginPassword !== undefined) {
    const scheme = passwordScheme(schemes);
    if (scheme === undefined) throw new AuditError("--login-user and --login-password sign in by an OAuth2 password flow, and the document's securitySchemes declare none (give --token, or --login for a cookie session)");
    const route = { method: 'POST', path: tokenPath(scheme.passwordTokenUrl!, options.target) };
    const form = new URLSearchParams({ grant_type: 'password', username: options.loginUser, password: options.loginPassword }).toString();
    const answer = await send({ ...route, headers: [['Content-Type', FORM], ['Accept', 'application/json']], body: form });
    if (answer.status < 200 || answer.status > 299) signInFailed(route, answer, `the OAuth2 password flow of ${describeScheme(scheme)}`, options);
    let token: unknown;
    try {
      token = (JSON.parse(answer.text) as { access_token?: unknown }).access_token;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || token === '') throw new AuditError(`sign-in failed: ${route.method} ${route.path} answered ${statusWithReason(answer.status)} without an access_token in a JSON body (RFC 6749 §5.1)`);
    bearer = token;
    obtained.push(token);
    own = true;
    recipe = { kind: 'password-flow', tokenPath: route.path };
    exchanges.push({ route, exchange: answer });
    how.push(`the OAuth2 password flow (${route.method} ${route.path})`);
  }
  if (options.login !== undefined) {
    const route = options.login;
    const operation = operations.find((o) => o.method === route.method && o.path === route.path.split('?')[0]);
    const takesForm = operation !== undefined && Object.keys(operation.requestBody?.content ?? {}).some((m) => m.toLowerCase().startsWith(FORM)) && !Object.keys(operation.requestBody?.content ?? {}).some((m) => /json/i.test(m));
    const body = options.loginBody;
    const headers: HeaderList = body === undefined ? [] : takesForm ? [['Content-Type', FORM]] : JSON_CONTENT;
    const answer = await send({ ...route, headers, ...(body === undefined ? {} : { body }) });
    if (answer.status < 200 || answer.status > 299) signInFailed(route, answer, '--login', options);
    jar = keepCookies(jar, answer, options.origin);
    obtained.push(...cookiesSet(answer.headers).map((c) => c.value).filter((v) => v !== ''));
    own = true;
    exchanges.push({ route, exchange: answer });
    how.push(`${route.method} ${route.path} (its cookies sent back)`);
  }
  return { how, bearer, key, jar, own, exchanges, obtained, recipe };
}

/** What the frontend sends for one operation's sign-in: its own headers (they count for the preflight), the query, the cookies the browser adds. */
export interface Credentials {
  readonly headers: HeaderList;
  readonly query: readonly (readonly [string, string])[];
  readonly cookies: HeaderList;
}

/** What one scheme needs sent, or undefined when the session has nothing for it. */
function partFor(scheme: SecurityScheme, session: Session, target: string): Credentials | undefined {
  const none = { headers: [], query: [], cookies: [] };
  switch (scheme.type) {
    case 'http':
      if (scheme.scheme === 'bearer' && session.bearer !== undefined) return { ...none, headers: [['Authorization', `Bearer ${session.bearer}`]] };
      // Basic: the target's userinfo, which the audit's client sends with every request.
      if (scheme.scheme === 'basic' && new URL(target).username !== '') return none;
      return undefined;
    case 'oauth2':
    case 'openIdConnect':
      return session.bearer === undefined ? undefined : { ...none, headers: [['Authorization', `Bearer ${session.bearer}`]] };
    case 'apiKey': {
      if (scheme.in === 'cookie' && session.jar.some((c) => c.name === scheme.key)) return none; // the jar sends it
      if (session.key === undefined) return undefined;
      if (scheme.in === 'header') return { ...none, headers: [[scheme.key, session.key]] };
      if (scheme.in === 'query') return { ...none, query: [[scheme.key, session.key]] };
      return { ...none, cookies: [['Cookie', `${scheme.key}=${session.key}`]] };
    }
    default:
      return undefined;
  }
}

/**
 * What the operation's `security` asks the frontend to send: the first
 * alternative the session can meet whole (an open operation, `[]`, needs
 * nothing); or the schemes of the alternatives it cannot.
 */
export function credentialsFor(alternatives: readonly SecurityAlternative[], session: Session, target: string): { ok: true; credentials: Credentials } | { ok: false; lacking: readonly SecurityScheme[] } {
  for (const alternative of alternatives) {
    const parts = alternative.map((scheme) => partFor(scheme, session, target));
    if (parts.every((p): p is Credentials => p !== undefined)) {
      return { ok: true, credentials: { headers: parts.flatMap((p) => p.headers), query: parts.flatMap((p) => p.query), cookies: parts.flatMap((p) => p.cookies) } };
    }
  }
  const lacking = new Map<string, SecurityScheme>();
  for (const alternative of alternatives) for (const scheme of alternative) if (partFor(scheme, session, target) === undefined) lacking.set(scheme.name, scheme);
  return { ok: false, lacking: [...lacking.values()] };
}

/** The flags that would give the audit a scheme it lacks. */
export function flagFor(scheme: SecurityScheme): string {
  if (scheme.type === 'oauth2' && scheme.passwordTokenUrl !== null) return '--login-user NAME --login-password PASSWORD, or --token TOKEN';
  if (scheme.type === 'apiKey' && scheme.in === 'cookie') return '--login "POST /your/login" --login-body BODY, or --token TOKEN';
  if (scheme.type === 'http' && scheme.scheme === 'basic') return 'the user and password in --target (https://user:password@host)';
  return '--token TOKEN';
}

export { isLogoutPath };

/** The logout to send last: --logout, else the document's operation whose path says so (a POST, DELETE or GET). */
export function logoutOf(given: AuditRoute | undefined, operations: readonly Operation[]): AuditRoute | undefined {
  if (given !== undefined) return given;
  const found = operations.find((o) => isLogoutPath(o.path) && !o.path.includes('{') && ['POST', 'DELETE', 'GET'].includes(o.method));
  return found === undefined ? undefined : { method: found.method, path: found.path };
}
