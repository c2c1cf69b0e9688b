/**
 * The document's promises in the audit's words: each rule of rules/promises.ts
 * kept and broken, rendered by runner/audit/explain.ts with the id, the
 * level, the operation's template, what arrived, the JSON pointer as
 * evidence and the fix (in FastAPI's terms for a FastAPI document).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { HeaderList } from '../../http/header-list';
import { shopDocument } from '../support/shop-document';
import { parseDocument, resolveDocument } from '../../openapi/load';
import { operationsOf, type Operation } from '../../openapi/operations';
import { RULES, rulesIn, type RuleId } from '../../rules/catalogue';
import { judgePromises, type Answer, type Sight } from '../../rules/promises';
import { explainPromise, type Finding } from '../../runner/audit/explain';
import type { Framework } from '../../runner/audit/document';

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

const json: HeaderList = [['Content-Type', 'application/json']];
/** Headers every kept answer of GET /api/items/{item_id} carries: the required X-Total-Count. */
const counted: HeaderList = [['X-Total-Count', '5']];
const answer = (status: number, headers: HeaderList = json, text = '', method = 'GET'): Answer => ({ method, status, headers, text });
const ok = (headers: HeaderList = counted, body: unknown = { id: 1, name: 'Teapot' }) => answer(200, [...json, ...headers], JSON.stringify(body));
const sight = (readable: string[], granted = true): Sight => ({ origin: 'https://shop.example', granted, readable });

/** The audit's findings on an answer, optionally only those of one rule. */
function found(given: Answer, options: { framework?: Framework; operation?: Operation; sight?: Sight; rule?: RuleId } = {}): Finding[] {
  const operation = options.operation ?? item;
  const judged = judgePromises({ operation, family: '3.0' }, given, options.sight);
  return judged.failures.map((f) => explainPromise(f, operation, options.framework ?? null)).filter((f) => options.rule === undefined || f.id === options.rule);
}
const one = (given: Answer, options: Parameters<typeof found>[1] & { rule: RuleId }): Finding => {
  const [finding, ...rest] = found(given, options);
  assert.ok(finding !== undefined, `no ${options.rule}`);
  assert.deepEqual(rest, []);
  return finding;
};

describe('the catalogue', () => {
  it('has seven promises, each with its fixed level', () =>
    assert.deepEqual(Object.fromEntries(rulesIn('promise').map((id) => [id, RULES[id].level])), {
      'declared-header-hidden': 'MUST',
      'declared-header-missing': 'MUST',
      'declared-header-mismatch': 'SHOULD',
      'undeclared-field': 'MUST',
      'schema-mismatch': 'MUST',
      'undeclared-status': 'SHOULD',
      'content-type-mismatch': 'SHOULD',
    }));
});

describe('declared-header-hidden (MUST)', () => {
  const headers: HeaderList = [['X-Total-Count', '5'], ['X-Request-Id', '0b6b6a3e-5d1f-4c1e-9a4e-8f5b0f2f6c11']];
  const rule = 'declared-header-hidden';
  it('a declared header the script reads (exposed) is kept', () => assert.deepEqual(found(ok(headers), { rule, sight: sight(['x-total-count', 'X-Request-Id']) }), []));
  it('a declared header that arrives but is not exposed is hidden, named with its value and pointer', () => {
    const finding = one(ok(headers), { rule, sight: sight(['X-Request-Id']) });
    assert.equal(finding.level, 'MUST');
    assert.equal(finding.pointer, '#/paths/~1api~1items~1{item_id}/get/responses/200/headers/X-Total-Count');
    assert.equal(
      finding.message,
      'GET /api/items/{item_id}: X-Total-Count arrives ("5"), as the document declares (#/paths/~1api~1items~1{item_id}/get/responses/200/headers/X-Total-Count), but a script on https://shop.example cannot read it: it is neither CORS-safelisted nor listed in Access-Control-Expose-Headers; list X-Total-Count in Access-Control-Expose-Headers',
    );
  });
  it("in FastAPI's terms for a FastAPI document: CORSMiddleware(expose_headers=[…])", () => assert.match(found(ok(headers), { rule, framework: 'FastAPI', sight: sight([]) })[0].message, /add "X-Total-Count" to CORSMiddleware\(expose_headers=\[…\]\)$/));
  it('a response refused whole is its own finding, not one per header', () => assert.deepEqual(found(ok(headers), { rule, sight: sight([], false) }), []));
  it('Set-Cookie declared is never "hidden": no script may ever read it', () => assert.deepEqual(found(ok([['X-Total-Count', '1'], ['Set-Cookie', 'a=b']]), { rule, sight: sight(['X-Total-Count']) }), []));
  it('a declared header that did not arrive is not hidden', () => assert.deepEqual(found(ok([]), { rule, sight: sight([]) }), []));
  it('without a script\'s sight (a client\'s call), visibility is not judged', () => assert.deepEqual(found(ok(headers), { rule }), []));
});

