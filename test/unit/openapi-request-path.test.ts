import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Schema } from '../../openapi/document';
import { parseDocument, resolveDocument } from '../../openapi/load';
import { operationsOf, type Operation, type Parameter } from '../../openapi/operations';
import { parameterValue, percentEncode, requestPath, type RequestPath } from '../../openapi/request-path';

async function operations(name: string): Promise<Operation[]> {
  return operationsOf(await resolveDocument(parseDocument(readFileSync(path.join(__dirname, '..', 'fixtures', 'openapi', name), 'utf8'), name)));
}

function find(list: readonly Operation[], method: string, template: string): Operation {
  const found = list.find((o) => o.method === method && o.path === template);
  assert.ok(found, `no ${method} ${template}`);
  return found;
}

function param(overrides: Partial<Parameter> & { name: string }): Parameter {
  return { in: 'query', required: true, schema: undefined, style: 'form', explode: true, example: undefined, examples: [], pointer: '#/x', ...overrides };
}

function op(template: string, parameters: Parameter[]): Operation {
  return { method: 'GET', path: template, operationId: undefined, pointer: '#/paths/x/get', parameters, requestBody: undefined, responses: {} };
}

function pathOf(result: RequestPath): string {
  assert.ok(result.ok, `missing: ${result.ok ? '' : result.flag}`);
  return result.path;
}

describe('a FastAPI 0.92 operation\'s concrete path', () => {
  let list: Operation[];
  before(async () => {
    list = await operations('fastapi-0.92.json');
  });
  it('a path parameter is filled from its example: /api/items/{item_id} is /api/items/42', () => assert.equal(pathOf(requestPath(find(list, 'GET', '/api/items/{item_id}'), {})), '/api/items/42'));
  it('--param wins over the example: the user said so', () => assert.equal(pathOf(requestPath(find(list, 'GET', '/api/items/{item_id}'), { item_id: '7' })), '/api/items/7'));
  it('the values say where each came from', () => {
    const result = requestPath(find(list, 'GET', '/api/items/{item_id}'), {});
    assert.deepEqual(result.ok && result.values, [{ name: 'item_id', value: 42, from: 'example' }]);
  });
  it('a required query parameter with nothing to take a value from is asked for, never guessed', () =>
    assert.deepEqual(requestPath(find(list, 'GET', '/api/search'), {}), { ok: false, missing: ['q'], flag: '--param q=VALUE' }));
  it('given by --param, it is sent; the enum parameter takes its first value', () => assert.equal(pathOf(requestPath(find(list, 'GET', '/api/search'), { q: 'dune' })), '/api/search?kind=book&q=dune'));
  it('optional query parameters are left out, defaults and all', () => assert.equal(pathOf(requestPath(find(list, 'GET', '/api/items'), {})), '/api/items'));
  it('an optional query parameter given by --param is sent', () => assert.equal(pathOf(requestPath(find(list, 'GET', '/api/items'), { limit: '5' })), '/api/items?limit=5'));
  it('a --param for a name the operation does not have is ignored', () => assert.equal(pathOf(requestPath(find(list, 'GET', '/api/items'), { user_id: '3' })), '/api/items'));
});

describe('an OpenAPI 3.1 operation with path-level parameters', () => {
  let orders: Operation;
  before(async () => {
    orders = find(await operations('shop-3.1.yaml'), 'GET', '/api/users/{user_id}/orders/{order_id}');
  });
  it('asks for the one value the document does not give', () => assert.deepEqual(requestPath(orders, {}), { ok: false, missing: ['since'], flag: '--param since=VALUE' }));
  it('fills the rest: the operation\'s example, the path level\'s examples, an enum inside anyOf', () =>
    assert.equal(pathOf(requestPath(orders, { since: '2024-01-01' })), '/api/users/7/orders/0b6b6a3e-5d1f-4c1e-9a4e-8f5b0f2f6c11?status=open&since=2024-01-01'));
});

