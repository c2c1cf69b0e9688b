/**
 * The web-platform-tests resources the cases are answered by, each written
 * from its Python (the path is the resource's in WPT): a function of the
 * arriving request and of the query parameters the test puts in the URL.
 * The stash WPT's resources keep (did a preflight come?) is not kept here:
 * the model says whether it sends one, and test/wpt/server.ts logs what the
 * browsers send.
 *
 * Derived from web-platform-tests, © web-platform-tests contributors, under
 * the 3-Clause BSD License (test/wpt/LICENSE.md).
 */
import { getCombined, type HeaderList } from '../../http/header-list';
import type { ArrivingRequest, Resource, ResourceAnswer } from './case';

const header = (request: ArrivingRequest, name: string) => getCombined(request.headers, name);

/** fetch/api/resources/preflight.py: the query parameters it reads. `origin` is a ", "-separated list, each an Access-Control-Allow-Origin field. */
export interface PreflightPyParams {
  readonly origin?: string;
  readonly credentials?: boolean;
  readonly allow_headers?: string;
  readonly allow_methods?: string;
  readonly max_age?: string;
  readonly preflight_status?: number;
}

/**
 * fetch/api/resources/preflight.py. A preflight without
 * Access-Control-Request-Method, or without `Accept: *\/*`, is answered 400.
 * The request itself exposes x-did-preflight, x-control-request-headers,
 * x-referrer, x-preflight-referrer and x-origin; x-origin is the request's Origin.
 */
export function preflightPy(params: PreflightPyParams): Resource {
  return (request) => {
    const headers: [string, string][] = [['Content-Type', 'text/plain']];
    if (params.origin !== undefined) for (const origin of params.origin.split(', ')) headers.push(['Access-Control-Allow-Origin', origin]);
    else headers.push(['Access-Control-Allow-Origin', '*']);
    if (params.credentials) headers.push(['Access-Control-Allow-Credentials', 'true']);
    if (request.method === 'OPTIONS') {
      if (header(request, 'Access-Control-Request-Method') === null) return { status: 400, headers, body: 'ERROR: No access-control-request-method in preflight!' };
      if (header(request, 'Accept') !== '*/*') return { status: 400, headers, body: 'ERROR: Invalid access in preflight!' };
      if (params.max_age !== undefined) headers.push(['Access-Control-Max-Age', params.max_age]);
      if (params.allow_headers !== undefined) headers.push(['Access-Control-Allow-Headers', params.allow_headers]);
      if (params.allow_methods !== undefined) headers.push(['Access-Control-Allow-Methods', params.allow_methods]);
      return { status: params.preflight_status ?? 200, headers, body: '' };
    }
    headers.push(['Access-Control-Expose-Headers', 'x-did-preflight, x-control-request-headers, x-referrer, x-preflight-referrer, x-origin']);
    headers.push(['x-origin', header(request, 'Origin') ?? '']);
    return { status: 200, headers, body: '' };
  };
}

/**
 * cors/resources/preflight.py: a preflight is granted the method it asks
 * for, and every answer allows only the request header x-print. The body is
 * the request's x-print, or "NO".
 */
export function corsPreflightPy(): Resource {
  return (request) => {
    const headers: [string, string][] = [['Content-Type', 'text/plain']];
    if (request.method === 'OPTIONS') {
      const method = header(request, 'Access-Control-Request-Method');
      if (method === null) return { status: 400, headers, body: 'ERROR: No access-control-request-method in preflight!' };
      headers.push(['Access-Control-Allow-Methods', method]);
    }
    headers.push(['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Headers', 'x-print']);
    return { status: 200, headers, body: header(request, 'x-print') ?? 'NO' };
  };
}

/** cors/resources/cors-makeheader.py: the parameters it reads. `origin` defaults to the request's Origin. */
export interface MakeheaderParams {
  readonly origin?: string;
  readonly headers?: string;
  readonly credentials?: string;
  readonly methods?: string;
}

/** cors/resources/cors-makeheader.py: Access-Control-* from the query; the body is the request's headers as JSON. */
export function corsMakeheaderPy(params: MakeheaderParams): Resource {
  return (request) => {
    const headers: [string, string][] = [];
    const origin = params.origin ?? header(request, 'Origin');
    if (origin !== null) headers.push(['Access-Control-Allow-Origin', origin]);
    if (params.headers !== undefined) headers.push(['Access-Control-Allow-Headers', params.headers]);
    if (params.credentials !== undefined) headers.push(['Access-Control-Allow-Credentials', params.credentials]);
    if (params.methods !== undefined) headers.push(['Access-Control-Allow-Methods', params.methods]);
    headers.push(['Content-Type', 'text/html']);
    return { status: 200, headers, body: JSON.stringify(Object.fromEntries(request.headers.map(([n, v]) => [n.toLowerCase(), v]))) };
  };
}

