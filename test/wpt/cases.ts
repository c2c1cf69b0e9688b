/**
 * The Fetch model's cases from web-platform-tests, file by file. Each table
 * is the WPT file's own (its rows and the names its generator gives them),
 * and each generator is the WPT function of the same name, reduced to what
 * the test sends and asserts. Where a test asserts through its resource's
 * stash (x-did-preflight, "1"/"0"), the case asserts whether a preflight was
 * sent, which the model states and the server logs.
 *
 * Read from web-platform-tests (web-platform-tests/wpt, and the copy of
 * fetch/ Node.js vendors in test/fixtures/wpt for the newer fetch/api/cors
 * files). Derived from web-platform-tests, © web-platform-tests
 * contributors, under the 3-Clause BSD License (test/wpt/LICENSE.md).
 */
import type { HeaderList } from '../../http/header-list';
import { OTHER_ORIGIN, PAGE_ORIGIN, type Resource, type ScriptCall, type WptCase, type WptExpectation } from './case';
import { corsHeadersPy, corsMakeheaderPy, corsPreflightPy, exposeHeadersPy, preflightPy, statusPy, topTxt } from './resources';

const cases: WptCase[] = [];
const call = (method: string, headers: HeaderList = [], credentials: ScriptCall['credentials'] = 'same-origin', body?: string): ScriptCall => ({ method, headers, credentials, body });
const add = (file: string, test: string, script: ScriptCall, resource: Resource, expect: WptExpectation) => cases.push({ file, test, script, resource, expect });

// fetch/api/cors/resources/corspreflight.js: corsPreflight(desc, corsUrl, method, allowed, headers, safeHeaders)
function corsPreflight(file: string, desc: string, method: string, allowed: boolean, headers: HeaderList | null = null, safeHeaders: HeaderList | null = null, params: { allow_headers?: string } = {}) {
  const names = (headers ?? []).map(([name]) => name.toLowerCase());
  const resource = allowed
    ? preflightPy({ max_age: '0', allow_methods: method, ...(headers ? { allow_headers: names.join(' ,') } : {}), ...params })
    : preflightPy({ max_age: '0', ...params });
  const expect: WptExpectation = allowed
    ? { preflight: true, requestHeaders: headers ? [...names].sort().join(',') : null, outcome: { status: 200 } }
    : { outcome: 'refused' };
  add(file, desc, call(method, [...(headers ?? []), ...(safeHeaders ?? [])], 'same-origin'), resource, expect);
}

// fetch/api/cors/cors-preflight.any.js
{
  const file = 'fetch/api/cors/cors-preflight.any.js';
  for (const method of ['DELETE', 'PUT', 'PATCH', 'patcH', 'NEW', 'chicken']) {
    corsPreflight(file, `CORS [${method}], server allows`, method, true);
    corsPreflight(file, `CORS [${method}], server refuses`, method, false);
  }
  corsPreflight(file, 'CORS [GET] [x-test-header: allowed], server allows', 'GET', true, [['x-test-header1', 'allowed']]);
  corsPreflight(file, 'CORS [GET] [x-test-header: refused], server refuses', 'GET', false, [['x-test-header1', 'refused']]);
  const headers: HeaderList = [
    ['x-test-header1', 'allowedOrRefused'],
    ['x-test-header2', 'allowedOrRefused'],
    ['X-test-header3', 'allowedOrRefused'],
    ['x-test-header-b', 'allowedOrRefused'],
    ['x-test-header-D', 'allowedOrRefused'],
    ['x-test-header-C', 'allowedOrRefused'],
    ['x-test-header-a', 'allowedOrRefused'],
    ['Content-Type', 'allowedOrRefused'],
  ];
  const safeHeaders: HeaderList = [
    ['Accept', '*'],
    ['Accept-Language', 'bzh'],
    ['Content-Language', 'eu'],
  ];
  corsPreflight(file, 'CORS [GET] [several headers], server allows', 'GET', true, headers, safeHeaders);
  corsPreflight(file, 'CORS [GET] [several headers], server refuses', 'GET', false, headers, safeHeaders);
  corsPreflight(file, 'CORS [PUT] [several headers], server allows', 'PUT', true, headers, safeHeaders);
  corsPreflight(file, 'CORS [PUT] [several headers], server refuses', 'PUT', false, headers, safeHeaders);
  corsPreflight(file, 'CORS [PUT] [only safe headers], server allows', 'PUT', true, null, safeHeaders);
  add(file, '"authorization" should not be covered by the wildcard symbol', call('GET', [['authorization', 'foobar']]), preflightPy({ allow_headers: '*' }), { outcome: 'refused' });
  add(file, '"authorization" should be covered by "authorization"', call('GET', [['authorization', 'foobar']]), preflightPy({ allow_headers: 'authorization' }), { outcome: {} });
}

