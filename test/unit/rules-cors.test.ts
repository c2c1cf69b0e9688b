/**
 * The CORS rules of a route's answer and its preflight (rules/cors.ts,
 * rules/preflight.ts, rules/origins.ts), judged as pure functions on
 * answers: each rule kept and broken, the kind of failure as a value.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { HeaderList } from '../../http/header-list';
import { corsRequestFor } from '../../http/script-fetch';
import { exposedList, originGrant, variesByOrigin, varyOrigin, type GrantElsewhere } from '../../rules/cors';
import { nullOriginAllowed, originReflected } from '../../rules/origins';
import { preflightLetsThrough } from '../../rules/preflight';

const ORIGIN = 'https://app.example';
const request = corsRequestFor(ORIGIN, { method: 'GET', path: '/api/items' });
const anonymous = corsRequestFor(ORIGIN, { method: 'GET', path: '/api/items' }, 'omit');
const head = (...headers: [string, string][]) => ({ status: 200, headers: headers as HeaderList });
const granted = (...extra: [string, string][]) => head(['Access-Control-Allow-Origin', ORIGIN], ['Access-Control-Allow-Credentials', 'true'], ...extra);

describe('the origin granted (Fetch §4.9): one rule at most, the first that applies', () => {
  const rows: [string, ReturnType<typeof head>, string | null][] = [
    ['the origin with credentials allowed', granted(), null],
    ['two values', head(['Access-Control-Allow-Origin', `${ORIGIN}, https://b.example`], ['Access-Control-Allow-Credentials', 'true']), 'allow-origin-list several-values'],
    ['two fields', head(['Access-Control-Allow-Origin', ORIGIN], ['Access-Control-Allow-Origin', ORIGIN], ['Access-Control-Allow-Credentials', 'true']), 'allow-origin-list several-values'],
    ['* with credentials', head(['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true']), 'wildcard-origin-with-credentials wildcard'],
    ['the origin without Allow-Credentials', head(['Access-Control-Allow-Origin', ORIGIN]), 'credentials-not-allowed no-allow-credentials'],
    ['no grant', head(), 'origin-refused allow-origin-missing'],
    ['another origin', head(['Access-Control-Allow-Origin', 'https://b.example'], ['Access-Control-Allow-Credentials', 'true']), 'origin-refused allow-origin-mismatch'],
    ['* without Allow-Credentials', head(['Access-Control-Allow-Origin', '*']), 'origin-refused allow-origin-wildcard'],
  ];
  for (const [name, response, expected] of rows) {
    it(`${name}: ${expected ?? 'granted'}`, () => {
      const failed = originGrant(request, response);
      assert.equal(failed === null ? null : `${failed.rule} ${failed.kind}`, expected);
    });
  }
  it('a request without credentials is granted by *, with or without Allow-Credentials', () => {
    assert.equal(originGrant(anonymous, head(['Access-Control-Allow-Origin', '*'])), null);
    assert.equal(originGrant(anonymous, head(['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true'])), null);
  });
});

describe('vary-origin-missing (Fetch §3.2.3)', () => {
  const elsewhere = (...grants: [string | null, string | null][]): GrantElsewhere[] => grants.map(([origin, allowOrigin]) => ({ origin, allowOrigin }));
  it('Vary naming Origin, in any case and among other names, varies by Origin; Vary: * too (RFC 9110 §12.5.5)', () => {
    for (const vary of [[['Vary', 'Origin']], [['vary', 'accept-encoding, origin']], [['Vary', 'Accept-Encoding'], ['Vary', 'Origin']], [['Vary', '*']]] as [string, string][][]) assert.equal(variesByOrigin(vary), true);
    for (const vary of [[], [['Vary', 'Accept-Encoding']], [['Vary', 'Origins']]] as [string, string][][]) assert.equal(variesByOrigin(vary), false);
  });
  it('a grant that names the origin without Vary, asked nowhere else, is a failure', () => {
    const failed = varyOrigin(granted(), []);
    assert.deepEqual([failed?.rule, failed?.kind], ['vary-origin-missing', 'not-asked-elsewhere']);
  });
  it('with Vary: Origin, none', () => assert.equal(varyOrigin(granted(['Vary', 'Accept-Encoding, Origin']), elsewhere([null, null])), null));
  it('a static grant, the same without an Origin and for another origin, needs no Vary', () => assert.equal(varyOrigin(granted(), elsewhere([null, ORIGIN], ['https://b.example', ORIGIN])), null));
  it('a grant another origin is not sent, or one without an Origin gets none, is not static: the first that differs is named', () => {
    assert.deepEqual(varyOrigin(granted(), elsewhere([null, null], ['https://b.example', ORIGIN]))?.facts, { allowOrigin: ORIGIN, differs: { origin: null, allowOrigin: null } });
    assert.deepEqual(varyOrigin(granted(), elsewhere([null, ORIGIN], ['https://b.example', 'https://b.example']))?.facts, { allowOrigin: ORIGIN, differs: { origin: 'https://b.example', allowOrigin: 'https://b.example' } });
  });
  it('* sent only to requests with an Origin is not static either (the standard\'s own example)', () => assert.equal(varyOrigin(head(['Access-Control-Allow-Origin', '*']), elsewhere([null, null]))?.kind, 'grant-differs'));
  it('an answer that grants nothing needs no Vary: its refusal is the origin\'s own rule', () => assert.equal(varyOrigin(head(), elsewhere([null, ORIGIN])), null));
});

describe('the exposed list', () => {
  it('* with credentials exposes nothing to a credentialed script', () => assert.deepEqual(exposedList(request, granted(['Access-Control-Expose-Headers', '*'])).map((f) => f.rule), ['expose-wildcard-with-credentials']));
  it('* without credentials exposes every header', () => assert.deepEqual(exposedList(anonymous, head(['Access-Control-Allow-Origin', '*'], ['Access-Control-Expose-Headers', '*'])), []));
  it('Set-Cookie listed, in any case, is a failure naming it', () => assert.deepEqual(exposedList(request, granted(['Access-Control-Expose-Headers', 'X-Total-Count, set-cookie'])).map((f) => [f.rule, f.facts]), [['set-cookie-exposed', { names: ['set-cookie'] }]]));
});

describe('the preflight (Fetch §4.8): what it refused, by kind, not by its words', () => {
  const put = corsRequestFor(ORIGIN, { method: 'PUT', path: '/api/items/1', headers: [['Content-Type', 'application/json']] });
  const allows = (...extra: [string, string][]) => granted(['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'Content-Type'], ...extra);
  const rows: [string, { status: number; headers: HeaderList }, string | null][] = [
    ['everything allowed', allows(), null],
    ['no grant', head(['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'Content-Type']), 'preflight-refuses-origin allow-origin-missing'],
    ['a 400 refusing nothing else', { ...allows(), status: 400 }, 'preflight-not-ok preflight-status'],
    ['a 400 refusing the method: the method is named, not the status', { status: 400, headers: granted(['Access-Control-Allow-Headers', 'Content-Type']).headers }, 'preflight-refuses-method preflight-method'],
    ['the method not allowed', granted(['Access-Control-Allow-Headers', 'Content-Type']), 'preflight-refuses-method preflight-method'],
    ['a header not allowed', granted(['Access-Control-Allow-Methods', 'PUT']), 'preflight-refuses-header preflight-header'],
  ];
  for (const [name, preflight, expected] of rows) {
    it(`${name}: ${expected ?? 'lets it through'}`, () => {
      const failed = preflightLetsThrough(put, preflight);
      assert.equal(failed === null ? null : `${failed.rule} ${failed.kind}`, expected);
    });
  }
});

describe('the whole API\'s probes', () => {
  it('an origin nobody would allow, echoed, is origin-reflected; with credentials it says so', () => {
    assert.deepEqual(originReflected('https://audit-probe.invalid', head(['Access-Control-Allow-Origin', 'https://audit-probe.invalid'], ['Access-Control-Allow-Credentials', 'true']))?.facts, { probeOrigin: 'https://audit-probe.invalid', withCredentials: true, on: 'request' });
    assert.equal(originReflected('https://audit-probe.invalid', granted()), null);
  });
  it('says which probe showed the echo: a preflight, or a request carrying a cookie', () => {
    const echoed = head(['Access-Control-Allow-Origin', 'https://audit-probe.invalid']);
    assert.equal(originReflected('https://audit-probe.invalid', echoed, 'include', 'preflight')?.facts.on, 'preflight');
    assert.equal(originReflected('https://audit-probe.invalid', echoed, 'include', 'cookie')?.facts.on, 'cookie');
    assert.equal(originReflected('https://audit-probe.invalid', echoed, 'omit', 'cookie'), null);
    assert.equal(nullOriginAllowed(head(['Access-Control-Allow-Origin', 'null']), 'include', 'preflight')?.facts.on, 'preflight');
  });
  it('Origin: null granted is null-origin-allowed', () => {
    assert.equal(nullOriginAllowed(head(['Access-Control-Allow-Origin', 'null']))?.rule, 'null-origin-allowed');
    assert.equal(nullOriginAllowed(head(['Access-Control-Allow-Origin', '*'])), null);
  });
});
