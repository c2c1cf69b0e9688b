/**
 * The document's security schemes and each operation's `security`
 * (openapi/security.ts), the frontend's credentials mode they imply, and
 * the audit's sign-in reading of them (runner/audit/signin.ts): pure, no
 * request sent.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { credentialsOf, describeScheme, securityOf, securitySchemesOf } from '../../openapi/security';
import { cookieHeaderFor, credentialsFor, flagFor, isLogoutPath, keepCookies, logoutOf, tokenPath, type Session } from '../../runner/audit/signin';
import { originReflected, nullOriginAllowed } from '../../rules/origins';
import { cookieRules } from '../../rules/cookies';
import { exposedList, originGrant } from '../../rules/cors';
import { loadAuditConfiguration, loadRunConfiguration } from '../../runner/configuration';
import { parseAuditCommand } from '../../runner/cli/options';
import { secretsOf } from '../../runner/reports/redact';
import type { Operation } from '../../openapi/operations';

const SCHEMES = {
  OAuth2PasswordBearer: { type: 'oauth2', flows: { password: { tokenUrl: '/api/token', scopes: {} } } },
  HTTPBearer: { type: 'http', scheme: 'bearer' },
  HTTPBasic: { type: 'http', scheme: 'Basic' },
  APIKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
  APIKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key' },
  APIKeyCookie: { type: 'apiKey', in: 'cookie', name: 'session' },
  OIDC: { type: 'openIdConnect', openIdConnectUrl: 'https://id.example/.well-known/openid-configuration' },
  Broken: { type: 'apiKey', in: 'body', name: 'x' },
};

/** A document in the shape FastAPI writes (3.0) or 3.1, with these operations' `security`. */
function doc(ops: Record<string, unknown>, extra: Record<string, unknown> = {}, schemes: Record<string, unknown> = SCHEMES) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, security] of Object.entries(ops)) {
    const [method, path] = key.split(' ');
    paths[path] = { ...(paths[path] ?? {}), [method.toLowerCase()]: { responses: {}, ...(security === undefined ? {} : { security }) } };
  }
  return { root: { openapi: '3.1.0', paths, components: { securitySchemes: schemes }, ...extra } };
}
const op = (key: string): Pick<Operation, 'method' | 'path'> => ({ method: key.split(' ')[0], path: key.split(' ')[1] });

describe('security schemes (OpenAPI 3.0 and 3.1 §4.8.27)', () => {
  it('reads each scheme type: http (scheme lower-cased), apiKey with where and the name, oauth2 with its password flow, openIdConnect; a malformed one is left out', () => {
    const schemes = securitySchemesOf(doc({}));
    assert.deepEqual(schemes.get('HTTPBasic'), { name: 'HTTPBasic', type: 'http', scheme: 'basic' });
    assert.deepEqual(schemes.get('APIKeyCookie'), { name: 'APIKeyCookie', type: 'apiKey', in: 'cookie', key: 'session' });
    assert.deepEqual(schemes.get('OAuth2PasswordBearer'), { name: 'OAuth2PasswordBearer', type: 'oauth2', passwordTokenUrl: '/api/token' });
    assert.equal(schemes.get('OIDC')?.type, 'openIdConnect');
    assert.equal(schemes.has('Broken'), false);
  });

  it('an OAuth2 scheme without a password flow has no token URL to sign in at', () => {
    const schemes = securitySchemesOf(doc({}, {}, { Code: { type: 'oauth2', flows: { authorizationCode: { authorizationUrl: '/a', tokenUrl: '/t', scopes: {} } } } }));
    assert.deepEqual(schemes.get('Code'), { name: 'Code', type: 'oauth2', passwordTokenUrl: null });
  });

  it("an operation's own security wins over the document's default", () => {
    const d = doc({ 'GET /a': [{ HTTPBearer: [] }], 'GET /b': undefined }, { security: [{ APIKeyHeader: [] }] });
    assert.deepEqual(securityOf(d, op('GET /a')).map((alt) => alt.map((s) => s.name)), [['HTTPBearer']]);
    assert.deepEqual(securityOf(d, op('GET /b')).map((alt) => alt.map((s) => s.name)), [['APIKeyHeader']]);
  });

  it('security: [] on the operation opens it, whatever the default; no security anywhere is open', () => {
    const d = doc({ 'GET /open': [], 'GET /none': undefined }, { security: [{ HTTPBearer: [] }] });
    assert.deepEqual(securityOf(d, op('GET /open')), [[]]);
    assert.deepEqual(securityOf(doc({ 'GET /none': undefined }), op('GET /none')), [[]]);
  });

  it('alternatives are kept apart, schemes of one alternative together; {} is an open alternative', () => {
    const d = doc({ 'GET /x': [{ HTTPBearer: [], APIKeyHeader: [] }, { APIKeyCookie: [] }, {}] });
    assert.deepEqual(securityOf(d, op('GET /x')).map((alt) => alt.map((s) => s.name)), [['HTTPBearer', 'APIKeyHeader'], ['APIKeyCookie'], []]);
  });

  it('a requirement naming an undeclared scheme cannot be met: that alternative is left out', () => {
    const d = doc({ 'GET /x': [{ Nowhere: [] }, { HTTPBearer: [] }] });
    assert.deepEqual(securityOf(d, op('GET /x')).map((alt) => alt.map((s) => s.name)), [['HTTPBearer']]);
  });

  it('describes a scheme for a note: the name, the type and where', () => {
    const schemes = securitySchemesOf(doc({}));
    assert.equal(describeScheme(schemes.get('OAuth2PasswordBearer')!), '"OAuth2PasswordBearer" (OAuth2, password flow at /api/token)');
    assert.equal(describeScheme(schemes.get('APIKeyHeader')!), '"APIKeyHeader" (an API key in the header X-API-Key)');
  });
});

