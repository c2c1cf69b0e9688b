import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cookieLifetime, cookiesSet, findCookie, foldedSetCookieFields } from '../../http/set-cookie';
import type { HeaderList } from '../../http/header-list';

describe('Set-Cookie as a user agent reads it (RFC 6265bis §5.6)', () => {
  const fields = (...values: string[]): HeaderList => values.map((v) => ['Set-Cookie', v] as const);

  it('reads name and value', () => assert.equal(findCookie(fields('a=b; Path=/'), 'a')?.value, 'b'));
  it('reads attributes in any order and any case', () => {
    const cookie = findCookie(fields('a=b; samesite=LAX; pATH=/; HttpOnly'), 'a');
    assert.equal(cookie?.path, '/');
    assert.equal(cookie?.sameSite?.toLowerCase(), 'lax');
    assert.equal(cookie?.httpOnly, true);
  });
  it('leaves the path undefined when no Path attribute is given', () => assert.equal(findCookie(fields('a=b'), 'a')?.path, undefined));
  it('cookie names are case-sensitive', () => assert.equal(findCookie(fields('A=b'), 'a'), undefined));
  it('the last cookie of a name wins', () => assert.equal(findCookie(fields('a=1', 'a=2'), 'a')?.value, '2'));
  it('the field name is case-insensitive', () => assert.equal(findCookie([['set-cookie', 'a=b']], 'a')?.value, 'b'));
  it('separate fields are not folded', () => assert.deepEqual(foldedSetCookieFields(fields('a=1; Path=/', 'b=2; Path=/')), []));
  it('a comma-joined field is folded, and both its cookies are still read', () => {
    const folded = fields('a=1; Path=/, b=2; Path=/');
    assert.equal(foldedSetCookieFields(folded).length, 1);
    assert.deepEqual(cookiesSet(folded).map((c) => c.name), ['a', 'b']);
  });
  it('a comma inside an Expires date is not folding', () =>
    assert.deepEqual(foldedSetCookieFields(fields('a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/')), []));
});

describe('cookieLifetime: how long a cookie lives (RFC 6265bis §5.6.1, §5.6.2)', () => {
  const received = new Date('2026-11-26T00:00:00Z');
  const lifetime = (field: string) => cookieLifetime(cookiesSet([['Set-Cookie', field]])[0], received);
  it('Max-Age in seconds', () => assert.equal(lifetime('a=1; Max-Age=3600'), 3600));
  it('Max-Age wins over Expires', () => assert.equal(lifetime('a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60'), 60));
  it('Expires counted from when the response was received', () => assert.equal(lifetime('a=1; Expires=Thu, 26 Nov 2026 01:00:00 GMT'), 3600));
  it('an Expires in the past clears it', () => assert.ok(lifetime('a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT')! < 0));
  it('Max-Age=0 clears it', () => assert.equal(lifetime('a=; Max-Age=0'), 0));
  it('neither: a session cookie', () => assert.equal(lifetime('a=1; Path=/'), null));
});
