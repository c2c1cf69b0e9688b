/**
 * A document's named schemas (#/components/schemas) are compiled once each,
 * in the document's own Ajv, and referred to by the schemas that reach them
 * (openapi/schema.ts DocumentSchemas): an error inside one points at its
 * definition, a branch of anyOf is still folded into one sentence, a
 * component Ajv refuses is named, and components that reach one another
 * (Microsoft Graph's entities) compile.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Schema } from '../../openapi/document';
import { parseDocument, resolveDocument } from '../../openapi/load';
import { validatorFor } from '../../openapi/schema';

let schemas: Record<string, Schema>;
const AT = '#/paths/~1items/get/responses/200/content/application~1json/schema';

before(async () => {
  const doc = await resolveDocument(parseDocument(JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'named', version: '1' },
    paths: {},
    components: {
      schemas: {
        Item: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, owner: { $ref: '#/components/schemas/User' }, either: { anyOf: [{ $ref: '#/components/schemas/User' }, { type: 'integer' }] } } },
        User: { type: 'object', properties: { id: { type: 'integer' }, favourite: { $ref: '#/components/schemas/Item' } } },
        Items: { type: 'array', items: { $ref: '#/components/schemas/Item' } },
        Broken: { type: 'object', properties: { size: { type: 'integer', minimum: 'zero' } } },
        HasBroken: { type: 'object', properties: { part: { $ref: '#/components/schemas/Broken' } } },
      },
    },
  }), 'named.json'));
  schemas = (doc.root.components as { schemas: Record<string, Schema> }).schemas;
});

describe('named schemas, compiled once each', () => {
  it('an error inside a named schema points at its definition, at any depth and through a cycle', () => {
    const violations = validatorFor('3.0').violations([{ name: 1, owner: { id: 'x', favourite: { name: 2 } } }], schemas.Items, AT);
    assert.deepEqual(violations.map((v) => [v.pointer, v.schemaPointer]), [
      ['/0/name', '#/components/schemas/Item/properties/name/type'],
      ['/0/owner/id', '#/components/schemas/User/properties/id/type'],
      ['/0/owner/favourite/name', '#/components/schemas/Item/properties/name/type'],
    ]);
  });
  it('an error of the schema itself points under the place the caller names', () => {
    const violations = validatorFor('3.0').violations({ not: 'an array' }, schemas.Items, AT);
    assert.deepEqual(violations.map((v) => v.schemaPointer), [`${AT}/type`]);
  });
  it('a named schema as a branch of anyOf is folded into the choice\'s one sentence', () => {
    const [violation] = validatorFor('3.0').violations({ name: 'a', either: { id: 'x' } }, schemas.Item, AT);
    assert.equal(violation.keyword, 'anyOf');
    assert.equal(violation.message, "fits none of the schema's 2 choices (anyOf): choice 1: /id is a string (\"x\"), the schema says integer; choice 2: the value is an object, the schema says integer");
  });
  it('what fits, fits', () => assert.deepEqual(validatorFor('3.0').violations([{ name: 'a', owner: { id: 1, favourite: { name: 'b' } }, either: 3 }], schemas.Items, AT), []));
  it('a named schema Ajv refuses makes the schemas that reach it unusable, in Ajv\'s words', () => {
    assert.match(validatorFor('3.0').unusable(schemas.HasBroken) ?? '', /minimum (value )?must be/);
    assert.match(validatorFor('3.0').unusable(schemas.Broken) ?? '', /minimum (value )?must be/);
  });
  it('a schema that reaches no broken one stays usable beside it', () => assert.equal(validatorFor('3.0').unusable(schemas.Items), undefined));
});