// fetch/api/cors/cors-preflight-not-cors-safelisted.any.js, over resources/not-cors-safelisted.json
{
  const file = 'fetch/api/cors/cors-preflight-not-cors-safelisted.any.js';
  const notCorsSafelisted: [string, string][] = [
    ['accept', '"'],
    ['accept', '012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678'],
    ['accept-language', '\u0001'],
    ['accept-language', '@'],
    ['authorization', 'basics'],
    ['content-language', '\u0001'],
    ['content-language', '@'],
    ['content-type', 'text/html'],
    ['content-type', 'text/plain; long=0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901'],
    ['range', 'bytes 0-'],
    ['test', 'hi'],
  ];
  for (const [name, value] of notCorsSafelisted) corsPreflight(file, `Need CORS-preflight for ${name}/${value} header`, 'GET', true, [[name, value]]);
}

// fetch/api/cors/cors-preflight-star.any.js: preflightTest(succeeds, withCredentials, allowMethod, allowHeader, useMethod, useHeader)
{
  const file = 'fetch/api/cors/cors-preflight-star.any.js';
  const preflightTest = (succeeds: boolean, withCredentials: boolean, allowMethod: string, allowHeader: string, useMethod: string, useHeader: [string, string] | []) => {
    const resource = preflightPy({ ...(withCredentials ? { origin: PAGE_ORIGIN, credentials: true } : {}), allow_methods: allowMethod, allow_headers: allowHeader });
    const headers: HeaderList = useHeader.length > 0 ? [useHeader as [string, string]] : [];
    const name = `CORS that ${succeeds ? 'succeeds' : 'fails'} with credentials: ${withCredentials}; method: ${useMethod} (allowed: ${allowMethod}); header: ${useHeader.join(',')} (allowed: ${allowHeader})`;
    add(file, name, call(useMethod, headers, withCredentials ? 'include' : 'same-origin'), resource, { outcome: succeeds ? { reads: { 'x-origin': PAGE_ORIGIN } } : 'refused' });
  };
  preflightTest(true, false, 'get', 'x-test', 'GET', ['X-Test', '1']);
  preflightTest(true, false, '*', 'x-test', 'SUPER', ['X-Test', '1']);
  preflightTest(true, false, '*', '*', 'OK', ['X-Test', '1']);
  preflightTest(false, true, '*', '*', 'OK', ['X-Test', '1']);
  preflightTest(false, true, '*', '', 'PUT', []);
  preflightTest(false, true, 'get', '*', 'GET', ['X-Test', '1']);
  preflightTest(false, true, '*', '*', 'GET', ['X-Test', '1']);
  preflightTest(true, true, '*', '*', '*', ['*', '1']);
  for (const METHOD of ['GET', 'HEAD', 'POST']) {
    const method = METHOD.toLowerCase();
    preflightTest(true, true, METHOD, '*', METHOD, []);
    preflightTest(true, true, METHOD, '*', method, []);
    preflightTest(true, true, method, '*', METHOD, []);
    preflightTest(true, true, method, '*', method, []);
  }
  for (const METHOD of ['DELETE', 'PUT']) {
    const method = METHOD.toLowerCase();
    preflightTest(true, true, METHOD, '*', METHOD, []);
    preflightTest(true, true, METHOD, '*', method, []);
    preflightTest(false, true, method, '*', METHOD, []);
    preflightTest(false, true, method, '*', method, []);
  }
  preflightTest(true, true, 'PATCH', '*', 'PATCH', []);
  preflightTest(false, true, 'PATCH', '*', 'patch', []);
  preflightTest(false, true, 'patch', '*', 'PATCH', []);
  preflightTest(true, true, 'patch', '*', 'patch', []);
  preflightTest(false, false, '*', '*', 'POST', ['Authorization', '123']);
  preflightTest(true, false, '*', '*, Authorization', 'POST', ['Authorization', '123']);
}

