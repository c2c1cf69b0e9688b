import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Schema } from '../../openapi/document';
import { parseDocument, resolveDocument } from '../../openapi/load';
import { operationsOf, type MediaTypeObject, type Operation } from '../../openapi/operations';
import { sampleBody } from '../../openapi/samples';
import { validatorFor } from '../../openapi/schema';

async function operation(name: string, method: string, template: string): Promise<Operation> {
  const doc = await resolveDocument(parseDocument(readFileSync(path.join(__dirname, '..', 'fixtures', 'openapi', name), 'utf8'), name));
  const found = operationsOf(doc).find((o) => o.method === method && o.path === template);
  assert.ok(found);
  return found;
}

function taking(content: Record<string, Partial<MediaTypeObject>>): Operation {
  const media = Object.fromEntries(Object.entries(content).map(([mediaType, m]) => [mediaType, { mediaType, schema: undefined, example: undefined, examples: [], pointer: '#/x', ...m }]));
  return { method: 'POST', path: '/x', operationId: undefined, pointer: '#/paths/~1x/post', parameters: [], requestBody: { required: true, content: media, pointer: '#/x' }, responses: {} };
}

describe('a request body for --unsafe, from the document\'s example or its schema', () => {
  it('FastAPI 0.92: the model\'s schema_extra example', async () =>
    assert.deepEqual(sampleBody(await operation('fastapi-0.92.json', 'POST', '/api/items')), { mediaType: 'application/json', text: '{"name":"Dune","price":9.5,"kind":"book"}', from: 'schema example' }));
  it('OpenAPI 3.1: the media type\'s first Example Object', async () =>
    assert.deepEqual(sampleBody(await operation('shop-3.1.yaml', 'POST', '/api/orders')), { mediaType: 'application/json', text: '{"id":1,"note":null,"lines":[]}', from: 'examples' }));
  const rows: [string, Partial<MediaTypeObject>, unknown, string][] = [
    ['the media type\'s example wins', { example: { a: 1 }, examples: [{ a: 2 }], schema: { example: { a: 3 } } }, { a: 1 }, 'example'],
    ['then its first examples', { examples: [{ a: 2 }, { a: 4 }], schema: { example: { a: 3 } } }, { a: 2 }, 'examples'],
    ['then the schema\'s example', { schema: { type: 'object', example: { a: 3 }, examples: [{ a: 5 }] } }, { a: 3 }, 'schema example'],
    ['then the schema\'s first examples (3.1)', { schema: { type: 'object', examples: [{ a: 5 }] } }, { a: 5 }, 'schema examples'],
  ];
  for (const [what, media, value, from] of rows) it(what, () => assert.deepEqual(sampleBody(taking({ 'application/json': media })), { mediaType: 'application/json', text: JSON.stringify(value), from }));
});

describe('a body generated from the schema by openapi-sampler', () => {
  const order: Schema = {
    type: 'object',
    required: ['sku', 'quantity'],
    properties: { id: { type: 'integer', readOnly: true }, sku: { type: 'string', minLength: 3 }, quantity: { type: 'integer', minimum: 1 }, kind: { type: 'string', enum: ['book', 'game'] }, gift: { type: 'boolean', default: true } },
  };
  const generated = () => JSON.parse(sampleBody(taking({ 'application/json': { schema: order } }))?.text ?? 'null');
  it('says it was generated', () => assert.equal(sampleBody(taking({ 'application/json': { schema: order } }))?.from, 'generated'));
  it('fits the schema it was generated from', () => assert.deepEqual(validatorFor('3.1').violations(generated(), order), []));
  it('leaves readOnly fields out: a request must not send them', () => assert.equal('id' in generated(), false));
  it('takes defaults and the first enum value', () => assert.deepEqual([generated().gift, generated().kind], [true, 'book']));
  it('a recursive schema gives a finite body', () => {
    const category: { type: string; properties: Record<string, unknown> } = { type: 'object', properties: { name: { type: 'string' } } };
    category.properties.children = { type: 'array', items: category };
    const text = sampleBody(taking({ 'application/json': { schema: category as Schema } }))?.text ?? '';
    assert.ok(JSON.parse(text).name !== undefined && text.length < 10_000, text);
  });
});

describe('which media type, and when there is none', () => {
  it('a +json media type is JSON too', () => assert.equal(sampleBody(taking({ 'application/merge-patch+json': { example: { a: 1 } } }))?.mediaType, 'application/merge-patch+json'));
  it('the JSON one is chosen among others', () => assert.equal(sampleBody(taking({ 'multipart/form-data': { example: 'x' }, 'application/json': { example: { a: 1 } } }))?.mediaType, 'application/json'));
  it('no JSON media type: undefined', () => assert.equal(sampleBody(taking({ 'application/x-www-form-urlencoded': { example: 'a=1' } })), undefined));
  it('a JSON media type without a schema or example: undefined, nothing to build from', () => assert.equal(sampleBody(taking({ 'application/json': {} })), undefined));
  it('no request body: undefined', async () => assert.equal(sampleBody(await operation('fastapi-0.92.json', 'GET', '/api/items')), undefined));
});
