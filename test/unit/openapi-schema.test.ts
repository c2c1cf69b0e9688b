import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OpenApiFamily, Schema } from '../../openapi/document';
import { DocumentError } from '../../openapi/errors';
import { validatorFor } from '../../openapi/schema';

/** JSON-Schema-Test-Suite style: each case a schema, a valid instance and an invalid one, per OpenAPI version. */
interface Case {
  readonly rule: string;
  readonly family: OpenApiFamily;
  readonly schema: Schema;
  readonly valid: unknown;
  readonly invalid: unknown;
}

const cases: Case[] = [
  { rule: '3.0: nullable: true lets null through', family: '3.0', schema: { type: 'string', nullable: true }, valid: null, invalid: 3 },
  { rule: '3.0: without nullable, null is not a string', family: '3.0', schema: { type: 'string' }, valid: 'a', invalid: null },
  { rule: '3.0: exclusiveMaximum: true makes maximum exclusive (draft-04 form)', family: '3.0', schema: { type: 'number', maximum: 3, exclusiveMaximum: true }, valid: 2.9, invalid: 3 },
  { rule: '3.0: exclusiveMinimum: false leaves minimum inclusive', family: '3.0', schema: { type: 'number', minimum: 1, exclusiveMinimum: false }, valid: 1, invalid: 0 },
  { rule: '3.0: a numeric exclusiveMinimum, as pydantic 1 writes it, is the bound', family: '3.0', schema: { type: 'integer', exclusiveMinimum: 0 }, valid: 1, invalid: 0 },
  { rule: '3.0: nullable without type allows anything', family: '3.0', schema: { nullable: true }, valid: null, invalid: undefined },
  { rule: '3.1: type with "null" lets null through', family: '3.1', schema: { type: ['string', 'null'] }, valid: null, invalid: 3 },
  { rule: '3.1: anyOf with {type: null} lets null through (FastAPI ≥ 0.100)', family: '3.1', schema: { anyOf: [{ type: 'string' }, { type: 'null' }] }, valid: null, invalid: 3 },
  { rule: '3.1: exclusiveMaximum is the bound (2020-12)', family: '3.1', schema: { type: 'number', exclusiveMaximum: 3 }, valid: 2.9, invalid: 3 },
  { rule: '3.1: prefixItems judges items by position', family: '3.1', schema: { type: 'array', prefixItems: [{ type: 'integer' }, { type: 'string' }] }, valid: [1, 'a'], invalid: ['a', 1] },
  { rule: '3.1: a false schema allows nothing', family: '3.1', schema: false, valid: undefined, invalid: 1 },
  { rule: 'format email (ajv-formats)', family: '3.1', schema: { type: 'string', format: 'email' }, valid: 'ann@example.com', invalid: 'ann' },
  { rule: 'format date-time', family: '3.0', schema: { type: 'string', format: 'date-time' }, valid: '2024-01-01T10:00:00Z', invalid: '2024-01-01' },
  { rule: 'format uuid', family: '3.0', schema: { type: 'string', format: 'uuid' }, valid: '0b6b6a3e-5d1f-4c1e-9a4e-8f5b0f2f6c11', invalid: 'not-a-uuid' },
  { rule: 'format int32 (OpenAPI\'s) bounds the integer', family: '3.0', schema: { type: 'integer', format: 'int32' }, valid: 2147483647, invalid: 2147483648 },
  { rule: 'a format Ajv does not know (pydantic\'s json-string) is not checked', family: '3.0', schema: { type: 'string', format: 'json-string' }, valid: 'anything', invalid: 1 },
  { rule: 'OpenAPI\'s own keywords (example, discriminator, xml) are no obstacle', family: '3.0', schema: { type: 'object', example: { a: 1 }, xml: { name: 'x' }, discriminator: { propertyName: 'kind' }, properties: { a: { type: 'integer' } } }, valid: { a: 1 }, invalid: { a: 'x' } },
];

describe('a value fits a schema with its OpenAPI version\'s semantics', () => {
  for (const c of cases) {
    if (c.valid !== undefined) it(`${c.rule}: ${JSON.stringify(c.valid)} is valid`, () => assert.deepEqual(validatorFor(c.family).violations(c.valid, c.schema), []));
    if (c.invalid !== undefined) it(`${c.rule}: ${JSON.stringify(c.invalid)} is invalid`, () => assert.equal(validatorFor(c.family).fits(c.invalid, c.schema), false));
  }
});