// fetch/api/cors/cors-preflight-status.any.js: corsPreflightStatus(desc, corsUrl, preflightStatus)
{
  const file = 'fetch/api/cors/cors-preflight-status.any.js';
  for (const status of [200, 201, 202, 203, 204, 205, 206, 300, 301, 302, 303, 304, 305, 306, 307, 308, 400, 401, 402, 403, 404, 405, 501, 502, 503, 504, 505]) {
    const ok = status >= 200 && status <= 299;
    add(file, `Preflight answered with status ${status}`, call('GET', [['x-force-preflight', '']]), preflightPy({ max_age: '0', allow_headers: 'x-force-preflight', preflight_status: status }), ok ? { preflight: true, outcome: { status: 200 } } : { outcome: 'refused' });
  }
}

// fetch/api/cors/cors-preflight-response-validation.any.js: corsPreflightResponseValidation(desc, corsUrl, allowHeaders, allowMethods)
{
  const file = 'fetch/api/cors/cors-preflight-response-validation.any.js';
  const validation = (desc: string, allowHeaders: string | null, allowMethods: string | null) =>
    add(file, desc, call('GET', [['x-force-preflight', '']]), preflightPy({ max_age: '0', allow_headers: `x-force-preflight${allowHeaders ? `,${allowHeaders}` : ''}`, ...(allowMethods ? { allow_methods: allowMethods } : {}) }), { preflight: true, outcome: 'refused' });
  validation('Preflight response with a bad Access-Control-Allow-Headers', 'Bad value', null);
  validation('Preflight response with a bad Access-Control-Allow-Methods', null, 'Bad value');
}

// fetch/api/cors/cors-no-preflight.any.js: corsNoPreflight(desc, baseURL, method, headerName, headerValue); the rows that differ only in the remote host are one case here
{
  const file = 'fetch/api/cors/cors-no-preflight.any.js';
  const corsNoPreflight = (desc: string, method: string, headerName?: string, headerValue?: string) =>
    add(file, desc, call(method, headerName ? [[headerName, headerValue ?? '']] : []), preflightPy({ max_age: '0' }), { preflight: false, outcome: { status: 200 } });
  corsNoPreflight('Cross domain basic usage [GET]', 'GET');
  corsNoPreflight('Cross domain [POST]', 'POST');
  corsNoPreflight('Cross domain [HEAD]', 'HEAD');
  corsNoPreflight('Cross domain [GET] [Accept: */*]', 'GET', 'Accept', '*/*');
  corsNoPreflight('Cross domain [GET] [Accept-Language: fr]', 'GET', 'Accept-Language', 'fr');
  corsNoPreflight('Cross domain [GET] [Content-Language: fr]', 'GET', 'Content-Language', 'fr');
  for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'text/plain;charset=utf-8', 'Text/Plain;charset=utf-8']) {
    corsNoPreflight(`Cross domain [GET] [Content-Type: ${type}]`, 'GET', 'Content-Type', type);
  }
}

// fetch/api/cors/cors-origin.any.js: corsOrigin(desc, baseURL, method, origin, shouldPass); origin undefined is the remote server's own
{
  const file = 'fetch/api/cors/cors-origin.any.js';
  const corsOrigin = (desc: string, method: string, origin: string | undefined, shouldPass: boolean) =>
    add(file, desc, call(method), preflightPy({ max_age: '0', origin: origin ?? OTHER_ORIGIN, allow_methods: method }), { outcome: shouldPass ? { status: 200 } : 'refused' });
  corsOrigin('Cross domain different subdomain [origin OK]', 'GET', PAGE_ORIGIN, true);
  corsOrigin('Cross domain different subdomain [origin KO]', 'GET', undefined, false);
  corsOrigin('Cross domain [POST] [origin OK]', 'POST', PAGE_ORIGIN, true);
  corsOrigin('Cross domain [POST] [origin KO]', 'POST', undefined, false);
  corsOrigin('Cross domain [HEAD] [origin OK]', 'HEAD', PAGE_ORIGIN, true);
  corsOrigin('Cross domain [HEAD] [origin KO]', 'HEAD', undefined, false);
  corsOrigin('CORS preflight [PUT] [origin OK]', 'PUT', PAGE_ORIGIN, true);
  corsOrigin('CORS preflight [PUT] [origin KO]', 'PUT', undefined, false);
  corsOrigin('Allowed origin: "" [origin KO]', 'GET', '', false);
}

