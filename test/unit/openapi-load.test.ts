import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DocumentError, parseDocument, resolveDocument, type DocumentErrorCode } from '../../openapi/load';

function fixture(name: string): string {
  return readFileSync(path.join(__dirname, '..', 'fixtures', 'openapi', name), 'utf8');
}

function refusal(text: string, source = 'http://127.0.0.1:8000/openapi.json'): DocumentError {
  try {
    parseDocument(text, source);
  } catch (error) {
    assert.ok(error instanceof DocumentError, `expected a DocumentError, got ${String(error)}`);
    return error;
  }
  assert.fail('the document was accepted');
}

async function resolveRefusal(text: string, source: string): Promise<DocumentError> {
  try {
    await resolveDocument(parseDocument(text, source));
  } catch (error) {
    assert.ok(error instanceof DocumentError, `expected a DocumentError, got ${String(error)}`);
    return error;
  }
  assert.fail('the document resolved');
}

describe('a document is read from JSON or YAML text', () => {
  it('FastAPI 0.92 writes OpenAPI 3.0.2, read with 3.0 semantics', () => {
    const doc = parseDocument(fixture('fastapi-0.92.json'), 'fastapi-0.92.json');
    assert.equal(doc.openapi, '3.0.2');
    assert.equal(doc.family, '3.0');
  });
  it('info.title and info.version are the API\'s own', () => {
    assert.deepEqual(parseDocument(fixture('fastapi-0.92.json'), 'x').info, { title: 'Shop', version: '1.4.0' });
  });
  it('a YAML document reads as its JSON would', () => {
    const doc = parseDocument(fixture('shop-3.1.yaml'), 'shop-3.1.yaml');
    assert.equal(doc.family, '3.1');
    assert.deepEqual(doc.info, { title: 'Shop', version: '2.0.0' });
  });
  it('the source is kept, for every message about the document', () => assert.equal(parseDocument(fixture('shop-3.1.yaml'), 'shop-3.1.yaml').source, 'shop-3.1.yaml'));
});

