/**
 * The document in the vocabulary: a feature can say that a response is as
 * the API's OpenAPI document describes it, and that a script can read every
 * header the document declares. Run through the command, as a user runs it,
 * against a tiny shop (test/fixtures/openapi-sentences/shop.ts) that serves
 * its own hand-written OpenAPI 3.1 document: the shop as it is passes, and
 * each broken variant fails the one scenario of the promise it breaks, with
 * a message naming the operation, what arrived and the document's pointer.
 * The document is read once per run, from the target's /openapi.json or from
 * --openapi's file or URL; one that cannot be read is an error of the run
 * (exit 2), never a failure of the server: every scenario that asks for it
 * says so in one line naming --openapi.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, startListening, type StartedProcess } from '../../scripts/support/processes';
import { cli, readSummary, reportDir, type Outcome } from '../support/cli';
import { SHOP_ORIGIN, startShop, type Fault, type Shop } from '../fixtures/openapi-sentences/shop';

const FEATURE = 'test/fixtures/openapi-sentences/shop.feature';
const DOCUMENT = 'test/fixtures/openapi-sentences/openapi.json';
const IDS = ['shop-doc-1', 'shop-doc-2', 'shop-doc-3', 'shop-doc-4', 'shop-doc-5', 'shop-doc-6'];

interface Scenario {
  readonly id: string;
  readonly status: string;
  readonly outcome: string | null;
  readonly message: string | null;
}

async function run(target: string, ...extra: string[]): Promise<Outcome & { scenarios: Scenario[] }> {
  const dir = reportDir();
  const outcome = await cli(['--target', target, '--origin', SHOP_ORIGIN, '--features', FEATURE, '--no-browser', '--report-dir', dir, ...extra]);
  return { ...outcome, scenarios: readSummary(dir).scenarios };
}

/** Each failed scenario's id and message. */
function failures(scenarios: readonly Scenario[]): Record<string, string> {
  return Object.fromEntries(scenarios.filter((s) => s.status !== 'passed').map((s) => [s.id, `${s.status} (${s.outcome}): ${s.message}`]));
}

const ITEM = 'GET /api/items/{item_id}';
const ITEM_200 = '#/paths/~1api~1items~1{item_id}/get/responses/200';
const LIST_200 = '#/paths/~1api~1items/get/responses/200';

/** What each broken shop fails, by scenario: the message as the report has it, for the shop's URL. */
const BROKEN: Record<Exclude<Fault, 'no-document'>, (url: string) => Record<string, string>> = {
  'undeclared-field': (url) => ({
    'shop-doc-2': `failed (assertion): the response to GET /api/items/1 (200 OK) breaks a promise of the OpenAPI document ${url}/openapi.json:\n- ${ITEM}: the body at /supplier_cost is a field the schema does not declare (${ITEM_200}/content/application~1json/schema) [undeclared-field]`,
  }),
  'wrong-type': (url) => ({
    'shop-doc-2': `failed (assertion): the response to GET /api/items/1 (200 OK) breaks a promise of the OpenAPI document ${url}/openapi.json:\n- ${ITEM}: the body at /price is a string ("9.50"), the schema says number (${ITEM_200}/content/application~1json/schema/properties/price/type) [schema-mismatch]`,
  }),
  'undeclared-status': (url) => ({
    'shop-doc-2': `failed (assertion): the response to GET /api/items/1 (403 Forbidden) breaks a promise of the OpenAPI document ${url}/openapi.json:\n- ${ITEM}: the status 403 Forbidden is not declared; the document declares 200, 404 (#/paths/~1api~1items~1{item_id}/get/responses) [undeclared-status]`,
    'shop-doc-6': `failed (assertion): what a script on ${SHOP_ORIGIN} should read of ${ITEM} is not in the OpenAPI document ${url}/openapi.json: the status 403 Forbidden is not declared; the document declares 200, 404 (#/paths/~1api~1items~1{item_id}/get/responses) [undeclared-status]`,
  }),
  'missing-header': (url) => ({
    'shop-doc-1': `failed (assertion): the response to GET /api/items?page=1 (200 OK) breaks a promise of the OpenAPI document ${url}/openapi.json:\n- GET /api/items: the header X-Total-Count is missing, and the document requires it (${LIST_200}/headers/X-Total-Count) [declared-header-missing]`,
  }),
  'header-type': (url) => ({
    'shop-doc-1': `failed (assertion): the response to GET /api/items?page=1 (200 OK) breaks a promise of the OpenAPI document ${url}/openapi.json:\n- GET /api/items: the header X-Total-Count: "two" is not an integer (${LIST_200}/headers/X-Total-Count/schema) [declared-header-mismatch]`,
  }),
  'not-exposed': () => ({
    'shop-doc-5': `failed (assertion): a script on ${SHOP_ORIGIN} cannot read a header the OpenAPI document declares for GET /api/items 200: X-Total-Count (${LIST_200}/headers/X-Total-Count); judged by the Fetch model (Access-Control-Expose-Headers lists: Link, X-Stock); add it to CORSMiddleware(expose_headers=["X-Total-Count"]) [declared-header-hidden]`,
  }),
};

