/**
 * The error probes an operation gets (runner/audit/error-probes.ts): only
 * for GET and HEAD, at most one of each kind, each only where the document
 * declares the error it expects; the value that violates a parameter's
 * schema decided by the schema alone, and the unknown id never one the API
 * returned.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DeclaredResponse, Operation, Parameter } from '../../openapi/operations';
import { planErrorProbes, unknownValue, violatingValue } from '../../runner/audit/error-probes';
import { fitsParameter } from '../../runner/audit/values';

function param(overrides: Partial<Parameter> & { name: string }): Parameter {
  return { in: 'query', required: false, schema: undefined, style: 'form', explode: true, example: undefined, examples: [], pointer: '#/x', ...overrides };
}

const response = (status: string): DeclaredResponse => ({ status, description: '', content: {}, headers: {}, pointer: `#/r/${status}` });

function op(template: string, parameters: Parameter[], statuses: string[], method = 'GET'): Operation {
  return { method, path: template, operationId: undefined, pointer: '#/paths/x/get', parameters, requestBody: undefined, responses: Object.fromEntries(statuses.map((s) => [s, response(s)])) };
}

const ITEM_ID = param({ name: 'item_id', in: 'path', required: true, style: 'simple', explode: false, schema: { type: 'integer' } });
const Q = param({ name: 'q', schema: { type: 'string', maxLength: 5 } });
const NONE = { headers: [], query: [], cookies: [] };

describe('a value its schema refuses', () => {
  const rows: [string, Parameter['schema'], string | undefined][] = [
    ['an integer gets a word', { type: 'integer' }, 'audit-not-a-number'],
    ['a number gets a word', { type: 'number' }, 'audit-not-a-number'],
    ['a boolean gets a word', { type: 'boolean' }, 'audit-not-a-boolean'],
    ['an enum of strings gets a value outside it', { type: 'string', enum: ['a', 'b'] }, 'audit-not-in-enum'],
    ['an enum in allOf (FastAPI 0.92) too', { allOf: [{ type: 'string', enum: ['a'] }] }, 'audit-not-in-enum'],
    ['a string with maxLength 3 gets 4 characters', { type: 'string', maxLength: 3 }, 'aaaa'],
    ['a free string refuses nothing', { type: 'string' }, undefined],
    ['an integer or a string (anyOf) refuses nothing', { anyOf: [{ type: 'integer' }, { type: 'string' }] }, undefined],
    ['an integer or null (anyOf, FastAPI 0.100) still refuses a word', { anyOf: [{ type: 'integer' }, { type: 'null' }] }, 'audit-not-a-number'],
    ['no schema refuses nothing', undefined, undefined],
  ];
  for (const [name, schema, expected] of rows) it(name, () => assert.equal(violatingValue(param({ name: 'p', schema }))?.value, expected));
});

describe('an id the API did not return', () => {
  it('an integer: the one used plus 1,000,000', () => assert.equal(unknownValue(ITEM_ID, '42'), '1000042'));
  it('a string: the one used with -audit-missing', () => assert.equal(unknownValue(param({ name: 'slug', in: 'path', schema: { type: 'string' } }), 'how-to'), 'how-to-audit-missing'));
  it('never one the API returned', () => assert.equal(unknownValue(ITEM_ID, '42', [1000042, '2000042']), '3000042'));

  // One its schema accepts, or none: a value the schema refuses meets a 422, not the 404 the probe is for (akeneo, jellyfin, parliament.uk on Prism's mock).
  const accepted = (parameter: Parameter) => (value: string) => fitsParameter('3.0', parameter, value);
  const path = (schema: Parameter['schema']) => param({ name: 'id', in: 'path', required: true, style: 'simple', explode: false, schema });
  const rows: [string, Parameter['schema'], string, string | undefined][] = [
    ['a uuid: another uuid', { type: 'string', format: 'uuid' }, '3fa85f64-5717-4562-b3fc-2c963f66afa6', 'a0d17000-0000-4000-8000-000000000000'],
    ['an enum of strings: none (every other value is refused)', { type: 'string', enum: ['VALIDITY', 'EXPIRY'] }, 'VALIDITY', undefined],
    ['an integer enum 0 to 2: none', { type: 'integer', enum: [0, 1, 2] }, '1', undefined],
    ['an integer with a maximum it would pass: none', { type: 'integer', maximum: 1000 }, '42', undefined],
    ['a pattern the suffix breaks: none', { type: 'string', pattern: '^[a-z]{2}$' }, 'en', undefined],
    ['a free string: the suffixed one', { type: 'string' }, 'how-to', 'how-to-audit-missing'],
    ['a plain integer: plus 1,000,000', { type: 'integer' }, '42', '1000042'],
  ];
  for (const [name, schema, used, expected] of rows) it(name, () => assert.equal(unknownValue(path(schema), used, [], accepted(path(schema))), expected));
  it('a uuid the API returned is skipped too', () =>
    assert.equal(unknownValue(path({ type: 'string', format: 'uuid' }), '3fa85f64-5717-4562-b3fc-2c963f66afa6', ['a0d17000-0000-4000-8000-000000000000']), 'a0d17000-0000-4000-8000-000000000001'));
});

describe('the probes an operation gets', () => {
  const kinds = (operation: Operation, path: string, auth = NONE) => planErrorProbes(operation, { method: operation.method, path }, auth).map((p) => `${p.kind} ${p.route.path} expects ${p.expected.join(',')}`);
  it('a path parameter violated first, where 422 is declared; an unknown id where 404 is', () => {
    assert.deepEqual(kinds(op('/api/items/{item_id}', [ITEM_ID, Q], ['200', '404', '422']), '/api/items/42'), [
      'invalid-value /api/items/audit-not-a-number expects 422',
      'unknown-id /api/items/1000042 expects 404',
    ]);
  });
  it('a query parameter replaced in the query, or added to it', () => {
    assert.deepEqual(kinds(op('/api/items', [Q], ['200', '4XX']), '/api/items?q=ab&page=1'), ['invalid-value /api/items?page=1&q=aaaaaa expects 4XX']);
    assert.deepEqual(kinds(op('/api/items', [Q], ['200', '400']), '/api/items'), ['invalid-value /api/items?q=aaaaaa expects 400']);
  });
  it('nothing where the document declares neither 400, 422 nor 404, and no sign-in was sent', () => {
    assert.deepEqual(kinds(op('/api/items/{item_id}', [ITEM_ID], ['200']), '/api/items/42'), []);
  });
  it('without credentials, when the audit signed in: the path without the sign-in\'s query key', () => {
    const auth = { headers: [], query: [['api_key', 'k']] as [string, string][], cookies: [] };
    const probes = planErrorProbes(op('/api/me', [], ['200', '401']), { method: 'GET', path: '/api/me?api_key=k' }, auth);
    assert.deepEqual(probes.map((p) => [p.kind, p.route.path, p.expected, p.withoutCredentials]), [['no-credentials', '/api/me', ['401'], true]]);
  });
  it('no unknown id when no value its schema accepts is one the API did not return (an enum path parameter)', () => {
    const kind = param({ name: 'kind', in: 'path', required: true, style: 'simple', explode: false, schema: { type: 'string', enum: ['VALIDITY', 'EXPIRY'] } });
    const probes = planErrorProbes(op('/api/dates/{kind}', [kind], ['200', '404']), { method: 'GET', path: '/api/dates/VALIDITY' }, NONE, new Map(), (p, v) => fitsParameter('3.0', p, v));
    assert.deepEqual(probes, []);
  });
  it('never for another method than GET and HEAD', () => {
    assert.deepEqual(kinds(op('/api/items/{item_id}', [ITEM_ID], ['200', '404', '422'], 'DELETE'), '/api/items/42'), []);
  });
});
