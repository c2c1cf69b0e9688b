/**
 * The document's promises judged once (rules/promises.ts), as facts: the
 * rule, the kind of failure as a value, the evidence's JSON pointer and the
 * facts a message needs. Each question the sentence and the audit once
 * answered apart is decided here, with the source that decides it.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { HeaderList } from '../../http/header-list';
import { shopDocument } from '../support/shop-document';
import { parseDocument, resolveDocument } from '../../openapi/load';
import { operationsOf, type Operation } from '../../openapi/operations';
import { declaredHeadersSent, isBodyless, judgePromises, parseJsonBody, type Answer } from '../../rules/promises';

const DOCUMENT = shopDocument(
  {
    Item: {
      type: 'object',
      required: ['id', 'name'],
      additionalProperties: false,
      properties: { id: { type: 'integer' }, name: { type: 'string' }, note: { type: 'string' } },
    },
  },
  {
    '/api/none': { get: { responses: {} } },
    '/api/empty': { get: { responses: { '200': { description: 'no return value' }, '304': { description: 'not modified' } } } },
  },
);

const P = '#/paths/~1api~1items~1{item_id}/get';
let item: Operation;
let any: Operation;
let none: Operation;
let empty: Operation;
before(async () => {
  const resolved = await resolveDocument(parseDocument(JSON.stringify(DOCUMENT), 'shop.json'));
  [item, any, none, empty] = operationsOf(resolved);
});
const json: HeaderList = [['Content-Type', 'application/json']];
const counted: HeaderList = [['X-Total-Count', '5']];
const answer = (status: number, headers: HeaderList, text = '', method = 'GET'): Answer => ({ method, status, headers, text });
const judged = (operation: Operation, given: Answer) => judgePromises({ operation, family: '3.0' }, given);
/** "rule kind pointer" of each failure. */
const facts = (operation: Operation, given: Answer) => judged(operation, given).failures.map((f) => `${f.rule} ${f.kind} ${f.evidence.pointer}`);

describe('the status (OpenAPI 3 Responses Object)', () => {
  it('a declared status gives the response that applies', () => assert.equal(judged(item, answer(200, [...json, ...counted], '{"id":1,"name":"T"}')).declared?.status, '200'));
  it('a status in a declared range gives the range', () => assert.equal(judged(item, answer(404, [['Content-Type', 'application/problem+json']], '{}')).declared?.status, '4XX'));
  it('default covers any status', () => assert.equal(judged(any, answer(503, [])).declared?.status, 'default'));
  it('an undeclared status says what is declared, and where', () => {
    const [failure] = judged(item, answer(500, json, '{}')).failures;
    assert.deepEqual([failure.rule, failure.kind, failure.evidence.pointer, failure.facts], ['undeclared-status', 'not-declared', `${P}/responses`, { status: 500, declared: ['200', '4XX'] }]);
  });
  it('an operation that declares nothing', () => assert.deepEqual(facts(none, answer(200, [])), ['undeclared-status not-declared #/paths/~1api~1none/get/responses']));
});

describe('decided: which answers have no body (RFC 9110 §6.4.1)', () => {
  it('HEAD, 1xx, 204 and 304 are bodyless; the rest are not', () => {
    assert.deepEqual(
      [['HEAD', 200], ['GET', 101], ['GET', 204], ['GET', 304], ['GET', 200], ['GET', 205], ['POST', 201]].map(([method, status]) => isBodyless({ method: method as string, status: status as number })),
      [true, true, true, true, false, false, false],
    );
  });
  it('a 304 carrying a stale Content-Type has no media type to judge', () => assert.deepEqual(facts(empty, answer(304, [['Content-Type', 'text/html']])), []));
  it('a HEAD answer is judged for its headers, not its media type', () => assert.deepEqual(facts(item, answer(200, [['Content-Type', 'text/html']], '', 'HEAD')), [`declared-header-missing required-missing ${P}/responses/200/headers/X-Total-Count`]));
});

describe('decided: a body where the document declares no content (OpenAPI: a Response Object without content has no return value)', () => {
  it('is content-type-mismatch, body-not-declared, at the response', () => {
    const [failure] = judged(empty, answer(200, json, '{"detail": "x"}')).failures;
    assert.deepEqual([failure.rule, failure.kind, failure.evidence.pointer], ['content-type-mismatch', 'body-not-declared', '#/paths/~1api~1empty/get/responses/200']);
    assert.deepEqual(failure.facts, { status: 200, declaredFor: '200', declared: [], contentType: 'application/json', essence: 'application/json', bytes: 15 });
  });
  it('no body there keeps the promise', () => assert.deepEqual(facts(empty, answer(200, [])), []));
});

