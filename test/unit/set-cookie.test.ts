import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cookiesSet, findCookie, foldedSetCookieFields } from '../../http/set-cookie';
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
