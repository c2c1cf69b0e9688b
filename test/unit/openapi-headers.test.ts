import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Schema } from '../../openapi/document';
import { headerValueFits, headerValueMismatch } from '../../openapi/headers';
import { parseDocument, resolveDocument } from '../../openapi/load';
import { operationsOf } from '../../openapi/operations';

// Rows as web-platform-tests writes them: the schema, the field value, whether it fits.
const rows: [string, Schema, string, boolean][] = [
  ['integer', { type: 'integer' }, '10', true],
  ['integer', { type: 'integer' }, '-3', true],
  ['integer, whitespace around it (not part of the value, RFC 9110 §5.5)', { type: 'integer' }, ' 10\t', true],
  ['integer', { type: 'integer' }, '10.5', false],
  ['integer', { type: 'integer' }, 'ten', false],
  ['integer', { type: 'integer' }, '', false],
  ['integer', { type: 'integer' }, '+1', false],
  ['integer with a minimum', { type: 'integer', minimum: 0 }, '-1', false],
  ['integer with format int32', { type: 'integer', format: 'int32' }, '2147483648', false],
  ['number', { type: 'number' }, '9.5', true],
  ['number', { type: 'number' }, '1e3', true],
  ['number', { type: 'number' }, 'NaN', false],
  ['boolean', { type: 'boolean' }, 'true', true],
  ['boolean', { type: 'boolean' }, 'false', true],
  ['boolean', { type: 'boolean' }, 'True', false],
  ['boolean', { type: 'boolean' }, '1', false],
  ['string', { type: 'string' }, 'anything at all', true],
  ['string with an enum', { type: 'string', enum: ['open', 'shipped'] }, 'open', true],
  ['string with an enum', { type: 'string', enum: ['open', 'shipped'] }, 'Open', false],
  ['string with a pattern', { type: 'string', pattern: '^[0-9a-f]+$' }, 'c0ffee', true],
  ['string with a pattern', { type: 'string', pattern: '^[0-9a-f]+$' }, 'coffee', false],
  ['string with format date-time', { type: 'string', format: 'date-time' }, '2024-01-01T10:00:00Z', true],
  ['string with format date-time', { type: 'string', format: 'date-time' }, 'Mon, 01 Jan 2024 10:00:00 GMT', false],
  ['string with format uuid', { type: 'string', format: 'uuid' }, '0b6b6a3e-5d1f-4c1e-9a4e-8f5b0f2f6c11', true],
  ['array of integers (style simple: a comma-separated list)', { type: 'array', items: { type: 'integer' } }, '1, 2,3', true],
  ['array of integers', { type: 'array', items: { type: 'integer' } }, '1,x', false],
  ['array of strings', { type: 'array', items: { type: 'string' } }, 'a, b', true],
  ['array, empty', { type: 'array', items: { type: 'string' } }, '', true],
  ['array with minItems', { type: 'array', minItems: 2, items: { type: 'string' } }, 'a', false],
  ['object (k,v,k,v)', { type: 'object', required: ['role'], properties: { role: { type: 'string' }, n: { type: 'integer' } } }, 'role,admin,n,3', true],
  ['object missing a required key', { type: 'object', required: ['role'], properties: { role: { type: 'string' } } }, 'name,Alex', false],
  ['3.1 integer or null', { type: ['integer', 'null'] }, '5', true],
  ['3.1 anyOf integer or null', { anyOf: [{ type: 'integer' }, { type: 'null' }] }, '5', true],
  ['3.1 anyOf integer or null', { anyOf: [{ type: 'integer' }, { type: 'null' }] }, 'five', false],
  ['integer or string', { type: ['integer', 'string'] }, 'five', true],
  ['no type, an enum of numbers', { enum: [1, 2] }, '2', true],
  ['no type, an enum of numbers', { enum: [1, 2] }, '3', false],
  ['{} allows anything', {}, 'x', true],
];

describe('a declared response header\'s value fits its schema (style simple)', () => {
  for (const [what, schema, value, fits] of rows) it(`${what}: ${JSON.stringify(value)} ${fits ? 'fits' : 'does not fit'}`, () => assert.equal(headerValueFits(value, schema), fits));
  it('an exploded object is "k=v,k=v"', () => assert.equal(headerValueFits('role=admin,n=3', { type: 'object', properties: { role: { type: 'string' }, n: { type: 'integer' } }, required: ['role'] }, { explode: true }), true));
  it('a header without a schema (declared by content alone) is not judged', () => assert.equal(headerValueFits('anything', undefined), true));
  it('3.0 semantics when asked: exclusiveMaximum: true', () => assert.equal(headerValueFits('3', { type: 'integer', maximum: 3, exclusiveMaximum: true }, { family: '3.0' }), false));
});

describe('why a header value does not fit, in plain words', () => {
  const messages: [Schema, string, string][] = [
    [{ type: 'integer' }, 'ten', '"ten" is not an integer'],
    [{ type: 'boolean' }, 'yes', '"yes" is not a boolean'],
    [{ type: 'integer', minimum: 0 }, '-1', '"-1" is a number (-1), the schema says at least 0'],
    [{ type: 'string', enum: ['a', 'b'] }, 'c', '"c" is a string ("c"), the schema allows only "a", "b"'],
    [{ type: 'array', items: { type: 'integer' } }, '1,x', '"1,x" at /1 is a string ("x"), the schema says integer'],
  ];
  for (const [schema, value, message] of messages) it(message, () => assert.equal(headerValueMismatch(value, schema), message));
  it('null when it fits', () => assert.equal(headerValueMismatch('1', { type: 'integer' }), null));
});

describe('FastAPI 0.92\'s declared X-Total-Count', () => {
  it('"3" fits {type: integer}; "three" does not', async () => {
    const doc = await resolveDocument(parseDocument(readFileSync(path.join(__dirname, '..', 'fixtures', 'openapi', 'fastapi-0.92.json'), 'utf8'), 'x'));
    const header = operationsOf(doc).find((o) => o.method === 'GET' && o.path === '/api/items')?.responses['200'].headers['X-Total-Count'];
    assert.deepEqual([headerValueFits('3', header?.schema, { family: doc.family }), headerValueFits('three', header?.schema, { family: doc.family })], [true, false]);
  });
});
