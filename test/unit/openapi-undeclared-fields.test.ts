import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Schema } from '../../openapi/document';
import { parseDocument, resolveDocument } from '../../openapi/load';
import { operationsOf } from '../../openapi/operations';
import { componentSchemasOf, undeclaredFields, type ComponentSchemas } from '../../openapi/undeclared-fields';

async function responseSchema(name: string, method: string, template: string, status: string): Promise<Schema> {
  const doc = await resolveDocument(parseDocument(readFileSync(path.join(__dirname, '..', 'fixtures', 'openapi', name), 'utf8'), name));
  const operation = operationsOf(doc).find((o) => o.method === method && o.path === template);
  const schema = operation?.responses[status]?.content['application/json']?.schema;
  assert.ok(schema !== undefined, `no schema for ${method} ${template} ${status}`);
  return schema;
}

// pydantic 1's shapes, as FastAPI 0.92 writes them.
const owner: Schema = { title: 'Owner', type: 'object', required: ['name'], properties: { name: { title: 'Name', type: 'string' }, email: { title: 'Email', type: 'string' } } };
const item: Schema = { title: 'Item', type: 'object', required: ['id', 'owner'], properties: { id: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } }, owner } };

describe('a field the response model does not declare is found at any depth (fastapi#847)', () => {
  let items: Schema;
  before(async () => {
    items = await responseSchema('fastapi-0.92.json', 'GET', '/api/items', '200');
  });
  it('a password leaked through a nested model, in a FastAPI 0.92 List[Item]', () => {
    const body = [{ id: 42, name: 'Dune', price: 9.5, owner: { name: 'ann', email: null, password: 'hunter2' } }];
    assert.deepEqual(undeclaredFields(body, items, '3.0'), ['/0/owner/password']);
  });
  it('a body the model filtered has nothing undeclared', () => assert.deepEqual(undeclaredFields([{ id: 42, name: 'Dune', price: 9.5, kind: 'book', tags: [], description: null, owner: { name: 'ann', email: null } }], items, '3.0'), []));
  it('each item of a list is judged: every leak, in the body\'s order', () =>
    assert.deepEqual(undeclaredFields([{ id: 1, owner: { name: 'a' } }, { id: 2, secret: 's', owner: { name: 'b', password: 'p' } }], { type: 'array', items: item }), ['/1/secret', '/1/owner/password']));
  it('a field undeclared is named alone, not the fields inside it', () => assert.deepEqual(undeclaredFields({ id: 1, owner: { name: 'a' }, internal: { db: { host: 'x' } } }, item), ['/internal']));
  it('a field name is escaped in the pointer (RFC 6901)', () => assert.deepEqual(undeclaredFields({ id: 1, owner: { name: 'a' }, 'a/b~c': 1 }, item), ['/a~1b~0c']));
  it('null, a string and a number have no fields', () => assert.deepEqual([null, 'x', 3].map((v) => undeclaredFields(v, item)), [[], [], []]));
});

describe('compositions: a field is declared if any schema that applies declares it', () => {
  it('pydantic 1 wraps a described model field as {title, allOf: [Model]}: the model declares', () => {
    const wrapped: Schema = { type: 'object', properties: { owner: { title: 'The owner', allOf: [owner] } } };
    assert.deepEqual(undeclaredFields({ owner: { name: 'a', password: 'p' } }, wrapped), ['/owner/password']);
  });
  it('allOf members add up: what either declares is declared', () => {
    const both: Schema = { allOf: [{ type: 'object', properties: { a: { type: 'integer' } } }, { type: 'object', properties: { b: { type: 'integer' } } }] };
    assert.deepEqual(undeclaredFields({ a: 1, b: 2, c: 3 }, both), ['/c']);
  });
  it('3.1 Optional[Owner]: anyOf [Owner, null] judges an owner by Owner', () => {
    const optional: Schema = { type: 'object', properties: { owner: { anyOf: [owner, { type: 'null' }] } } };
    assert.deepEqual(undeclaredFields({ owner: { name: 'a', password: 'p' } }, optional), ['/owner/password']);
    assert.deepEqual(undeclaredFields({ owner: null }, optional), []);
  });
  it('3.0 nullable: a nullable object is judged by its properties', () => {
    const nullable: Schema = { type: 'object', properties: { owner: { ...owner, nullable: true } } };
    assert.deepEqual(undeclaredFields({ owner: { name: 'a', password: 'p' } }, nullable, '3.0'), ['/owner/password']);
  });
  const cat: Schema = { type: 'object', required: ['kind'], properties: { kind: { const: 'cat' }, meows: { type: 'boolean' } } };
  const dog: Schema = { type: 'object', required: ['kind'], properties: { kind: { const: 'dog' }, barks: { type: 'boolean' } } };
  it('only the anyOf branches the value fits declare: a cat\'s "barks" is undeclared', () => assert.deepEqual(undeclaredFields({ kind: 'cat', meows: true, barks: true }, { anyOf: [cat, dog] }), ['/barks']));
  it('the same for oneOf', () => assert.deepEqual(undeclaredFields({ kind: 'dog', barks: true, meows: true }, { oneOf: [cat, dog] }), ['/meows']));
  it('when the value fits no branch, every branch declares (its schema error is reported apart)', () => assert.deepEqual(undeclaredFields({ kind: 'cow', meows: true, barks: true, moos: true }, { oneOf: [cat, dog] }), ['/moos']));
  it('if/then/else: the branch the value takes declares', () => {
    const conditional: Schema = { type: 'object', properties: { kind: { type: 'string' } }, if: { properties: { kind: { const: 'cat' } } }, then: { properties: { meows: { type: 'boolean' } } }, else: { properties: { barks: { type: 'boolean' } } } };
    assert.deepEqual(undeclaredFields({ kind: 'cat', meows: true, barks: true }, conditional), ['/barks']);
  });
});