describe('decided: no Content-Type where the document declares content (RFC 9110 §8.3; OpenAPI Media Type Object)', () => {
  it('with an empty body: no-content-type', () => assert.deepEqual(facts(item, answer(200, counted, '')), [`content-type-mismatch no-content-type ${P}/responses/200/content`]));
  it('with a body: no-content-type', () => assert.deepEqual(facts(item, answer(200, counted, '{"id":1,"name":"T"}')), [`content-type-mismatch no-content-type ${P}/responses/200/content`]));
  it('an undeclared media type: undeclared-media-type', () => assert.deepEqual(facts(item, answer(200, [['Content-Type', 'text/html'], ...counted], '<p>')), [`content-type-mismatch undeclared-media-type ${P}/responses/200/content`]));
  it('an empty body served as JSON is not JSON: schema-mismatch, not-json', () => assert.deepEqual(facts(item, answer(200, [...json, ...counted], '')), [`schema-mismatch not-json ${P}/responses/200/content/application~1json/schema`]));
});

describe('decided: an optional declared header that is absent (OpenAPI Header Object: required defaults to false)', () => {
  it('keeps the promise; a required one absent is declared-header-missing', () =>
    assert.deepEqual(facts(item, answer(200, json, '{"id":1,"name":"T"}')), [`declared-header-missing required-missing ${P}/responses/200/headers/X-Total-Count`]));
  it('present, every declared header keeps it', () => assert.deepEqual(facts(item, answer(200, [...json, ...counted, ['X-Request-Id', '0b6b6a3e-5d1f-4c1e-9a4e-8f5b0f2f6c11']], '{"id":1,"name":"T"}')), []));
  it('a value that does not fit its schema: declared-header-mismatch at the schema', () => {
    const [failure] = judged(item, answer(200, [...json, ['X-Total-Count', 'many']], '{"id":1,"name":"T"}')).failures;
    assert.deepEqual([failure.rule, failure.kind, failure.evidence.pointer], ['declared-header-mismatch', 'value-mismatch', `${P}/responses/200/headers/X-Total-Count/schema`]);
  });
});

describe('the body (OpenAPI Schema Object)', () => {
  const ok = (body: unknown) => answer(200, [...json, ...counted], JSON.stringify(body));
  it('a body that fits keeps the promise', () => assert.deepEqual(facts(item, ok({ id: 1, name: 'Teapot' })), []));
  it('a wrong type is a violation, with the keyword\'s pointer', () => assert.deepEqual(facts(item, ok({ id: 'x', name: 'Teapot' })), [`schema-mismatch violations ${P}/responses/200/content/application~1json/schema/properties/id/type`]));
  it('a null in an optional field is set apart, not a failure', () => {
    const verdict = judged(item, ok({ id: 1, name: 'Teapot', note: null }));
    assert.deepEqual([verdict.failures, verdict.optionalNulls], [[], ['/note']]);
  });
  it('a field under additionalProperties: false is undeclared, once: its additionalProperties violation is not said again', () => {
    const [failure, ...rest] = judged(item, ok({ id: 1, name: 'Teapot', password: 'secret' })).failures;
    assert.deepEqual(rest, []);
    assert.equal(failure.rule, 'undeclared-field');
    assert.deepEqual(failure.facts, { fields: [{ pointer: '/password', general: '/password', kind: { type: 'string', size: 6 } }] });
  });
  it('a body that is not JSON says why', () => {
    const [failure] = judged(item, answer(200, [...json, ...counted], '{')).failures;
    assert.equal(`${failure.rule} ${failure.kind}`, 'schema-mismatch not-json');
  });
});

describe('parseJsonBody', () => {
  it('a JSON body parses', () => assert.deepEqual(parseJsonBody(json, '{"a":1}'), { value: { a: 1 } }));
  it('a +json media type counts as JSON', () => assert.deepEqual(parseJsonBody([['Content-Type', 'application/problem+json']], '[]'), { value: [] }));
  it('a body that is not JSON says why', () => assert.ok('error' in parseJsonBody(json, '{')!));
  it('a body that is not served as JSON is not read', () => assert.equal(parseJsonBody([['Content-Type', 'text/plain']], '{}'), undefined));
});

describe('declaredHeadersSent', () => {
  it('the declared headers that arrived, without Set-Cookie, by any case', () =>
    assert.deepEqual(
      declaredHeadersSent(item.responses['200'], [['x-total-count', '1'], ['Set-Cookie', 'a=b']]).map((h) => h.name),
      ['X-Total-Count'],
    ));
  it("never the CORS protocol's own headers, even declared: the browser reads them, not the script (apidapp.com declares Access-Control-Allow-Origin)", () => {
    const response = item.responses['200'];
    const declaring = { ...response, headers: { ...response.headers, 'Access-Control-Allow-Origin': { ...Object.values(response.headers)[0], name: 'Access-Control-Allow-Origin' } } };
    assert.deepEqual(
      declaredHeadersSent(declaring, [['x-total-count', '1'], ['access-control-allow-origin', 'https://app.example']]).map((h) => h.name),
      ['X-Total-Count'],
    );
  });
});