describe('declared-header-missing (MUST): a header declared required: true is absent', () => {
  const rule = 'declared-header-missing';
  it('every declared header present is kept', () => assert.deepEqual(found(ok([['X-Total-Count', '5'], ['X-Request-Id', '0b6b6a3e-5d1f-4c1e-9a4e-8f5b0f2f6c11'], ['Set-Cookie', 'a=b']]), { rule }), []));
  it('a required header absent is a MUST, with its pointer', () => {
    const finding = one(ok([['Set-Cookie', 'a=b']]), { rule });
    assert.deepEqual([finding.level, finding.pointer], ['MUST', '#/paths/~1api~1items~1{item_id}/get/responses/200/headers/X-Total-Count']);
    assert.equal(finding.message, 'GET /api/items/{item_id}: the document declares the header X-Total-Count as required for 200 (#/paths/~1api~1items~1{item_id}/get/responses/200/headers/X-Total-Count), and the 200 answer has none; send it, or take it out of the document');
  });
  it('an optional header absent keeps the promise (the Header Object\'s required defaults to false)', () => assert.deepEqual(found(ok(counted), { rule }), []));
  it('names compare case-insensitively (RFC 9110 §5.1)', () => assert.deepEqual(found(ok([['x-total-count', '5']]), { rule }), []));
  it("in FastAPI's terms: set it on the response, or take it out of responses=", () => assert.match(one(ok([['X-Request-Id', '0b6b6a3e-5d1f-4c1e-9a4e-8f5b0f2f6c11']]), { rule, framework: 'FastAPI' }).message, /set it in the path operation \(response\.headers\["X-Total-Count"\] = …\), or take it out of responses=\{200: \{"headers": …\}\}$/));
});

describe('declared-header-mismatch (SHOULD)', () => {
  const rule = 'declared-header-mismatch';
  it('values that fit their schemas are kept', () => assert.deepEqual(found(ok([['X-Total-Count', '5'], ['X-Request-Id', '0b6b6a3e-5d1f-4c1e-9a4e-8f5b0f2f6c11']]), { rule }), []));
  it('an integer header that is not an integer', () => {
    const finding = one(ok([['X-Total-Count', 'five']]), { rule });
    assert.equal(finding.level, 'SHOULD');
    assert.equal(finding.pointer, '#/paths/~1api~1items~1{item_id}/get/responses/200/headers/X-Total-Count/schema');
    assert.equal(finding.message, 'GET /api/items/{item_id}: X-Total-Count does not fit its schema (#/paths/~1api~1items~1{item_id}/get/responses/200/headers/X-Total-Count/schema): "five" is not an integer; send a value the schema allows, or correct the schema');
  });
  it('below its minimum', () => assert.match(one(ok([['X-Total-Count', '-1']]), { rule }).message, /"-1" is a number \(-1\), the schema says at least 0/));
  it('a string header with a format it breaks', () => assert.match(one(ok([['X-Total-Count', '5'], ['X-Request-Id', 'not-a-uuid']]), { rule }).message, /X-Request-Id does not fit its schema .*not a valid uuid/));
});

describe('undeclared-status (SHOULD)', () => {
  const rule = 'undeclared-status';
  it('a declared status is kept', () => assert.deepEqual(found(ok(), { rule }), []));
  it('a status its range declares (4XX) is kept', () => assert.deepEqual(found(answer(404, [['Content-Type', 'application/problem+json']], '{}'), { rule }), []));
  it('any status, where the operation has a default, is kept', () => assert.deepEqual(found(answer(503, [], ''), { rule, operation: any }), []));
  it('a status neither declared, nor in a declared range, with no default', () => {
    const finding = one(answer(500), { rule });
    assert.deepEqual([finding.id, finding.level, finding.pointer], ['undeclared-status', 'SHOULD', '#/paths/~1api~1items~1{item_id}/get/responses']);
    assert.equal(finding.message, "GET /api/items/{item_id} answered 500 Internal Server Error, which the document does not declare (#/paths/~1api~1items~1{item_id}/get/responses has 200, 4XX, no 5XX and no default); add 500 to the operation's responses, or answer one of those it declares");
  });
  it("in FastAPI's terms: responses={…} on the path operation, or status_code= for a success", () => {
    assert.match(one(answer(500), { rule, framework: 'FastAPI' }).message, /declare it on the path operation: responses=\{500: \{"description": "…"\}\}$/);
    assert.match(one(answer(201), { rule, framework: 'FastAPI' }).message, /responses=\{201: \{"description": "…"\}\}, or status_code=201 when it is the answer on success$/);
  });
});

