import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedDocument } from '../../openapi/document';
import { parseDocument, resolveDocument } from '../../openapi/load';
import { contentFor, isSafe, operationsOf, responseFor, type Operation } from '../../openapi/operations';
import { instancePointerOf, pointerOf } from '../../openapi/pointer';

async function load(name: string): Promise<ResolvedDocument> {
  return resolveDocument(parseDocument(readFileSync(path.join(__dirname, '..', 'fixtures', 'openapi', name), 'utf8'), name));
}

function find(operations: readonly Operation[], method: string, template: string): Operation {
  const found = operations.find((o) => o.method === method && o.path === template);
  assert.ok(found, `no ${method} ${template}`);
  return found;
}

describe('JSON pointers (RFC 6901)', () => {
  const rows: [(string | number)[], string][] = [
    [['paths', '/api/items/{item_id}', 'get'], '#/paths/~1api~1items~1{item_id}/get'],
    [['paths', '/a~b', 'get'], '#/paths/~1a~0b/get'],
    [['paths', '/~1', 'get'], '#/paths/~1~01/get'],
    [['content', 'application/json'], '#/content/application~1json'],
    [[], '#'],
  ];
  for (const [tokens, pointer] of rows) it(`${JSON.stringify(tokens)} is ${pointer}`, () => assert.equal(pointerOf(tokens), pointer));
  it('an instance pointer has no "#", and the whole body is ""', () => assert.deepEqual([instancePointerOf(['items', 0, 'a/b']), instancePointerOf([])], ['/items/0/a~1b', '']));
});

describe('the operations of a FastAPI 0.92 document', () => {
  let operations: Operation[];
  before(async () => {
    operations = operationsOf(await load('fastapi-0.92.json'));
  });
  it('every operation is listed, path by path, with its method in upper case', () =>
    assert.deepEqual(operations.map((o) => `${o.method} ${o.path}`), ['GET /api/items', 'POST /api/items', 'GET /api/items/{item_id}', 'GET /api/search', 'GET /api/categories']));
  it('each has the operationId FastAPI gave it', () => assert.equal(find(operations, 'GET', '/api/items/{item_id}').operationId, 'read_item_api_items__item_id__get'));
  it('each has its JSON pointer, escaped by RFC 6901', () => assert.equal(find(operations, 'GET', '/api/items/{item_id}').pointer, '#/paths/~1api~1items~1{item_id}/get'));
  it('a path parameter is required, and carries its example', () => {
    const [itemId] = find(operations, 'GET', '/api/items/{item_id}').parameters;
    assert.deepEqual([itemId.name, itemId.in, itemId.required, itemId.example, itemId.pointer], ['item_id', 'path', true, 42, '#/paths/~1api~1items~1{item_id}/get/parameters/0']);
  });
  it('an enum query parameter\'s schema is the resolved enum', () => {
    const kind = find(operations, 'GET', '/api/search').parameters[0];
    assert.deepEqual((kind.schema as { enum: string[] }).enum, ['book', 'game']);
  });
  it('query parameters default to style form, exploded; path parameters to simple, not exploded', () => {
    const [kind] = find(operations, 'GET', '/api/search').parameters;
    const [itemId] = find(operations, 'GET', '/api/items/{item_id}').parameters;
    assert.deepEqual([kind.style, kind.explode, itemId.style, itemId.explode], ['form', true, 'simple', false]);
  });
  it('responses are keyed by status as written', () => assert.deepEqual(Object.keys(find(operations, 'GET', '/api/items/{item_id}').responses), ['200', '404', '422']));
  it('a response\'s content maps each media type to its schema and pointer', () => {
    const media = find(operations, 'GET', '/api/items').responses['200'].content['application/json'];
    assert.equal((media.schema as { type: string }).type, 'array');
    assert.equal(media.pointer, '#/paths/~1api~1items/get/responses/200/content/application~1json');
  });
  it('a declared response header has its schema, whether it is required, and its pointer', () => {
    const header = find(operations, 'GET', '/api/items').responses['200'].headers['X-Total-Count'];
    assert.deepEqual([header.required, header.schema, header.pointer], [false, { type: 'integer' }, '#/paths/~1api~1items/get/responses/200/headers/X-Total-Count']);
  });
  it('a response without content has none', () => assert.deepEqual(find(operations, 'GET', '/api/items/{item_id}').responses['404'].content, {}));
  it('a POST has its request body', () => {
    const body = find(operations, 'POST', '/api/items').requestBody;
    assert.deepEqual([body?.required, Object.keys(body?.content ?? {}), body?.pointer], [true, ['application/json'], '#/paths/~1api~1items/post/requestBody']);
  });
  it('an operation without a body has none', () => assert.equal(find(operations, 'GET', '/api/items').requestBody, undefined));
});

