/**
 * What OpenAPI 3.0 and 3.1 allow, compiled (issue 27): real, valid documents
 * (APIs.guru's directory) hold each of these, and once one aborted the audit.
 * JSON-Schema-Test-Suite style: each case a schema, a valid instance and an
 * invalid one; the description reads as the verdict.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OpenApiFamily, Schema } from '../../openapi/document';
import { isObject } from '../../openapi/document';
import { parseDocument, resolveDocument } from '../../openapi/load';
import { PatternTimedOut, patternRegExp } from '../../openapi/pattern';
import { validatorFor } from '../../openapi/schema';

interface Case {
  readonly rule: string;
  readonly family: OpenApiFamily;
  readonly schema: Schema;
  readonly valid: readonly unknown[];
  readonly invalid: readonly unknown[];
}

function judge(cases: readonly Case[]): void {
  for (const c of cases) {
    it(`${c.rule}: compiles`, () => assert.equal(validatorFor(c.family).unusable(c.schema), undefined));
    for (const v of c.valid) it(`${c.rule}: ${JSON.stringify(v)} is valid`, () => assert.deepEqual(validatorFor(c.family).violations(v, c.schema), []));
    for (const v of c.invalid) it(`${c.rule}: ${JSON.stringify(v)} is invalid`, () => assert.equal(validatorFor(c.family).fits(v, c.schema), false));
  }
}

const item: Schema = { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } };

describe('3.0 nullable, in every form (OpenAPI 3.0.3 §4.7.24.1)', () => {
  judge([
    { rule: 'nullable: false beside allOf and no type is the default, not an error', family: '3.0', schema: { nullable: false, allOf: [item] }, valid: [{ id: 1 }], invalid: [null, { id: 'x' }] },
    { rule: 'nullable: false beside a type that is not null changes nothing', family: '3.0', schema: { type: 'string', nullable: false }, valid: ['a'], invalid: [null, 1] },
    { rule: 'nullable: false alone allows anything but is no error', family: '3.0', schema: { nullable: false }, valid: [1, 'a', {}], invalid: [] },
    { rule: 'nullable: true with allOf: [$ref] and no type is a nullable reference', family: '3.0', schema: { nullable: true, allOf: [item] }, valid: [null, { id: 1 }], invalid: [{ id: 'x' }, 'x'] },
    { rule: 'nullable: true with anyOf and no type lets null through', family: '3.0', schema: { nullable: true, anyOf: [{ type: 'string' }, { type: 'integer' }] }, valid: [null, 'a', 1], invalid: [true] },
    { rule: 'nullable: true with oneOf and no type lets null through', family: '3.0', schema: { nullable: true, oneOf: [{ type: 'string' }, { type: 'integer' }] }, valid: [null, 'a'], invalid: [1.5] },
    { rule: 'nullable: true with an enum and no type lets null through', family: '3.0', schema: { nullable: true, enum: ['a', 'b'] }, valid: [null, 'a'], invalid: ['c'] },
    { rule: 'nullable: true with a type and an enum lets null through', family: '3.0', schema: { type: 'string', nullable: true, enum: ['a', 'b'] }, valid: [null, 'b'], invalid: ['c', 1] },
    { rule: 'nullable: true with a type and allOf lets null through', family: '3.0', schema: { type: 'object', nullable: true, allOf: [item] }, valid: [null, { id: 2 }], invalid: [{}, 3] },
    { rule: 'a nullable reference in a property', family: '3.0', schema: { type: 'object', properties: { owner: { nullable: true, allOf: [item] } } }, valid: [{ owner: null }, { owner: { id: 1 } }], invalid: [{ owner: { id: 'x' } }] },
    { rule: '3.1 ignores nullable (an unknown keyword there): null is not a string', family: '3.1', schema: { type: 'string', nullable: true }, valid: ['a'], invalid: [null] },
    { rule: '3.1 ignores nullable beside allOf and no type', family: '3.1', schema: { nullable: true, allOf: [item] }, valid: [{ id: 1 }], invalid: [null] },
    { rule: '3.1 ignores nullable: false beside type null', family: '3.1', schema: { type: ['string', 'null'], nullable: false }, valid: [null, 'a'], invalid: [1] },
  ]);
  it('the schema pointer inside a nullable reference is the document\'s, without the wrapper', () => {
    const [v] = validatorFor('3.0').violations({ owner: { id: 'x' } }, { type: 'object', properties: { owner: { nullable: true, allOf: [item] } } }, '#/components/schemas/Order');
    assert.deepEqual([v.pointer, v.schemaPointer], ['/owner/id', '#/components/schemas/Order/properties/owner/allOf/0/properties/id/type']);
  });
  it('a type error in a nullable enum says null is allowed', () => {
    const [v] = validatorFor('3.0').violations(1, { type: 'string', nullable: true, enum: ['a'] });
    assert.match(v.message, /string or null/);
  });
});

describe('ECMA-262 patterns: with u where the pattern needs it, without where u breaks it', () => {
  judge([
    { rule: 'an identity escape (\\-, \\:) that u refuses is read without u (DigitalOcean, Linode)', family: '3.0', schema: { type: 'string', pattern: '^[a-zA-Z0-9_\\-\\:]+$' }, valid: ['a-b:c_1'], invalid: ['a b', 'a/b'] },
    { rule: 'a Unicode property escape (\\p{L}) is read with u (AWS EFS)', family: '3.0', schema: { type: 'string', pattern: '^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$' }, valid: ['été 1', ''], invalid: ['a!', 'x#'] },
    { rule: 'both in one document, 3.1', family: '3.1', schema: { type: 'object', properties: { a: { type: 'string', pattern: '^[\\-\\:]+$' }, b: { type: 'string', pattern: '^\\p{Lu}' } } }, valid: [{ a: ':-', b: 'É' }], invalid: [{ a: 'x' }, { b: 'é' }] },
    { rule: 'patternProperties read the same way', family: '3.1', schema: { type: 'object', patternProperties: { '^x\\-': { type: 'integer' } } }, valid: [{ 'x-a': 1 }], invalid: [{ 'x-a': 'one' }] },
  ]);
  it('a pattern invalid with and without u cannot be compiled, and says why', () => assert.match(validatorFor('3.0').unusable({ type: 'string', pattern: '^[a-' }) ?? '', /Invalid regular expression/));
  it('patternRegExp: u where it reads', () => assert.equal(patternRegExp('^\\p{L}$').unicode, true));
  it('patternRegExp: without u where only that reads', () => assert.equal(patternRegExp('^[\\-\\:]$').unicode, false));
  it('patternRegExp: neither reads it, a SyntaxError', () => assert.throws(() => patternRegExp('('), SyntaxError));
  it('patternRegExp: a pattern with no nested quantifier stays ECMA-262\'s', () => assert.equal(patternRegExp('^([a-z0-9_\\-\\.]+)@([a-z0-9_\\-\\.]+)\\.([a-z]{2,5})$').linear, false));
  it('patternRegExp: a pattern that backtracks exponentially runs in RE2, with the same verdicts', () => {
    const matcher = patternRegExp(BEEZUP_URL);
    assert.equal(matcher.linear, true);
    assert.equal(matcher.test('https://api-docs.beezup.com/operation/x'), true);
    assert.equal(matcher.test('http://example.com'), true);
    assert.equal(matcher.test('no dot here'), false);
  });
  it('patternRegExp: in RE2, `.` keeps ECMA-262\'s meaning and refuses a carriage return (AWS\'s ^([A-Za-z](-|_|.)?)+$)', () => {
    const matcher = patternRegExp('^([A-Za-z](-|_|.)?)+$');
    assert.deepEqual([matcher.linear, matcher.test('ab-c'), matcher.test('x\r')], [true, true, false]);
  });
  it('patternRegExp: in RE2, `\\s` keeps ECMA-262\'s meaning and is Unicode\'s white space (a no-break space)', () => {
    const matcher = patternRegExp('^(\\s*a)+$');
    assert.deepEqual([matcher.linear, matcher.test('\u00a0a a'), matcher.test('\u00a0a b')], [true, true, false]);
  });
  it('patternRegExp: a back-reference RE2 cannot read stays ECMA-262\'s, under the watchdog', () => {
    const matcher = patternRegExp('^(a+)+\\1$');
    assert.deepEqual([matcher.linear, matcher.guarded, matcher.test('aa'), matcher.test('ab')], [false, true, true, false]);
  });
  it('patternRegExp: the watchdog stops a test it cannot decide in time (PatternTimedOut)', { timeout: 30_000 }, () => assert.throws(() => patternRegExp('^(?=x)(x+)+$').test(`${'x'.repeat(40)}!`), PatternTimedOut));
});

/**
 * beezup.com's URL pattern: `([\/\w \.-]*)*` nests a quantifier in a quantifier. A backtracking engine
 * takes exponential time on a string it almost matches (Prism's mock served Wikimedia's URL, with a `%`):
 * the audit of that document never ended. The test's timeout turns such a hang into a failure.
 */