describe('content-type-mismatch (SHOULD)', () => {
  const rule = 'content-type-mismatch';
  it('the declared media type, with parameters, is kept', () => assert.deepEqual(found(answer(200, [['Content-Type', 'application/json; charset=utf-8'], ...counted], '{"id": 1, "name": "T"}'), { rule }), []));
  it('a problem+json error under 4XX is kept', () => assert.deepEqual(found(answer(404, [['Content-Type', 'application/problem+json']], '{}'), { rule }), []));
  it('HTML where the document says JSON', () => {
    const finding = one(answer(200, [['Content-Type', 'text/html; charset=utf-8'], ...counted], '<p>hi</p>'), { rule });
    assert.deepEqual([finding.id, finding.level, finding.pointer], ['content-type-mismatch', 'SHOULD', '#/paths/~1api~1items~1{item_id}/get/responses/200/content']);
    assert.equal(finding.message, 'GET /api/items/{item_id}: the 200 answer is text/html, and the document declares application/json (#/paths/~1api~1items~1{item_id}/get/responses/200/content); serve a declared media type, or declare this one');
  });
  it('a body without any Content-Type', () => assert.match(one(answer(200, counted, '{}'), { rule }).message, /the 200 answer is sent without a Content-Type/));
  it('no body and no Content-Type, where the document declares content, is one too: the payload it promised did not come', () => assert.match(one(answer(200, counted, ''), { rule }).message, /the 200 answer is sent without a Content-Type, and the document declares application\/json/));
  it('a body where the document declares no content is one: a Response Object without content has no return value', () => {
    const finding = one(answer(200, [['Content-Type', 'text/plain']], 'x'), { rule, operation: any });
    assert.deepEqual([finding.level, finding.pointer], ['SHOULD', '#/paths/~1api~1any/get/responses/default']);
    assert.equal(finding.message, 'GET /api/any: the 200 answer has a body (text/plain, 1 bytes), and the document declares no content for default (#/paths/~1api~1any/get/responses/default); declare its content, or send no body');
  });
  it('no body where the document declares no content is kept', () => assert.deepEqual(found(answer(200, [], ''), { rule, operation: any }), []));
  it("in FastAPI's terms: response_class=, or return JSON", () => assert.match(one(answer(200, [['Content-Type', 'text/plain'], ...counted], 'x'), { rule, framework: 'FastAPI' }).message, /response_class= \(PlainTextResponse, HTMLResponse, …\) or responses=\{200: \{"content": \{"text\/plain": \{\}\}\}\}, or return JSON$/));
  it("in FastAPI's terms, for a body where none is declared: a model in responses=", () => assert.match(one(answer(200, json, '{"detail": "x"}'), { rule, operation: any, framework: 'FastAPI' }).message, /declare what it returns: responses=\{default: \{"model": …\}\} \(or "content"\), or return no body$/));
});

describe('an answer with no body by the rules of HTTP (RFC 9110 §6.4.1) has no media type or body to judge', () => {
  for (const [what, given] of [
    ['a HEAD answer', answer(200, [['Content-Type', 'text/html'], ...counted], '', 'HEAD')],
    ['a 204', answer(204, [['Content-Type', 'text/html']], '')],
    ['a 304 with a stale Content-Type', answer(304, [['Content-Type', 'text/html']], '')],
  ] as const) {
    it(what, () => assert.deepEqual(found(given, { operation: any }).concat(what === 'a HEAD answer' ? found(given) : []), []));
  }
});