describe('a text that is not an OpenAPI 3 document is refused with a stable code, its source and what to do', () => {
  const rows: [string, string, DocumentErrorCode, RegExp][] = [
    ['empty text', '  \n', 'not-json-or-yaml', /it is empty/],
    ['an HTML page (the /docs viewer)', '<!DOCTYPE html>\n<html><body>Swagger UI</body></html>', 'not-json-or-yaml', /one string, starting "<!DOCTYPE html>/],
    ['broken JSON', '{"openapi": "3.0.2", ', 'not-json-or-yaml', /neither JSON nor YAML \(.*JSON/],
    ['broken YAML', 'openapi: 3.0.2\n  info: [\n', 'not-json-or-yaml', /neither JSON nor YAML/],
    ['a JSON array', '[1, 2]', 'not-json-or-yaml', /\[1,2\], not as an object/],
    ['Swagger 2.0', fixture('swagger-2.0.json'), 'swagger-2', /Swagger 2\.0 document.*swagger2openapi/],
    ['no "openapi" field', '{"info": {"title": "t", "version": "1"}}', 'not-openapi-3', /no "openapi" field.*\/openapi\.json/],
    ['an unquoted YAML version', 'openapi: 3.0\ninfo: {title: t, version: "1"}\n', 'not-openapi-3', /the number 3.*Quote it: openapi: "3\.0\.3"/],
    ['"openapi": "2.0"', '{"openapi": "2.0"}', 'not-openapi-3', /"2\.0", not an OpenAPI 3 version/],
    ['OpenAPI 3.2', '{"openapi": "3.2.0", "info": {"title": "t", "version": "1"}}', 'unsupported-openapi-version', /OpenAPI 3\.2\.0, and the suite reads 3\.0\.x and 3\.1\.x/],
    ['no info', '{"openapi": "3.1.0", "paths": {}}', 'missing-info', /no info object with a title and a version/],
  ];
  for (const [what, text, code, message] of rows) {
    it(`${what} is refused as ${code}`, () => {
      const error = refusal(text);
      assert.equal(error.code, code);
      assert.match(error.message, message);
      assert.ok(error.message.startsWith('http://127.0.0.1:8000/openapi.json: '), error.message);
    });
  }
  it('the refusal of Swagger 2.0 points at its "swagger" field', () => assert.equal(refusal(fixture('swagger-2.0.json')).pointer, '#/swagger'));
});

describe('$refs are resolved by the library', () => {
  it('a $ref is replaced by the schema it points to', async () => {
    const doc = await resolveDocument(parseDocument(fixture('fastapi-0.92.json'), 'x'));
    const schema = (doc.root as any).paths['/api/items/{item_id}'].get.responses['200'].content['application/json'].schema;
    assert.equal(schema.title, 'Item');
    assert.equal(schema.properties.owner.title, 'Owner');
  });
  it('a recursive schema (Category { children: Category[] }) becomes a cycle, not an error', async () => {
    const doc = await resolveDocument(parseDocument(fixture('fastapi-0.92.json'), 'x'));
    const category = (doc.root as any).components.schemas.Category;
    assert.equal(category.properties.children.items, category);
  });
  it('a $ref to a response is resolved as well as one to a schema', async () => {
    const doc = await resolveDocument(parseDocument(fixture('shop-3.1.yaml'), 'x'));
    const range = (doc.root as any).paths['/api/users/{user_id}/orders/{order_id}'].get.responses['4XX'];
    assert.deepEqual(Object.keys(range.content), ['application/problem+json']);
  });
  it('the parsed document is left as it was', async () => {
    const parsed = parseDocument(fixture('fastapi-0.92.json'), 'x');
    await resolveDocument(parsed);
    assert.deepEqual((parsed.root as any).components.schemas.Category.properties.children.items, { $ref: '#/components/schemas/Category' });
  });
  it('the resolved document keeps its source, version and info', async () => {
    const doc = await resolveDocument(parseDocument(fixture('shop-3.1.yaml'), 'shop-3.1.yaml'));
    assert.deepEqual([doc.source, doc.openapi, doc.family, doc.info.title, doc.resolved], ['shop-3.1.yaml', '3.1.0', '3.1', 'Shop', true]);
  });
});

describe('a $ref that resolves nowhere is refused, naming the $ref\'s pointer and its target', () => {
  it('the code is unresolved-ref and the pointer is the first $ref at fault', async () => {
    const error = await resolveRefusal(fixture('bad-ref.yaml'), 'bad-ref.yaml');
    assert.equal(error.code, 'unresolved-ref');
    assert.equal(error.pointer, '#/paths/~1api~1items~1{item_id}/get/responses/200/content/application~1json/schema');
  });
  it('every broken $ref is named, with where it is and what it points to', async () => {
    const { message } = await resolveRefusal(fixture('bad-ref.yaml'), 'bad-ref.yaml');
    assert.match(message, /^bad-ref\.yaml: /);
    assert.match(message, /the \$ref at #\/paths\/~1api~1items~1\{item_id\}\/get\/responses\/200\/content\/application~1json\/schema points to #\/components\/schemas\/Itme, which is not in the document/);
    assert.match(message, /the \$ref at #\/paths\/~1api~1items~1\{item_id\}\/get\/responses\/404 points to #\/components\/responses\/NotFound/);
  });
  it('the suggestion lists what is there instead', async () => {
    const error = await resolveRefusal(fixture('bad-ref.yaml'), 'bad-ref.yaml');
    assert.match(error.suggestion, /#\/components\/schemas has Item, Category/);
  });
});

describe('a $ref to another document is refused, never fetched', () => {
  const external = (ref: string) => JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: ref } } } } } } } } });
  for (const ref of ['other.yaml#/components/schemas/Item', 'https://schemas.example/item.json']) {
    it(`${ref} is an external-ref, with a suggestion to bundle`, async () => {
      const error = await resolveRefusal(external(ref), 'openapi.json');
      assert.equal(error.code, 'external-ref');
      assert.equal(error.pointer, '#/paths/~1a/get/responses/200/content/application~1json/schema');
      assert.ok(error.message.includes(`points to another document (${ref})`), error.message);
      assert.match(error.suggestion, /bundle it into one/);
    });
  }
});