/**
 * cors/resources/status.py with headers=…&preflight=200&code=N: the grant
 * is the request's Origin; a preflight gets 200 and the methods GET,
 * CHICKEN, HEAD, POST and PUT; the request itself gets N, reason "OMG".
 */
export function statusPy(params: { readonly code: number; readonly headers?: string; readonly preflight?: number }): Resource {
  return (request) => {
    const headers: [string, string][] = [
      ['Access-Control-Allow-Origin', header(request, 'Origin') ?? ''],
      ['Access-Control-Expose-Headers', 'X-Request-Method'],
    ];
    if (request.method === 'OPTIONS') headers.push(['Access-Control-Allow-Methods', 'GET, CHICKEN, HEAD, POST, PUT']);
    if (params.headers !== undefined) headers.push(['Access-Control-Allow-Headers', params.headers]);
    headers.push(['X-Request-Method', request.method], ['X-A-C-Request-Method', header(request, 'Access-Control-Request-Method') ?? '']);
    const status = request.method === 'OPTIONS' && params.preflight !== undefined ? params.preflight : params.code;
    return { status, reason: 'OMG', headers, body: '' };
  };
}

/** cors/resources/cors-headers.py, with the Date and Server headers wptserve adds. */
export function corsHeadersPy(): Resource {
  return () => ({
    status: 200,
    headers: [
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Expose-Headers', 'X-Custom-Header, X-Custom-Header-Empty, X-Custom-Header-Comma, X-Custom-Header-Bytes'],
      ['Access-Control-Expose-Headers', 'X-Second-Expose'],
      ['Access-Control-Expose-Headers', 'Date'],
      ['Content-Type', 'text/plain'],
      ['X-Custom-Header', 'test'],
      ['Set-Cookie', 'test1=t1;max-age=2'],
      ['Set-Cookie2', 'test2=t2;Max-Age=2'],
      ['X-Custom-Header-Empty', ''],
      ['X-Custom-Header-Comma', '1'],
      ['X-Custom-Header-Comma', '2'],
      // "…" as the UTF-8 bytes E2 80 A6; a script reads the bytes, one code unit each.
      ['X-Custom-Header-Bytes', '\xE2\x80\xA6'],
      ['X-Nonexposed', 'unicorn'],
      ['X-Second-Expose', 'flyingpig'],
      ['Cache-Control', 'no-cache'],
      ['Content-Language', 'nn'],
      ['Expires', 'Thu, 01 Dec 1994 16:00:00 GMT'],
      ['Last-Modified', 'Thu, 01 Dec 1994 10:00:00 GMT'],
      ['Pragma', 'no-cache'],
      ['Date', 'Tue, 01 Dec 2026 00:00:00 GMT'],
      ['Server', 'BaseHTTP/0.6 Python/3.11'],
    ],
    body: 'TEST',
  });
}

/**
 * fetch/api/resources/top.txt with wptserve's header() pipe: the file
 * ("top", text/plain) with each piped header set, replacing one of the same
 * name, in order.
 */
export function topTxt(piped: HeaderList): Resource {
  return () => {
    const headers: [string, string][] = [['Content-Type', 'text/plain']];
    for (const [name, value] of piped) {
      const at = headers.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
      if (at >= 0) headers.splice(at, 1);
      headers.push([name, value]);
    }
    return { status: 200, headers, body: 'top' };
  };
}

/**
 * cors/resources/expose-headers.py: 221, Access-Control-Allow-Origin: *,
 * BB-8: hey, Content-Language: mkay, then the test's input as raw header
 * lines (it may hold several fields, and bytes such as 0x0B).
 */
export function exposeHeadersPy(fields: HeaderList): Resource {
  return (): ResourceAnswer => ({
    status: 221,
    reason: 'ALL YOUR BASE BELONG TO H1',
    headers: [['Access-Control-Allow-Origin', '*'], ['BB-8', 'hey'], ['Content-Language', 'mkay'], ...fields],
    body: '',
  });
}