describe('where a value comes from, first found wins', () => {
  const full: Schema = { example: 'schema-example', examples: ['schema-examples'], default: 'default', const: 'const', enum: ['enum'] };
  const rows: [string, Partial<Parameter>, Record<string, string>, unknown, string][] = [
    ['--param over everything', { example: 'example', examples: ['examples'], schema: full }, { p: 'given' }, 'given', '--param'],
    ['the parameter\'s example', { example: 'example', examples: ['examples'], schema: full }, {}, 'example', 'example'],
    ['its first examples', { examples: ['first', 'second'], schema: full }, {}, 'first', 'examples'],
    ['the schema\'s example', { schema: full }, {}, 'schema-example', 'schema example'],
    ['the schema\'s first examples (3.1)', { schema: { examples: ['a', 'b'], default: 'default' } }, {}, 'a', 'schema examples'],
    ['the default', { schema: { default: 10, enum: [5, 10] } }, {}, 10, 'default'],
    ['the const', { schema: { const: 'only', enum: ['x'] } }, {}, 'only', 'const'],
    ['the first enum value that is not null', { schema: { enum: [null, 'book', 'game'] } }, {}, 'book', 'enum'],
    ['an enum inside allOf (FastAPI 0.92\'s wrapping of a field with a default)', { schema: { allOf: [{ enum: ['book'] }] } }, {}, 'book', 'enum'],
    ['an enum inside anyOf with null (FastAPI ≥ 0.100)', { schema: { anyOf: [{ enum: ['open'] }, { type: 'null' }] } }, {}, 'open', 'enum'],
    ['an empty --param is still given', { example: 'example' }, { p: '' }, '', '--param'],
  ];
  for (const [what, overrides, given, value, from] of rows) {
    it(what, () => assert.deepEqual(parameterValue(param({ name: 'p', ...overrides }), given), { name: 'p', value, from }));
  }
  it('nothing at all is undefined', () => assert.equal(parameterValue(param({ name: 'p', schema: { type: 'string' } }), {}), undefined));
  it('a path parameter skips an empty value from the document (stoplight.io: versionId defaults to "")', () => {
    const versionId = (schema: Schema, example?: unknown) => param({ name: 'versionId', in: 'path', required: true, style: 'simple', explode: false, example, schema });
    assert.equal(parameterValue(versionId({ type: 'string', default: '' }), {}), undefined);
    assert.deepEqual(parameterValue(versionId({ type: 'string', default: 'v2' }, ''), {}), { name: 'versionId', value: 'v2', from: 'default' });
  });
  it('a query parameter keeps an empty default (?q= is a value)', () =>
    assert.deepEqual(parameterValue(param({ name: 'q', schema: { type: 'string', default: '' } }), {}), { name: 'q', value: '', from: 'default' }));
});

describe('values are percent-encoded: all but RFC 3986\'s unreserved characters', () => {
  const rows: [string, string][] = [
    ['a b', 'a%20b'], ['a/b', 'a%2Fb'], ['ü', '%C3%BC'], ["it's", 'it%27s'], ['a&b=c', 'a%26b%3Dc'], ['50%', '50%25'], ['?#', '%3F%23'], ['a,b', 'a%2Cb'], ['(*!)', '%28%2A%21%29'], ['A-z_0.9~', 'A-z_0.9~'],
  ];
  for (const [text, encoded] of rows) it(`${JSON.stringify(text)} is ${encoded}`, () => assert.equal(percentEncode(text), encoded));
  it('in the path and the query alike', () =>
    assert.equal(pathOf(requestPath(op('/files/{name}', [param({ name: 'name', in: 'path', style: 'simple', explode: false }), param({ name: 'q' })]), { name: 'a/b c', q: 'x&y' })), '/files/a%2Fb%20c?q=x%26y'));
});

