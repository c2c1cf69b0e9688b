/**
 * The cookie model, one test per rule of RFC 6265bis (storage §5.7,
 * retrieval §5.8, same-site §5.2, domain-match §5.1.3, paths §5.1.4), each
 * able to fail: a rule broken in the model changes the outcome asserted.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cookieHeaderFor, cookiesFor, defaultPath, domainMatch, isSecureOrigin, pathMatch, sameSite, store, type CookieJar, type StoreContext } from '../../http/cookie-model';

const received = new Date('2026-12-02T12:00:00Z');
const plain = (requestUrl: string): StoreContext => ({ requestUrl, frontendOrigin: null, received });
const script = (frontendOrigin: string, requestUrl: string): StoreContext => ({ requestUrl, frontendOrigin, received });
const reasonsOf = (jar: CookieJar, fields: string[], context: StoreContext) => store(jar, fields, context).refused.flatMap((r) => r.reasons);
const kept = (fields: string[], context: StoreContext) => store([], fields, context).jar.map((c) => c.name);

describe('§5.1.3 domain-match', () => {
  it('a host matches its own domain', () => assert.ok(domainMatch('api.example.com', 'api.example.com')));
  it('a host matches a parent domain after a dot', () => assert.ok(domainMatch('api.example.com', 'example.com')));
  it('a host does not match a domain that is only a string suffix', () => assert.ok(!domainMatch('badexample.com', 'example.com')));
  it('an IP address matches only itself', () => assert.ok(!domainMatch('10.0.0.1', '0.0.1')));
  it('domains compare case-insensitively', () => assert.ok(domainMatch('API.Example.com', 'example.COM')));
});

describe('§5.1.4 paths', () => {
  it('the default-path is the request path up to its last "/"', () => assert.equal(defaultPath('http://a.example/api/session/login'), '/api/session'));
  it('the default-path of a path with one "/" is "/"', () => assert.equal(defaultPath('http://a.example/login'), '/'));
  it('a path matches itself', () => assert.ok(pathMatch('/api', '/api')));
  it('a path matches a cookie path that ends in "/"', () => assert.ok(pathMatch('/api/me', '/api/')));
  it('a path matches a cookie path followed by "/"', () => assert.ok(pathMatch('/api/me', '/api')));
  it('a path does not match a cookie path that is only a string prefix', () => assert.ok(!pathMatch('/apix', '/api')));
});

describe('§5.2 same-site, schemeful', () => {
  it('two hosts of one registrable domain are same-site', () => assert.ok(sameSite('https://app.example.com', 'https://api.example.com')));
  it('two registrable domains are cross-site', () => assert.ok(!sameSite('https://frontend.example', 'https://api.example')));
  it('http and https of one domain are cross-site', () => assert.ok(!sameSite('http://example.com', 'https://example.com')));
  it('a loopback host is a secure origin, as browsers take it', () => assert.ok(isSecureOrigin('http://127.0.0.1:8000/')));
  it('localhost is a secure origin', () => assert.ok(isSecureOrigin('http://localhost:8000/')));
  it('a named host over http is not a secure origin', () => assert.ok(!isSecureOrigin('http://api.cookie-test/')));
});

describe('§5.7 storage', () => {
  it('a plain cookie is kept, host-only, with the default path', () => {
    const [cookie] = store([], ['sid=1'], plain('http://api.example/api/session')).jar;
    assert.deepEqual([cookie.name, cookie.domain, cookie.hostOnly, cookie.path], ['sid', 'api.example', true, '/api']);
  });
  it('a Path that does not start with "/" is the default-path (§5.6.4)', () => assert.equal(store([], ['sid=1; Path=api'], plain('http://api.example/a/b')).jar[0].path, '/a'));
  it('a Domain the host domain-matches makes a domain cookie, its leading dot dropped (§5.6.3)', () => {
    const [cookie] = store([], ['sid=1; Domain=.Example.com'], plain('http://api.example.com/')).jar;
    assert.deepEqual([cookie.domain, cookie.hostOnly], ['example.com', false]);
  });
  it('a Domain the host does not domain-match is refused: InvalidDomain', () => assert.deepEqual(reasonsOf([], ['sid=1; Domain=other.example'], plain('http://api.example/')), ['InvalidDomain']));
  it('a Domain that is a public suffix is refused', () => assert.deepEqual(reasonsOf([], ['sid=1; Domain=com'], plain('http://api.example.com/')), ['InvalidDomain']));
  it('a Secure cookie from an insecure origin is refused: SecureOnly', () => assert.deepEqual(reasonsOf([], ['sid=1; Secure'], plain('http://api.cookie-test/')), ['SecureOnly']));
  it('a Secure cookie from a loopback origin over http is kept', () => assert.deepEqual(kept(['sid=1; Secure'], plain('http://127.0.0.1:8000/')), ['sid']));
  it('SameSite=None without Secure is refused: SameSiteNoneInsecure (§5.6.7)', () => assert.deepEqual(reasonsOf([], ['sid=1; SameSite=None'], plain('https://api.example/')), ['SameSiteNoneInsecure']));
  it('SameSite=None; Secure is kept from a cross-site fetch()', () => assert.deepEqual(kept(['sid=1; SameSite=None; Secure'], script('https://frontend.example', 'https://api.example/')), ['sid']));
  it('a Lax cookie set in answer to a cross-site fetch() is refused: SameSiteLax', () => assert.deepEqual(reasonsOf([], ['sid=1; SameSite=Lax'], script('https://frontend.example', 'https://api.example/')), ['SameSiteLax']));
  it('a Strict cookie set in answer to a cross-site fetch() is refused: SameSiteStrict', () => assert.deepEqual(reasonsOf([], ['sid=1; SameSite=Strict'], script('https://frontend.example', 'https://api.example/')), ['SameSiteStrict']));
  it('a cookie without SameSite from a cross-site fetch() is refused as Lax', () => assert.deepEqual(reasonsOf([], ['sid=1'], script('https://frontend.example', 'https://api.example/')), ['SameSiteUnspecifiedTreatedAsLax']));
  it('a cross-scheme fetch() is cross-site: the Schemeful reason', () => assert.deepEqual(reasonsOf([], ['sid=1; SameSite=Lax'], script('http://example.com', 'https://api.example.com/')), ['SchemefulSameSiteLax']));
  it('a fetch() from an opaque origin ("null") is cross-site', () => assert.deepEqual(reasonsOf([], ['sid=1; SameSite=Lax'], script('null', 'https://api.example/')), ['SameSiteLax']));
  it('a Lax cookie from a same-site fetch() is kept', () => assert.deepEqual(kept(['sid=1; SameSite=Lax'], script('https://app.example.com', 'https://api.example.com/')), ['sid']));
  it('a __Secure- cookie without Secure is refused: InvalidPrefix', () => assert.deepEqual(reasonsOf([], ['__Secure-sid=1'], plain('https://api.example/')), ['InvalidPrefix']));
  it('a __Host- cookie with a Domain is refused: InvalidPrefix', () => assert.deepEqual(reasonsOf([], ['__Host-sid=1; Secure; Path=/; Domain=api.example'], plain('https://api.example/')), ['InvalidPrefix']));
  it('a __Host- cookie that is Secure, host-only and on "/" is kept', () => assert.deepEqual(kept(['__Host-sid=1; Secure; Path=/'], plain('https://api.example/')), ['__Host-sid']));
  it('the prefixes are case-insensitive', () => assert.deepEqual(reasonsOf([], ['__SECURE-sid=1'], plain('https://api.example/')), ['InvalidPrefix']));
  it('an insecure origin may not overwrite a Secure cookie: OverwriteSecure', () => {
    const jar = store([], ['sid=1; Secure; Path=/'], plain('https://api.cookie-test/')).jar;
    assert.deepEqual(reasonsOf(jar, ['sid=2; Path=/'], plain('http://api.cookie-test/')), ['OverwriteSecure']);
  });
  it('a blocked third party is refused: ThirdPartyPhaseout', () => {
    const outcome = store([], ['sid=1; SameSite=None; Secure'], { ...script('https://frontend.example', 'https://api.example/'), blockThirdParty: true });
    assert.deepEqual(outcome.refused[0].reasons, ['ThirdPartyPhaseout']);
  });
  it('a field that is no cookie is refused: SyntaxError', () => assert.deepEqual(reasonsOf([], ['=; Path=/'], plain('https://api.example/')), ['SyntaxError']));
  it('Max-Age wins over Expires (§5.6.2)', () => {
    const [cookie] = store([], ['sid=1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT'], plain('https://api.example/')).jar;
    assert.equal(cookie.expires, received.getTime() + 60_000);
  });
  it('a cookie without Max-Age or Expires is a session cookie', () => assert.equal(store([], ['sid=1'], plain('https://api.example/')).jar[0].expires, null));
  it('the same name, domain, host-only flag and path replace the old value, keeping its creation time', () => {
    const first = store([], ['sid=1; Path=/'], plain('https://api.example/')).jar;
    const later = store(first, ['sid=2; Path=/'], { ...plain('https://api.example/'), received: new Date(received.getTime() + 1000) }).jar;
    assert.deepEqual(later.map((c) => [c.value, c.created]), [['2', received.getTime()]]);
  });
  it('an expired cookie of the same name, domain and path deletes it (Max-Age=0)', () => {
    const jar = store([], ['sid=1; Path=/'], plain('https://api.example/')).jar;
    const after = store(jar, ['sid=; Path=/; Max-Age=0'], plain('https://api.example/logout'));
    assert.deepEqual([after.jar.length, after.deleted.map((c) => c.name)], [0, ['sid']]);
  });
  it('an expired cookie by a past Expires deletes it', () => {
    const jar = store([], ['sid=1; Path=/'], plain('https://api.example/')).jar;
    assert.equal(store(jar, ['sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'], plain('https://api.example/')).jar.length, 0);
  });
  it('a deletion with another Path leaves the cookie in the jar', () => {
    const jar = store([], ['sid=1; Path=/'], plain('https://api.example/')).jar;
    const after = store(jar, ['sid=; Path=/api; Max-Age=0'], plain('https://api.example/api/logout'));
    assert.deepEqual([after.jar.map((c) => c.name), after.deleted], [['sid'], []]);
  });
  it('a deletion with a Domain leaves a host-only cookie in the jar', () => {
    const jar = store([], ['sid=1; Path=/'], plain('https://api.example.com/')).jar;
    assert.equal(store(jar, ['sid=; Path=/; Domain=example.com; Max-Age=0'], plain('https://api.example.com/')).jar.length, 1);
  });
});

describe('§5.8 retrieval', () => {
  const jarOf = (fields: string[], url = 'https://api.example/') => store([], fields, plain(url)).jar;
  it('a cookie goes back to its host', () => assert.equal(cookieHeaderFor(jarOf(['sid=1; Path=/']), 'https://api.example/me', null), 'sid=1'));
  it('a host-only cookie does not go to a subdomain: DomainMismatch', () => {
    assert.deepEqual(cookiesFor(jarOf(['sid=1; Path=/']), 'https://www.api.example/', null).withheld[0].reasons, ['DomainMismatch']);
  });
  it('a domain cookie goes to a subdomain', () => assert.equal(cookieHeaderFor(jarOf(['sid=1; Path=/; Domain=example.com'], 'https://api.example.com/'), 'https://www.example.com/', null), 'sid=1'));
  it('a cookie does not go off its Path: NotOnPath', () => assert.deepEqual(cookiesFor(jarOf(['sid=1; Path=/api']), 'https://api.example/other', null).withheld[0].reasons, ['NotOnPath']));
  it('a Secure cookie does not go over an insecure connection: SecureOnly', () => {
    const jar = store([], ['sid=1; Secure; Path=/'], plain('https://api.cookie-test/')).jar;
    assert.deepEqual(cookiesFor(jar, 'http://api.cookie-test/', null).withheld[0].reasons, ['SecureOnly']);
  });
  it('a cross-site fetch() carries a SameSite=None cookie', () => assert.equal(cookieHeaderFor(jarOf(['sid=1; Path=/; SameSite=None; Secure']), 'https://api.example/', 'https://frontend.example'), 'sid=1'));
  it('a cross-site fetch() does not carry a Lax cookie: SameSiteLax', () => {
    assert.deepEqual(cookiesFor(jarOf(['sid=1; Path=/; SameSite=Lax']), 'https://api.example/', 'https://frontend.example').withheld[0].reasons, ['SameSiteLax']);
  });
  it('a same-site fetch() carries a Strict cookie', () => assert.equal(cookieHeaderFor(jarOf(['sid=1; Path=/; SameSite=Strict'], 'https://api.example.com/'), 'https://api.example.com/', 'https://app.example.com'), 'sid=1'));
  it('an expired cookie is not sent', () => assert.equal(cookieHeaderFor(jarOf(['sid=1; Path=/; Max-Age=60']), 'https://api.example/', null, new Date(received.getTime() + 61_000)), null));
  it('longer paths go first', () => assert.equal(cookieHeaderFor(jarOf(['a=1; Path=/', 'b=2; Path=/api']), 'https://api.example/api/me', null), 'b=2; a=1'));
});