describe("the frontend's credentials mode, from the schemes the operations use", () => {
  const modeOf = (security: unknown) => credentialsOf(doc({ 'GET /x': security, 'GET /open': [] }), [op('GET /x'), op('GET /open')]).mode;
  for (const [scheme, mode] of [
    ['APIKeyCookie', 'include'],
    ['HTTPBearer', 'omit'],
    ['HTTPBasic', 'omit'],
    ['OAuth2PasswordBearer', 'omit'],
    ['OIDC', 'omit'],
    ['APIKeyHeader', 'omit'],
    ['APIKeyQuery', 'omit'],
  ] as const) {
    it(`${scheme}: ${mode}`, () => assert.equal(modeOf([{ [scheme]: [] }]), mode));
  }
  it('no scheme in use: include, as before (a scheme declared but used by no operation does not count)', () => {
    assert.equal(modeOf(undefined), 'include');
    assert.match(credentialsOf(doc({ 'GET /x': undefined }), [op('GET /x')]).why, /declares no sign-in/);
  });
  it('a cookie scheme anywhere wins over tokens elsewhere: the browser sends the cookie only with credentials', () => {
    const d = doc({ 'GET /a': [{ HTTPBearer: [] }], 'GET /b': [{ APIKeyCookie: [] }] });
    assert.equal(credentialsOf(d, [op('GET /a'), op('GET /b')]).mode, 'include');
  });
  it('the document-level default counts for the operations that do not say', () => {
    assert.equal(credentialsOf(doc({ 'GET /a': undefined }, { security: [{ HTTPBearer: [] }] }), [op('GET /a')]).mode, 'omit');
  });
});

const session = (over: Partial<Session> = {}): Session => ({ how: [], jar: [], own: false, exchanges: [], obtained: [], ...over });

describe('what each operation has the frontend send (runner/audit/signin.ts)', () => {
  const schemes = securitySchemesOf(doc({}));
  const alt = (...names: string[]) => names.map((n) => schemes.get(n)!);
  const target = 'http://127.0.0.1:8000';

  it('a bearer token goes in Authorization for http bearer, OAuth2 and OpenID Connect', () => {
    for (const name of ['HTTPBearer', 'OAuth2PasswordBearer', 'OIDC']) {
      const r = credentialsFor([alt(name)], session({ bearer: 'tok-123' }), target);
      assert.deepEqual(r, { ok: true, credentials: { headers: [['Authorization', 'Bearer tok-123']], query: [], cookies: [] } }, name);
    }
  });

  it("an API key goes in the key's header, query parameter or cookie", () => {
    const s = session({ key: 'k-1' });
    assert.deepEqual(credentialsFor([alt('APIKeyHeader')], s, target), { ok: true, credentials: { headers: [['X-API-Key', 'k-1']], query: [], cookies: [] } });
    assert.deepEqual(credentialsFor([alt('APIKeyQuery')], s, target), { ok: true, credentials: { headers: [], query: [['api_key', 'k-1']], cookies: [] } });
    assert.deepEqual(credentialsFor([alt('APIKeyCookie')], s, target), { ok: true, credentials: { headers: [], query: [], cookies: [['Cookie', 'session=k-1']] } });
  });

  it('a cookie scheme is met by the session the audit opened (the jar sends it), with nothing more to add', () => {
    const r = credentialsFor([alt('APIKeyCookie')], session({ jar: [{ name: 'session', value: 'v', domain: '127.0.0.1', hostOnly: true, path: '/', secure: true, httpOnly: true, sameSite: 'none', expires: null, created: 0 }] }), target);
    assert.deepEqual(r, { ok: true, credentials: { headers: [], query: [], cookies: [] } });
  });

  it('without a sign-in, a protected operation lacks its schemes, named; an open one needs nothing', () => {
    assert.deepEqual(credentialsFor([alt('OAuth2PasswordBearer')], session(), target), { ok: false, lacking: [schemes.get('OAuth2PasswordBearer')] });
    assert.deepEqual(credentialsFor([[]], session(), target), { ok: true, credentials: { headers: [], query: [], cookies: [] } });
  });

  it('the first alternative the session meets whole is used; both schemes of an alternative are sent together', () => {
    const s = session({ bearer: 't', key: 't' });
    const r = credentialsFor([alt('HTTPBasic'), alt('HTTPBearer', 'APIKeyHeader')], s, target);
    assert.deepEqual(r, { ok: true, credentials: { headers: [['Authorization', 'Bearer t'], ['X-API-Key', 't']], query: [], cookies: [] } });
  });

  it('http basic is met by the userinfo of --target, which the client sends itself', () => {
    assert.equal(credentialsFor([alt('HTTPBasic')], session(), 'http://u:p@127.0.0.1:8000').ok, true);
    assert.equal(credentialsFor([alt('HTTPBasic')], session(), target).ok, false);
  });

  it('says which flag would give what is lacking', () => {
    assert.equal(flagFor(schemes.get('OAuth2PasswordBearer')!), '--login-user NAME --login-password PASSWORD, or --token TOKEN');
    assert.equal(flagFor(schemes.get('HTTPBearer')!), '--token TOKEN');
  });
});

