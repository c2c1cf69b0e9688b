/**
 * What the audit sends for a document: safe by default (GET and HEAD
 * called, the rest only preflighted unless --unsafe), values never guessed
 * (an operation lacking one is not called, with the flag that would call
 * it), --param winning over the document, --routes in their operation's
 * place; and a few operations at a time, the report in the document's order.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, resolveDocument } from '../../openapi/load';
import { operationsOf, type Operation } from '../../openapi/operations';
import { operationFor, planAudit, planOperation, type PlanOptions } from '../../runner/audit/plan';
import { limiter, mapInOrder } from '../../runner/audit/concurrency';
import { TEST_API_DOCUMENT } from '../fixtures/openapi-api/openapi';

const EXTRA = {
  '/api/items/search': { get: { responses: { '200': { description: 'ok' } } } },
  '/api/photos': { put: { requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object' } } } }, responses: { '204': { description: 'ok' } } } },
  '/api/ping': { post: { responses: { '204': { description: 'ok' } } }, options: { responses: { '204': { description: 'ok' } } }, head: { responses: { '200': { description: 'ok' } } } },
  '/api/keys': { get: { parameters: [{ name: 'X-Api-Key', in: 'header', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'ok' } } } },
  '/api/prefs': { get: { parameters: [{ name: 'session', in: 'cookie', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'ok' } } } },
};

let operations: Operation[];
const find = (label: string) => operations.find((o) => `${o.method} ${o.path}` === label)!;
before(async () => {
  const document = { ...TEST_API_DOCUMENT, paths: { ...TEST_API_DOCUMENT.paths, ...EXTRA } };
  operations = operationsOf(await resolveDocument(parseDocument(JSON.stringify(document), 'test.json')));
});

const options = (extra: Partial<PlanOptions> = {}): PlanOptions => ({ origin: 'https://app.example', headers: [], params: {}, unsafe: false, ...extra });

describe('planOperation: safe by default', () => {
  it('a GET is called, on its path with the example of its path parameter', () => assert.deepEqual(planOperation(find('GET /api/items/{item_id}'), options()), { route: { method: 'GET', path: '/api/items/1' }, operation: find('GET /api/items/{item_id}'), send: 'request', values: [{ name: 'item_id', value: 1, from: 'example' }] }));
  it('--param wins over the example', () => assert.equal((planOperation(find('GET /api/items/{item_id}'), options({ params: { item_id: '7' } })) as { route: { path: string } }).route.path, '/api/items/7'));
  it('a GET lacking a required query value is not called, naming the flag', () =>
    assert.deepEqual(planOperation(find('GET /api/search'), options()), { operation: find('GET /api/search'), reason: 'needs a value for q, and the document gives no example, default or enum', flag: '--param q=VALUE', missing: ['q'] }));
  it('--param fills it in', () => assert.equal((planOperation(find('GET /api/search'), options({ params: { q: 'tea' } })) as { route: { path: string } }).route.path, '/api/search?q=tea'));
  it('a HEAD is called too', () => assert.equal((planOperation(find('HEAD /api/ping'), options()) as { send: string }).send, 'request'));
  it('a POST with a JSON body only has its preflight sent, which asks for Content-Type', () => assert.deepEqual(planOperation(find('POST /api/items'), options()), { route: { method: 'POST', path: '/api/items', body: '{}' }, operation: find('POST /api/items'), send: 'preflight' }));
  it('a DELETE only has its preflight sent', () => assert.equal((planOperation(find('DELETE /api/items/{item_id}'), options()) as { send: string }).send, 'preflight'));
  it('a POST a browser sends without a preflight is not called without --unsafe', () =>
    assert.deepEqual(planOperation(find('POST /api/ping'), options()), { operation: find('POST /api/ping'), reason: 'not sent without --unsafe, and a browser sends it without a preflight, so there is nothing safe to check', flag: '--unsafe' }));
  it('…unless the script sets a header that needs one', () => assert.equal((planOperation(find('POST /api/ping'), options({ headers: [['Authorization', 'Bearer x']] })) as { send: string }).send, 'preflight'));
  it('OPTIONS is the audit\'s own', () => assert.match((planOperation(find('OPTIONS /api/ping'), options()) as { reason: string }).reason, /^OPTIONS is the preflight's method/));
  it('a required header parameter not given by --header: not called, naming --header', () => assert.deepEqual(planOperation(find('GET /api/keys'), options()), { operation: find('GET /api/keys'), reason: 'needs the header X-Api-Key', flag: '--header "X-Api-Key: VALUE"' }));
  it('…given by --header (any case): called', () => assert.equal((planOperation(find('GET /api/keys'), options({ headers: [['x-api-key', 'k']] })) as { send: string }).send, 'request'));
  it('a required cookie: not called, and no flag can', () => assert.deepEqual(planOperation(find('GET /api/prefs'), options()), { operation: find('GET /api/prefs'), reason: 'needs the cookie session, which a browser sends by itself and the audit cannot', flag: null }));
});

describe('planOperation with --unsafe', () => {
  it('a POST is sent with a body from the schema, saying so', () =>
    assert.deepEqual(planOperation(find('POST /api/items'), options({ unsafe: true })), { route: { method: 'POST', path: '/api/items', body: '{"name":"Teapot","price":0}' }, operation: find('POST /api/items'), send: 'request', bodyFrom: 'generated' }));
  it('a DELETE is sent', () => assert.deepEqual(planOperation(find('DELETE /api/items/{item_id}'), options({ unsafe: true })), { route: { method: 'DELETE', path: '/api/items/1' }, operation: find('DELETE /api/items/{item_id}'), send: 'request', values: [{ name: 'item_id', value: 1, from: 'example' }] }));
  it('a form body is not built', () => assert.deepEqual(planOperation(find('PUT /api/photos'), options({ unsafe: true })), { operation: find('PUT /api/photos'), reason: 'takes a multipart/form-data body, which the audit does not build', flag: null }));
});

describe('operationFor: the operation a --route calls', () => {
  it('by method and template', () => assert.equal(operationFor({ method: 'GET', path: '/api/items/5?x=1' }, operations)?.path, '/api/items/{item_id}'));
  it('the most literal template first', () => assert.equal(operationFor({ method: 'GET', path: '/api/items/search' }, operations)?.path, '/api/items/search'));
  it('a parameter is one segment', () => assert.equal(operationFor({ method: 'GET', path: '/api/items/5/6' }, operations), undefined));
  it('the method counts', () => assert.equal(operationFor({ method: 'PATCH', path: '/api/items/5' }, operations), undefined));
});

describe('planAudit', () => {
  it('the document\'s order; a --route in the place of its operation, which is not called again; the others at the end', () => {
    const plan = planAudit(operations, [{ method: 'GET', path: '/health' }, { method: 'GET', path: '/api/items/2' }], options());
    assert.deepEqual(plan.calls.map((c) => `${c.send} ${c.route.method} ${c.route.path} ${c.operation?.path ?? '-'}${c.byHand ? ' by hand' : ''}`), [
      'request GET /api/items /api/items',
      'preflight POST /api/items /api/items',
      'request GET /api/items/2 /api/items/{item_id} by hand',
      'preflight DELETE /api/items/1 /api/items/{item_id}',
      'request GET /api/categories /api/categories',
      'request GET /api/items/search /api/items/search',
      'preflight PUT /api/photos /api/photos',
      'request HEAD /api/ping /api/ping',
      'request GET /health - by hand',
    ]);
    assert.deepEqual(plan.skipped.map((s) => `${s.operation.method} ${s.operation.path}: ${s.flag}`), ['GET /api/search: --param q=VALUE', 'OPTIONS /api/ping: null', 'POST /api/ping: --unsafe', 'GET /api/keys: --header "X-Api-Key: VALUE"', 'GET /api/prefs: null']);
  });
});

describe('mapInOrder', () => {
  it('runs at most `limit` at once and keeps the items\' order', async () => {
    let running = 0;
    let most = 0;
    const results = await mapInOrder([30, 5, 20, 1, 10, 2, 8], 3, async (ms, i) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running -= 1;
      return i;
    });
    assert.deepEqual(results, [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(most, 3);
  });
  it('starts nothing after the first failure, and rejects with it', async () => {
    const started: number[] = [];
    await assert.rejects(
      mapInOrder([0, 1, 2, 3, 4, 5], 2, async (n) => {
        started.push(n);
        if (n === 1) throw new Error('one');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }),
      /one/,
    );
    assert.ok(started.length <= 3, `started ${started.join(', ')}`);
  });
  it('an empty list', async () => assert.deepEqual(await mapInOrder([], 4, async () => 1), []));
});

describe('limiter', () => {
  it('lets at most `limit` tasks run at once, started in the order they asked', async () => {
    const gate = limiter(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const results = await Promise.all(
      [20, 5, 10, 1, 3].map((ms, i) =>
        gate(async () => {
          started.push(i);
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, ms));
          running -= 1;
          return i;
        }),
      ),
    );
    assert.deepEqual(results, [0, 1, 2, 3, 4]);
    assert.equal(most, 2);
    assert.deepEqual(started, [0, 1, 2, 3, 4]);
  });

  it('a task that fails frees its place for the next', async () => {
    const gate = limiter(1);
    const failing = gate(async () => {
      throw new Error('no');
    });
    await assert.rejects(failing, /no/);
    assert.equal(await gate(async () => 'next'), 'next');
  });
});
