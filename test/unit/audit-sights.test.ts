/**
 * The browsers' second opinion, asked once per CORS situation
 * (runner/audit/sights.ts): two calls alike in everything a browser's
 * verdict reads share one fetch; a difference in any of it is a fetch of
 * its own; a redirect or a Set-Cookie is never shared.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserScripts } from '../../browser/browser-scripts';
import type { Exchange } from '../../http/client';
import type { HeaderList } from '../../http/header-list';
import { TimeoutBreaker } from '../../http/client';
import { corsRequestOf, type RouteEvidence } from '../../runner/audit/inspect';
import type { PlannedCall } from '../../runner/audit/plan';
import { BrowserSights, corsSituation } from '../../runner/audit/sights';

const ORIGIN = 'https://app.example';
const GRANT: [string, string][] = [['access-control-allow-origin', ORIGIN], ['access-control-allow-credentials', 'true'], ['access-control-expose-headers', 'X-Total-Count'], ['vary', 'Origin']];
const exchange = (status: number, headers: [string, string][], path = '/api/r0'): Exchange => ({ request: { method: 'GET', url: `http://api.test${path}` }, status, headers: headers as HeaderList, text: '' });
const called = (path: string, headers: [string, string][], options: { status?: number; method?: string; author?: HeaderList; preflight?: Exchange } = {}): [PlannedCall, RouteEvidence] => {
  const route = { method: options.method ?? 'GET', path };
  const actual = exchange(options.status ?? 200, [['date', `Wed, 02 Dec 2026 20:0${path.length % 10}:00 GMT`], ['content-length', String(path.length)], ...headers], path);
  const request = corsRequestOf(route, ORIGIN, options.author ?? []);
  return [{ route, send: 'request' }, { route, request, actual, probe: actual, nullProbe: actual, ...(options.preflight === undefined ? {} : { preflight: options.preflight }) }];
};
const key = (c: [PlannedCall, RouteEvidence]) => corsSituation(c[0], c[1], 'include');

describe('a CORS situation: what a browser verdict on a fetch reads', () => {
  it('two operations answered alike (their paths, dates and lengths aside) are one situation', () => {
    assert.equal(key(called('/api/r0', GRANT)), key(called('/api/r1234', GRANT)));
  });
  it('another Access-Control-* value, another header name, another status, method, author header or preflight answer is another', () => {
    const base = key(called('/api/r0', GRANT));
    const others = [
      called('/api/r1', [...GRANT.slice(0, 2), ['access-control-expose-headers', 'X-Other']]),
      called('/api/r1', [...GRANT, ['x-request-id', '7']]),
      called('/api/r1', GRANT, { status: 404 }),
      called('/api/r1', GRANT, { method: 'HEAD' }),
      called('/api/r1', GRANT, { author: [['Authorization', 'Bearer t']] }),
      called('/api/r1', GRANT, { preflight: exchange(204, [['access-control-allow-origin', ORIGIN]]) }),
    ].map(key);
    for (const other of others) assert.notEqual(other, base);
    assert.equal(new Set(others).size, others.length);
  });
  it('a redirect (the browser follows it, the model does not) and an answer setting a cookie are never shared', () => {
    assert.equal(key(called('/api/r0', [...GRANT, ['location', '/api/r1']], { status: 302 })), undefined);
    assert.equal(key(called('/api/r0', [...GRANT, ['set-cookie', 'sid=1']])), undefined);
  });
});

describe('the sights of calls, one set of fetches per situation', () => {
  const counting = () => {
    const fetched: string[] = [];
    const scripts = { fetch: async (_origin: string, request: { url: string }) => (fetched.push(request.url), { ok: true, status: 200, headers: GRANT }) } as unknown as BrowserScripts;
    const sights = new BrowserSights({ engines: ['chromium'], scripts: async () => scripts, gate: (task) => task(), origin: ORIGIN, urlFor: (path) => `http://api.test${path}`, credentials: 'include', timeoutMs: 1000, breaker: new TimeoutBreaker() });
    return { fetched, sights };
  };
  it('calls alike share the first one\'s fetch, and its verdict', async () => {
    const { fetched, sights } = counting();
    const views = await Promise.all(['/api/r0', '/api/r1', '/api/r2'].map((path) => sights.of(...called(path, GRANT))));
    assert.deepEqual(fetched, ['http://api.test/api/r0']);
    assert.deepEqual(views[2], [{ engine: 'Chromium', granted: true, readable: ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-expose-headers', 'vary'] }]);
  });
  it('after an answer that sets a cookie, a situation seen before is fetched again (the browser may now send the cookie)', async () => {
    const { fetched, sights } = counting();
    await sights.of(...called('/api/r0', GRANT));
    await sights.of(...called('/api/login', [...GRANT, ['set-cookie', 'sid=1']]));
    await sights.of(...called('/api/r1', GRANT));
    await sights.of(...called('/api/r2', GRANT));
    assert.deepEqual(fetched, ['http://api.test/api/r0', 'http://api.test/api/login', 'http://api.test/api/r1']);
  });
});
