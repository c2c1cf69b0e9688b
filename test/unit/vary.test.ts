/**
 * Fetch §3.2.3, "CORS protocol and HTTP caches": when an answer must say
 * Vary: Origin, and when a static grant may go without it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isStaticGrant, variesByOrigin } from '../../http/vary';

describe('variesByOrigin', () => {
  it('Vary naming Origin, in any case and among other names, varies by Origin', () => {
    assert.equal(variesByOrigin([['Vary', 'Origin']]), true);
    assert.equal(variesByOrigin([['vary', 'accept-encoding, origin']]), true);
    assert.equal(variesByOrigin([['Vary', 'Accept-Encoding'], ['Vary', 'Origin']]), true);
  });
  it('Vary: * varies by everything, Origin too (RFC 9110 §12.5.5)', () => assert.equal(variesByOrigin([['Vary', '*']]), true));
  it('no Vary, or one without Origin, does not', () => {
    assert.equal(variesByOrigin([]), false);
    assert.equal(variesByOrigin([['Vary', 'Accept-Encoding']]), false);
    assert.equal(variesByOrigin([['Vary', 'Origins']]), false);
  });
});

describe('isStaticGrant', () => {
  it('the same grant without an Origin and for another origin is static', () => assert.equal(isStaticGrant('https://app.example', ['https://app.example', 'https://app.example']), true));
  it('no grant at all is not a static grant', () => assert.equal(isStaticGrant(null, [null, null]), false));
  it('a grant another origin is not sent, or sent differently, is not static', () => {
    assert.equal(isStaticGrant('https://app.example', ['https://app.example', null]), false);
    assert.equal(isStaticGrant('https://app.example', [null, 'https://app.example']), false);
    assert.equal(isStaticGrant('https://app.example', ['https://app.example', 'https://other.example']), false);
  });
  it('an answer not asked for does not count against it', () => assert.equal(isStaticGrant('https://app.example', ['https://app.example', undefined]), true));
});