describe('the sign-in: token URL, logout, cookies kept, secrets', () => {
  it("the tokenUrl as the client sends it: a path as written, relative made absolute, an absolute URL's path without the target's prefix", () => {
    assert.equal(tokenPath('/api/token', 'http://h:1'), '/api/token');
    assert.equal(tokenPath('token', 'http://h:1'), '/token');
    assert.equal(tokenPath('http://h:1/v1/auth/token', 'http://h:1/v1'), '/auth/token');
  });

  it('a logout is found by its path: logout, signout, log-out, sign-out; not "logouts-report" nor a path template', () => {
    for (const path of ['/api/logout', '/auth/signout', '/log-out', '/api/session/sign-out', '/api/auth/jwt/logout']) assert.ok(isLogoutPath(path), path);
    for (const path of ['/api/login', '/catalogue', '/logouts-report']) assert.ok(!isLogoutPath(path), path);
    const ops = [{ method: 'GET', path: '/api/me' }, { method: 'POST', path: '/api/session/logout' }] as Operation[];
    assert.deepEqual(logoutOf(undefined, ops), { method: 'POST', path: '/api/session/logout' });
    assert.deepEqual(logoutOf({ method: 'DELETE', path: '/s' }, ops), { method: 'DELETE', path: '/s' });
  });

  it('keeps the cookies a sign-in sets as a browser on the origin does (the cookie model), and sends back those whose Path matches; a deletion removes one', () => {
    const origin = 'https://notes.example';
    const answer = (path: string, setCookie: string) => ({ request: { method: 'POST', url: `http://127.0.0.1:8000${path}` }, headers: [['Set-Cookie', setCookie]] as [string, string][] });
    let jar = keepCookies([], answer('/api/session', 'session=abc; Path=/api; HttpOnly; Secure; SameSite=None'), origin);
    assert.deepEqual(cookieHeaderFor(jar, 'http://127.0.0.1:8000/api/session/me', origin), [['Cookie', 'session=abc']]);
    assert.deepEqual(cookieHeaderFor(jar, 'http://127.0.0.1:8000/apix', origin), []);
    assert.deepEqual(cookieHeaderFor(jar, 'http://127.0.0.1:8000/other', origin), []);
    jar = keepCookies(jar, answer('/api/session/logout', 'session=""; Path=/api; Max-Age=0; Secure; SameSite=None'), origin);
    assert.deepEqual(jar, []);
    // A Lax cookie set in answer to the frontend's cross-site fetch is one the browser does not keep: the audit is then not signed in.
    assert.deepEqual(keepCookies([], answer('/api/session', 'session=abc; Path=/api; HttpOnly; SameSite=Lax'), origin), []);
  });

  it('the secrets: the token, the password, the login body and each value inside it', () => {
    const secrets = secretsOf({ headers: [], target: 'http://127.0.0.1:8000', token: 'tok-9', loginPassword: 'pw-secret', loginBody: '{"user":{"email":"a@b.c","password":"nested-pw"}}' });
    for (const s of ['tok-9', 'pw-secret', 'nested-pw', 'a@b.c']) assert.equal(secrets.maskText(`x ${s} y`), 'x [REDACTED] y', s);
    assert.equal(secretsOf({ headers: [], target: 'http://127.0.0.1:8000', loginBody: 'username=alice&password=form-pw' }).maskText('form-pw'), '[REDACTED]');
  });
});