/** Every scenario failing with the same document problem; the script sentences say what they could not judge. */
/** Every scenario could not be judged: an error of the run, with the document's problem. */
function everyScenarioIsAnError(problem: string): Record<string, string> {
  const script = `what a script on ${SHOP_ORIGIN} should read cannot be judged without the OpenAPI document: `;
  return Object.fromEntries(IDS.map((id) => [id, `error (harness): ${id === 'shop-doc-5' || id === 'shop-doc-6' ? script : ''}${problem}`]));
}

describe('the sentences about the OpenAPI document', () => {
  describe('a shop that keeps every promise of its document', () => {
    let shop: Shop;
    before(async () => {
      shop = await startShop();
    });
    after(() => shop.close());

    it('passes a feature that uses both sentences: exit 0, all 6 scenarios, the document read once for the run', async () => {
      const { code, stdout, stderr, scenarios } = await run(shop.url);
      assert.equal(code, 0, stdout + stderr);
      assert.deepEqual(scenarios.map((s) => `${s.id} ${s.status}`), IDS.map((id) => `${id} passed`));
      assert.equal(shop.documentRequests(), 1, 'one request for /openapi.json, not one per scenario');
    });

    it('--parallel 2: the shards of the run share the one reading', async () => {
      const asked = shop.documentRequests();
      const { code, stdout } = await run(shop.url, '--parallel', '2');
      assert.equal(code, 0, stdout);
      assert.equal(shop.documentRequests() - asked, 1);
    });

    it('--openapi URL reads the document there, and not from the target', async () => {
      const bare = await startShop('no-document');
      try {
        const { code, stdout, scenarios } = await run(bare.url, '--openapi', `${shop.url}/openapi.json`);
        assert.equal(code, 0, stdout);
        assert.equal(scenarios.filter((s) => s.status === 'passed').length, 6);
        assert.equal(bare.documentRequests(), 0);
      } finally {
        await bare.close();
      }
    });
  });

  describe('each broken shop fails exactly the scenarios of the promise it breaks, with the operation, what arrived and the pointer', () => {
    for (const [fault, expected] of Object.entries(BROKEN) as [Exclude<Fault, 'no-document'>, (url: string) => Record<string, string>][]) {
      it(fault, async () => {
        const shop = await startShop(fault);
        try {
          const { code, stdout, scenarios } = await run(shop.url);
          assert.equal(code, 1, stdout);
          assert.deepEqual(failures(scenarios), expected(shop.url));
        } finally {
          await shop.close();
        }
      });
    }
  });

  describe('where the document comes from', () => {
    let bare: Shop;
    before(async () => {
      bare = await startShop('no-document');
    });
    after(() => bare.close());

    it('a target with no /openapi.json: every scenario is an error of the run (exit 2), with one line naming --openapi, and asks once', async () => {
      const asked = bare.documentRequests();
      const { code, stdout, scenarios } = await run(bare.url);
      assert.equal(code, 2);
      assert.deepEqual(failures(scenarios), everyScenarioIsAnError(`${bare.url}/openapi.json (the default without --openapi FILE|URL): the answer is 404 Not Found, not a document. Serve it there (FastAPI does, unless openapi_url=None), or give its file or URL with --openapi FILE|URL.`));
      assert.equal(bare.documentRequests() - asked, 1);
      assert.doesNotMatch(stdout, /\n\s+at /, 'no stack trace');
    });

    it('--openapi FILE reads the document from disk, relative to the current directory', async () => {
      const { code, stdout, scenarios } = await run(bare.url, '--openapi', DOCUMENT);
      assert.equal(code, 0, stdout);
      assert.equal(scenarios.filter((s) => s.status === 'passed').length, 6);
    });

    it('a file that is not OpenAPI 3: every scenario is an error of the run (exit 2), with the DocumentError\'s message, naming --openapi', async () => {
      const { code, scenarios } = await run(bare.url, '--openapi', 'test/fixtures/openapi/swagger-2.0.json');
      assert.equal(code, 2);
      assert.deepEqual(
        failures(scenarios),
        everyScenarioIsAnError('--openapi test/fixtures/openapi/swagger-2.0.json: it is a Swagger 2.0 document, not OpenAPI 3. Convert it to OpenAPI 3 (for example with swagger2openapi: npx swagger2openapi swagger.json -o openapi.json); FastAPI itself writes OpenAPI 3.'),
      );
    });

    it('a schema that cannot be compiled: the sentence about that response could not judge (exit 2), naming the schema\'s pointer; the others are judged', async () => {
      const document = JSON.parse(readFileSync(DOCUMENT, 'utf8')) as { paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: unknown }> }> } }> };
      document.paths['/api/items/{item_id}'].get.responses['200'].content['application/json'].schema = { type: 'object', properties: { name: { type: 'string', pattern: '^[a-' } } };
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'rc-unusable-')), 'openapi.json');
      writeFileSync(file, JSON.stringify(document));
      const { code, scenarios } = await run(bare.url, '--openapi', file);
      assert.equal(code, 2);
      const failed = failures(scenarios);
      assert.deepEqual(Object.keys(failed), ['shop-doc-2']);
      assert.match(failed['shop-doc-2'], /^error \(harness\): .*the schema at #\/paths\/~1api~1items~1\{item_id\}\/get\/responses\/200\/content\/application~1json\/schema cannot be used for validation \(.*Invalid regular expression.*\), so the response to GET \/api\/items\/1 cannot be judged against it\. Correct the schema/);
    });

    it('a file that is not there: an error of the run (exit 2) naming --openapi and where it was looked for', async () => {
      const { code, scenarios } = await run(bare.url, '--openapi', 'no-such-openapi.json');
      assert.equal(code, 2);
      assert.deepEqual(failures(scenarios), everyScenarioIsAnError(`--openapi no-such-openapi.json: no such file (looked for ${path.join(ROOT, 'no-such-openapi.json')}). Give the document's file, relative to the current directory, or its URL, such as http://127.0.0.1:8000/openapi.json.`));
    });

    it('--openapi with nothing after it is a usage error: exit 2', async () => {
      const { code, stderr } = await cli(['--target', bare.url, '--features', FEATURE, '--openapi', '']);
      assert.equal(code, 2);
      assert.match(stderr, /--openapi needs a file or an http\(s\) URL/);
    });
  });

  describe("catches.feature's scenarios about the document, with a document that describes the library API wrongly", () => {
    let library: StartedProcess;
    before(async () => {
      library = await startListening(process.execPath, [path.join('test/fixtures/unseen-api', 'server.js'), '--port', '0']);
    });
    after(() => library.stop());

    it('fail on the promise each states: an undeclared field, a declared header the script cannot read', async () => {
      const dir = reportDir();
      const tags = '@id:catch-openapi-matches or @id:catch-openapi-script-reads';
      const args = ['--target', library.url, '--features', 'test/fixtures/vocabulary/catches.feature', '--tags', tags, '--openapi', 'test/fixtures/openapi-sentences/library-wrong.json', '--no-browser', '--report-dir', dir];
      const { code, stdout } = await cli(args);
      assert.equal(code, 1, stdout);
      const books = '#/paths/~1v2~1books/get/responses/200';
      assert.deepEqual(failures(readSummary(dir).scenarios), {
        'catch-openapi-matches': `failed (assertion): the response to GET /v2/books (200 OK) breaks 2 promises of the OpenAPI document test/fixtures/openapi-sentences/library-wrong.json:\n- GET /v2/books: the body at /0/author is a field the schema does not declare (${books}/content/application~1json/schema) [undeclared-field]\n- GET /v2/books: the body at /1/author is a field the schema does not declare (${books}/content/application~1json/schema) [undeclared-field]`,
        'catch-openapi-script-reads': `failed (assertion): a script on https://reader.example cannot read a header the OpenAPI document declares for GET /v2/books 200: Server-Timing (${books}/headers/Server-Timing); judged by the Fetch model (Access-Control-Expose-Headers lists: X-RateLimit-Remaining, Location); add it to CORSMiddleware(expose_headers=["Server-Timing"]) [declared-header-hidden]`,
      });
    });
  });
});