const BEEZUP_URL = '^(https?:\\/\\/)?([\\da-z\\.-]+)\\.([a-z\\.]{2,6})([\\/\\w \\.-]*)*\\/?$';
const WIKIMEDIA = 'https://upload.wikimedia.org/wikipedia/commons/thumb/e/e5/Marlon_Brando_%28cropped%29.jpg/220px-Marlon_Brando_%28cropped%29.jpg';

describe('a pattern that would backtrack exponentially on the API\'s string', { timeout: 20_000 }, () => {
  it('is judged, not a hang: the string does not match, a violation', () => {
    const violations = validatorFor('3.0').violations({ url: WIKIMEDIA }, { type: 'object', properties: { url: { type: 'string', pattern: BEEZUP_URL } } });
    assert.deepEqual(violations.map((v) => [v.pointer, v.keyword]), [['/url', 'pattern']]);
  });
  it('a string that matches fits', () => assert.deepEqual(validatorFor('3.0').violations({ url: 'https://beezup.com/a/b c' }, { type: 'object', properties: { url: { type: 'string', pattern: BEEZUP_URL } } }), []));
});

/** The schemas of a document as load.ts resolves them: $refs followed, recursion a cycle of objects, a $ref's siblings merged into a copy. */
async function schemasOf(openapi: string, schemas: Record<string, unknown>): Promise<Record<string, Schema>> {
  const doc = await resolveDocument(parseDocument(JSON.stringify({ openapi, info: { title: 't', version: '1' }, paths: {}, components: { schemas } }), 'test.json'));
  const components = doc.root.components;
  assert.ok(isObject(components) && isObject(components.schemas));
  return components.schemas as Record<string, Schema>;
}