// fetch/api/cors/cors-multiple-origins.sub.any.js: corsMultipleOrigins(originList)
{
  const file = 'fetch/api/cors/cors-multiple-origins.sub.any.js';
  for (const list of [['""', 'http://example.com', PAGE_ORIGIN], ['""', 'http://example.com', '*'], ['""', PAGE_ORIGIN, PAGE_ORIGIN], ['*', 'http://example.com', '*'], ['*', 'http://example.com', PAGE_ORIGIN], ['', 'http://example.com', 'https://example2.com']]) {
    add(file, `Listing multiple origins is illegal: ${list.join(',')}`, call('GET'), preflightPy({ origin: list.join(', ') }), { outcome: 'refused' });
  }
}

// fetch/api/cors/cors-filtering.sub.any.js: corsFilter(corsUrl, headerName, headerValue, isFiltered), corsExposeFilter(corsUrl, headerName, headerValue, isForbidden, withCredentials)
{
  const file = 'fetch/api/cors/cors-filtering.sub.any.js';
  const corsFilter = (headerName: string, headerValue: string, isFiltered: boolean) =>
    add(file, `CORS filter on ${headerName} header`, call('GET'), topTxt([[headerName, headerValue], ['Access-Control-Allow-Origin', '*']]), { outcome: { status: 200, reads: { [headerName.toLowerCase()]: isFiltered ? null : headerValue } } });
  const corsExposeFilter = (headerName: string, headerValue: string, isForbidden: boolean, withCredentials = false) =>
    add(
      file,
      `CORS filter on ${headerName} header, header is ${isForbidden ? 'forbidden' : 'exposed'}${withCredentials ? '(credentials = include)' : ''}`,
      call('GET', [], withCredentials ? 'include' : 'omit'),
      topTxt([[headerName, headerValue], ['Access-Control-Allow-Origin', PAGE_ORIGIN], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Expose-Headers', headerName]]),
      { outcome: { status: 200, reads: { [headerName.toLowerCase()]: isForbidden ? null : headerValue } } },
    );
  corsFilter('Cache-Control', 'no-cache', false);
  corsFilter('Content-Language', 'fr', false);
  corsFilter('Content-Type', 'text/html', false);
  corsFilter('Expires', '04 May 1988 22:22:22 GMT', false);
  corsFilter('Last-Modified', '04 May 1988 22:22:22 GMT', false);
  corsFilter('Pragma', 'no-cache', false);
  corsFilter('Content-Length', '3', false);
  corsFilter('Age', '27', true);
  corsFilter('Server', 'wptServe', true);
  corsFilter('Warning', 'Mind the gap', true);
  corsFilter('Set-Cookie', 'name=value; max-age=0', true);
  corsFilter('Set-Cookie2', 'name=value; max-age=0', true);
  corsExposeFilter('Age', '27', false);
  corsExposeFilter('Server', 'wptServe', false);
  corsExposeFilter('Warning', 'Mind the gap', false);
  corsExposeFilter('Set-Cookie', 'name=value; max-age=0', true);
  corsExposeFilter('Set-Cookie2', 'name=value; max-age=0', true);
  corsExposeFilter('Set-Cookie', 'name=value; max-age=0', true, true);
  corsExposeFilter('Set-Cookie2', 'name=value; max-age=0', true, true);
}

// fetch/api/cors/cors-expose-star.sub.any.js
{
  const file = 'fetch/api/cors/cors-expose-star.sub.any.js';
  const shared: HeaderList = [['Access-Control-Expose-Headers', '*'], ['Test', 'X'], ['Set-Cookie', 'X'], ['*', 'whoa']];
  add(file, 'Basic Access-Control-Expose-Headers: * support', call('GET'), topTxt([...shared, ['Access-Control-Allow-Origin', '*']]), { outcome: { status: 200, reads: { test: 'X', 'set-cookie': null, '*': 'whoa' } } });
  add(file, '* for credentialed fetches only matches literally', call('GET', [], 'include'), topTxt([...shared, ['Access-Control-Allow-Origin', PAGE_ORIGIN], ['Access-Control-Allow-Credentials', 'true']]), {
    outcome: { status: 200, reads: { 'content-type': 'text/plain', test: null, 'set-cookie': null, '*': 'whoa' } },
  });
  add(file, '* can be one of several values', call('GET'), topTxt([...shared, ['Access-Control-Allow-Origin', '*'], ['Access-Control-Expose-Headers', 'set-cookie,*']]), { outcome: { status: 200, reads: { test: 'X', 'set-cookie': null, '*': 'whoa' } } });
}

// cors/cors-safelisted-request-header.any.js: safelist(headers, expectPreflight), a POST of "data" to cors/resources/preflight.py
{
  const file = 'cors/cors-safelisted-request-header.any.js';
  const safelist = (headers: Record<string, string>, expectPreflight = false) =>
    add(file, `${expectPreflight ? 'Preflight' : 'No preflight'} for ${JSON.stringify(headers)}`, call('POST', Object.entries(headers), 'same-origin', 'data'), corsPreflightPy(), expectPreflight ? { preflight: true, outcome: 'refused' } : { preflight: false, outcome: { status: 200, reads: { 'content-type': 'text/plain' } } });
  const contentTypes: [string, boolean?][] = [
    ['text /plain', true],
    ['text\t/\tplain', true],
    ['text/plain;'],
    ['text/plain;garbage'],
    ['text/plain;garbage\u0001\u0002', true],
    ['text/plain,', true],
    [',text/plain', true],
    ['text/plain,text/plain', true],
    ['text/plain,x/x', true],
    ['text/plain\u000B', true],
    ['text/plain\u000C', true],
    ['application/www-form-urlencoded', true],
    ['application/x-www-form-urlencoded;\u007F', true],
    ['multipart/form-data'],
    ['multipart/form-data;"', true],
  ];
  for (const [mimeType, preflight = false] of contentTypes) safelist({ 'content-type': mimeType }, preflight);
  const ranges: [string, boolean?][] = [
    ['100-200', true],
    ['MB=100-200', true],
    ['bytes=100-200'],
    ['bytes =100-200', true],
    ['bytes\t=100-200', true],
    ['bytes=  100-200', true],
    ['bytes=\t\t100-200', true],
    ['bytes= \t100-200', true],
    ['bytes=100 -200', true],
    ['bytes=100\t-200', true],
    ['bytes=100- 200', true],
    ['bytes=100-\t200', true],
    ['bytes=100-200hello', true],
    ['bytes=abc-def', true],
    ['bytes=100-200,300-400', true],
    ['bytes=-200', true],
    ['bytes=200-'],
    ['bytes=200-100', true],
    [`bytes=1${'0'.repeat(60)}-2${'0'.repeat(60)}`, true],
    ['bytes 100-200', true],
    ['bytes = 100-200', true],
    [',bytes=100-200', true],
    ['bytes=,100-200', true],
  ];
  for (const [value, preflight = false] of ranges) safelist({ range: value }, preflight);
}

// cors/simple-requests.htm: check_simple(method, headers), a synchronous XHR sending "data" to cors/resources/preflight.py
{
  const file = 'cors/simple-requests.htm';
  const checkSimple = (method: string, headers: Record<string, string>) =>
    add(file, `No preflight ${method} and ${JSON.stringify(headers)}`, call(method, Object.entries(headers), 'same-origin', method.toUpperCase() === 'POST' ? 'data' : undefined), corsPreflightPy(), {
      preflight: false,
      outcome: { status: 200, reads: { 'content-type': 'text/plain' } },
    });
  const checkSimpleHeaders = (headers: Record<string, string>) => ['GET', 'HEAD', 'POST'].forEach((method) => checkSimple(method, headers));
  checkSimpleHeaders({ Accept: 'test' });
  checkSimpleHeaders({ 'accept-language': 'test' });
  checkSimpleHeaders({ 'CONTENT-language': 'test' });
  checkSimpleHeaders({ 'Content-Type': 'application/x-www-form-urlencoded' });
  checkSimpleHeaders({ 'content-type': 'multipart/form-data' });
  checkSimpleHeaders({ 'content-type': 'text/plain' });
  checkSimpleHeaders({ accept: 'test', 'accept-language': 'test', 'content-language': 'test', 'content-type': 'text/plain; parameter=whatever' });
  checkSimple('Get', { 'content-type': 'text/plain; parameter=extra_bonus' });
  checkSimple('post', { 'content-type': 'text/plain' });
  add(file, 'Check simple headers (async)', call('POST', [['Accept', 'jewelry'], ['accept-language', 'nn_NO,nn,en'], ['content-type', 'text/plain; parameter=extra'], ['content-Language', 'nn_NO']]), corsPreflightPy(), {
    outcome: { status: 200, reads: { 'content-type': 'text/plain' } },
  });
}

// cors/request-headers.htm, synchronous XHRs to cors/resources/cors-makeheader.py
{
  const file = 'cors/request-headers.htm';
  add(file, 'basic request header', call('GET', [['x-print', 'unicorn']]), corsMakeheaderPy({ headers: 'x-print' }), { preflight: true, outcome: { status: 200 } });
  add(
    file,
    'Simple request headers need not be in allow-headers',
    call('GET', [['x-print', 'unicorn'], ['content-type', 'text/plain'], ['accept', 'test'], ['accept-language', 'nn'], ['content-language', 'nn']]),
    corsMakeheaderPy({ headers: 'x-print,' }),
    { preflight: true, requestHeaders: 'x-print', outcome: { status: 200 } },
  );
  add(file, 'Unspecified request headers are disallowed', call('GET', [['x-print', 'unicorn'], ['y-print', 'unicorn']]), corsMakeheaderPy({ headers: 'x-print' }), { outcome: 'refused' });
  add(file, 'Strange allowheaders (case insensitive)', call('GET', [['x-print', 'unicorn'], ['y-print', 'narwhal']]), corsMakeheaderPy({ headers: ',y-lol,x-PriNT, ,,,Y-PRINT' }), { preflight: true, outcome: { status: 200 } });
}

// cors/allow-headers.htm (Access-Control-Allow-Origin as the server writes it): shouldPass(origin), shouldFail(origin), synchronous XHRs to cors/resources/cors-makeheader.py
{
  const file = 'cors/allow-headers.htm';
  const host = 'frontend.example';
  const shouldPass = (origin: string) =>
    add(file, `Allow origin: ${origin.replace(/\t/g, '[tab]').replace(/ /g, '_')}`, call('GET'), corsMakeheaderPy({ origin }), { outcome: { status: 200 } });
  const shouldFail = (origin: string) => add(file, `Disallow origin: ${origin}`, call('GET'), corsMakeheaderPy({ origin }), { outcome: 'refused' });
  for (const origin of ['*', ' *  ', '\t*', PAGE_ORIGIN, ` ${PAGE_ORIGIN}`, ` ${PAGE_ORIGIN}   \t `, `\t${PAGE_ORIGIN}`]) shouldPass(origin);
  for (const origin of [
    `https://www1.${host}`,
    `//${host}`,
    `://${host}`,
    `ftp://${host}`,
    `http:://${host}`,
    `http:/${host}`,
    `http:${host}`,
    host,
    `${PAGE_ORIGIN}?`,
    `${PAGE_ORIGIN}/`,
    `${PAGE_ORIGIN} /`,
    `${PAGE_ORIGIN}#`,
    `${PAGE_ORIGIN}%23`,
    `${PAGE_ORIGIN}:80`,
    `${PAGE_ORIGIN}, *`,
    `${PAGE_ORIGIN}\0`,
    PAGE_ORIGIN.toUpperCase(),
    `HTTPS://${host}`,
    '-',
    '**',
    '\0*',
    '*\0',
    "'*'",
    '"*"',
    '* *',
    '*https://*',
    `*${PAGE_ORIGIN}`,
    `* ${PAGE_ORIGIN}`,
    `*, ${PAGE_ORIGIN}`,
    `\0${PAGE_ORIGIN}`,
    `null ${PAGE_ORIGIN}`,
    'http://example.net',
    'null',
    '',
    `${PAGE_ORIGIN}/cors/allow-headers.htm`,
    `${PAGE_ORIGIN}/cors/`,
    'http://www1.web-platform.test:8000/cors/',
  ]) {
    shouldFail(origin);
  }
}

// cors/credentials-flag.htm: test_response_header(allow), a credentialed XHR to cors/resources/cors-makeheader.py?credentials=allow
{
  const file = 'cors/credentials-flag.htm';
  for (const allow of ['TRUE', 'True', '"true"', 'false', '1', '0']) {
    add(file, `Access-Control-Allow-Credentials: ${allow} should be disallowed (async)`, call('GET', [], 'include'), corsMakeheaderPy({ credentials: allow }), { outcome: 'refused' });
  }
}

// cors/status-preflight.htm: statusAfterPreflight(method, code), with the request header x-nonsimple
{
  const file = 'cors/status-preflight.htm';
  const statusAfterPreflight = (method: string, code: number) =>
    add(file, `CORS - status after preflight on ${method} ${code}`, call(method, [['x-nonsimple', 'true']]), statusPy({ code, headers: 'x-nonsimple', preflight: 200 }), { preflight: true, outcome: { status: code } });
  for (const [method, code] of [['GET', 200], ['GET', 204], ['GET', 400], ['GET', 401], ['HEAD', 200], ['HEAD', 204], ['HEAD', 400], ['HEAD', 401], ['HEAD', 501], ['HEAD', 699], ['POST', 204], ['POST', 400], ['POST', 401], ['POST', 404], ['PUT', 699], ['CHICKEN', 501]] as const) {
    statusAfterPreflight(method, code);
  }
}

// cors/response-headers.htm, XHRs to cors/resources/cors-headers.py (getResponseHeader is Headers.get here)
{
  const file = 'cors/response-headers.htm';
  const check = (desc: string, reads: Record<string, string | null>) => add(file, desc, call('GET'), corsHeadersPy(), { preflight: false, outcome: { status: 200, reads } });
  check('getResponseHeader: Expose Access-Control-Expose-Headers (x-custom-header-comma)', { 'x-custom-header-comma': '1, 2' });
  check('getResponseHeader: Expose second Access-Control-Expose-Headers (x-second-expose)', { 'x-second-expose': 'flyingpig' });
  check('getResponseHeader: x-custom-header bytes', { 'x-custom-header-bytes': '\xE2\x80\xA6' });
  check('getResponseHeader: Exposed server field readable (Date)', { date: 'Tue, 01 Dec 2026 00:00:00 GMT' });
  for (const [head, value] of [['Cache-Control', 'no-cache'], ['Content-Language', 'nn'], ['Expires', 'Thu, 01 Dec 1994 16:00:00 GMT'], ['Last-Modified', 'Thu, 01 Dec 1994 10:00:00 GMT'], ['Pragma', 'no-cache']]) {
    check(`getResponseHeader: ${head}: readable by default`, { [head.toLowerCase()]: value });
  }
  for (const head of ['Server', 'X-Powered-By']) check(`getResponseHeader: ${head}: unreadable by default`, { [head.toLowerCase()]: null });
  check('getResponseHeader: Combined testing of cors response headers', {
    'x-custom-header': 'test',
    'x-custom-header-empty': '',
    'set-cookie': null,
    'set-cookie2': null,
    'x-non-existent-header': null,
    'x-nonexposed': null,
  });
  check("getResponse: don't expose x-nonexposed", { 'x-custom-header': 'test', 'x-nonexposed': null });
}

// cors/access-control-expose-headers-parsing.window.js over cors/resources/access-control-expose-headers.json, answered by cors/resources/expose-headers.py
{
  const file = 'cors/access-control-expose-headers-parsing.window.js';
  const E = 'Access-Control-Expose-Headers';
  const rows: [input: string, fields: HeaderList, exposed: boolean][] = [
    [`access-control-expose-headers: BB-8`, [['access-control-expose-headers', 'BB-8']], true],
    [`${E}: bb-8, ##%%&^&^*()()11!`, [[E, 'bb-8, ##%%&^&^*()()11!']], false],
    [`${E}: bb-8, no no`, [[E, 'bb-8, no no']], false],
    [`${E}: ##%%&^&^*()()11!, bb-8`, [[E, '##%%&^&^*()()11!, bb-8']], false],
    [`${E}: bb-8\r\n${E}: no`, [[E, 'bb-8'], [E, 'no']], true],
    [`${E}: bb-8\r\n${E}: no no`, [[E, 'bb-8'], [E, 'no no']], false],
    [`${E}: no\r\n${E}: bb-8`, [[E, 'no'], [E, 'bb-8']], true],
    [`${E}:\r\n${E}: bb-8`, [[E, ''], [E, 'bb-8']], true],
    [`${E}: ,bb-8`, [[E, ',bb-8']], true],
    [`${E}: bb-8\u000C`, [[E, 'bb-8\u000C']], false],
    [`${E}: bb-8\u000B`, [[E, 'bb-8\u000B']], false],
    [`${E}: bb-8\u000B,bb-8`, [[E, 'bb-8\u000B,bb-8']], false],
    [`${E}: 'bb-8'`, [[E, "'bb-8'"]], false],
    [`${E}: 'bb-8',bb-8`, [[E, "'bb-8',bb-8"]], true],
    [`${E}: "bb-8",bb-8`, [[E, '"bb-8",bb-8']], false],
  ];
  for (const [input, fields, exposed] of rows) {
    add(file, `Parsing: ${encodeURIComponent(input)}`, call('GET'), exposeHeadersPy(fields), { outcome: { status: 221, reads: { 'content-language': 'mkay', 'bb-8': exposed ? 'hey' : null } } });
  }
}

// The 1,024-byte limit on safelisted values (Fetch "CORS-unsafe request-header names"), which WPT tests for no-cors
// Headers in fetch/api/headers/headers-no-cors.any.js; here for a cors fetch(), counting the Accept: */* fetch() adds.
{
  const file = 'fetch.spec.whatwg.org#cors-unsafe-request-header-names';
  const languages = (total: number): [string, string][] => {
    const headers: [string, string][] = [];
    for (let left = total; left > 0; left -= 127) headers.push(['Content-Language', 'a'.repeat(Math.min(127, left))]);
    return headers;
  };
  const allow = preflightPy({ allow_headers: 'accept, content-language' });
  add(file, 'No preflight for safelisted values of 1,024 bytes in all, with the Accept: */* fetch() adds', call('GET', languages(1021)), allow, { preflight: false, outcome: { status: 200 } });
  add(file, 'Preflight for safelisted values of 1,025 bytes in all, with the Accept: */* fetch() adds: every safelisted name is asked for', call('GET', languages(1022)), allow, {
    preflight: true,
    requestHeaders: 'accept,content-language',
    outcome: { status: 200 },
  });
  add(file, "No preflight for safelisted values of 1,024 bytes in all, with the script's own one-byte Accept", call('GET', [...languages(1023), ['Accept', 'x']]), allow, { preflight: false, outcome: { status: 200 } });
  add(file, "Preflight for safelisted values of 1,025 bytes in all, with the script's own one-byte Accept", call('GET', [...languages(1024), ['Accept', 'x']]), allow, {
    preflight: true,
    requestHeaders: 'accept,content-language',
    outcome: { status: 200 },
  });  // A header list keeps a repeated name as separate headers (Fetch "append"), each judged on its own value.
  add(file, 'No preflight for two Content-Language values of 100 bytes each, each safelisted on its own', call('GET', [['Content-Language', 'a'.repeat(100)], ['Content-Language', 'b'.repeat(100)]]), allow, {
    preflight: false,
    outcome: { status: 200 },
  });
}

/** Every case, in the order of the tables above. */
export const WPT_CASES: readonly WptCase[] = cases;
