/**
 * Real documents, no one here wrote them, each audited against a conformant
 * mock of itself (test/real-documents/mock.ts: Prism's mock behind a correct
 * CORS front): a fixed subset of the sweep (`npm run sweep` audits them all).
 * The subset: the OpenAPI Specification's polymorphism example, the
 * collected FastAPI documents, the documents that once aborted the audit
 * (DigitalOcean's, Linode's and AWS EFS's patterns, `nullable: false` beside
 * `allOf` in just-eat.co.uk's and box.com's, just-eat.co.uk's recursive
 * schemas), and every 500th document of the directory.
 *
 * None aborts, every report parses, and each document's exit code and
 * findings are exactly those the ledger (test/real-documents/expectations.json)
 * explains, with its reason.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { specDocuments, testedSubset } from '../real-documents/documents';
import { sweep } from '../real-documents/pool';
import { checkLedger, readLedger } from '../real-documents/ledger';
import { startMock, type Mock } from '../real-documents/mock';
import { SWEEP_ORIGIN, type DocumentResult } from '../real-documents/audit-document';

describe('the mock in front of a real document answers CORS as a correct CORSMiddleware does', () => {
  let mock: Mock;
  before(async () => {
    mock = await startMock(specDocuments()[0].file, SWEEP_ORIGIN);
  });
  after(() => mock.close());

  it('grants the allowed origin with credentials, varies on Origin and exposes the answer\'s headers', async () => {
    const answer = await fetch(`${mock.url}/pets`, { headers: { Origin: SWEEP_ORIGIN } });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('access-control-allow-origin'), SWEEP_ORIGIN);
    assert.equal(answer.headers.get('access-control-allow-credentials'), 'true');
    assert.match(answer.headers.get('vary') ?? '', /\bOrigin\b/);
    assert.match(answer.headers.get('access-control-expose-headers') ?? '', /\bcontent-type\b/);
  });

  it('grants no other origin, and refuses its preflight', async () => {
    const other = await fetch(`${mock.url}/pets`, { headers: { Origin: 'https://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const preflight = await fetch(`${mock.url}/pets`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' } });
    assert.equal(preflight.status, 400);
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  });

  it("answers the allowed origin's preflight with the method and headers it asks for", async () => {
    const preflight = await fetch(`${mock.url}/pets`, { method: 'OPTIONS', headers: { Origin: SWEEP_ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' } });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers.get('access-control-allow-origin'), SWEEP_ORIGIN);
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /\bGET\b/);
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'authorization');
  });
});

describe('the ledger explains every finding, and notices one it does not', () => {
  const clean: DocumentResult = { id: 'example/clean', outcome: 'judged', exit: 0, operations: 1, called: 1, notCalled: {}, findings: {}, notes: [], mockErrors: {}, reportsParse: true, ms: 1 };
  it('a document absent from the ledger that exits 0 with no finding is as expected', () => {
    assert.deepEqual(checkLedger([clean], { documents: {} }), []);
  });
  it('a finding the ledger does not explain, an abort, a report that does not parse and a finding gone are each a difference', () => {
    const found = { ...clean, exit: 1 as const, findings: { 'schema-mismatch': { count: 1, level: 'MUST', example: 'GET /x: …' } } };
    assert.equal(checkLedger([found], { documents: {} }).length, 2); // the exit and the finding
    assert.deepEqual(checkLedger([found], { documents: { 'example/clean': { exit: 1, findings: { 'schema-mismatch': { kind: 'document', reason: 'its example does not fit' } } } } }), []);
    assert.deepEqual(checkLedger([{ ...clean, outcome: 'aborted', exit: null, error: 'TypeError' }], { documents: {} }), ['example/clean: aborted: TypeError']);
    assert.equal(checkLedger([{ ...clean, reportsParse: false }], { documents: {} }).length, 1);
    assert.equal(checkLedger([clean], { documents: { 'example/clean': { exit: 0, findings: { 'undeclared-field': { kind: 'document', reason: '…' } } } } }).length, 1);
  });
});

describe('real documents audited against their conformant mocks', () => {
  it('none aborts, every report parses, and each exit code and finding is the one the ledger explains', async () => {
    const documents = testedSubset();
    const results = await sweep(documents, { workers: 2, timeoutMs: 120_000 });
    assert.equal(results.length, documents.length);
    assert.deepEqual(checkLedger(results, readLedger()), []);
    for (const r of results) {
      assert.ok(r.exit === 0 || r.exit === 1 || r.outcome === 'could-not-judge' || r.outcome === 'mock-refused', `${r.id}: ${r.outcome} ${r.error ?? ''}`);
      assert.ok(r.reportsParse, `${r.id}: its reports parse`);
    }
  });
});
