/**
 * The audit reads the API's OpenAPI document. Against the test API
 * (test/fixtures/openapi-api/) as it is: no promise broken; against each of
 * its broken variants, exactly that variant's finding and no other. Safe by
 * default: only GET, HEAD and preflights are sent, which the server's own
 * log proves; --param, --route and --unsafe call more. The real FastAPI
 * shop (examples/own-api/app.py) is audited from its own document, every
 * GET operation and no unsafe request, counted by a logging proxy. Bad
 * input gets one line and exit 2, each message asserted whole; a document
 * of 5,000 operations finishes in bounded time and memory.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { BROKEN_VARIANTS, TEST_API_ORIGIN, startTestApi, type RunningTestApi } from '../fixtures/openapi-api/server';
import { TEST_API_DOCUMENT } from '../fixtures/openapi-api/openapi';
import { RULES, rulesIn } from '../../rules/catalogue';
import type { PromiseId } from '../../runner/api';
import { allFindings, exitCodeOf, runAudit, type AuditReport } from '../../runner/audit/index';
import { parseAuditCommand } from '../../runner/cli/options';
import { runSuite } from '../../runner/run/index';
import { chromiumAvailable } from '../../browser/chromium';
import { PYTHON } from '../../examples/own-api/misconfigured';
import { ROOT, startListening, type StartedProcess } from '../../scripts/support/processes';
import { cli } from '../support/cli';
import { startLoggingProxy, type LoggingProxy } from '../support/logging-proxy';
import { runOptions } from '../support/options';

const noStackTrace = (text: string) => assert.doesNotMatch(text, /^\s+at .+:\d+:\d+\)?$/m, 'a stack trace was printed');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'rc-audit-openapi-'));

async function audit(target: string, extra: string[] = []): Promise<AuditReport> {
  const command = parseAuditCommand(['--target', target, '--origin', TEST_API_ORIGIN, '--no-browser', ...extra]);
  if (command.kind !== 'audit') throw new Error('not an audit');
  return runAudit(command.options);
}

const promiseIds = (report: AuditReport) => allFindings(report).filter((f) => RULES[f.id].scope === 'promise').map((f) => f.id);
const methodsSeen = (api: { seen: readonly string[] }) => [...new Set(api.seen.map((line) => line.split(' ')[0]))].sort();

/** A server on its own port answering every request with `answer`. */
async function serve(answer: (url: string, res: import('node:http').ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => answer(req.url ?? '/', res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('the audit of the test API from its own document', () => {
  let api: RunningTestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());

  it('reads /openapi.json, calls every safe operation, keeps the document\'s order, and finds nothing', async () => {
    const { code, stdout, stderr } = await cli(['audit', '--target', api.url, '--origin', TEST_API_ORIGIN, '--no-browser', '--format', 'json']);
    assert.equal(code, 0, stdout + stderr);
    assert.equal(stderr, '', 'no progress line when stderr is not a terminal');
    const report = JSON.parse(stdout) as AuditReport;
    assert.deepEqual(Object.keys(report).sort(), ['credentials', 'document', 'findings', 'judgedBy', 'notCalled', 'origin', 'routes', 'target']);
    assert.deepEqual(report.document, { source: `${api.url}/openapi.json`, title: 'Test shop', version: '1.4.0', openapi: '3.1.0', framework: null, operations: 6, notes: [] });
    assert.deepEqual(report.routes.map((r) => [r.method, r.path, r.operation, r.status]), [
      ['GET', '/api/items', '/api/items', 200],
      ['GET', '/api/items/1', '/api/items/{item_id}', 200],
      ['GET', '/api/categories', '/api/categories', 200], // a recursive schema: a tree of categories
    ]);
    assert.deepEqual(allFindings(report), []);
    assert.deepEqual(report.routes[0].declaredHeaders, ['X-Total-Count']);
    assert.ok(report.routes[0].readable.includes('X-Total-Count'));
    assert.deepEqual(report.notCalled!.map((n) => [n.method, n.operation, n.flag, n.preflight?.ok ?? null]), [
      ['POST', '/api/items', '--unsafe', true],
      ['DELETE', '/api/items/{item_id}', '--unsafe', true],
      ['GET', '/api/search', '--param q=VALUE', null],
    ]);
    assert.equal(report.notCalled![2].reason, "needs a value for q, and neither the document (example, default, enum, link) nor the API's answers give one");
  });

  it('safe by default: the server saw GET and OPTIONS only', async () => {
    const fresh = await startTestApi();
    try {
      await audit(fresh.url);
      assert.deepEqual(methodsSeen(fresh), ['GET', 'OPTIONS']);
      assert.ok(fresh.seen.includes('OPTIONS /api/items'), 'the POST\'s preflight was sent');
      assert.ok(fresh.seen.includes('OPTIONS /api/items/1'), 'the DELETE\'s preflight was sent');
    } finally {
      await fresh.close();
    }
  });

  it('--param calls what lacked a value; --route adds routes, in the place of the operation they call', async () => {
    const report = await audit(api.url, ['--openapi', `${api.url}/openapi.json`, '--param', 'q=tea', '--route', 'GET /api/items/2', '--route', 'GET /health']);
    assert.deepEqual(report.routes.map((r) => `${r.method} ${r.path} → ${r.operation}`), ['GET /api/items → /api/items', 'GET /api/items/2 → /api/items/{item_id}', 'GET /api/categories → /api/categories', 'GET /api/search?q=tea → /api/search', 'GET /health → null']);
    assert.deepEqual(promiseIds(report), [], 'a --route that calls no operation promises nothing');
  });

  it('--unsafe sends the POST with a body from the schema, and the DELETE', async () => {
    const fresh = await startTestApi();
    try {
      const report = await audit(fresh.url, ['--unsafe']);
      assert.deepEqual(report.routes.map((r) => `${r.method} ${r.path} ${r.status}${r.bodyFrom ? ` (${r.bodyFrom})` : ''}`), ['GET /api/items 200', 'POST /api/items 201 (generated)', 'GET /api/items/1 200', 'DELETE /api/items/1 204', 'GET /api/categories 200']);
      assert.deepEqual(allFindings(report), []);
      assert.deepEqual(methodsSeen(fresh), ['DELETE', 'GET', 'OPTIONS', 'POST']);
      assert.equal(fresh.seen.filter((s) => s === 'POST /api/items').length, 1, 'the POST was sent once: its probes are preflights');
    } finally {
      await fresh.close();
    }
  });

  it('--report-dir writes audit.json, audit.html and a valid junit.xml', async () => {
    const dir = tmp();
    const { code, stderr } = await cli(['audit', '--target', api.url, '--origin', TEST_API_ORIGIN, '--no-browser', '--report-dir', dir]);
    assert.equal(code, 0, stderr);
    assert.equal(stderr, `reports: ${path.join(dir, '{audit.json,audit.html,junit.xml}')}\n`);
    assert.equal(JSON.parse(readFileSync(path.join(dir, 'audit.json'), 'utf8')).document.title, 'Test shop');
    assert.match(readFileSync(path.join(dir, 'audit.html'), 'utf8'), /<span class="chip readable" title="declared by the document">X-Total-Count<\/span>/);
    const junit = readFileSync(path.join(dir, 'junit.xml'), 'utf8');
    const result = await validateXML({ xml: [{ fileName: 'junit.xml', contents: junit }], schema: [{ fileName: 'junit.xsd', contents: readFileSync(path.join(ROOT, 'test', 'fixtures', 'junit.xsd'), 'utf8') }] });
    assert.deepEqual(result.errors.map((e) => e.message), []);
    // Each rule a case (error-not-readable among them), and the unknown-id error probe (the operation declares 404).
    assert.match(junit, /<testsuite name="GET \/api\/items\/\{item_id\} \(GET \/api\/items\/1\)" tests="21" failures="0"/);
    assert.match(junit, /name="error probe unknown-id: GET \/api\/items\/1000001 → 404"/);
  });

  it('writes a feature that passes against the API as it is, and fails against each broken variant (under --strict for SHOULD rules)', async () => {
    const feature = path.join(tmp(), 'test-api.feature');
    const { code, stderr } = await cli(['audit', '--target', api.url, '--origin', TEST_API_ORIGIN, '--no-browser', '--write-feature', feature]);
    assert.equal(code, 0, stderr);
    const text = readFileSync(feature, 'utf8');
    assert.match(text, /^  Rule: GET \/api\/items\/\{item_id\} \(called as GET \/api\/items\/1\)$/m);
    const ok = await runSuite(runOptions({ target: api.url, origin: TEST_API_ORIGIN, features: [feature], strict: true }));
    assert.deepEqual(ok.summary.scenarios.filter((s) => s.status !== 'passed').map((s) => `${s.name}: ${s.message}`), []);
    // The document's promises are pinned too: the feature reads the variant's own document.
    assert.match(text, /Then the response matches its description in the OpenAPI document$/m);
    assert.match(text, /Then the script can read every header the document declares for the response$/m);
    const hidden = await startTestApi({ variant: 'declared-header-hidden' });
    try {
      const broken = await runSuite(runOptions({ target: hidden.url, origin: TEST_API_ORIGIN, features: [feature], strict: true }));
      assert.deepEqual(broken.summary.scenarios.filter((s) => s.status === 'failed').map((s) => s.name), [
        `A script on ${TEST_API_ORIGIN} reads X-Total-Count from GET /api/items`,
        `A script on ${TEST_API_ORIGIN} reads every header the document declares for GET /api/items`,
      ]);
    } finally {
      await hidden.close();
    }
    for (const variant of Object.keys(BROKEN_VARIANTS) as PromiseId[]) {
      const api = await startTestApi({ variant });
      try {
        const broken = await runSuite(runOptions({ target: api.url, origin: TEST_API_ORIGIN, features: [feature], strict: true }));
        assert.equal(broken.summary.conformant, false, `the written feature passes against the ${variant} variant`);
      } finally {
        await api.close();
      }
    }
  });
});

describe('the document\'s request', () => {
  it('carries --header on --target\'s origin, and never to another host; the value is never printed', async () => {
    const authorizations: (string | undefined)[] = [];
    const documentServer = () =>
      serve((url, res) => {
        if (url !== '/openapi.json') return res.writeHead(404).end();
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ openapi: '3.1.0', info: { title: 'Private', version: '1' }, paths: {} }));
      });
    const target = await documentServer();
    const elsewhere = await documentServer();
    for (const { server } of [target, elsewhere]) server.prependListener('request', (req) => authorizations.push(req.headers.authorization));
    try {
      const own = await cli(['audit', '--target', target.url, '--origin', TEST_API_ORIGIN, '--no-browser', '--header', 'Authorization: Bearer secret-token-42', '--format', 'json']);
      assert.equal(JSON.parse(own.stdout).document.title, 'Private');
      assert.deepEqual(authorizations, ['Bearer secret-token-42']);
      const other = await cli(['audit', '--target', target.url, '--origin', TEST_API_ORIGIN, '--no-browser', '--header', 'Authorization: Bearer secret-token-42', '--openapi', `${elsewhere.url}/openapi.json`]);
      assert.equal(other.code, 0, other.stderr);
      assert.deepEqual(authorizations, ['Bearer secret-token-42', undefined]);
      assert.equal((own.stdout + own.stderr + other.stdout + other.stderr).includes('secret-token-42'), false);
    } finally {
      target.server.close();
      elsewhere.server.close();
    }
  });
});