describe('what does not fit is said in plain words, where it is', () => {
  const rows: [string, Schema, unknown, { pointer: string; message: string; keyword: string }][] = [
    ['a wrong type', { type: 'object', properties: { id: { type: 'integer' } } }, { id: '1' }, { pointer: '/id', message: 'is a string ("1"), the schema says integer', keyword: 'type' }],
    ['a nullable type', { type: 'integer', nullable: true }, 'x', { pointer: '', message: 'is a string ("x"), the schema says integer or null', keyword: 'type' }],
    ['a missing required field, at the field', { type: 'object', required: ['name'] }, {}, { pointer: '/name', message: 'is missing, and the schema requires it', keyword: 'required' }],
    ['a value outside the enum', { enum: ['book', 'game'] }, 'film', { pointer: '', message: 'is a string ("film"), the schema allows only "book", "game"', keyword: 'enum' }],
    ['a const', { const: 1 }, 2, { pointer: '', message: 'is a number (2), the schema allows only 1', keyword: 'const' }],
    ['a bad format', { type: 'string', format: 'date' }, 'Monday', { pointer: '', message: 'is a string ("Monday"), not a valid date', keyword: 'format' }],
    ['a pattern', { type: 'string', pattern: '^[a-z]+$' }, 'A1', { pointer: '', message: 'is a string ("A1"), which does not match the pattern ^[a-z]+$', keyword: 'pattern' }],
    ['a minimum', { type: 'integer', minimum: 1 }, 0, { pointer: '', message: 'is a number (0), the schema says at least 1', keyword: 'minimum' }],
    ['a maxLength', { type: 'string', maxLength: 2 }, 'abc', { pointer: '', message: 'is a string ("abc"), the schema says at most 2 characters', keyword: 'maxLength' }],
    ['a minItems', { type: 'array', minItems: 2 }, [1], { pointer: '', message: 'has 1 items, the schema says at least 2', keyword: 'minItems' }],
    ['additionalProperties: false, at the field', { type: 'object', properties: {}, additionalProperties: false }, { x: 1 }, { pointer: '/x', message: 'is a field the schema does not allow (additionalProperties: false)', keyword: 'additionalProperties' }],
    ['anyOf of types, folded into one', { anyOf: [{ type: 'string' }, { type: 'null' }] }, 3, { pointer: '', message: 'is a number (3), the schema says string or null', keyword: 'anyOf' }],
    ['oneOf of objects, each choice\'s reason', { oneOf: [{ type: 'object', required: ['a'] }, { type: 'object', properties: { b: { type: 'string' } } , required: ['b'] }] }, { b: 1 },
      { pointer: '', message: 'fits none of the schema\'s 2 choices (oneOf): choice 1: /a is missing, and the schema requires it; choice 2: /b is a number (1), the schema says string', keyword: 'oneOf' }],
    ['oneOf fitting two', { oneOf: [{ type: 'integer' }, { type: 'number' }] }, 1, { pointer: '', message: 'fits 2 of the schema\'s 2 choices (oneOf: 1 and 2), and must fit exactly one', keyword: 'oneOf' }],
    ['a field whose name has a "/"', { type: 'object', properties: { 'a/b': { type: 'string' } } }, { 'a/b': 1 }, { pointer: '/a~1b', message: 'is a number (1), the schema says string', keyword: 'type' }],
  ];
  for (const [what, schema, instance, expected] of rows) {
    it(`${what}: ${expected.message}`, () => {
      const [first, ...rest] = validatorFor('3.0').violations(instance, schema);
      assert.deepEqual({ pointer: first.pointer, message: first.message, keyword: first.keyword }, expected);
      assert.deepEqual(rest, []);
    });
  }
  it('every violation is reported, not the first alone', () => {
    const found = validatorFor('3.1').violations({ id: 'x', price: 'y' }, { type: 'object', properties: { id: { type: 'integer' }, price: { type: 'number' } } });
    assert.deepEqual(found.map((v) => v.pointer), ['/id', '/price']);
  });
  it('the schema pointer follows the schema\'s place in the document', () => {
    const [v] = validatorFor('3.1').violations({ id: 'x' }, { type: 'object', properties: { id: { type: 'integer' } } }, '#/paths/~1a/get/responses/200/content/application~1json/schema');
    assert.equal(v.schemaPointer, '#/paths/~1a/get/responses/200/content/application~1json/schema/properties/id/type');
  });
});