describe('recursive and shared schemas, without rewriting what they share', () => {
  it('a recursive tree (Node.children: [Node]) validates to any depth', async () => {
    const { Node } = await schemasOf('3.0.3', { Node: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } } });
    assert.deepEqual(validatorFor('3.0').violations({ name: 'a', children: [{ name: 'b', children: [] }] }, Node), []);
    assert.deepEqual(validatorFor('3.0').violations({ name: 'a', children: [{ name: 'b', children: [{ name: 3 }] }] }, Node).map((v) => v.pointer), ['/children/0/children/0/name']);
  });
  it('3.1: a recursive schema reached by $ref with a sibling keyword (its properties map shared) compiles and validates', async () => {
    const { Node } = await schemasOf('3.1.0', { Node: { type: 'object', properties: { name: { type: 'string' }, child: { $ref: '#/components/schemas/Node', description: 'the next one' } } } });
    assert.equal(validatorFor('3.1').unusable(Node), undefined);
    assert.deepEqual(validatorFor('3.1').violations({ name: 'a', child: { name: 'b', child: { name: 'c' } } }, Node), []);
    assert.deepEqual(validatorFor('3.1').violations({ name: 'a', child: { name: 'b', child: { name: 1 } } }, Node).map((v) => v.pointer), ['/child/child/name']);
  });
  it('3.0: a recursive schema reached by allOf: [$ref] beside nullable: true compiles, and lets null end the chain', async () => {
    const { Node } = await schemasOf('3.0.3', { Node: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, parent: { nullable: true, allOf: [{ $ref: '#/components/schemas/Node' }] } } } });
    assert.equal(validatorFor('3.0').unusable(Node), undefined);
    assert.deepEqual(validatorFor('3.0').violations({ name: 'a', parent: { name: 'b', parent: null } }, Node), []);
    assert.equal(validatorFor('3.0').fits({ name: 'a', parent: { parent: null } }, Node), false);
  });
  it('two properties sharing one schema object are each validated by it', async () => {
    const { Pair } = await schemasOf('3.0.3', { Point: { type: 'object', required: ['x'], properties: { x: { type: 'number' } } }, Pair: { type: 'object', properties: { from: { $ref: '#/components/schemas/Point' }, to: { $ref: '#/components/schemas/Point' } } } });
    assert.deepEqual(validatorFor('3.0').violations({ from: { x: 1 }, to: { x: 2 } }, Pair), []);
    assert.deepEqual(validatorFor('3.0').violations({ from: { x: 1 }, to: { x: 'b' } }, Pair).map((v) => v.pointer), ['/to/x']);
  });
  it('mutual recursion (Author.books: [Book], Book.author: Author) validates both ways', async () => {
    const { Author } = await schemasOf('3.1.0', {
      Author: { type: 'object', properties: { name: { type: 'string' }, books: { type: 'array', items: { $ref: '#/components/schemas/Book' } } } },
      Book: { type: 'object', properties: { title: { type: 'string' }, author: { $ref: '#/components/schemas/Author' } } },
    });
    assert.deepEqual(validatorFor('3.1').violations({ name: 'a', books: [{ title: 't', author: { name: 'a', books: [] } }] }, Author), []);
    assert.deepEqual(validatorFor('3.1').violations({ name: 'a', books: [{ title: 't', author: { name: 2 } }] }, Author).map((v) => v.pointer), ['/books/0/author/name']);
  });
  it('a property named like a keyword ("description", "$id", "example") is a property, kept', () => {
    const schema: Schema = { type: 'object', required: ['description'], properties: { description: { type: 'string' }, $id: { type: 'integer' }, example: { type: 'boolean' } } };
    assert.deepEqual(validatorFor('3.1').violations({ description: 'd', $id: 1, example: true }, schema), []);
    assert.deepEqual(validatorFor('3.1').violations({ description: 1, $id: 'x', example: 'no' }, schema).map((v) => v.pointer), ['/description', '/$id', '/example']);
  });
  it('a schema that cannot be compiled is said once, and never thrown from unusable()', () => {
    const schema: Schema = { type: 'file' };
    assert.match(validatorFor('3.0').unusable(schema) ?? '', /type/);
    assert.match(validatorFor('3.0').unusable(schema) ?? '', /type/);
  });
});