describe('each broken variant of the test API: exactly its finding', () => {
  it('covers every promise the audit checks', () => assert.deepEqual(Object.keys(BROKEN_VARIANTS).sort(), rulesIn('promise').sort()));
  for (const [variant, what] of Object.entries(BROKEN_VARIANTS) as [PromiseId, string][]) {
    it(`${variant}: ${what}`, async () => {
      const api = await startTestApi({ variant });
      try {
        const report = await audit(api.url);
        assert.deepEqual(allFindings(report).map((f) => f.id), [variant], 'exactly its finding, and no other finding at all');
        const [finding] = allFindings(report);
        assert.ok(finding.pointer?.startsWith('#/paths/'), `the document's pointer as evidence: ${finding.pointer}`);
        assert.match(finding.message, /^GET \/api\/(items|items\/\{item_id\}|categories)[: ]/, 'it names the operation by its template');
        const level = RULES[variant].level;
        assert.equal(finding.level, level);
        assert.equal(exitCodeOf(report), level === 'MUST' ? 1 : 0);
      } finally {
        await api.close();
      }
    });
  }
});

describe('Chromium agrees with the Fetch model on the test API', { skip: !chromiumAvailable() && !process.env.CI && 'no Chromium here (in CI this fails instead)' }, () => {
  it('on every operation called, and it never sends an unsafe one', async () => {
    const api = await startTestApi({ variant: 'declared-header-hidden' });
    try {
      const command = parseAuditCommand(['--target', api.url, '--origin', TEST_API_ORIGIN, '--browser']);
      const report = await runAudit(command.kind === 'audit' ? command.options : assert.fail());
      assert.equal(report.judgedBy.chromium, true);
      assert.deepEqual(report.routes.map((r) => [r.path, r.browser?.disagreements]), report.routes.map((r) => [r.path, []]));
      assert.deepEqual(promiseIds(report), ['declared-header-hidden']);
      assert.deepEqual(methodsSeen(api), ['GET', 'OPTIONS']);
    } finally {
      await api.close();
    }
  });
});