describe('what allows more declares more', () => {
  it('additionalProperties: true declares every other field', () => assert.deepEqual(undeclaredFields({ a: 1, b: 2 }, { type: 'object', properties: { a: {} }, additionalProperties: true }), []));
  it('additionalProperties as a schema (Dict[str, Owner]) declares every key and judges each value', () =>
    assert.deepEqual(undeclaredFields({ ann: { name: 'a' }, bob: { name: 'b', password: 'p' } }, { type: 'object', additionalProperties: owner }), ['/bob/password']));
  it('patternProperties declares the names it matches, and only those', () =>
    assert.deepEqual(undeclaredFields({ x_a: 1, x_b: 2, y: 3 }, { type: 'object', patternProperties: { '^x_': { type: 'integer' } } }), ['/y']));
  it('additionalProperties: false declares nothing more (and the validator reports it too)', () => assert.deepEqual(undeclaredFields({ a: 1, b: 2 }, { type: 'object', properties: { a: {} }, additionalProperties: false }), ['/b']));
  it('an empty model ({type: object, properties: {}}) declares no field', () => assert.deepEqual(undeclaredFields({ a: 1 }, { type: 'object', properties: {} }), ['/a']));
});

describe('a free-form value (a schema that says nothing of properties) has nothing undeclared', () => {
  const rows: [string, Schema][] = [['{}', {}], ['{type: object} (pydantic 1\'s dict)', { type: 'object' }], ['true (3.1)', true], ['{title, description} only', { title: 'Extra', description: 'Anything' }]];
  for (const [what, schema] of rows) it(`${what}: nothing, at any depth`, () => assert.deepEqual(undeclaredFields({ a: { b: { c: 1 } } }, schema), []));
  it('a free-form field inside a model: the model\'s fields are judged, the free-form field\'s insides are not', () => {
    const model: Schema = { type: 'object', properties: { meta: { type: 'object' }, name: { type: 'string' } } };
    assert.deepEqual(undeclaredFields({ meta: { anything: { at: 'all' } }, name: 'x', leak: 1 }, model), ['/leak']);
  });
  it('an array without items is free-form', () => assert.deepEqual(undeclaredFields([{ a: 1 }], { type: 'array' }), []));
});

describe('arrays are judged item by item', () => {
  it('items judges every item', () => assert.deepEqual(undeclaredFields([{ name: 'a' }, { name: 'b', x: 1 }], { type: 'array', items: owner }), ['/1/x']));
  it('prefixItems (3.1) judges by position, then items', () => {
    const tuple: Schema = { type: 'array', prefixItems: [owner], items: { type: 'object', properties: { id: {} } } };
    assert.deepEqual(undeclaredFields([{ name: 'a', id: 1 }, { id: 1, name: 'b' }], tuple), ['/0/id', '/1/name']);
  });
  it('draft-07 tuple items, then additionalItems', () => {
    const tuple: Schema = { type: 'array', items: [owner], additionalItems: { type: 'object', properties: { id: {} } } };
    assert.deepEqual(undeclaredFields([{ name: 'a', id: 1 }, { id: 1, name: 'b' }], tuple, '3.0'), ['/0/id', '/1/name']);
  });
  it('arrays of arrays', () => assert.deepEqual(undeclaredFields([[{ name: 'a', x: 1 }]], { type: 'array', items: { type: 'array', items: owner } }), ['/0/0/x']));
});

describe('a recursive tree (Category { children: Category[] })', () => {
  let categories: Schema;
  before(async () => {
    categories = await responseSchema('fastapi-0.92.json', 'GET', '/api/categories', '200');
  });
  it('a leak at the third level is found', () =>
    assert.deepEqual(undeclaredFields([{ name: 'books', children: [{ name: 'novels', children: [{ name: 'sf', children: [], owner_id: 7 }] }] }], categories, '3.0'), ['/0/children/0/children/0/owner_id']));
  it('a tree that fits has nothing undeclared', () => assert.deepEqual(undeclaredFields([{ name: 'books', children: [{ name: 'novels', children: [] }] }], categories, '3.0'), []));
  it('the 3.1 document\'s tree too', async () => {
    const tree = await responseSchema('shop-3.1.yaml', 'GET', '/api/categories', '200');
    assert.deepEqual(undeclaredFields([{ name: 'a', children: [{ name: 'b', parent: 'a' }] }], tree), ['/0/children/0/parent']);
  });
});