describe('the operations of a hand-written OpenAPI 3.1 document', () => {
  let orders: Operation;
  before(async () => {
    orders = find(operationsOf(await load('shop-3.1.yaml')), 'GET', '/api/users/{user_id}/orders/{order_id}');
  });
  it('path-level and operation-level parameters are merged, in order', () => assert.deepEqual(orders.parameters.map((p) => `${p.in} ${p.name}`), ['path user_id', 'path order_id', 'query status', 'query since', 'query verbose']));
  it('an operation-level parameter wins over a path-level one of the same name and location', () => {
    const userId = orders.parameters[0];
    assert.deepEqual([userId.example, userId.pointer], [7, '#/paths/~1api~1users~1{user_id}~1orders~1{order_id}/get/parameters/0']);
  });
  it('a path-level parameter keeps its own pointer', () => assert.equal(orders.parameters[1].pointer, '#/paths/~1api~1users~1{user_id}~1orders~1{order_id}/parameters/1'));
  it('Example Objects are read by their values', () => assert.deepEqual(orders.parameters[1].examples, ['0b6b6a3e-5d1f-4c1e-9a4e-8f5b0f2f6c11']));
  it('an optional query parameter is not required', () => assert.equal(orders.parameters[4].required, false));
  it('range and default responses are kept by their keys', () => assert.deepEqual(Object.keys(orders.responses), ['200', '4XX', 'default']));
  it('a declared required header is required', () => assert.equal(orders.responses['200'].headers['X-Rate-Limit-Remaining'].required, true));
  it('a declared Content-Type header is ignored, as OpenAPI says', () => assert.deepEqual(Object.keys(orders.responses['200'].headers), ['X-Rate-Limit-Remaining', 'X-Tags']));
  it('a $ref\'d response has its content, pointed to as reached from the operation', () => {
    const problem = orders.responses['4XX'].content['application/problem+json'];
    assert.equal(problem.pointer, '#/paths/~1api~1users~1{user_id}~1orders~1{order_id}/get/responses/4XX/content/application~1problem+json');
  });
});

describe('safe methods: the ones the audit calls on its own', () => {
  const rows: [string, boolean][] = [['GET', true], ['HEAD', true], ['get', true], ['OPTIONS', false], ['TRACE', false], ['POST', false], ['PUT', false], ['PATCH', false], ['DELETE', false]];
  for (const [method, safe] of rows) it(`${method} is ${safe ? '' : 'not '}called`, () => assert.equal(isSafe(method), safe));
});

describe('the response declared for a status: the exact code, then its range, then default', () => {
  let fastapi: Operation;
  let shop: Operation;
  before(async () => {
    fastapi = find(operationsOf(await load('fastapi-0.92.json')), 'GET', '/api/items/{item_id}');
    shop = find(operationsOf(await load('shop-3.1.yaml')), 'GET', '/api/users/{user_id}/orders/{order_id}');
  });
  it('200 is the "200" response', () => assert.equal(responseFor(fastapi, 200)?.status, '200'));
  it('404 is the "4XX" response when there is no "404"', () => assert.equal(responseFor(shop, 404)?.status, '4XX'));
  it('an exact code wins over its range', () => {
    const both: Operation = { ...shop, responses: { '4XX': shop.responses['4XX'], '404': { ...shop.responses['4XX'], status: '404' } } };
    assert.equal(responseFor(both, 404)?.status, '404');
  });
  it('a range may be written "4xx"', () => assert.equal(responseFor({ ...shop, responses: { '4xx': { ...shop.responses['4XX'], status: '4xx' } } }, 418)?.status, '4xx'));
  it('500 is the "default" response when nothing closer is declared', () => assert.equal(responseFor(shop, 500)?.status, 'default'));
  it('a status the document does not declare has no response', () => assert.equal(responseFor(fastapi, 500), undefined));
});

describe('the media type declared for a Content-Type, by essence, then type/*, then */*', () => {
  let operation: Operation;
  before(async () => {
    operation = find(operationsOf(await load('shop-3.1.yaml')), 'GET', '/api/users/{user_id}/orders/{order_id}');
  });
  const response = () => operation.responses['200'];
  const withContent = (...types: string[]) => ({ ...response(), content: Object.fromEntries(types.map((t) => [t, { ...response().content['application/json'], mediaType: t }])) });
  it('parameters and case aside: "Application/JSON; charset=utf-8" is application/json', () => assert.equal(contentFor(response(), 'Application/JSON; charset=utf-8')?.mediaType, 'application/json'));
  it('a type the response does not declare is undefined', () => assert.equal(contentFor(response(), 'text/html'), undefined));
  it('no Content-Type is undefined', () => assert.equal(contentFor(response(), null), undefined));
  it('"application/*" declares any application type', () => assert.equal(contentFor(withContent('text/plain', 'application/*'), 'application/xml')?.mediaType, 'application/*'));
  it('"*/*" declares anything', () => assert.equal(contentFor(withContent('*/*'), 'image/png')?.mediaType, '*/*'));
  it('the exact type wins over a range', () => assert.equal(contentFor(withContent('*/*', 'application/*', 'application/json'), 'application/json')?.mediaType, 'application/json'));
});