describe('the FastAPI shop, from its own document', () => {
  let shop: StartedProcess;
  let proxy: LoggingProxy;
  let proxyUrl: string;
  let seen: string[] = [];
  before(async () => {
    shop = await startListening(PYTHON, ['examples/own-api/app.py', '--port', '0']);
    // A logging proxy in front: every request the audit sends passes it and is recorded.
    proxy = await startLoggingProxy(shop.url);
    ({ url: proxyUrl, seen } = proxy);
  });
  after(async () => {
    await proxy.close();
    await shop.stop();
  });

  it('audits every GET operation, sends no unsafe request, and speaks FastAPI', async () => {
    const { code, stdout, stderr } = await cli(['audit', '--target', proxyUrl, '--origin', 'https://shop.example', '--no-browser', '--format', 'json']);
    assert.equal(code, 0, stdout + stderr);
    const report = JSON.parse(stdout) as AuditReport;
    assert.deepEqual([report.document?.title, report.document?.openapi, report.document?.framework], ['Shop API', '3.0.2', 'FastAPI']);
    assert.deepEqual(report.routes.map((r) => `${r.method} ${r.operation}`), ['GET /api/items', 'GET /api/me']);
    assert.deepEqual(report.notCalled!.map((n) => `${n.method} ${n.operation}`), ['POST /api/login', 'DELETE /api/session', 'POST /api/logout']);
    const methods = [...new Set(seen.map((s) => s.split(' ')[0]))].sort();
    assert.deepEqual(methods, ['GET', 'OPTIONS'], seen.join('\n'));
    assert.ok(seen.includes('GET /openapi.json'));
    // Without --header, /api/me answers 401, which FastAPI did not document: said in FastAPI's terms.
    const me = report.routes[1];
    assert.deepEqual(me.findings.map((f) => f.id), ['undeclared-status']);
    assert.match(me.findings[0].message, /declare it on the path operation: responses=\{401: \{"description": "…"\}\}$/);
    assert.deepEqual(report.routes[0].hiddenCustom, ['x-debug-query-time']);
  });

  it('the text calls out the hidden custom header on its own line, with CORSMiddleware\'s fix', async () => {
    const { stdout } = await cli(['audit', '--target', shop.url, '--origin', 'https://shop.example', '--no-browser']);
    assert.match(stdout, /^document: Shop API 0\.1\.0 \(OpenAPI 3\.0\.2, written by FastAPI\) from http:\/\/127\.0\.0\.1:\d+\/openapi\.json: 5 operations, 2 called, 3 not called$/m);
    assert.match(stdout, /^  note        x-debug-query-time arrives, but a script on https:\/\/shop\.example cannot read it: if the frontend reads it, add it to CORSMiddleware\(expose_headers=\[…, "x-debug-query-time"\]\)$/m);
  });
});