describe('a recursive schema (a resolved $ref cycle) is validated to any depth', () => {
  const category: { type: string; required: string[]; properties: Record<string, unknown> } = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
  category.properties.children = { type: 'array', items: category };
  const tree = { name: 'books', children: [{ name: 'novels', children: [{ name: 3 }] }] };
  it('a deep error is found where it is', () => assert.deepEqual(validatorFor('3.0').violations(tree, category as Schema).map((v) => [v.pointer, v.message]), [['/children/0/children/0/name', 'is a number (3), the schema says string']]));
  it('a tree that fits fits', () => assert.equal(validatorFor('3.1').fits({ name: 'a', children: [{ name: 'b', children: [] }] }, category as Schema), true));
});

describe('a null in an optional field that is not nullable is told apart (FastAPI 0.92 documents Optional[str] = None so)', () => {
  const item: Schema = { type: 'object', required: ['name'], properties: { name: { type: 'string' }, description: { title: 'Description', type: 'string' } } };
  it('null in the optional field: optionalNull', () => assert.deepEqual(validatorFor('3.0').violations({ name: 'a', description: null }, item).map((v) => [v.pointer, v.optionalNull]), [['/description', true]]));
  it('null in a required field: not optionalNull', () => assert.deepEqual(validatorFor('3.0').violations({ name: null }, item).map((v) => [v.pointer, v.optionalNull]), [['/name', false]]));
  it('another type in the optional field: not optionalNull', () => assert.deepEqual(validatorFor('3.0').violations({ name: 'a', description: 1 }, item).map((v) => v.optionalNull), [false]));
});

describe('a writeOnly property is never required of an answer (OpenAPI 3.0: "the required will take effect on the request only")', () => {
  const user = { type: 'object', required: ['name', 'password'], properties: { name: { type: 'string' }, password: { type: 'string', writeOnly: true } } } as Schema;
  it('an answer without the password fits', () => assert.equal(validatorFor('3.0').fits({ name: 'a' }, user), true));
  it('an answer without the name does not', () => assert.deepEqual(validatorFor('3.1').violations({ password: 'x' }, user).map((v) => v.message), ['is missing, and the schema requires it']));
});

describe('the validators', () => {
  it('one per OpenAPI version, shared', () => assert.equal(validatorFor('3.0'), validatorFor('3.0')));
  it('each knows its version', () => assert.deepEqual([validatorFor('3.0').family, validatorFor('3.1').family], ['3.0', '3.1']));
  it('a schema Ajv cannot compile is refused as unusable-schema, naming its place', () => {
    assert.throws(() => validatorFor('3.1').violations(1, { type: 'number', maximum: 3, exclusiveMaximum: true }, '#/components/schemas/Price'), (error: unknown) => {
      assert.ok(error instanceof DocumentError);
      assert.equal(error.code, 'unusable-schema');
      assert.equal(error.pointer, '#/components/schemas/Price');
      assert.match(error.message, /the schema at #\/components\/schemas\/Price cannot be used for validation \(.*exclusiveMaximum must be number/);
      return true;
    });
  });
});

describe('a schema the document shares is written out once per place until the copy is large, then referenced (SHARED_AFTER)', () => {
  const money: Schema = { type: 'object', required: ['amount'], properties: { amount: { type: 'number' } } };
  const order: Schema = { type: 'object', properties: { price: money, cost: money } };
  it("below the bound, a violation in a shared schema names its own place (cost's, not price's)", () => {
    assert.deepEqual(validatorFor('3.0').violations({ price: { amount: 1 }, cost: { amount: 'x' } }, order, '#/o').map((v) => [v.pointer, v.schemaPointer]), [['/cost/amount', '#/o/properties/cost/properties/amount/type']]);
  });
  // Each level's two fields are one schema: written out in full at every place, the copy doubles at each level (2^40 schemas) and is never compiled.
  const levels = 40;
  let deepest: Schema = { type: 'object', required: ['leaf'], properties: { leaf: { type: 'integer' } } };
  for (let i = 0; i < levels; i += 1) deepest = { type: 'object', properties: { left: deepest, right: deepest } };
  const nested = (leaf: unknown) => {
    let value: unknown = { leaf };
    for (let i = 0; i < levels; i += 1) value = { right: value };
    return value;
  };
  it('a schema reached by 2^40 paths is compiled, and judges an answer as before', { timeout: 120_000 }, () => {
    assert.deepEqual(validatorFor('3.0').violations(nested(1), deepest), []);
    const [found, ...more] = validatorFor('3.0').violations(nested('x'), deepest);
    assert.deepEqual(more, []);
    assert.equal(found.pointer, `${'/right'.repeat(levels)}/leaf`);
    assert.equal(found.keyword, 'type');
  });
});
