/**
 * What the audit reads of a document beyond its operations: whether FastAPI
 * wrote it (the advice is then in FastAPI's terms), and whether its servers
 * point elsewhere than --target (which wins, and the report says so).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, resolveDocument } from '../../openapi/load';
import { operationsOf } from '../../openapi/operations';
import { frameworkOf, serversNote } from '../../runner/audit/document';
import { TEST_API_DOCUMENT } from '../fixtures/openapi-api/openapi';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'openapi');
const load = async (text: string) => resolveDocument(parseDocument(text, 'doc'));
const withServers = (servers: unknown) => load(JSON.stringify({ ...TEST_API_DOCUMENT, servers }));

describe('frameworkOf', () => {
  it('FastAPI 0.92\'s own document is FastAPI\'s (HTTPValidationError and ValidationError)', async () => {
    const document = await load(readFileSync(path.join(FIXTURES, 'fastapi-0.92.json'), 'utf8'));
    assert.equal(frameworkOf(document, operationsOf(document)), 'FastAPI');
  });
  it('a FastAPI app without a parameter or body is known by its operation ids ({function}_{path}_{method})', async () => {
    const document = await load(JSON.stringify({ openapi: '3.1.0', info: { title: 'x', version: '1' }, paths: { '/api/items/{item_id}': { get: { operationId: 'read_item_api_items__item_id__get', responses: {} } }, '/': { get: { operationId: 'root__get', responses: {} } } } }));
    assert.equal(frameworkOf(document, operationsOf(document)), 'FastAPI');
  });
  it('a hand-written document is no framework\'s', async () => {
    const document = await load(JSON.stringify(TEST_API_DOCUMENT));
    assert.equal(frameworkOf(document, operationsOf(document)), null);
  });
});

describe('serversNote', () => {
  const target = 'http://127.0.0.1:8000';
  it('no servers: nothing to say', async () => assert.equal(serversNote(await withServers(undefined), target), null));
  it('a server that is --target: nothing to say', async () => assert.equal(serversNote(await withServers([{ url: 'http://127.0.0.1:8000/' }]), target), null));
  it('"/" read against the document\'s own URL on --target: nothing to say', async () => assert.equal(serversNote(await withServers([{ url: '/' }]), target, 'http://127.0.0.1:8000/openapi.json'), null));
  it('servers elsewhere: --target wins, and the note says so', async () =>
    assert.equal(
      serversNote(await withServers([{ url: 'https://api.shop.example/v1' }, { url: 'https://{region}.shop.example', variables: { region: { default: 'eu' } } }]), target),
      'the document\'s servers are https://api.shop.example/v1, https://eu.shop.example, not --target http://127.0.0.1:8000: every operation was called on --target, which wins',
    ));
  it('never shows the userinfo of --target', async () => assert.doesNotMatch(serversNote(await withServers([{ url: 'https://api.shop.example' }]), 'http://user:secret@127.0.0.1:8000')!, /secret/));
});