describe('bad input: one line, exit 2, no stack trace', () => {
  let notFound: { url: string; server: Server };
  let page: { url: string; server: Server };
  before(async () => {
    notFound = await serve((_, res) => res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"detail":"Not Found"}'));
    page = await serve((_, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html>\n<html><body>Swagger UI</body></html>\n'));
  });
  after(() => {
    notFound.server.close();
    page.server.close();
  });

  const fails = async (args: string[], message: string) => {
    const { code, stdout, stderr } = await cli(['audit', '--origin', TEST_API_ORIGIN, '--no-browser', ...args]);
    assert.equal(stderr, `response-conformance audit: ${message}\n`);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    noStackTrace(stdout + stderr);
  };

  it('no document at /openapi.json: names --openapi and --route', () =>
    fails(['--target', notFound.url], `no OpenAPI document at ${notFound.url}/openapi.json (it answered 404 Not Found): name the document with --openapi FILE|URL, or the routes to audit with --route "METHOD /path"`));
  it('an API that cannot be reached', () => fails(['--target', 'http://127.0.0.1:9'], 'cannot reach GET http://127.0.0.1:9/openapi.json: ECONNREFUSED'));
  it('a page, not a document (neither JSON nor YAML of an object)', () =>
    fails(['--target', page.url], `${page.url}/openapi.json: it reads as one string, starting "<!doctype html> <html><body>Swagger UI</", not as an object. Point the suite at the document itself: FastAPI serves it at /openapi.json (the page at /docs only shows it).`));
  it('a file that parses as neither JSON nor YAML', () => {
    const file = path.join(tmp(), 'broken.yaml');
    writeFileSync(file, 'openapi: 3.1.0\ninfo: [unclosed\n');
    return fails(['--target', notFound.url, '--openapi', file], `${file}: it parses as neither JSON nor YAML (Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 1:). Point the suite at the document itself: FastAPI serves it at /openapi.json (the page at /docs only shows it).`);
  });
  it('Swagger 2.0: convert it to OpenAPI 3', () =>
    fails(['--target', notFound.url, '--openapi', 'test/fixtures/openapi/swagger-2.0.json'], 'test/fixtures/openapi/swagger-2.0.json: it is a Swagger 2.0 document, not OpenAPI 3. Convert it to OpenAPI 3 (for example with swagger2openapi: npx swagger2openapi swagger.json -o openapi.json); FastAPI itself writes OpenAPI 3.'));
  it('a $ref that resolves nowhere: names the pointer', () =>
    fails(
      ['--target', notFound.url, '--openapi', 'test/fixtures/openapi/bad-ref.yaml'],
      'test/fixtures/openapi/bad-ref.yaml: the $ref at #/paths/~1api~1items~1{item_id}/get/responses/200/content/application~1json/schema points to #/components/schemas/Itme, which is not in the document; the $ref at #/paths/~1api~1items~1{item_id}/get/responses/404 points to #/components/responses/NotFound, which is not in the document. Correct the $ref, or add what it points to (#/components/schemas has Item, Category).',
    ));
  it('--openapi naming no file', () => fails(['--target', notFound.url, '--openapi', 'nowhere/openapi.json'], '--openapi nowhere/openapi.json: no such file; give the document\'s file or its http(s) URL'));
  it('--openapi naming a URL that answers 404', () => fails(['--target', notFound.url, '--openapi', `${notFound.url}/docs/openapi.json`], `--openapi ${notFound.url}/docs/openapi.json: it answered 404 Not Found, not a document`));

  it('servers pointing elsewhere: --target wins, and the report says so (not an error)', async () => {
    const api = await startTestApi();
    try {
      const file = path.join(tmp(), 'openapi.json');
      writeFileSync(file, JSON.stringify({ ...TEST_API_DOCUMENT, servers: [{ url: 'https://api.shop.example/v1' }] }));
      const { code, stdout } = await cli(['audit', '--target', api.url, '--origin', TEST_API_ORIGIN, '--no-browser', '--openapi', file]);
      assert.equal(code, 0);
      const note = `the document's servers are https://api.shop.example/v1, not --target ${api.url}: every operation was called on --target, which wins`;
      assert.match(stdout, new RegExp(`^note: ${note.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
      assert.ok(api.seen.includes('GET /api/items'), 'the operations were called on --target');
      const report = await audit(api.url, ['--openapi', file]);
      assert.deepEqual(report.document?.notes, [note]);
    } finally {
      await api.close();
    }
  });

  it('a document of 5,000 operations, against a server that answers 404: bounded time and memory', async () => {
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < 5000; i++) {
      paths[`/api/r${i}/{id}`] = { get: { operationId: `read${i}`, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', example: i } }], responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } } } };
    }
    const file = path.join(tmp(), 'big.json');
    writeFileSync(file, JSON.stringify({ openapi: '3.1.0', info: { title: 'Big', version: '1' }, paths, components: { schemas: { Thing: { type: 'object', properties: { id: { type: 'integer' } } } } } }));
    const started = Date.now();
    // Its own child, with a heap of 256 MB at most: a runaway in memory fails it, as a runaway in time does.
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--max-old-space-size=256', path.join(ROOT, 'bin', 'response-conformance.js'), 'audit', '--target', notFound.url, '--origin', TEST_API_ORIGIN, '--no-browser', '--openapi', file, '--format', 'json'], { cwd: ROOT, timeout: 120_000, maxBuffer: 256 * 1024 * 1024 }, (error, out, err) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout: out, stderr: err }),
      );
    });
    const ms = Date.now() - started;
    assert.equal(code, 1, stderr); // every answer is refused to the origin (no CORS): a MUST finding, so exit 1
    assert.equal(stderr, '', 'no progress line when stderr is not a terminal');
    const report = JSON.parse(stdout) as AuditReport;
    assert.equal(report.routes.length, 5000);
    assert.deepEqual([report.routes[0].path, report.routes[4999].path], ['/api/r0/0', '/api/r4999/4999'], 'in the document\'s order');
    assert.deepEqual([...new Set(report.routes.flatMap((r) => r.findings.map((f) => f.id)))].sort(), ['origin-refused', 'undeclared-status']);
    assert.ok(ms < 90_000, `${ms} ms`);
  });
});
