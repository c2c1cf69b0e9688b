/**
 * Values from the API itself (runner/audit/values.ts, openapi/links.ts): a
 * parameter the document gives no value for takes one the API returned, by
 * a link or by a field of the same name (or a thing's id), the nearest
 * answer first; never a value the API did not return, never one that does
 * not fit the parameter's schema. And --param scoped to one operation.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, resolveDocument } from '../../openapi/load';
import type { ResolvedDocument } from '../../openapi/document';
import { evaluate, linksOf, valueAtPointer, type LinkContext } from '../../openapi/links';
import { operationsOf, type Operation } from '../../openapi/operations';
import { Harvest, checkParamScopes, paramsFor, sameName } from '../../runner/audit/values';
import { planAudit } from '../../runner/audit/plan';
import { parseParams } from '../../runner/configuration/values';
import { UsageError } from '../../runner/configuration';

const ok = (schema?: object, links?: object) => ({ '200': { description: 'ok', ...(schema === undefined ? {} : { content: { 'application/json': { schema } } }), ...(links === undefined ? {} : { links }) } });
const inPath = (name: string, schema: object = { type: 'string' }) => ({ name, in: 'path', required: true, schema });
const DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 'conduit', version: '1' },
  paths: {
    '/api/articles': { get: { operationId: 'list_articles', responses: ok({ type: 'object' }, { Author: { operationId: 'get_profile', parameters: { username: '$response.body#/articles/1/author/username' } } }) } },
    '/api/articles/{slug}': { get: { operationId: 'get_article', parameters: [inPath('slug')], responses: ok({ type: 'object' }, { Comments: { operationRef: '#/paths/~1api~1articles~1{slug}~1comments/get', parameters: { 'path.slug': '$request.path.slug' } } }) } },
    '/api/articles/{slug}/comments': { get: { parameters: [inPath('slug')], responses: ok() } },
    '/api/articles/{slug}/comments/{id}': { get: { parameters: [inPath('slug'), inPath('id', { type: 'integer' })], responses: ok() } },
    '/api/profiles/{username}': { get: { operationId: 'get_profile', parameters: [inPath('username')], responses: ok() } },
    '/api/things': { get: { responses: ok() } },
    '/api/things/{thing_id}': { get: { parameters: [inPath('thing_id', { type: 'integer' })], responses: ok() } },
    '/api/categories/{categoryId}': { get: { parameters: [inPath('categoryId', { type: 'integer' })], responses: ok() } },
    '/api/drafts/{draft_id}': { get: { parameters: [inPath('draft_id', { type: 'integer' })], responses: ok() } },
    '/api/codes/{code}': { get: { parameters: [inPath('code', { type: 'string', pattern: '^[A-Z]{3}$' })], responses: ok() } },
  },
};

let document: ResolvedDocument;
let operations: Operation[];
const find = (template: string) => operations.find((o) => o.path === template)!;
const parameter = (template: string, name: string) => find(template).parameters.find((p) => p.name === name)!;
const json = (body: unknown, status = 200) => ({ status, headers: [['Content-Type', 'application/json']] as [string, string][], text: JSON.stringify(body) });
const ARTICLES = { articles: [{ slug: 'dragons', author: { username: 'jake' } }, { slug: 'kitchen', author: { username: 'anna' } }], articlesCount: 2 };

before(async () => {
  document = await resolveDocument(parseDocument(JSON.stringify(DOCUMENT), 'conduit.json'));
  operations = operationsOf(document);
});

const called = (template: string, path = template) => ({ method: 'GET', path, operation: find(template), values: [] });

describe('Harvest: a field of the same name, at any depth of an answer', () => {
  it('a list supplies {slug} from articles[].slug, and says where', () => {
    const harvest = new Harvest(document, operations);
    harvest.add(called('/api/articles'), json(ARTICLES), 'http://api/api/articles');
    assert.deepEqual(harvest.valueFor(find('/api/articles/{slug}'), parameter('/api/articles/{slug}', 'slug')), { name: 'slug', value: 'dragons', from: 'answer', detail: 'answer of GET /api/articles at /articles/0/slug' });
  });
  it('and {username} from articles[].author.username (by a route that is no operation: no link applies)', () => {
    const harvest = new Harvest(document, operations);
    harvest.add({ method: 'GET', path: '/api/articles', values: [] }, json(ARTICLES), 'http://api/api/articles');
    assert.deepEqual(harvest.valueFor(find('/api/profiles/{username}'), parameter('/api/profiles/{username}', 'username')), { name: 'username', value: 'jake', from: 'answer', detail: 'answer of GET /api/articles at /articles/0/author/username' });
  });
  it('nothing received, nothing given', () => assert.equal(new Harvest(document, operations).valueFor(find('/api/profiles/{username}'), parameter('/api/profiles/{username}', 'username')), undefined));
  it('user_name in an answer is {username}', () => {
    const harvest = new Harvest(document, operations);
    harvest.add({ method: 'GET', path: '/api/tags', values: [] }, json({ users: [{ user_name: 'bob' }] }), 'http://api/api/tags');
    assert.equal(harvest.valueFor(find('/api/profiles/{username}'), parameter('/api/profiles/{username}', 'username'))?.value, 'bob');
  });
  it('names compare without case, _ or -', () => assert.equal(sameName('Item-ID'), sameName('item_id')));
  it('a value the API never returned is never used: {draft_id} stays lacking', () => {
    const harvest = new Harvest(document, operations);
    harvest.add(called('/api/articles'), json(ARTICLES), 'http://api/api/articles');
    assert.equal(harvest.valueFor(find('/api/drafts/{draft_id}'), parameter('/api/drafts/{draft_id}', 'draft_id')), undefined);
  });
  it('a value that does not fit the parameter\'s schema is not used', () => {
    const harvest = new Harvest(document, operations);
    harvest.add({ method: 'GET', path: '/api/x', values: [] }, json({ code: 'abcd' }), 'http://api/api/x');
    assert.equal(harvest.valueFor(find('/api/codes/{code}'), parameter('/api/codes/{code}', 'code')), undefined);
    harvest.add({ method: 'GET', path: '/api/y', values: [] }, json({ code: 'EUR' }), 'http://api/api/y');
    assert.equal(harvest.valueFor(find('/api/codes/{code}'), parameter('/api/codes/{code}', 'code'))?.value, 'EUR');
  });
  it('only a 2xx JSON answer supplies values', () => {
    const harvest = new Harvest(document, operations);
    harvest.add(called('/api/articles'), json(ARTICLES, 404), 'http://api/api/articles');
    harvest.add(called('/api/articles'), { status: 200, headers: [['Content-Type', 'text/html']], text: JSON.stringify(ARTICLES) }, 'http://api/api/articles');
    assert.deepEqual(harvest.harvested('slug'), []);
  });
  it('objects, arrays, booleans and empty strings are never values', () => {
    const harvest = new Harvest(document, operations);
    harvest.add({ method: 'GET', path: '/api/x', values: [] }, json({ slug: true, items: [{ slug: '' }, { slug: { a: 1 } }] }), 'http://api/api/x');
    assert.deepEqual(harvest.harvested('slug'), []);
  });
  it('harvested(name): every value returned for the name, for "an id the list did not return"', () => {
    const harvest = new Harvest(document, operations);
    harvest.add(called('/api/articles'), json(ARTICLES), 'http://api/api/articles');
    assert.deepEqual(harvest.harvested('slug'), ['dragons', 'kitchen']);
  });
});

describe("Harvest: a thing's id for {thing_id}", () => {
  it('an item of the collection /things supplies its id to {thing_id}', () => {
    const harvest = new Harvest(document, operations);
    harvest.add(called('/api/things'), json([{ id: 7, name: 'a' }]), 'http://api/api/things');
    assert.deepEqual(harvest.valueFor(find('/api/things/{thing_id}'), parameter('/api/things/{thing_id}', 'thing_id')), { name: 'thing_id', value: 7, from: 'answer', detail: 'answer of GET /api/things at /0/id' });
  });
  it('an id held by "categories" supplies {categoryId}, from any answer', () => {
    const harvest = new Harvest(document, operations);
    harvest.add({ method: 'GET', path: '/api/menu', values: [] }, json({ id: 1, categories: [{ id: 12 }] }), 'http://api/api/menu');
    assert.equal(harvest.valueFor(find('/api/categories/{categoryId}'), parameter('/api/categories/{categoryId}', 'categoryId'))?.value, 12);
  });
  it('an id of another thing is not a thing_id', () => {
    const harvest = new Harvest(document, operations);
    harvest.add({ method: 'GET', path: '/api/menu', values: [] }, json({ id: 1, categories: [{ id: 12 }] }), 'http://api/api/menu');
    assert.equal(harvest.valueFor(find('/api/things/{thing_id}'), parameter('/api/things/{thing_id}', 'thing_id')), undefined);
  });
  it('the nearest answer wins: {id} under /comments takes the comments\' id, not another list\'s', () => {
    const harvest = new Harvest(document, operations);
    harvest.add(called('/api/things'), json([{ id: 99 }]), 'http://api/api/things');
    harvest.add({ method: 'GET', path: '/api/articles/dragons/comments', operation: find('/api/articles/{slug}/comments'), values: [] }, json({ comments: [{ id: 4 }] }), 'http://api/x');
    assert.equal(harvest.valueFor(find('/api/articles/{slug}/comments/{id}'), parameter('/api/articles/{slug}/comments/{id}', 'id'))?.value, 4);
  });
  it('a plain {id} is never another thing\'s: only another list\'s ids, none given (notion\'s /v1/databases/{id} got a comment\'s)', () => {
    const harvest = new Harvest(document, operations);
    harvest.add(called('/api/things'), json([{ id: 99 }]), 'http://api/api/things');
    harvest.add({ method: 'GET', path: '/api/menu', values: [] }, json({ categories: [{ id: 12 }] }), 'http://api/api/menu');
    assert.equal(harvest.valueFor(find('/api/articles/{slug}/comments/{id}'), parameter('/api/articles/{slug}/comments/{id}', 'id')), undefined);
  });
  it('a plain {id} takes an id held under its thing\'s name, from any answer', () => {
    const harvest = new Harvest(document, operations);
    harvest.add({ method: 'GET', path: '/api/feed', values: [] }, json({ comments: [{ id: 5 }], things: [{ id: 99 }] }), 'http://api/api/feed');
    assert.equal(harvest.valueFor(find('/api/articles/{slug}/comments/{id}'), parameter('/api/articles/{slug}/comments/{id}', 'id'))?.value, 5);
  });
});

describe("the document's links", () => {
  it('are read by operationId and by a local operationRef', () => {
    const links = linksOf(document, operations);
    assert.deepEqual([...links.entries()].map(([from, list]) => `${from.path} → ${list.map((l) => `${l.name}: ${l.target.path}`).join(', ')}`), ['/api/articles → Author: /api/profiles/{username}', '/api/articles/{slug} → Comments: /api/articles/{slug}/comments']);
  });
  const context: LinkContext = { url: 'http://api/x', method: 'GET', request: { path: { id: 5 }, query: { q: 'tea' }, headers: [] }, response: { status: 201, headers: [['Location', '/x/5']], body: { items: [{ 'a/b': 1 }] } } };
  for (const [expression, value] of [
    ['$response.body#/items/0/a~1b', 1],
    ['$request.path.id', 5],
    ['$request.query.q', 'tea'],
    ['$response.header.location', '/x/5'],
    ['$statusCode', 201],
    ['constant', 'constant'],
    ['$response.body#/items/3', undefined],
    ['$request.path.nope', undefined],
  ] as const) it(`${expression} → ${String(value)}`, () => assert.equal(evaluate(expression, context), value));
  it('a JSON pointer names nothing past the answer', () => assert.equal(valueAtPointer({ a: [1] }, '/a/1'), undefined));
  it("a link's value wins over an answer's, and says which link", () => {
    const harvest = new Harvest(document, operations);
    harvest.add(called('/api/articles'), json(ARTICLES), 'http://api/api/articles');
    assert.deepEqual(harvest.valueFor(find('/api/profiles/{username}'), parameter('/api/profiles/{username}', 'username')), { name: 'username', value: 'anna', from: 'link', detail: 'link "Author" from GET /api/articles (operationId list_articles)' });
  });
  it('$request.path carries the value the request was built with', () => {
    const harvest = new Harvest(document, operations);
    harvest.add({ method: 'GET', path: '/api/articles/kitchen', operation: find('/api/articles/{slug}'), values: [{ name: 'slug', value: 'kitchen', from: '--param' }] }, json({}), 'http://api/api/articles/kitchen');
    assert.equal(harvest.valueFor(find('/api/articles/{slug}/comments'), parameter('/api/articles/{slug}/comments', 'slug'))?.detail, 'link "Comments" from GET /api/articles/{slug} (operationId get_article)');
  });
});

describe('--param scoped to one operation', () => {
  it('"METHOD /path:NAME=VALUE" is read with the method upper case', () => assert.deepEqual(parseParams(['get /api/items/{item_id}:item_id=5', 'item_id=1']), { 'GET /api/items/{item_id}:item_id': '5', item_id: '1' }));
  it('a name with a space that is no scope is a usage error', () => assert.throws(() => parseParams(['GET /api/items=5']), UsageError));
  it('applies to its operation only, and wins over the global one', () => {
    const params = { 'GET /api/articles/{slug}:slug': 'kitchen', slug: 'dragons' };
    assert.deepEqual(paramsFor(find('/api/articles/{slug}'), params), { slug: 'kitchen' });
    assert.deepEqual(paramsFor(find('/api/articles/{slug}/comments'), params), { slug: 'dragons' });
  });
  it('a scope naming no operation of the document is refused, naming the nearest', () =>
    assert.throws(() => checkParamScopes({ 'GET /api/article/{slug}:slug': 'x' }, operations), (error: Error) => error.name === 'AuditError' && /no operation GET \/api\/article\/\{slug\}; the nearest is "GET \/api\/articles\/\{slug\}"/.test(error.message)));
  it('the plan: each operation its own value, each value its source', () => {
    const plan = planAudit(operations, [], { origin: 'https://app.example', headers: [], params: { 'GET /api/articles/{slug}:slug': 'kitchen', slug: 'dragons', 'GET /api/articles/{slug}/comments/{id}:id': '3' }, unsafe: false });
    assert.deepEqual(
      plan.calls.filter((c) => c.values !== undefined).map((c) => `${c.route.path} ${c.values!.map((v) => `${v.name}:${v.from}`).join(',')}`),
      ['/api/articles/kitchen slug:--param', '/api/articles/dragons/comments slug:--param', '/api/articles/dragons/comments/3 slug:--param,id:--param'],
    );
  });
});

describe('Harvest: what is kept stays small', () => {
  it('a few values per answering operation, so an early long list leaves room for a later one', () => {
    const harvest = new Harvest(document, operations);
    harvest.add({ method: 'GET', path: '/api/big', values: [] }, json({ items: Array.from({ length: 40 }, (_, i) => ({ id: i + 100 })) }), 'http://api/api/big');
    harvest.add({ method: 'GET', path: '/api/articles/dragons/comments', operation: find('/api/articles/{slug}/comments'), values: [] }, json({ comments: [{ id: 4 }] }), 'http://api/x');
    assert.deepEqual(harvest.harvested('id'), [100, 101, 102, 103, 104, 105, 106, 107, 4]);
  });
});
