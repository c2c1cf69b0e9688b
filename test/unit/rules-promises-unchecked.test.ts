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
