/**
 * The Fetch model against the standard's rules, one row per rule, in the
 * manner of web-platform-tests fetch/api/cors (cors-filtering, cors-expose-star,
 * cors-preflight-*). Each row names the rule it checks.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  corsCheck,
  corsUnsafeRequestHeaderNames,
  fetchRequestHeaders,
  isCorsSafelistedRequestHeader,
  needsPreflight,
  normalizeMethod,
  parseSingleRangeHeaderValue,
  preflightRequestHeaders,
  preflightVerdict,
  scriptReads,
  scriptView,
  type CorsRequest,
} from '../../http/fetch-model';
import type { HeaderList } from '../../http/header-list';
import { withOrigin } from '../../http/script-fetch';

const ORIGIN = 'https://frontend.example';
const credentialed: CorsRequest = { origin: ORIGIN, method: 'GET', credentials: 'include' };
const anonymous: CorsRequest = { origin: ORIGIN, method: 'GET', credentials: 'omit' };
const granted: HeaderList = [
  ['Access-Control-Allow-Origin', ORIGIN],
  ['Access-Control-Allow-Credentials', 'true'],
];
const head = (...headers: HeaderList) => ({ status: 200, headers });

describe('CORS check (Fetch §4.9)', () => {
  const rows: [string, CorsRequest, HeaderList, boolean][] = [
    ['exact origin with credentials true grants a credentialed request', credentialed, granted, true],
    ['no Access-Control-Allow-Origin refuses', credentialed, [], false],
    ['"*" grants a request without credentials', anonymous, [['Access-Control-Allow-Origin', '*']], true],
    ['"*" refuses a credentialed request, even with credentials true', credentialed, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true']], false],
    ['another origin refuses', credentialed, [['Access-Control-Allow-Origin', 'https://other.example'], ['Access-Control-Allow-Credentials', 'true']], false],
    ['origin compared byte for byte: a trailing slash refuses', credentialed, [['Access-Control-Allow-Origin', `${ORIGIN}/`], ['Access-Control-Allow-Credentials', 'true']], false],
    ['origin compared byte for byte: other case refuses', credentialed, [['Access-Control-Allow-Origin', ORIGIN.toUpperCase()], ['Access-Control-Allow-Credentials', 'true']], false],
    ['two Allow-Origin fields combine to a list, which refuses', credentialed, [['Access-Control-Allow-Origin', ORIGIN], ['Access-Control-Allow-Origin', ORIGIN], ['Access-Control-Allow-Credentials', 'true']], false],
    ['exact origin without credentials true refuses a credentialed request', credentialed, [['Access-Control-Allow-Origin', ORIGIN]], false],
    ['credentials "True" is not "true" and refuses', credentialed, [['Access-Control-Allow-Origin', ORIGIN], ['Access-Control-Allow-Credentials', 'True']], false],
    ['exact origin without credentials true grants a request without credentials', anonymous, [['Access-Control-Allow-Origin', ORIGIN]], true],
    ['header names are case-insensitive', credentialed, [['access-control-allow-origin', ORIGIN], ['ACCESS-CONTROL-ALLOW-CREDENTIALS', 'true']], true],
  ];
  for (const [name, request, headers, ok] of rows) {
    it(`${name}`, () => assert.equal(corsCheck(request, head(...headers)).ok, ok));
  }
  it('says why it refused', () => {
    const verdict = corsCheck(credentialed, head(['Access-Control-Allow-Origin', '*']));
    assert.equal(verdict.ok, false);
    assert.match(!verdict.ok ? verdict.reason : '', /"\*".*credentials/);
  });
});

describe('CORS filtered response: which headers a script reads (Fetch §2.2.6, §4.1 step 14)', () => {
  // Table rows: [request, Access-Control-Expose-Headers fields, header, value, exposed?]
  const rows: [CorsRequest, string[], string, string, boolean][] = [
    [credentialed, [], 'Content-Language', 'en-US', true],
    [credentialed, [], 'Content-Type', 'application/json', true],
    [credentialed, [], 'Cache-Control', 'no-store', true],
    [credentialed, [], 'Content-Length', '12', true],
    [credentialed, [], 'Expires', '0', true],
    [credentialed, [], 'Last-Modified', 'Tue, 24 Nov 2026 00:00:00 GMT', true],
    [credentialed, [], 'Pragma', 'no-cache', true],
    [credentialed, [], 'X-Cat-Dog', 'alone in the world', false],
    [credentialed, ['X-Cat-Dog'], 'X-Cat-Dog', 'alone in the world', true],
    [credentialed, ['x-cat-dog'], 'X-Cat-Dog', 'alone in the world', true],
    [credentialed, ['X-Other, X-Cat-Dog'], 'X-Cat-Dog', 'alone in the world', true],
    [credentialed, ['X-Other,X-Cat-Dog'], 'X-Cat-Dog', 'alone in the world', true],
    [credentialed, ['X-Other', 'X-Cat-Dog'], 'X-Cat-Dog', 'alone in the world', true],
    [credentialed, [' , X-Cat-Dog ,'], 'X-Cat-Dog', 'alone in the world', true],
    [credentialed, ['X-Cat-Dog'], 'X-Hidden', 'not for browsers', false],
    [credentialed, ['X-Cat-Dog, X Hidden'], 'X-Cat-Dog', 'alone in the world', false],
    [credentialed, ['*'], 'X-Cat-Dog', 'alone in the world', false],
    [anonymous, ['*'], 'X-Cat-Dog', 'alone in the world', true],
    [credentialed, ['*'], '*', 'whoa', true],
    [credentialed, ['Set-Cookie'], 'Set-Cookie', 'a=b', false],
    [credentialed, ['set-cookie2'], 'Set-Cookie2', 'a=b', false],
    [anonymous, ['*'], 'Set-Cookie', 'a=b', false],
    [anonymous, ['Set-Cookie, *'], 'Set-Cookie', 'a=b', false],
  ];
  for (const [request, expose, name, value, exposed] of rows) {
    const mode = request.credentials === 'include' ? 'credentialed' : 'anonymous';
    const exposeText = expose.length === 0 ? 'no Expose-Headers' : `Expose-Headers ${expose.map((v) => JSON.stringify(v)).join(' + ')}`;
    it(`${mode} fetch, ${exposeText}: ${name} is ${exposed ? 'exposed' : 'not exposed'}`, () => {
      const grant: HeaderList = request.credentials === 'include' ? granted : [['Access-Control-Allow-Origin', '*']];
      const headers: HeaderList = [...grant, ...expose.map((v) => ['Access-Control-Expose-Headers', v] as const), [name, value]];
      const view = scriptView(request, head(...headers));
      assert.equal(scriptReads(view, name), exposed ? value : null);
    });
  }
  it('a refused response shows the script nothing', () => {
    const view = scriptView(credentialed, head(['Content-Language', 'en-US']));
    assert.equal(view.ok, false);
    assert.equal(scriptReads(view, 'Content-Language'), null);
  });
  it('repeated exposed fields are read combined, as Headers.get() does', () => {
    const view = scriptView(credentialed, head(...granted, ['Access-Control-Expose-Headers', 'X-A'], ['X-A', '1'], ['x-a', '2']));
    assert.equal(scriptReads(view, 'X-A'), '1, 2');
  });
});

describe('CORS-preflight fetch (Fetch §4.8)', () => {
  const putJson: CorsRequest = { ...credentialed, method: 'PUT', headers: [['Content-Type', 'application/json']] };
  const postJson: CorsRequest = { ...credentialed, method: 'POST', headers: [['Content-Type', 'application/json']] };
  const postForm: CorsRequest = { ...credentialed, method: 'POST', headers: [['Content-Type', 'text/plain;charset=UTF-8']] };

  it('a safelisted method with a safelisted Content-Type needs no preflight', () => assert.equal(needsPreflight(postForm), false));
  it('Content-Type application/json needs a preflight', () => assert.equal(needsPreflight(postJson), true));
  it('PUT needs a preflight', () => assert.equal(needsPreflight({ ...credentialed, method: 'PUT' }), true));
  it('unsafe names are lowercased, unique and sorted', () =>
    assert.deepEqual(corsUnsafeRequestHeaderNames([['X-B', '1'], ['Content-Type', 'application/json'], ['x-b', '2'], ['Accept', 'text/html']]), ['content-type', 'x-b']));
  it('the preflight asks for the method and the unsafe header names, with Accept: */*', () =>
    assert.deepEqual(preflightRequestHeaders(putJson), [
      ['Origin', ORIGIN],
      ['Accept', '*/*'],
      ['Access-Control-Request-Method', 'PUT'],
      ['Access-Control-Request-Headers', 'content-type'],
    ]));

  const allow = (methods: string, headers: string, status = 204) => ({
    status,
    headers: [...granted, ['Access-Control-Allow-Methods', methods], ['Access-Control-Allow-Headers', headers]] as HeaderList,
  });
  const rows: [string, CorsRequest, ReturnType<typeof allow>, boolean][] = [
    ['method and header listed: granted (204)', putJson, allow('GET, POST, PUT', 'Content-Type'), true],
    ['any 2xx will do: granted (200)', putJson, allow('PUT', 'content-type', 200), true],
    ['a non-2xx preflight refuses', putJson, allow('PUT', 'content-type', 400), false],
    ['PUT missing from Allow-Methods refuses', putJson, allow('GET, POST', 'content-type'), false],
    ['"*" methods do not count with credentials', putJson, allow('*', 'content-type'), false],
    ['"*" methods count without credentials', { ...putJson, credentials: 'omit' }, allow('*', 'content-type'), true],
    ['methods are case-sensitive: "put" does not allow PUT', putJson, allow('put', 'content-type'), false],
    ['POST is safelisted and needs no Allow-Methods entry', postJson, allow('GET', 'content-type'), true],
    ['Content-Type missing from Allow-Headers refuses', postJson, allow('POST', 'X-Other'), false],
    ['"*" headers do not count with credentials', postJson, allow('POST', '*'), false],
    ['"*" headers count without credentials', { ...postJson, credentials: 'omit' }, allow('POST', '*'), true],
    ['an Allow-Methods value that is not a list of tokens refuses', putJson, allow('PUT;', 'content-type'), false],
  ];
  for (const [name, request, response, ok] of rows) {
    it(name, () => assert.equal(preflightVerdict(request, response).ok, ok));
  }
  it('the preflight must pass the CORS check too', () =>
    assert.equal(preflightVerdict(putJson, { status: 204, headers: [['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'content-type']] }).ok, false));
  it('a refused preflight refuses the whole fetch, whatever the actual response says', () => {
    const view = scriptView(putJson, head(...granted), allow('GET', 'content-type'));
    assert.equal(view.ok, false);
  });
  it('a granted preflight and actual response give the script the status', () => {
    const view = scriptView(putJson, { status: 201, headers: granted }, allow('PUT', 'content-type'));
    assert.deepEqual(view.ok && view.status, 201);
  });
  it('refuses to guess when a needed preflight was not given', () => assert.throws(() => scriptView(putJson, head(...granted))));
});

describe('a refusal says which part of the protocol refused, as a value', () => {
  const rows: [string, CorsRequest, number, HeaderList, string, boolean][] = [
    ['no Access-Control-Allow-Origin', credentialed, 200, [], 'allow-origin-missing', false],
    ['another origin', credentialed, 200, [['Access-Control-Allow-Origin', 'https://other.example']], 'allow-origin-mismatch', false],
    ['"*" with credentials', credentialed, 200, [['Access-Control-Allow-Origin', '*']], 'allow-origin-wildcard', false],
    ['no Access-Control-Allow-Credentials', credentialed, 200, [['Access-Control-Allow-Origin', ORIGIN]], 'allow-credentials-missing', false],
  ];
  for (const [name, request, status, headers, kind] of rows) {
    it(`the CORS check: ${name} is ${kind}`, () => {
      const verdict = corsCheck(request, { status, headers });
      assert.equal(verdict.ok ? 'granted' : `${verdict.kind} ${verdict.preflight}`, `${kind} false`);
    });
  }
  const put: CorsRequest = { origin: ORIGIN, method: 'PUT', credentials: 'include', headers: [['Content-Type', 'application/json']] };
  const preflightRows: [string, number, HeaderList, string][] = [
    ['no grant on the preflight', 200, [], 'allow-origin-missing'],
    ['a 400', 400, [...granted, ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'Content-Type']], 'preflight-status'],
    ['PUT not allowed', 200, [...granted, ['Access-Control-Allow-Headers', 'Content-Type']], 'preflight-method'],
    ['Allow-Methods not a list', 200, [...granted, ['Access-Control-Allow-Methods', 'PUT;'], ['Access-Control-Allow-Headers', 'Content-Type']], 'preflight-method'],
    ['Content-Type not allowed', 200, [...granted, ['Access-Control-Allow-Methods', 'PUT']], 'preflight-header'],
    ['Allow-Headers not a list', 200, [...granted, ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', '"Content-Type"']], 'preflight-header'],
  ];
  for (const [name, status, headers, kind] of preflightRows) {
    it(`the preflight: ${name} is ${kind}`, () => {
      const verdict = preflightVerdict(put, { status, headers });
      assert.equal(verdict.ok ? 'granted' : `${verdict.kind} ${verdict.preflight}`, `${kind} true`);
    });
  }
});

describe('CORS-safelisted request-header (Fetch §2.2.2), on values as a Headers object stores them', () => {
  // Table rows: [name, value, safelisted?, why]
  const rows: [string, string, boolean, string][] = [
    ['Content-Type', 'text/plain', true, 'one of the three essences'],
    ['Content-Type', 'Text/Plain;charset=utf-8', true, 'the essence is compared lowercased'],
    ['Content-Type', 'text/plain;garbage', true, 'a parameter that does not parse is dropped, the essence stands'],
    ['Content-Type', 'text/plain; charset="utf-8"', false, '0x22 (") is a CORS-unsafe request-header byte'],
    ['Content-Type', 'text/plain\x0b', false, '0x0B is a CORS-unsafe request-header byte, and not HTTP whitespace'],
    ['Content-Type', 'text/plain\x0c', false, '0x0C is a CORS-unsafe request-header byte, and not HTTP whitespace'],
    ['Content-Type', 'text/plain;\x01', false, 'a control character is a CORS-unsafe request-header byte'],
    ['Content-Type', 'text /plain', false, 'no MIME type parses from it'],
    ['Content-Type', 'text/plain,x/x', false, 'no MIME type parses from a list'],
    ['Content-Type', 'application/json', false, 'not one of the three essences'],
    ['Content-Type', `text/plain;${'s'.repeat(118)}`, false, 'longer than 128 bytes'],
    ['Range', 'bytes=100-200', true, 'a simple range header value'],
    ['Range', 'bytes=200-', true, 'a simple range header value without an end'],
    ['Range', 'bytes=-200', false, 'a suffix range has no start'],
    ['Range', 'bytes=200-100', false, 'the start is after the end'],
    ['Range', 'bytes = 100-200', false, 'no whitespace is allowed'],
    ['Range', 'bytes=100-200,300-400', false, 'one range only'],
    ['Accept', '*/*', true, 'no CORS-unsafe request-header byte'],
    ['Accept', '"', false, '0x22 (") is a CORS-unsafe request-header byte'],
    ['Accept-Language', 'nn_NO', false, '_ is not allowed in a language value'],
    ['Content-Language', 'en-US', true, 'only 0-9, A-Z, a-z, space and *,-.;='],
    ['Authorization', 'basics', false, 'not one of the safelisted names'],
  ];
  for (const [name, value, safelisted, why] of rows) {
    it(`${name}: ${JSON.stringify(value)} is ${safelisted ? 'safelisted' : 'not safelisted'}: ${why}`, () =>
      assert.equal(isCorsSafelistedRequestHeader(name, value), safelisted));
  }

  it('parse a single range header value: whitespace around = and - only when allowed, numbers of any length', () => {
    assert.equal(parseSingleRangeHeaderValue('bytes = 1 - 2', false), 'failure');
    assert.deepEqual(parseSingleRangeHeaderValue('bytes = 1 - 2', true), { start: 1n, end: 2n });
    assert.deepEqual(parseSingleRangeHeaderValue(`bytes=1${'0'.repeat(30)}-`, false), { start: 10n ** 30n, end: null });
    assert.equal(parseSingleRangeHeaderValue('bytes=-', false), 'failure');
  });

  it('values are normalized by HTTP whitespace only: a trailing tab is stripped, a trailing 0x0B is not', () => {
    assert.equal(needsPreflight({ ...anonymous, headers: [['Content-Type', ' text/plain\t']] }), false);
    assert.equal(needsPreflight({ ...anonymous, headers: [['Content-Type', 'text/plain\x0b']] }), true);
  });

  // Eight Content-Language values of 127 bytes are 1,016 bytes; fetch() adds Accept: */* (3 bytes).
  const languages = (total: number): HeaderList => {
    const headers: [string, string][] = [];
    for (let left = total; left > 0; left -= 127) headers.push([`Content-Language`, 'a'.repeat(Math.min(127, left))]);
    return headers;
  };
  it('safelisted values of 1,024 bytes in all (with Accept: */*) need no preflight', () => assert.equal(needsPreflight({ ...anonymous, headers: languages(1021) }), false));
  it('safelisted values of 1,025 bytes in all (with Accept: */*) all count as unsafe', () => {
    assert.equal(needsPreflight({ ...anonymous, headers: languages(1022) }), true);
    assert.deepEqual(corsUnsafeRequestHeaderNames(fetchRequestHeaders(languages(1022))), ['accept', 'content-language']);
  });
});

describe('what fetch() sends (Fetch §4.1 "fetch", §4.8)', () => {
  it('Accept: */* when the script set no Accept', () => assert.deepEqual(fetchRequestHeaders([['X-A', '1']]), [['X-A', '1'], ['Accept', '*/*']]));
  it("the script's own Accept, and no other", () => assert.deepEqual(fetchRequestHeaders([['accept', 'application/json']]), [['accept', 'application/json']]));
  it('the request on the wire carries the Origin and exactly one Accept', () =>
    assert.deepEqual(withOrigin(ORIGIN, { method: 'GET', path: '/x', headers: [['X-A', ' 1 ']] }).headers, [['Origin', ORIGIN], ['X-A', '1'], ['Accept', '*/*']]));
  it('methods are normalized: get is GET, patch stays patch', () => {
    assert.equal(normalizeMethod('get'), 'GET');
    assert.equal(normalizeMethod('delete'), 'DELETE');
    assert.equal(normalizeMethod('patch'), 'patch');
  });
  it('a lowercase post is a safelisted method and needs no preflight', () => assert.equal(needsPreflight({ ...anonymous, method: 'post' }), false));
  it('the preflight for a lowercase put asks for PUT', () =>
    assert.deepEqual(preflightRequestHeaders({ ...anonymous, method: 'put' })[2], ['Access-Control-Request-Method', 'PUT']));
});
