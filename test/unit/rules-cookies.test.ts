/**
 * The cookie findings, judged by the cookie model: one test per finding
 * and kind, each with a valid and an invalid answer.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cookieFindings, cookieRules, logoutFindings, logoutKeepsCookie, refusalFinding, type CookieAnswer } from '../../rules/cookies';
import type { CookieJar } from '../../http/cookie-model';

const answer = (url: string, ...setCookies: string[]): CookieAnswer => ({ request: { url }, headers: [['Date', 'Wed, 02 Dec 2026 12:00:00 GMT'], ...setCookies.map((v) => ['Set-Cookie', v] as [string, string])] });
const rulesOf = (a: CookieAnswer, origin: string) => cookieRules(a, origin, new Set()).map((f) => `${f.rule}:${'reason' in f.facts ? f.facts.reason : f.kind}`);
const FRONTEND = 'https://frontend.example';

describe('cookie findings, by the cookie model', () => {
  it('a SameSite=None; Secure cookie on a cross-site fetch() is no finding', () => assert.deepEqual(rulesOf(answer('https://api.example/login', 'sid=1; Path=/; SameSite=None; Secure; HttpOnly'), FRONTEND), []));
  it('SameSite=None without Secure keeps its own id: samesite-none-without-secure', () => {
    assert.deepEqual(rulesOf(answer('https://api.example/login', 'sid=1; Path=/; SameSite=None; HttpOnly'), FRONTEND), ['samesite-none-without-secure:not-secure']);
  });
  it('Secure over http on a named host: cookie-refused, SecureOnly', () => {
    assert.deepEqual(rulesOf(answer('http://api.cookie-test/login', 'sid=1; Path=/; SameSite=None; Secure; HttpOnly'), 'http://frontend.cookie-test'), ['cookie-refused:SecureOnly']);
  });
  it('Secure over http on loopback is kept, as browsers keep it', () => assert.deepEqual(rulesOf(answer('http://127.0.0.1:8000/login', 'sid=1; Path=/; SameSite=None; Secure; HttpOnly'), FRONTEND), []));
  it('a Domain the API is not in: cookie-refused, InvalidDomain', () => {
    assert.deepEqual(rulesOf(answer('https://api.example/login', 'sid=1; Path=/; Domain=other.example; SameSite=None; Secure; HttpOnly'), FRONTEND), ['cookie-refused:InvalidDomain']);
  });
  it('a Lax cookie set in answer to a cross-site fetch(): cookie-not-sent-cross-site, SameSiteLax', () => {
    assert.deepEqual(rulesOf(answer('https://api.example/login', 'sid=1; Path=/; SameSite=Lax; HttpOnly'), FRONTEND), ['cookie-not-sent-cross-site:SameSiteLax']);
  });
  it('a Lax cookie set in answer to a same-site fetch() is no finding', () => assert.deepEqual(rulesOf(answer('https://api.example.com/login', 'sid=1; Path=/; SameSite=Lax; HttpOnly'), 'https://app.example.com'), []));
  it('a Lax cookie a plain client keeps is withheld from the frontend\'s cross-site fetch(): cookie-not-sent-cross-site', () => {
    const { failures } = cookieFindings(answer('https://api.example/login', 'sid=1; Path=/; SameSite=Lax; HttpOnly'), null, FRONTEND, []);
    assert.deepEqual(failures.map((f) => f.rule), ['cookie-not-sent-cross-site']);
  });
  it('a cookie being cleared is not judged', () => assert.deepEqual(rulesOf(answer('https://api.example/logout', 'sid=; Path=/; Max-Age=0; SameSite=None'), FRONTEND), []));
  it('a session-like cookie without HttpOnly: session-cookie-not-httponly', () => {
    assert.deepEqual(rulesOf(answer('https://api.example/login', 'session=1; Path=/; SameSite=None; Secure'), FRONTEND), ['session-cookie-not-httponly:session-name']);
  });
  it('a fetch() without credentials ignores Set-Cookie: no storage finding', () => {
    assert.deepEqual(cookieRules(answer('https://api.example/login', 'sid=1; Path=/; SameSite=Lax; HttpOnly'), FRONTEND, new Set(), 'omit'), []);
  });
  it('the findings carry the jar after the answer', () => {
    const { jar } = cookieFindings(answer('https://api.example/login', 'sid=1; Path=/; SameSite=None; Secure'), FRONTEND, FRONTEND, [] as CookieJar);
    assert.deepEqual(jar.map((c) => c.name), ['sid']);
  });
});

describe('logout-keeps-cookie', () => {
  const login = answer('https://api.example/api/session', 'sid=1; Path=/; SameSite=None; Secure; HttpOnly');
  it('a deletion with the same Path deletes the cookie: no finding', () => assert.deepEqual(logoutKeepsCookie(login, answer('https://api.example/api/session/logout', 'sid=; Path=/; Max-Age=0; SameSite=None; Secure'), FRONTEND), []));
  it('a deletion with another Path leaves the cookie: kind path', () => {
    const [found] = logoutKeepsCookie(login, answer('https://api.example/api/session/logout', 'sid=; Path=/api; Max-Age=0; SameSite=None; Secure'), FRONTEND);
    assert.deepEqual([found.rule, found.kind, found.facts], ['logout-keeps-cookie', 'path', { cookie: 'sid', set: { path: '/', domain: null }, cleared: { path: '/api', domain: null }, logout: 'https://api.example/api/session/logout' }]);
  });
  it('a deletion without Path clears the default-path, not "/"', () => {
    assert.equal(logoutKeepsCookie(login, answer('https://api.example/api/session/logout', 'sid=; Max-Age=0; SameSite=None; Secure'), FRONTEND)[0]?.kind, 'path');
  });
  it('a deletion with a Domain leaves a host-only cookie: kind domain', () => {
    const hostOnly = answer('https://api.example.com/login', 'sid=1; Path=/; SameSite=None; Secure');
    assert.equal(logoutKeepsCookie(hostOnly, answer('https://api.example.com/logout', 'sid=; Path=/; Domain=example.com; Max-Age=0; SameSite=None; Secure'), FRONTEND)[0]?.kind, 'domain');
  });
  it('a deletion the browser refuses (no SameSite=None on a cross-site answer) leaves the cookie: kind deletion-refused', () => {
    const [found] = logoutKeepsCookie(login, answer('https://api.example/api/session/logout', 'sid=; Path=/; Max-Age=0'), FRONTEND);
    assert.deepEqual([found?.kind, found?.facts], ['deletion-refused', { cookie: 'sid', set: { path: '/', domain: null }, cleared: { path: '/', domain: null }, logout: 'https://api.example/api/session/logout', reasons: ['SameSiteUnspecifiedTreatedAsLax'] }]);
  });
  it('a logout that clears nothing is no finding (a server may end the session itself)', () => assert.deepEqual(logoutKeepsCookie(login, answer('https://api.example/api/session/logout'), FRONTEND), []));
});

describe('logout-keeps-cookie over every answer an audit saw', () => {
  const login = { ...answer('https://api.example/api/session', 'sid=1; Path=/api; SameSite=None; Secure'), path: '/api/session' };
  const other = { ...answer('https://api.example/api/items'), path: '/api/items' };
  it('pairs the logout route (by its path) with the answer that set the cookie it clears', () => {
    const logout = { ...answer('https://api.example/api/session/logout', 'sid=; Path=/; Max-Age=0'), path: '/api/session/logout' };
    assert.deepEqual([...logoutFindings([login, other, logout], FRONTEND)].map(([i, found]) => [i, found.map((f) => f.rule)]), [[2, ['logout-keeps-cookie']]]);
  });
  it('a logout that deletes what the login set is no finding', () => {
    const logout = { ...answer('https://api.example/api/session/logout', 'sid=; Path=/api; Max-Age=0; SameSite=None; Secure'), path: '/api/session/logout' };
    assert.equal(logoutFindings([login, logout], FRONTEND).size, 0);
  });
  it('a route that is not a logout is not judged as one', () => {
    const clears = { ...answer('https://api.example/api/session', 'sid=; Path=/; Max-Age=0'), path: '/api/cart' };
    assert.equal(logoutFindings([login, clears], FRONTEND).size, 0);
  });
});

describe("a real engine's reasons, judged as the model's", () => {
  const rule = (reasons: string[]) => refusalFinding('sid', reasons, 'Lax', FRONTEND, 'http://127.0.0.1/').rule;
  it("Chromium's SchemefulSameSiteLax is SameSiteLax: cookie-not-sent-cross-site", () => assert.equal(rule(['SchemefulSameSiteLax']), 'cookie-not-sent-cross-site'));
  it('SameSiteNoneInsecure is samesite-none-without-secure', () => assert.equal(rule(['SameSiteNoneInsecure']), 'samesite-none-without-secure'));
  it('SecureOnly first decides: cookie-refused', () => assert.equal(rule(['SecureOnly', 'SchemefulSameSiteLax']), 'cookie-refused'));
});
