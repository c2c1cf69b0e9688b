/**
 * The document's promises, one pure function per finding id: each kept and
 * each broken, with the id, the level, the operation's template, what
 * arrived, the JSON pointer as evidence and the fix (in FastAPI's terms for
 * a FastAPI document) in the message.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { HeaderList } from '../../http/header-list';
import { shopDocument } from '../support/shop-document';
import { parseDocument, resolveDocument } from '../../openapi/load';
import { operationsOf, responseFor, contentFor, type Operation } from '../../openapi/operations';
import {
  PROMISES,
  contentTypeMismatch,
  declaredHeaderHidden,
  declaredHeaderMismatch,
  declaredHeaderMissing,
  judgePromises,
  optionalNulls,
  schemaMismatch,
  undeclaredField,
  undeclaredStatus,
  type Answer,
  type PromiseContext,
} from '../../runner/audit/promises';

const DOCUMENT = shopDocument({
  Item: {
    title: 'Item',
    type: 'object',
    required: ['id', 'name'],
    properties: { id: { type: 'integer' }, name: { type: 'string' }, note: { type: 'string' }, owner: { $ref: '#/components/schemas/Owner' } },
  },
  Owner: { type: 'object', properties: { name: { type: 'string' } } },
});

let item: Operation;
let any: Operation;
before(async () => {
  const resolved = await resolveDocument(parseDocument(JSON.stringify(DOCUMENT), 'shop.json'));
  [item, any] = operationsOf(resolved);
});

const context = (framework: PromiseContext['framework'] = null, operation = item): PromiseContext => ({ operation, family: '3.0', framework });
const json: HeaderList = [['Content-Type', 'application/json']];
const answer = (status: number, headers: HeaderList = json, text = ''): Answer => ({ status, headers, text });
const ok = (headers: HeaderList = [], body: unknown = { id: 1, name: 'Teapot' }) => answer(200, [...json, ...headers], JSON.stringify(body));
const sight = (readable: string[], granted = true) => ({ origin: 'https://shop.example', granted, readable });
const declared200 = () => responseFor(item, 200);
const media200 = () => contentFor(responseFor(item, 200)!, 'application/json');

describe('the catalogue', () => {
  it('has seven promises, each with its fixed level', () =>
    assert.deepEqual(PROMISES, {
      'declared-header-hidden': 'MUST',
      'declared-header-missing': 'SHOULD',
      'declared-header-mismatch': 'SHOULD',
      'undeclared-field': 'MUST',
      'schema-mismatch': 'MUST',
      'undeclared-status': 'SHOULD',
      'content-type-mismatch': 'SHOULD',
    }));
});

describe('declared-header-hidden (MUST)', () => {
  const headers: HeaderList = [['X-Total-Count', '5'], ['X-Request-Id', '0b6b6a3e-5d1f-4c1e-9a4e-8f5b0f2f6c11']];
  it('a declared header the script reads (exposed) is kept', () => assert.deepEqual(declaredHeaderHidden(context(), declared200(), ok(headers), sight(['x-total-count', 'X-Request-Id'])), []));
  it('a declared header that arrives but is not exposed is hidden, named with its value and pointer', () => {
    const [finding, ...rest] = declaredHeaderHidden(context(), declared200(), ok(headers), sight(['X-Request-Id']));
    assert.deepEqual(rest, []);
    assert.equal(finding.id, 'declared-header-hidden');
    assert.equal(finding.level, 'MUST');
    assert.equal(finding.pointer, '#/paths/~1api~1items~1{item_id}/get/responses/200/headers/X-Total-Count');
    assert.equal(
      finding.message,
      'GET /api/items/{item_id}: X-Total-Count arrives ("5"), as the document declares (#/paths/~1api~1items~1{item_id}/get/responses/200/headers/X-Total-Count), but a script on https://shop.example cannot read it: it is neither CORS-safelisted nor listed in Access-Control-Expose-Headers; list X-Total-Count in Access-Control-Expose-Headers',
    );
  });
  it('in FastAPI\'s terms for a FastAPI document: CORSMiddleware(expose_headers=[…])', () => assert.match(declaredHeaderHidden(context('FastAPI'), declared200(), ok(headers), sight([]))[0].message, /add "X-Total-Count" to CORSMiddleware\(expose_headers=\[…\]\)$/));
  it('a response refused whole is its own finding, not one per header', () => assert.deepEqual(declaredHeaderHidden(context(), declared200(), ok(headers), sight([], false)), []));
  it('Set-Cookie declared is never "hidden": no script may ever read it', () => assert.deepEqual(declaredHeaderHidden(context(), declared200(), ok([['X-Total-Count', '1'], ['Set-Cookie', 'a=b']]), sight(['X-Total-Count'])), []));
  it('a declared header that did not arrive is not hidden (it is missing)', () => assert.deepEqual(declaredHeaderHidden(context(), declared200(), ok(), sight([])), []));
});

describe('declared-header-missing (SHOULD, MUST when required)', () => {
  it('every declared header present is kept', () => assert.deepEqual(declaredHeaderMissing(context(), declared200(), ok([['X-Total-Count', '5'], ['X-Request-Id', 'x'], ['Set-Cookie', 'a=b']])), []));
  it('a required header absent is a MUST; an optional one a SHOULD', () => {
    const found = declaredHeaderMissing(context(), declared200(), ok([['Set-Cookie', 'a=b']]));
    assert.deepEqual(found.map((f) => [f.id, f.level, f.pointer]), [
      ['declared-header-missing', 'MUST', '#/paths/~1api~1items~1{item_id}/get/responses/200/headers/X-Total-Count'],
      ['declared-header-missing', 'SHOULD', '#/paths/~1api~1items~1{item_id}/get/responses/200/headers/X-Request-Id'],
    ]);
    assert.equal(found[0].message, 'GET /api/items/{item_id}: the document declares the header X-Total-Count as required for 200 (#/paths/~1api~1items~1{item_id}/get/responses/200/headers/X-Total-Count), and the 200 answer has none; send it, or take it out of the document');
  });
  it('names compare case-insensitively (RFC 9110 §5.1)', () => assert.deepEqual(declaredHeaderMissing(context(), declared200(), ok([['x-total-count', '5'], ['x-request-id', 'x'], ['set-cookie', 'a=b']])), []));
  it('in FastAPI\'s terms: set it on the response, or take it out of responses=', () => assert.match(declaredHeaderMissing(context('FastAPI'), declared200(), ok([['X-Request-Id', 'x'], ['Set-Cookie', 'a=b']]))[0].message, /set it in the path operation \(response\.headers\["X-Total-Count"\] = …\), or take it out of responses=\{200: \{"headers": …\}\}$/));
});

describe('declared-header-mismatch (SHOULD)', () => {
  it('values that fit their schemas are kept', () => assert.deepEqual(declaredHeaderMismatch(context(), declared200(), ok([['X-Total-Count', '5'], ['X-Request-Id', '0b6b6a3e-5d1f-4c1e-9a4e-8f5b0f2f6c11']])), []));
  it('an integer header that is not an integer', () => {
    const [finding] = declaredHeaderMismatch(context(), declared200(), ok([['X-Total-Count', 'five']]));
    assert.equal(finding.level, 'SHOULD');
    assert.equal(finding.pointer, '#/paths/~1api~1items~1{item_id}/get/responses/200/headers/X-Total-Count/schema');
    assert.equal(finding.message, 'GET /api/items/{item_id}: X-Total-Count does not fit its schema (#/paths/~1api~1items~1{item_id}/get/responses/200/headers/X-Total-Count/schema): "five" is not an integer; send a value the schema allows, or correct the schema');
  });
  it('below its minimum', () => assert.match(declaredHeaderMismatch(context(), declared200(), ok([['X-Total-Count', '-1']]))[0].message, /"-1" is a number \(-1\), the schema says at least 0/));
  it('a string header with a format it breaks', () => assert.match(declaredHeaderMismatch(context(), declared200(), ok([['X-Request-Id', 'not-a-uuid']]))[0].message, /X-Request-Id does not fit its schema .*not a valid uuid/));
});

describe('undeclared-status (SHOULD)', () => {
  it('a declared status is kept', () => assert.equal(undeclaredStatus(context(), answer(200)), null));
  it('a status its range declares (4XX) is kept', () => assert.equal(undeclaredStatus(context(), answer(404)), null));
  it('any status, where the operation has a default, is kept', () => assert.equal(undeclaredStatus(context(null, any), answer(503)), null));
  it('a status neither declared, nor in a declared range, with no default', () => {
    const finding = undeclaredStatus(context(), answer(500))!;
    assert.deepEqual([finding.id, finding.level, finding.pointer], ['undeclared-status', 'SHOULD', '#/paths/~1api~1items~1{item_id}/get/responses']);
    assert.equal(finding.message, 'GET /api/items/{item_id} answered 500 Internal Server Error, which the document does not declare (#/paths/~1api~1items~1{item_id}/get/responses has 200, 4XX, no 5XX and no default); add 500 to the operation\'s responses, or answer one of those it declares');
  });
  it('in FastAPI\'s terms: responses={…} on the path operation, or status_code= for a success', () => {
    assert.match(undeclaredStatus(context('FastAPI'), answer(500))!.message, /declare it on the path operation: responses=\{500: \{"description": "…"\}\}$/);
    assert.match(undeclaredStatus(context('FastAPI'), answer(201))!.message, /responses=\{201: \{"description": "…"\}\}, or status_code=201 when it is the answer on success$/);
  });
});

describe('content-type-mismatch (SHOULD)', () => {
  it('the declared media type, with parameters, is kept', () => assert.equal(contentTypeMismatch(context(), declared200(), answer(200, [['Content-Type', 'application/json; charset=utf-8']], '{}')), null));
  it('a problem+json error under 4XX is kept', () => assert.equal(contentTypeMismatch(context(), responseFor(item, 404), answer(404, [['Content-Type', 'application/problem+json']], '{}')), null));
  it('HTML where the document says JSON', () => {
    const finding = contentTypeMismatch(context(), declared200(), answer(200, [['Content-Type', 'text/html; charset=utf-8']], '<p>hi</p>'))!;
    assert.deepEqual([finding.id, finding.level, finding.pointer], ['content-type-mismatch', 'SHOULD', '#/paths/~1api~1items~1{item_id}/get/responses/200/content']);
    assert.equal(finding.message, 'GET /api/items/{item_id}: the 200 answer is text/html, and the document declares application/json (#/paths/~1api~1items~1{item_id}/get/responses/200/content); serve a declared media type, or declare this one');
  });
  it('a body without any Content-Type', () => assert.match(contentTypeMismatch(context(), declared200(), answer(200, [], '{}'))!.message, /the 200 answer is sent without a Content-Type/));
  it('no body and no Content-Type shows nothing to compare', () => assert.equal(contentTypeMismatch(context(), declared200(), answer(200, [], '')), null));
  it('a response declared without content promises nothing about it', () => assert.equal(contentTypeMismatch(context(null, any), responseFor(any, 200), answer(200, [['Content-Type', 'text/plain']], 'x')), null));
  it('in FastAPI\'s terms: response_class=, or return JSON', () => assert.match(contentTypeMismatch(context('FastAPI'), declared200(), answer(200, [['Content-Type', 'text/plain']], 'x'))!.message, /response_class= \(PlainTextResponse, HTMLResponse, …\) or responses=\{200: \{"content": \{"text\/plain": \{\}\}\}\}, or return JSON$/));
});

describe('undeclared-field (MUST)', () => {
  it('a body of declared fields only is kept', () => assert.equal(undeclaredField(context(), media200(), { id: 1, name: 'Teapot', owner: { name: 'Alice' } }), null));
  it('a field the model does not declare, at depth two, told by its kind and never its value', () => {
    const finding = undeclaredField(context(), media200(), { id: 1, name: 'Teapot', owner: { name: 'Alice', password: 'wonderland-7c1f' } })!;
    assert.deepEqual([finding.id, finding.level, finding.pointer], ['undeclared-field', 'MUST', '#/paths/~1api~1items~1{item_id}/get/responses/200/content/application~1json/schema']);
    assert.equal(finding.message, 'GET /api/items/{item_id}: the body has a field the response schema does not declare (#/paths/~1api~1items~1{item_id}/get/responses/200/content/application~1json/schema): /owner/password (a string of 15 characters); leave it out of the answer, or declare it in the schema if the frontend should have it');
    assert.doesNotMatch(finding.message, /wonderland/);
  });
  it('in FastAPI\'s terms: a Response returned directly is not filtered by response_model', () =>
    assert.match(undeclaredField(context('FastAPI'), media200(), { id: 1, name: 'T', secret: true })!.message, /a Response returned directly is not filtered by response_model: return the object, or build the Response from the model \(Item\); declare the field in the model if the frontend should have it$/));
});

describe('schema-mismatch (MUST)', () => {
  it('a body that fits is kept', () => assert.equal(schemaMismatch(context(), media200(), { value: { id: 1, name: 'Teapot' } }), null));
  it('a field of the wrong type, with the schema keyword\'s pointer', () => {
    const finding = schemaMismatch(context(), media200(), { value: { id: '1', name: 'Teapot' } })!;
    assert.deepEqual([finding.id, finding.level, finding.pointer], ['schema-mismatch', 'MUST', '#/paths/~1api~1items~1{item_id}/get/responses/200/content/application~1json/schema/properties/id/type']);
    assert.equal(finding.message, 'GET /api/items/{item_id}: the body does not fit the response schema (#/paths/~1api~1items~1{item_id}/get/responses/200/content/application~1json/schema/properties/id/type): /id is a string ("1"), the schema says integer; answer what the schema says, or correct the schema');
  });
  it('a required field missing', () => assert.match(schemaMismatch(context(), media200(), { value: { id: 1 } })!.message, /\/name is missing, and the schema requires it/));
  it('a body served as JSON that is not JSON', () => assert.match(schemaMismatch(context(), media200(), { error: 'Unexpected token' })!.message, /the body is served as JSON but is not JSON \(Unexpected token\)/));
  it('a null in an optional field the document omits nullable for is not a finding (FastAPI 0.92)', () => {
    assert.equal(schemaMismatch(context(), media200(), { value: { id: 1, name: 'Teapot', note: null } }), null);
    assert.deepEqual(optionalNulls(context(), media200(), { value: { id: 1, name: 'Teapot', note: null } }), ['/note']);
  });
  it('a null in a required field is one', () => assert.match(schemaMismatch(context(), media200(), { value: { id: 1, name: null } })!.message, /\/name is null, the schema says string/));
  it('in FastAPI\'s terms: a Response returned directly skips response_model\'s validation', () => assert.match(schemaMismatch(context('FastAPI'), media200(), { value: { id: 'x', name: 'T' } })!.message, /a Response returned directly skips response_model's validation: return data the model accepts, or correct the model$/));
});

describe('judgePromises: every promise on one answer', () => {
  const headers: HeaderList = [['X-Total-Count', '5'], ['X-Request-Id', '0b6b6a3e-5d1f-4c1e-9a4e-8f5b0f2f6c11'], ['Set-Cookie', 'a=b']];
  it('a kept promise gives nothing, and says which headers the status declares', () => {
    const verdict = judgePromises(context(), 'GET', ok(headers), sight(['X-Total-Count', 'X-Request-Id']));
    assert.deepEqual(verdict.findings, []);
    assert.deepEqual(verdict.declaredHeaders, ['X-Total-Count', 'X-Request-Id', 'Set-Cookie']);
  });
  it('an undeclared status is judged alone: nothing is declared to compare the rest with', () => assert.deepEqual(judgePromises(context(), 'GET', answer(500, json, '{"x": 1}'), sight([])).findings.map((f) => f.id), ['undeclared-status']));
  it('a HEAD answer has no body to judge', () => assert.deepEqual(judgePromises(context(), 'HEAD', answer(200, [...json, ...headers], ''), sight(['X-Total-Count', 'X-Request-Id'])).findings, []));
  it('several broken promises, in a fixed order', () =>
    assert.deepEqual(judgePromises(context(), 'GET', ok([['X-Total-Count', 'many'], ['Set-Cookie', 'a=b']], { id: 'x', name: 'T', extra: 1 }), sight([])).findings.map((f) => `${f.level} ${f.id}`), [
      'MUST declared-header-hidden',
      'SHOULD declared-header-missing',
      'SHOULD declared-header-mismatch',
      'MUST undeclared-field',
      'MUST schema-mismatch',
    ]));
});