/** A document's components, resolved as load.ts resolves them (discriminator mappings stay strings; $refs become the objects). */
async function components(openapi: string, schemas: Record<string, unknown>): Promise<ComponentSchemas> {
  return componentSchemasOf((await resolveDocument(parseDocument(JSON.stringify({ openapi, info: { title: 't', version: '1' }, paths: {}, components: { schemas } }), 'pets.json'))).root);
}

describe('polymorphism: a field is undeclared only if no applicable schema declares it (OpenAPI\'s Discriminator Object)', () => {
  // The OpenAPI specification's own example (3.0.3 §4.7.25.2, "models with polymorphism support"): Pet is the base, Cat and Dog extend it by allOf.
  const PETS = {
    Pet: { type: 'object', required: ['petType'], properties: { name: { type: 'string' }, petType: { type: 'string' } }, discriminator: { propertyName: 'petType' } },
    Cat: { description: 'A representation of a cat', allOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'object', properties: { huntingSkill: { type: 'string', enum: ['clueless', 'lazy', 'adventurous', 'aggressive'] } }, required: ['huntingSkill'] }] },
    Dog: { description: 'A representation of a dog', allOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'object', properties: { packSize: { type: 'integer', minimum: 0 } }, required: ['packSize'] }] },
  };
  let pets: ComponentSchemas;
  before(async () => {
    pets = await components('3.0.3', PETS);
  });
  it('the spec\'s Cat answered where the document says Pet has nothing undeclared (the implicit mapping: the component named by petType)', () =>
    assert.deepEqual(undeclaredFields({ petType: 'Cat', name: 'Tom', huntingSkill: 'lazy' }, pets.Pet, '3.0', pets), []));
  it('a Cat with a field neither Pet nor Cat declares still has it found', () =>
    assert.deepEqual(undeclaredFields({ petType: 'Cat', name: 'Tom', huntingSkill: 'lazy', password: 'x' }, pets.Pet, '3.0', pets), ['/password']));
  it('a Cat does not get a Dog\'s fields: packSize is undeclared on a Cat', () =>
    assert.deepEqual(undeclaredFields({ petType: 'Cat', name: 'Tom', packSize: 3 }, pets.Pet, '3.0', pets), ['/packSize']));
  it('without the document\'s components, a discriminator picks nothing: huntingSkill is undeclared on a Pet', () =>
    assert.deepEqual(undeclaredFields({ petType: 'Cat', name: 'Tom', huntingSkill: 'lazy' }, pets.Pet, '3.0'), ['/huntingSkill']));
  it('a value the discriminator names no schema for is judged as a Pet', () =>
    assert.deepEqual(undeclaredFields({ petType: 'Lizard', name: 'Liz', scales: 9 }, pets.Pet, '3.0', pets), ['/scales']));
  it('in a list of Pets, each item by its own petType', () =>
    assert.deepEqual(undeclaredFields([{ petType: 'Cat', huntingSkill: 'lazy' }, { petType: 'Dog', packSize: 2, huntingSkill: 'lazy' }], { type: 'array', items: pets.Pet }, '3.0', pets), ['/1/huntingSkill']));

  describe('on a oneOf, with a mapping', () => {
    let owner: ComponentSchemas;
    before(async () => {
      owner = await components('3.1.0', {
        Cat: { type: 'object', properties: { kind: { type: 'string' }, meows: { type: 'boolean' } } },
        Dog: { type: 'object', properties: { kind: { type: 'string' }, barks: { type: 'boolean' } } },
        Owner: {
          type: 'object',
          properties: {
            pet: {
              oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
              discriminator: { propertyName: 'kind', mapping: { cat: '#/components/schemas/Cat', dog: 'Dog' } },
            },
          },
        },
      });
    });
    // Without additionalProperties: false both branches fit any object; the discriminator, not the fit, says which applies.
    it('a mapping by $ref picks the branch: a cat\'s barks is undeclared', () => assert.deepEqual(undeclaredFields({ pet: { kind: 'cat', meows: true, barks: true } }, owner.Owner, '3.1', owner), ['/pet/barks']));
    it('a mapping by bare name picks the branch: a dog\'s meows is undeclared', () => assert.deepEqual(undeclaredFields({ pet: { kind: 'dog', barks: true, meows: true } }, owner.Owner, '3.1', owner), ['/pet/meows']));
    it('a value the mapping lacks falls back to the branches the value fits', () => assert.deepEqual(undeclaredFields({ pet: { kind: 'cow', barks: true, meows: true, moos: true } }, owner.Owner, '3.1', owner), ['/pet/moos']));
  });
  it('allOf: every member declares (a Cat answered as a Cat)', () =>
    assert.deepEqual(undeclaredFields({ petType: 'Cat', name: 'Tom', huntingSkill: 'lazy' }, pets.Cat, '3.0', pets), []));
});
