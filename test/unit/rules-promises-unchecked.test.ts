/**
 * A schema Ajv cannot compile is a note on its operation, never an abort
 * and never a failure of the answer (issue 27): the body (or the header) it
 * would have judged is left unchecked, with the schema's JSON pointer and
 * Ajv's words; every other promise is judged.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, resolveDocument } from '../../openapi/load';
import { operationsOf, type Operation } from '../../openapi/operations';
import { judgePromises, type Answer } from '../../rules/promises';

const BROKEN = { type: 'string', pattern: '^[a-' }; // invalid ECMA-262, with u and without
const DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: {
    '/a': {
      get: {
        responses: {
          '200': {
            description: 'ok',
            headers: { 'X-Id': { schema: BROKEN }, 'X-Count': { required: true, schema: { type: 'integer' } } },
            content: { 'application/json': { schema: { type: 'object', properties: { name: BROKEN } } } },
          },
        },
      },
    },
  },
};

let operation: Operation;
before(async () => {
  [operation] = operationsOf(await resolveDocument(parseDocument(JSON.stringify(DOCUMENT), 'broken.json')));
});
const answer = (status: number, headers: [string, string][], text: string): Answer => ({ method: 'GET', status, headers, text });
const BODY = '#/paths/~1a/get/responses/200/content/application~1json/schema';

describe('a schema that cannot be compiled leaves what it judges unchecked, and says so', () => {
  it('the body is left unchecked, with the schema\'s pointer and Ajv\'s message; nothing is thrown', () => {
    const judged = judgePromises({ operation, family: '3.0' }, answer(200, [['Content-Type', 'application/json'], ['X-Count', '1']], '{"name": 3, "extra": 1}'));
    assert.deepEqual(judged.failures, []);
    assert.deepEqual(judged.unchecked?.map((u) => [u.unchecked, u.pointer]), [['body', BODY]]);
    assert.match(judged.unchecked?.[0].problem ?? '', /Invalid regular expression/);
  });
  it('a header whose schema cannot be compiled is left unchecked, by name', () => {
    const judged = judgePromises({ operation, family: '3.0' }, answer(200, [['Content-Type', 'application/json'], ['X-Count', '1'], ['X-Id', 'x']], '{}'));
    assert.deepEqual(judged.unchecked?.map((u) => [u.unchecked, u.header ?? null, u.pointer]), [['header', 'X-Id', '#/paths/~1a/get/responses/200/headers/X-Id/schema'], ['body', null, BODY]]);
  });
  it('every other promise is still judged: a required header missing, an undeclared status', () => {
    const missing = judgePromises({ operation, family: '3.0' }, answer(200, [['Content-Type', 'application/json']], '{}'));
    assert.deepEqual(missing.failures.map((f) => f.rule), ['declared-header-missing']);
    const status = judgePromises({ operation, family: '3.0' }, answer(500, [['Content-Type', 'application/json']], '{}'));
    assert.deepEqual(status.failures.map((f) => f.rule), ['undeclared-status']);
  });
  it('an answer whose schemas all compile has no unchecked', () => {
    const fine = { ...DOCUMENT, paths: { '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } } } } } };
    return resolveDocument(parseDocument(JSON.stringify(fine), 'fine.json')).then((doc) => {
      const [op] = operationsOf(doc);
      assert.equal(judgePromises({ operation: op, family: '3.0' }, answer(200, [['Content-Type', 'application/json']], '{}')).unchecked, undefined);
    });
  });
});

/**
 * A pattern RE2 cannot read (a lookahead) that backtracks exponentially runs
 * under the watchdog (openapi/pattern.ts): on a value it cannot decide in
 * time, the body is left unchecked with the pattern named; on a value it
 * decides, it judges as ever.
 */
const EXPONENTIAL = '^(?=a)(a+)+$';
const GUARDED_DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: { '/g': { get: { responses: { '200': { description: 'ok', headers: { 'X-Code': { schema: { type: 'string', pattern: EXPONENTIAL } } }, content: { 'application/json': { schema: { type: 'object', properties: { code: { type: 'string', pattern: EXPONENTIAL } } } } } } } } } },
};

describe('a pattern that backtracks exponentially on the answer\'s value, which RE2 cannot read', { timeout: 30_000 }, () => {
  let guarded: Operation;
  before(async () => {
    [guarded] = operationsOf(await resolveDocument(parseDocument(JSON.stringify(GUARDED_DOCUMENT), 'guarded.json')));
  });
  it('leaves the body unchecked, naming the pattern, instead of hanging', () => {
    const judged = judgePromises({ operation: guarded, family: '3.0' }, answer(200, [['Content-Type', 'application/json']], JSON.stringify({ code: `${'a'.repeat(40)}!` })));
    assert.deepEqual(judged.failures, []);
    assert.deepEqual(judged.unchecked?.map((u) => u.unchecked), ['body']);
    assert.match(judged.unchecked?.[0].problem ?? '', /^the pattern \^\(\?=a\)\(a\+\)\+\$ under #\/paths\/~1g\/get\/responses\/200\/content\/application~1json\/schema backtracks exponentially on the value "a+!": not decided in 500 ms/);
  });
  it('a declared header it cannot decide on is left unchecked, by name, never passed in silence', () => {
    const judged = judgePromises({ operation: guarded, family: '3.0' }, answer(200, [['Content-Type', 'application/json'], ['X-Code', `${'a'.repeat(40)}!`]], '{"code": "a"}'));
    assert.deepEqual(judged.failures, []);
    assert.deepEqual(judged.unchecked?.map((u) => [u.unchecked, u.header ?? null]), [['header', 'X-Code']]);
    assert.match(judged.unchecked?.[0].problem ?? '', /backtracks exponentially/);
  });
  it('judges a value it decides at once: a short string that breaks the pattern is a schema-mismatch', () => {
    const judged = judgePromises({ operation: guarded, family: '3.0' }, answer(200, [['Content-Type', 'application/json']], JSON.stringify({ code: 'b' })));
    assert.deepEqual(judged.failures.map((f) => f.rule), ['schema-mismatch']);
    assert.equal(judged.unchecked, undefined);
  });
});