describe('undeclared-field (MUST)', () => {
  const rule = 'undeclared-field';
  it('a body of declared fields only is kept', () => assert.deepEqual(found(ok(counted, { id: 1, name: 'Teapot', owner: { name: 'Alice' } }), { rule }), []));
  it('a field the model does not declare, at depth two, told by its kind and never its value', () => {
    const finding = one(ok(counted, { id: 1, name: 'Teapot', owner: { name: 'Alice', password: 'wonderland-7c1f' } }), { rule });
    assert.deepEqual([finding.id, finding.level, finding.pointer], ['undeclared-field', 'MUST', '#/paths/~1api~1items~1{item_id}/get/responses/200/content/application~1json/schema']);
    assert.equal(finding.message, 'GET /api/items/{item_id}: the body has a field the response schema does not declare (#/paths/~1api~1items~1{item_id}/get/responses/200/content/application~1json/schema): /owner/password (a string of 15 characters); leave it out of the answer, or declare it in the schema if the frontend should have it');
    assert.doesNotMatch(finding.message, /wonderland/);
  });
  it("in FastAPI's terms: a Response returned directly is not filtered by response_model", () =>
    assert.match(one(ok(counted, { id: 1, name: 'T', secret: true }), { rule, framework: 'FastAPI' }).message, /a Response returned directly is not filtered by response_model: return the object, or build the Response from the model \(Item\); declare the field in the model if the frontend should have it$/));
});

describe('schema-mismatch (MUST)', () => {
  const rule = 'schema-mismatch';
  it('a body that fits is kept', () => assert.deepEqual(found(ok(counted, { id: 1, name: 'Teapot' }), { rule }), []));
  it("a field of the wrong type, with the schema keyword's pointer", () => {
    const finding = one(ok(counted, { id: '1', name: 'Teapot' }), { rule });
    assert.deepEqual([finding.id, finding.level, finding.pointer], ['schema-mismatch', 'MUST', '#/paths/~1api~1items~1{item_id}/get/responses/200/content/application~1json/schema/properties/id/type']);
    assert.equal(finding.message, 'GET /api/items/{item_id}: the body does not fit the response schema (#/paths/~1api~1items~1{item_id}/get/responses/200/content/application~1json/schema/properties/id/type): /id is a string ("1"), the schema says integer; answer what the schema says, or correct the schema');
  });
  it('a required field missing', () => assert.match(one(ok(counted, { id: 1 }), { rule }).message, /\/name is missing, and the schema requires it/));
  it('a body served as JSON that is not JSON', () => assert.match(one(answer(200, [...json, ...counted], '{"id": 1,'), { rule }).message, /the body is served as JSON but is not JSON \(.+\), so it cannot fit its schema \(#\/paths\/~1api~1items~1\{item_id\}\/get\/responses\/200\/content\/application~1json\/schema\)/));
  it('an empty body served as JSON is not JSON either', () => assert.match(one(answer(200, [...json, ...counted], ''), { rule }).message, /the body is served as JSON but is not JSON/));
  it('a null in an optional field the document omits nullable for is not a finding (FastAPI 0.92)', () => {
    assert.deepEqual(found(ok(counted, { id: 1, name: 'Teapot', note: null }), { rule }), []);
    assert.deepEqual(judgePromises({ operation: item, family: '3.0' }, ok(counted, { id: 1, name: 'Teapot', note: null })).optionalNulls, ['/note']);
  });
  it('a null in a required field is one', () => assert.match(one(ok(counted, { id: 1, name: null }), { rule }).message, /\/name is null, the schema says string/));
  it("in FastAPI's terms: a Response returned directly skips response_model's validation", () => assert.match(one(ok(counted, { id: 'x', name: 'T' }), { rule, framework: 'FastAPI' }).message, /a Response returned directly skips response_model's validation: return data the model accepts, or correct the model$/));
});

describe('judgePromises: every promise on one answer', () => {
  const headers: HeaderList = [['X-Total-Count', '5'], ['X-Request-Id', '0b6b6a3e-5d1f-4c1e-9a4e-8f5b0f2f6c11'], ['Set-Cookie', 'a=b']];
  it('a kept promise gives nothing, and says which response the status declares', () => {
    const judged = judgePromises({ operation: item, family: '3.0' }, ok(headers), sight(['X-Total-Count', 'X-Request-Id']));
    assert.deepEqual(judged.failures, []);
    assert.deepEqual(Object.keys(judged.declared?.headers ?? {}), ['X-Total-Count', 'X-Request-Id', 'Set-Cookie']);
  });
  it('an undeclared status is judged alone: nothing is declared to compare the rest with', () => assert.deepEqual(found(answer(500, json, '{"x": 1}'), { sight: sight([]) }).map((f) => f.id), ['undeclared-status']));
  it('several broken promises, in a fixed order', () =>
    assert.deepEqual(found(ok([['X-Total-Count', 'many'], ['Set-Cookie', 'a=b']], { id: 'x', name: 'T', extra: 1 }), { sight: sight([]) }).map((f) => `${f.level} ${f.id}`), [
      'MUST declared-header-hidden',
      'SHOULD declared-header-mismatch',
      'MUST undeclared-field',
      'MUST schema-mismatch',
    ]));
});
