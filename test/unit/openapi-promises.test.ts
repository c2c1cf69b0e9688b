/**
 * The document's promises judged once, as facts (openapi/promises.ts): the
 * declared response that applies or what is declared instead, the media
 * type, the body's violations (optional nulls apart) and undeclared fields,
 * each declared header missing or not fitting, with the JSON pointers. The
 * audit and the sentences word these facts their own ways.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { HeaderList } from '../../http/header-list';
import { shopDocument } from '../support/shop-document';
import { parseDocument, resolveDocument } from '../../openapi/load';
import { operationsOf, responseFor, contentFor, type Operation } from '../../openapi/operations';
import { declaredHeadersSent, judgeBody, judgeHeaders, judgeMediaType, judgeStatus, parseJsonBody } from '../../openapi/promises';

const DOCUMENT = shopDocument({
  Item: {
    type: 'object',
    required: ['id', 'name'],
    additionalProperties: false,
    properties: { id: { type: 'integer' }, name: { type: 'string' }, note: { type: 'string' } },
  },
}, { '/api/none': { get: { responses: {} } } });

const P = '#/paths/~1api~1items~1{item_id}/get';
let item: Operation;
let any: Operation;
let none: Operation;
before(async () => {
  const resolved = await resolveDocument(parseDocument(JSON.stringify(DOCUMENT), 'shop.json'));
  [item, any, none] = operationsOf(resolved);
});
const ok = () => responseFor(item, 200)!;
const json: HeaderList = [['Content-Type', 'application/json']];

describe('judgeStatus', () => {
  it('a declared status gives the response that applies', () => {
    const judged = judgeStatus(item, 200);
    assert.equal(judged.declared, true);
    assert.equal(judged.declared && judged.response.status, '200');
  });
  it('a status in a declared range gives the range', () => {
    const judged = judgeStatus(item, 404);
    assert.equal(judged.declared && judged.response.status, '4XX');
  });
  it('default covers any status', () => assert.equal(judgeStatus(any, 503).declared, true));
  it('an undeclared status gives what is declared, and where', () =>
    assert.deepEqual(judgeStatus(item, 500), { declared: false, statuses: ['200', '4XX'], pointer: `${P}/responses` }));
  it('an operation that declares nothing', () => assert.deepEqual(judgeStatus(none, 200), { declared: false, statuses: [], pointer: '#/paths/~1api~1none/get/responses' }));
});

describe('judgeMediaType', () => {
  it('a declared media type, with parameters, is found', () => {
    const judged = judgeMediaType(ok(), [['Content-Type', 'application/json; charset=utf-8']]);
    assert.deepEqual(judged.declared, ['application/json']);
    assert.equal(judged.contentType, 'application/json; charset=utf-8');
    assert.equal(judged.media?.mediaType, 'application/json');
    assert.equal(judged.pointer, `${P}/responses/200/content`);
  });
  it('an undeclared one is not', () => assert.equal(judgeMediaType(ok(), [['Content-Type', 'text/html']]).media, undefined));
  it('no Content-Type at all', () => {
    const judged = judgeMediaType(ok(), []);
    assert.equal(judged.contentType, null);
    assert.equal(judged.media, undefined);
  });
  it('a response declared without content declares no media type', () => assert.deepEqual(judgeMediaType(responseFor(any, 200)!, [['Content-Type', 'text/plain']]).declared, []));
});

describe('parseJsonBody', () => {
  it('a JSON body parses', () => assert.deepEqual(parseJsonBody(json, '{"a":1}'), { value: { a: 1 } }));
  it('a +json media type counts as JSON', () => assert.deepEqual(parseJsonBody([['Content-Type', 'application/problem+json']], '[]'), { value: [] }));
  it('a body that is not JSON says why', () => assert.ok('error' in parseJsonBody(json, '{')!));
  it('an empty JSON body does not parse', () => assert.ok('error' in parseJsonBody(json, '')!));
  it('a body that is not served as JSON is not read', () => assert.equal(parseJsonBody([['Content-Type', 'text/plain']], '{}'), undefined));
});

describe('judgeBody', () => {
  const media = () => contentFor(ok(), 'application/json');
  it('a body that fits has nothing to say', () =>
    assert.deepEqual(judgeBody(media(), { id: 1, name: 'Teapot' }, '3.0'), { schemaPointer: `${P}/responses/200/content/application~1json/schema`, violations: [], optionalNulls: [], undeclared: [] }));
  it('a media type without a schema promises nothing', () => assert.equal(judgeBody(contentFor(responseFor(any, 200)!, 'text/plain'), {}, '3.0'), undefined));
  it('a wrong type is a violation, with its pointers', () => {
    const judged = judgeBody(media(), { id: 'x', name: 'Teapot' }, '3.0')!;
    assert.equal(judged.violations.length, 1);
    assert.equal(judged.violations[0].pointer, '/id');
    assert.match(judged.violations[0].schemaPointer, /\/schema/);
  });
  it('a null in an optional field is set apart', () => {
    const judged = judgeBody(media(), { id: 1, name: 'Teapot', note: null }, '3.0')!;
    assert.deepEqual(judged.violations, []);
    assert.deepEqual(
      judged.optionalNulls.map((v) => v.pointer),
      ['/note'],
    );
  });
  it('an undeclared field is named, and its additionalProperties violation kept for the caller to weigh', () => {
    const judged = judgeBody(media(), { id: 1, name: 'Teapot', password: 's' }, '3.0')!;
    assert.deepEqual(judged.undeclared, ['/password']);
    assert.deepEqual(
      judged.violations.map((v) => v.keyword),
      ['additionalProperties'],
    );
  });
});

describe('judgeHeaders', () => {
  it('headers present that fit give nothing', () => assert.deepEqual(judgeHeaders(ok(), [['X-Total-Count', '5'], ['X-Request-Id', '0b6b6a3e-5d1f-4c1e-9a4e-8f5b0f2f6c11'], ['Set-Cookie', 'a=b']], '3.0'), []));
  it('each missing header, required or not, in the document\'s order', () =>
    assert.deepEqual(
      judgeHeaders(ok(), [], '3.0').map((j) => [j.kind, j.header.name, j.kind === 'missing' && j.required, j.pointer]),
      [
        ['missing', 'X-Total-Count', true, `${P}/responses/200/headers/X-Total-Count`],
        ['missing', 'X-Request-Id', false, `${P}/responses/200/headers/X-Request-Id`],
        ['missing', 'Set-Cookie', false, `${P}/responses/200/headers/Set-Cookie`],
      ],
    ));
  it('a value that does not fit its schema says why, with the schema\'s pointer', () => {
    const [judged] = judgeHeaders(ok(), [['X-Total-Count', 'many'], ['X-Request-Id', '0b6b6a3e-5d1f-4c1e-9a4e-8f5b0f2f6c11'], ['Set-Cookie', 'a=b']], '3.0');
    assert.equal(judged.kind, 'mismatch');
    if (judged.kind !== 'mismatch') return;
    assert.equal(judged.value, 'many');
    assert.equal(typeof judged.why, 'string');
    assert.equal(judged.schemaPointer, `${P}/responses/200/headers/X-Total-Count/schema`);
  });
});

describe('declaredHeadersSent', () => {
  it('the declared headers that arrived, without Set-Cookie, by any case', () =>
    assert.deepEqual(
      declaredHeadersSent(ok(), [['x-total-count', '1'], ['Set-Cookie', 'a=b']]).map((h) => h.name),
      ['X-Total-Count'],
    ));
});