describe('values are serialized by their style (OpenAPI 3 §4.8.12.4)', () => {
  const array = [3, 4, 5];
  const object = { role: 'admin', firstName: 'Alex' };
  const inPath = (style: string, explode: boolean, value: unknown) => pathOf(requestPath(op('/u/{id}', [param({ name: 'id', in: 'path', style, explode, example: value })]), {}));
  const inQuery = (style: string, explode: boolean, value: unknown) => pathOf(requestPath(op('/u', [param({ name: 'id', style, explode, example: value })]), {}));
  const rows: [string, () => string, string][] = [
    ['path simple: 5', () => inPath('simple', false, 5), '/u/5'],
    ['path simple array', () => inPath('simple', false, array), '/u/3,4,5'],
    ['path simple object', () => inPath('simple', false, object), '/u/role,admin,firstName,Alex'],
    ['path simple object, exploded', () => inPath('simple', true, object), '/u/role=admin,firstName=Alex'],
    ['path label array', () => inPath('label', false, array), '/u/.3,4,5'],
    ['path label array, exploded', () => inPath('label', true, array), '/u/.3.4.5'],
    ['path label object, exploded', () => inPath('label', true, object), '/u/.role=admin.firstName=Alex'],
    ['path matrix: 5', () => inPath('matrix', false, 5), '/u/;id=5'],
    ['path matrix array', () => inPath('matrix', false, array), '/u/;id=3,4,5'],
    ['path matrix array, exploded', () => inPath('matrix', true, array), '/u/;id=3;id=4;id=5'],
    ['path matrix object, exploded', () => inPath('matrix', true, object), '/u/;role=admin;firstName=Alex'],
    ['query form: true', () => inQuery('form', true, true), '/u?id=true'],
    ['query form array, exploded', () => inQuery('form', true, array), '/u?id=3&id=4&id=5'],
    ['query form array', () => inQuery('form', false, array), '/u?id=3,4,5'],
    ['query form object, exploded', () => inQuery('form', true, object), '/u?role=admin&firstName=Alex'],
    ['query form object', () => inQuery('form', false, object), '/u?id=role,admin,firstName,Alex'],
    ['query spaceDelimited array', () => inQuery('spaceDelimited', false, array), '/u?id=3%204%205'],
    ['query pipeDelimited array', () => inQuery('pipeDelimited', false, array), '/u?id=3%7C4%7C5'],
    ['query deepObject', () => inQuery('deepObject', true, object), '/u?id%5Brole%5D=admin&id%5BfirstName%5D=Alex'],
    ['an array\'s items are encoded one by one', () => inQuery('form', false, ['a,b', 'c d']), '/u?id=a%2Cb,c%20d'],
  ];
  for (const [what, actual, expected] of rows) it(`${what} is ${expected}`, () => assert.equal(actual(), expected));
  it('a --param value is taken as one value, not split', () => assert.equal(pathOf(requestPath(op('/u', [param({ name: 'id' })]), { id: '3,4' })), '/u?id=3%2C4'));
});

describe('what is missing is named, with the flag that supplies it', () => {
  it('every missing name, path first, then query, in order', () => {
    const operation = op('/a/{x}/b/{y}', [param({ name: 'y', in: 'path' }), param({ name: 'q' }), param({ name: 'x', in: 'path' })]);
    assert.deepEqual(requestPath(operation, {}), { ok: false, missing: ['x', 'y', 'q'], flag: '--param x=VALUE --param y=VALUE --param q=VALUE' });
  });
  it('a template variable the document does not declare is asked for too', () => assert.deepEqual(requestPath(op('/a/{x}', []), {}), { ok: false, missing: ['x'], flag: '--param x=VALUE' }));
  it('and filled by --param', () => assert.equal(pathOf(requestPath(op('/a/{x}', []), { x: '1' })), '/a/1'));
  it('header and cookie parameters are not part of the path', () => assert.equal(pathOf(requestPath(op('/a', [param({ name: 'X-Key', in: 'header' }), param({ name: 'session', in: 'cookie' })]), {})), '/a'));
});

describe('requestPath: values the API gave, asked after the user and the document', () => {
  const fromAnswer = (parameter: Parameter) => ({ name: parameter.name, value: 'from-answer', from: 'answer' as const, detail: 'answer of GET /things at /0/slug' });
  it('a path parameter the document gives nothing for takes what the API gave, and says where it came from', () => {
    const result = requestPath(op('/things/{slug}', [param({ name: 'slug', in: 'path', style: 'simple', explode: false })]), {}, fromAnswer);
    assert.deepEqual(result, { ok: true, path: '/things/from-answer', values: [{ name: 'slug', value: 'from-answer', from: 'answer', detail: 'answer of GET /things at /0/slug' }] });
  });
  it("the document's example wins over what the API gave", () => assert.equal(pathOf(requestPath(op('/things/{slug}', [param({ name: 'slug', in: 'path', style: 'simple', explode: false, example: 'documented' })]), {}, fromAnswer)), '/things/documented'));
  it('--param wins over both', () => assert.equal(pathOf(requestPath(op('/things/{slug}', [param({ name: 'slug', in: 'path', style: 'simple', explode: false, example: 'documented' })]), { slug: 'given' }, fromAnswer)), '/things/given'));
  it('nothing from the API: still lacking, with its flag', () => assert.deepEqual(requestPath(op('/things/{slug}', [param({ name: 'slug', in: 'path', style: 'simple', explode: false })]), {}, () => undefined), { ok: false, missing: ['slug'], flag: '--param slug=VALUE' }));
});
