/**
 * Bodies that are not JSON, as FastAPI's own tests compare them: an XML
 * document returned as a Response (docs "Return a Response Directly"), and
 * the "OK" text Starlette's CORSMiddleware answers a preflight with. A tiny
 * server answers as FastAPI would; "the body is the text:" and "the body
 * matches" pass it, and fail, saying where, a body that differs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSuite } from '../../runner/run/index';
import { runOptions } from '../support/options';

const ALLOWED = 'https://frontend.example';
const XML = '<?xml version="1.0"?>\n<shampoo>\n  <Header>Apply shampoo here.</Header>\n  <Body>You\'ll have to use soap here.</Body>\n</shampoo>\n';

/** GET /legacy/ answers XML; a preflight answers as Starlette's CORSMiddleware does: 200 "OK" for the allowed origin, 400 otherwise. */
function startFastApiLike(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume();
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      if (request.headers.origin !== ALLOWED) {
        response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', Vary: 'Origin' });
        response.end('Disallowed CORS origin');
        return;
      }
      response.writeHead(200, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Access-Control-Allow-Origin': ALLOWED,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT',
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      });
      response.end('OK');
      return;
    }
    if (request.url === '/legacy/') {
      response.writeHead(200, { 'Content-Type': 'application/xml' });
      response.end(XML);
      return;
    }
    if (request.url === '/two-newlines/') {
      response.writeHead(200, { 'Content-Type': 'text/plain' });
      response.end('OK\n\n');
      return;
    }
    response.writeHead(404, { 'Content-Type': 'application/json' });
    response.end('{"detail":"Not Found"}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

const FEATURE = `Feature: Bodies that are not JSON

  @MUST @id:text-xml
  Scenario: An XML document is the text written, whatever its trailing newline
    When a client calls "GET /legacy/"
    Then the body is the text:
      """
      <?xml version="1.0"?>
      <shampoo>
        <Header>Apply shampoo here.</Header>
        <Body>You'll have to use soap here.</Body>
      </shampoo>
      """
    And the body matches /<Header>\\s*Apply shampoo here\\.\\s*<\\/Header>/
    And the body matches /^<\\/shampoo>$/m

  @MUST @id:text-preflight-ok
  Scenario: The preflight answers OK
    When a script on the allowed origin asks to call "PUT /items/1"
    Then the preflight lets it through
    And the server answers 200 OK
    And the body is the text:
      """
      OK
      """

  @MUST @id:text-preflight-refused
  Scenario: The preflight refuses another origin, saying so
    When a script on another origin asks to call "PUT /items/1"
    Then the preflight refuses it
    And the server answers 400 Bad Request
    And the body matches /^Disallowed CORS origin$/

  @MUST @id:text-other-line
  Scenario: A line that differs fails, saying where
    When a client calls "GET /legacy/"
    Then the body is the text:
      """
      <?xml version="1.0"?>
      <shampoo>
        <Header>Apply conditioner here.</Header>
      </shampoo>
      """

  @MUST @id:text-two-newlines
  Scenario: Two trailing newlines are not one
    When a client calls "GET /two-newlines/"
    Then the body is the text:
      """
      OK
      """

  @MUST @id:text-no-match
  Scenario: A body that does not match fails, showing the body
    When a client calls "GET /legacy/"
    Then the body matches /<Body>\\s*Rinse\\./
`;

describe('sentences for a body that is not JSON', () => {
  let fastapi: Awaited<ReturnType<typeof startFastApiLike>>;
  let byId: Map<string, { status: string; message: string | null }>;
  before(async () => {
    fastapi = await startFastApiLike();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rc-text-')), 'text.feature');
    writeFileSync(file, FEATURE);
    const { summary } = await runSuite(runOptions({ target: fastapi.url, features: [file], browser: 'off' }));
    byId = new Map(summary.scenarios.map((s) => [s.id, s]));
  });
  after(() => fastapi.server.close());

  for (const id of ['text-xml', 'text-preflight-ok', 'text-preflight-refused']) {
    it(`passes: ${id}`, () => assert.equal(byId.get(id)?.status, 'passed', byId.get(id)?.message ?? 'not run'));
  }

  it('a line that differs: the message gives the line, the column, and both lines', () =>
    assert.equal(byId.get('text-other-line')?.message, 'the body differs from the text at line 3, column 17: expected "  <Header>Apply conditioner here.</Header>", got "  <Header>Apply shampoo here.</Header>"'));

  it('two trailing newlines are not the one a doc string leaves out', () => assert.equal(byId.get('text-two-newlines')?.message, 'the body has 1 more line(s) than the text, from line 2: ""'));

  it('a body that does not match: the message shows the pattern and the body', () =>
    assert.equal(byId.get('text-no-match')?.message, `body: expected a text matching /<Body>\\s*Rinse\\./, got ${JSON.stringify(XML)}`));
});
