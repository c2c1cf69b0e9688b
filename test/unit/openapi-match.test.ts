/**
 * Which operation a concrete request calls (openapi/match.ts), as the
 * audit's --route and the sentences about a response both ask: the method
 * must match, the path (its query left out) segment by segment, a literal
 * segment beats a templated one at the first difference (OpenAPI's Path
 * Templating Matching), percent-decoded segments accepted.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, resolveDocument } from '../../openapi/load';
import { matchingTemplates, operationFor, pathOnly } from '../../openapi/match';
import { operationsOf, type Operation } from '../../openapi/operations';

const ok = { responses: { '200': { description: 'ok' } } };
// The templated path first, so the literal one must win by the rule, not by the document's order.
const PATHS = {
  '/api/items/{item_id}': { get: ok, post: ok },
  '/api/items/featured': { get: ok },
  '/api/items': { get: ok },
  '/api/users/{name}': { get: ok },
  '/api/users/{id}.json': { get: ok },
  '/a/{x}': { get: ok },
  '/{y}/bbbbbbbb': { get: ok },
  '/files/report.json': { get: ok },
  '/': { get: ok },
};

let operations: Operation[];
before(async () => {
  const document = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: PATHS };
  operations = operationsOf(await resolveDocument(parseDocument(JSON.stringify(document), 'test.json')));
});

const templateOf = (method: string, path: string) => operationFor(operations, method, path)?.path;

describe('operationFor: literal first', () => {
  it('/api/items/featured is the literal template, though /api/items/{item_id} comes first', () => assert.equal(templateOf('GET', '/api/items/featured'), '/api/items/featured'));
  it('any other item is the templated one', () => assert.equal(templateOf('GET', '/api/items/5'), '/api/items/{item_id}'));
  it('at the first segment that differs, not by how many literal characters', () => assert.equal(templateOf('GET', '/a/bbbbbbbb'), '/a/{x}'));
  it('a segment part literal ("{id}.json") beats a variable alone', () => assert.equal(templateOf('GET', '/api/users/7.json'), '/api/users/{id}.json'));
  it('…which still takes what has no ".json"', () => assert.equal(templateOf('GET', '/api/users/ada'), '/api/users/{name}'));
  it('the root path', () => assert.equal(templateOf('GET', '/'), '/'));
});

describe('operationFor: the method', () => {
  it('the most literal template with the method: POST /api/items/featured is POST /api/items/{item_id}', () => assert.equal(templateOf('POST', '/api/items/featured'), '/api/items/{item_id}'));
  it('none with the method: undefined', () => assert.equal(templateOf('PATCH', '/api/items/5'), undefined));
  it('the method in any case', () => assert.equal(templateOf('get', '/api/items/featured'), '/api/items/featured'));
  it('the operation itself, with its method', () => assert.equal(operationFor(operations, 'POST', '/api/items/5')?.method, 'POST'));
});

describe('operationFor: segment by segment', () => {
  it('a trailing segment more: none', () => assert.equal(templateOf('GET', '/api/items/5/6'), undefined));
  it('a trailing slash is a segment (empty): none', () => assert.equal(templateOf('GET', '/api/items/5/'), undefined));
  it('a segment fewer: the shorter template', () => assert.equal(templateOf('GET', '/api/items'), '/api/items'));
  it('a variable is never empty', () => assert.equal(templateOf('GET', '/api/users/'), undefined));
  it('no path of the document: undefined', () => assert.equal(templateOf('GET', '/nowhere/at/all'), undefined));
  it('the query is left out', () => assert.equal(templateOf('GET', '/api/items/featured?page=2'), '/api/items/featured'));
  it('…and a fragment', () => assert.equal(templateOf('GET', '/api/items/featured#top'), '/api/items/featured'));
  it('a "." in a literal segment is a dot, not any character', () => assert.equal(templateOf('GET', '/files/reportxjson'), undefined));
});

describe('operationFor: percent-encoded segments', () => {
  it('an encoded value fills a variable', () => assert.equal(templateOf('GET', '/api/items/caf%C3%A9'), '/api/items/{item_id}'));
  it('an encoded literal matches decoded', () => assert.equal(templateOf('GET', '/api/items/%66eatured'), '/api/items/featured'));
  it('an encoded dot in a literal segment', () => assert.equal(templateOf('GET', '/files/report%2Ejson'), '/files/report.json'));
  it('a malformed escape is taken as written', () => assert.equal(templateOf('GET', '/api/items/%E0%A4%A'), '/api/items/{item_id}'));
});

describe('matchingTemplates and pathOnly', () => {
  it('every template that matches, whatever the method, the most literal first', () => assert.deepEqual(matchingTemplates(operations, '/api/items/featured'), ['/api/items/featured', '/api/items/{item_id}']));
  it('none', () => assert.deepEqual(matchingTemplates(operations, '/api/items/5/6'), []));
  it('as literal as each other: in the document\'s order', () =>
    assert.deepEqual(
      matchingTemplates([{ path: '/{a}/x' }, { path: '/{b}/x' }] as Operation[], '/1/x'),
      ['/{a}/x', '/{b}/x'],
    ));
  it('pathOnly leaves out the query and the fragment', () => assert.equal(pathOnly('/a/b?c=1#d'), '/a/b'));
  it('pathOnly of a bare query is "/"', () => assert.equal(pathOnly('?c=1'), '/'));
});