describe('the credential-only rules follow the mode (rules/)', () => {
  const wildcard = { status: 200, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Expose-Headers', '*']] as [string, string][] };
  const request = (credentials: 'include' | 'omit') => ({ origin: 'https://app.example', method: 'GET', credentials, headers: [] });
  it('* with credentials: wildcard-origin-with-credentials for a credentialed fetch only', () => {
    assert.equal(originGrant(request('include'), wildcard)?.rule, 'wildcard-origin-with-credentials');
    assert.equal(originGrant(request('omit'), wildcard), null);
  });
  it('Expose-Headers: * is wrong for a credentialed fetch only', () => {
    assert.deepEqual(exposedList(request('include'), wildcard).map((f) => f.rule), ['expose-wildcard-with-credentials']);
    assert.deepEqual(exposedList(request('omit'), wildcard), []);
  });
  it('a reflected origin or "null" granted is what * does: a finding for a credentialed frontend only', () => {
    const reflected = { headers: [['Access-Control-Allow-Origin', 'https://probe.invalid'], ['Access-Control-Allow-Credentials', 'true']] as [string, string][] };
    assert.equal(originReflected('https://probe.invalid', reflected)?.rule, 'origin-reflected');
    assert.equal(originReflected('https://probe.invalid', reflected, 'omit'), null);
    const nul = { headers: [['Access-Control-Allow-Origin', 'null']] as [string, string][] };
    assert.equal(nullOriginAllowed(nul)?.rule, 'null-origin-allowed');
    assert.equal(nullOriginAllowed(nul, 'omit'), null);
  });
  it('cookie-not-sent-cross-site: for a credentialed frontend only (one without sends no cookie)', () => {
    const answer = { request: { url: 'https://api.other.example/api/session' }, headers: [['Set-Cookie', 'sid=1; Secure; HttpOnly; SameSite=Lax']] as [string, string][] };
    const rules = (mode: 'include' | 'omit') => cookieRules(answer, 'https://app.example', new Set(), mode).map((f) => f.rule);
    assert.deepEqual(rules('include'), ['cookie-not-sent-cross-site']);
    assert.deepEqual(rules('omit'), []);
  });
});

describe('the options: --credentials and the sign-in flags', () => {
  const base = { target: 'http://127.0.0.1:8000', origin: 'https://app.example' };
  it('--credentials is include or omit, for a run and an audit; left out, unset (the default is decided with the document)', () => {
    assert.equal(loadRunConfiguration({ credentials: 'omit' }).credentials, 'omit');
    assert.equal(loadAuditConfiguration({ ...base, credentials: 'include' }).credentials, 'include');
    assert.equal(loadAuditConfiguration(base).credentials, undefined);
    assert.throws(() => loadRunConfiguration({ credentials: 'same-origin' as 'omit' }), /--credentials is include or omit, got "same-origin"/);
  });
  it('--login-user and --login-password go together; --login-body needs --login', () => {
    assert.throws(() => loadAuditConfiguration({ ...base, loginUser: 'alice' }), /--login-user and --login-password go together/);
    assert.throws(() => loadAuditConfiguration({ ...base, loginBody: '{}' }), /--login-body is the body of --login/);
    assert.deepEqual(loadAuditConfiguration({ ...base, login: 'POST /api/session' }).login, { method: 'POST', path: '/api/session' });
    assert.throws(() => loadAuditConfiguration({ ...base, routes: ['GET /api/me'], token: 'secret-tok' }), (e: Error) => /--token is sent where the document's security scheme says/.test(e.message) && !e.message.includes('secret-tok'));
  });
  it('the environment gives the token and the password when the flags do not; a flag wins; a secret is never quoted in an error', () => {
    const argv = ['--target', base.target, '--origin', base.origin];
    const parsed = parseAuditCommand(argv, { RESPONSE_CONFORMANCE_TOKEN: 'env-tok', RESPONSE_CONFORMANCE_LOGIN_USER: 'alice', RESPONSE_CONFORMANCE_LOGIN_PASSWORD: 'env-pw' });
    assert.ok(parsed.kind === 'audit');
    if (parsed.kind === 'audit') assert.deepEqual([parsed.options.token, parsed.options.loginUser, parsed.options.loginPassword], ['env-tok', 'alice', 'env-pw']);
    const flag = parseAuditCommand([...argv, '--token', 'flag-tok'], { RESPONSE_CONFORMANCE_TOKEN: 'env-tok' });
    if (flag.kind === 'audit') assert.equal(flag.options.token, 'flag-tok');
    assert.throws(() => parseAuditCommand(argv, { RESPONSE_CONFORMANCE_LOGIN_PASSWORD: 'only-pw' }), (e: Error) => /go together/.test(e.message) && !e.message.includes('only-pw'));
  });
});
