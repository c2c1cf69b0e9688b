/**
 * The audit's outputs for one report made by hand: the terminal's text
 * (the document's line, its notes, a hidden custom header on its own line
 * with the fix and no level, the operations not called with their flags),
 * junit.xml (valid against the JUnit schema; a case per route and rule, a
 * MUST finding failing it), audit.html (the chips, escaped) and the feature
 * it writes (the vocabulary's origins, the shared checks once, a hidden
 * custom header commented out).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { judgesPhrase, type AuditReport } from '../../runner/audit/index';
import { disagreements, type RouteAudit } from '../../runner/audit/inspect';
import { auditJunitXml } from '../../runner/audit/junit';
import { auditHtml } from '../../runner/audit/html';
import { writtenFeature } from '../../runner/audit/feature';
import { isCustomHeader, hiddenCustomAdvice } from '../../runner/audit/standard-headers';
import { auditProgress, formatAuditText } from '../../runner/cli/audit-format';

const plain = { red: (s: string) => s, yellow: (s: string) => s, bold: (s: string) => s, green: (s: string) => s, dim: (s: string) => s } as unknown as Parameters<typeof formatAuditText>[1];

const base: Omit<RouteAudit, 'method' | 'path' | 'findings'> = {
  status: 200,
  granted: true,
  reason: null,
  grantedWithoutCredentials: true,
  reasonWithoutCredentials: null,
  preflight: null,
  readable: ['content-type', 'x-request-id'],
  hidden: ['date', 'x-total-count', 'x-debug-query-time', 'vary'],
  hiddenCustom: ['x-debug-query-time'],
  cookies: [],
  browser: null,
  browsers: [],
};

const REPORT: AuditReport = {
  target: 'http://127.0.0.1:8000',
  origin: 'https://shop.example',
  document: { source: 'http://127.0.0.1:8000/openapi.json', title: 'Shop <API>', version: '0.1.0', openapi: '3.0.2', framework: 'FastAPI', operations: 3, notes: ['the document omits nullable: …'] },
  routes: [
    {
      ...base,
      method: 'GET',
      path: '/api/items/1',
      operation: '/api/items/{item_id}',
      declaredHeaders: ['X-Total-Count', 'X-Rate-Limit'],
      findings: [{ id: 'declared-header-hidden', level: 'MUST', message: 'GET /api/items/{item_id}: X-Total-Count arrives ("5") … add "X-Total-Count" to CORSMiddleware(expose_headers=[…])', pointer: '#/paths/~1api~1items~1{item_id}/get/responses/200/headers/X-Total-Count' }],
    },
    { ...base, method: 'GET', path: '/api/me', operation: '/api/me', status: 401, hidden: ['date'], hiddenCustom: [], readable: ['content-type'], findings: [{ id: 'undeclared-status', level: 'SHOULD', message: 'GET /api/me answered 401 Unauthorized …', pointer: '#/paths/~1api~1me/get/responses' }] },
  ],
  notCalled: [
    { method: 'POST', operation: '/api/login', reason: 'not sent without --unsafe; only its preflight was', flag: '--unsafe', preflight: { path: '/api/login', status: 200, ok: true, reason: null }, findings: [] },
    { method: 'GET', operation: '/api/search', reason: 'needs a value for q, and the document gives no example, default or enum', flag: '--param q=VALUE', findings: [] },
  ],
  findings: [],
  judgedBy: { model: true, chromium: 'not asked (--no-browser)' },
};

describe('custom headers', () => {
  const rows: [string, boolean][] = [['X-Total-Count', true], ['x-debug-query-time', true], ['Link', false], ['Content-Type', false], ['Access-Control-Allow-Origin', false], ['Vary', false], ['Set-Cookie', false], ['Strict-Transport-Security', false], ['X-Powered-By', false], ['WWW-Authenticate', false]];
  for (const [name, custom] of rows) it(`${name} is ${custom ? '' : 'not '}custom`, () => assert.equal(isCustomHeader(name), custom));
  it('the advice for one that arrives hidden, in FastAPI\'s terms or not', () => {
    assert.equal(hiddenCustomAdvice('X-Debug', 'https://shop.example'), 'X-Debug arrives, but a script on https://shop.example cannot read it: if the frontend reads it, add it to expose_headers (Access-Control-Expose-Headers)');
    assert.match(hiddenCustomAdvice('X-Debug', 'https://shop.example', 'FastAPI'), /add it to CORSMiddleware\(expose_headers=\[…, "X-Debug"\]\)$/);
  });
});

describe('the text', () => {
  const text = formatAuditText(REPORT, plain);
  it('names the document, and says its notes', () => {
    assert.match(text, /^document: Shop <API> 0\.1\.0 \(OpenAPI 3\.0\.2, written by FastAPI\) from http:\/\/127\.0\.0\.1:8000\/openapi\.json: 3 operations, 2 called, 2 not called$/m);
    assert.match(text, /^note: the document omits nullable: …$/m);
  });
  it('keeps the table\'s columns', () => assert.match(text, /^route\s+status\s+with credentials\s+without\s+readable\s+hidden\s+findings$/m));
  it('names the operation when the path sent is not its template', () => {
    assert.match(text, /^GET \/api\/items\/1  200 OK\n  operation   GET \/api\/items\/\{item_id\}$/m);
    assert.doesNotMatch(text, /operation   GET \/api\/me/);
  });
  it('a hidden custom header on its own line, with the fix and no level', () => assert.match(text, /^  note        x-debug-query-time arrives, but a script on https:\/\/shop\.example cannot read it: if the frontend reads it, add it to CORSMiddleware\(expose_headers=\[…, "x-debug-query-time"\]\)$/m));
  it('the operations not called, each with why and the flag that would call it', () => {
    assert.match(text, /^not called\n  POST \/api\/login  not sent without --unsafe; only its preflight was; to call it: --unsafe\n    preflight   lets it through \(200\)\n  GET \/api\/search  needs a value for q, and the document gives no example, default or enum; to call it: --param q=VALUE$/m);
  });
  it('counts every finding', () => assert.match(text, /^findings: 1 MUST, 1 SHOULD$/m));
});

describe('junit.xml', () => {
  const xml = auditJunitXml(REPORT);
  it('is valid JUnit XML', async () => {
    const result = await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: readFileSync(path.join(__dirname, '..', 'fixtures', 'junit.xsd'), 'utf8') }] });
    assert.deepEqual(result.errors.map((e) => e.message), []);
  });
  it('a testsuite per route, named by its operation, with a case per rule', () => {
    assert.match(xml, /<testsuite name="GET \/api\/items\/\{item_id\} \(GET \/api\/items\/1\)" tests="20"/);
    assert.match(xml, /<testcase classname="response-conformance.audit.GET \/api\/items\/\{item_id\}" name="declared-header-hidden \[MUST\]">\s*<failure message="GET \/api\/items/);
  });
  it('a SHOULD finding passes, with a note; an operation not called is skipped, saying why', () => {
    assert.match(xml, /name="undeclared-status \[SHOULD\]">\s*<system-out><!\[CDATA\[SHOULD warning \(does not fail the audit\): SHOULD undeclared-status/);
    assert.match(xml, /<testsuite name="GET \/api\/me" tests="20"/);
    assert.match(xml, /<testsuite name="GET \/api\/search \(not called\)"[^>]*skipped="1"/);
  });
});

describe('audit.html', () => {
  const html = auditHtml(REPORT);
  it('escapes what the API and the document say', () => assert.match(html, /Shop &#60;API&#62;/));
  it('readable chips green, hidden grey, declared-but-hidden red, declared-never-sent dashed', () => {
    assert.match(html, /<span class="chip readable" title="exposed">x-request-id<\/span>/);
    assert.match(html, /<span class="chip hidden">date<\/span>/);
    assert.match(html, /<span class="chip declared-hidden" title="declared by the document, hidden from the script">x-total-count<\/span>/);
    assert.match(html, /<span class="chip missing" title="declared by the document, absent from the answer">X-Rate-Limit<\/span>/);
    assert.match(html, /<span class="chip custom-hidden" title="x-debug-query-time arrives/);
  });
  it('each finding with its evidence', () => assert.match(html, /<code class="id">declared-header-hidden<\/code><\/a><p>.*<\/p><div class="evidence">evidence: <code>#\/paths\/~1api~1items~1\{item_id\}\/get\/responses\/200\/headers\/X-Total-Count<\/code><\/div>/));
  it("each finding's id links to the source its rule cites, with the rule's title", () =>
    assert.match(html, /<a class="rule" href="https:\/\/fetch\.spec\.whatwg\.org\/#concept-filtered-response-cors" title="MUST let a script on the origin read every header the document declares \(Fetch §2\.2\.6 CORS filtered response\)"><code class="id">declared-header-hidden<\/code><\/a>/));
  it('the operations not called, with the flag', () => assert.match(html, /<code>--param q=VALUE<\/code>/));
});

describe('the written feature', () => {
  const report: AuditReport = { ...REPORT, routes: [{ ...REPORT.routes[0], findings: [] }, { ...REPORT.routes[1], findings: [], cookies: [{ name: 'session', secure: true, httpOnly: true, sameSite: 'Lax', path: '/', domain: null, maxAge: 60, expires: null, cleared: false }] }] };
  const text = writtenFeature(report, [{ method: 'GET', path: '/api/items/1' }, { method: 'GET', path: '/api/me' }], [], new Date('2025-01-02T00:00:00Z'));
  it('states its own origin, the one its titles name, whatever --origin it is run with; speaks of another origin, never of the probe\'s', () => {
    assert.match(text, /Scenario: A script on https:\/\/shop\.example reads x-request-id from GET \/api\/items\/1\n      When a script on "https:\/\/shop\.example" calls "GET \/api\/items\/1"/);
    assert.match(text, /When a script on another origin calls "GET \/api\/items\/1"\n      Then the script is refused/);
    assert.doesNotMatch(text, /audit-probe\.invalid|the allowed origin/);
  });
  it('pins Vary (a static grant let through) and Set-Cookie once, for every route', () => {
    assert.equal(text.match(/Then the response varies by Origin/g)?.length, 1);
    assert.equal(text.match(/does not list "Set-Cookie"/g)?.length, 1);
    assert.match(text, /Scenario: A script never reads Set-Cookie\n      When a script on "https:\/\/shop\.example" calls "GET \/api\/me"\n      Then the script never reads "Set-Cookie"/);
  });
  it('writes a hidden custom header as a commented-out scenario to uncomment', () =>
    assert.match(text, /    # x-debug-query-time is a custom header a script on https:\/\/shop\.example cannot read today\. If it must stay hidden,\n    # uncomment this scenario; if the frontend reads it, expose it instead \(the audit says how\)\.\n    # @SHOULD @id:audit-hidden-1\n    # Scenario: A script on https:\/\/shop\.example cannot read x-debug-query-time from GET \/api\/items\/1\n    #   When a script on "https:\/\/shop\.example" calls "GET \/api\/items\/1"\n    #   Then the script cannot read "x-debug-query-time"\n/));
  it('names each rule by its operation', () => assert.match(text, /^  Rule: GET \/api\/items\/\{item_id\} \(called as GET \/api\/items\/1\)$/m));
});

describe('the progress line', () => {
  it('redraws one line, and wipes it at the end', () => {
    let written = '';
    const progress = auditProgress({ write: (s: string) => ((written += s), true) } as unknown as NodeJS.WritableStream);
    progress.update(1, 2);
    progress.update(2, 2);
    progress.end();
    assert.equal(written, '\raudit: 1 of 2 called\x1b[K\raudit: 2 of 2 called\x1b[K\r\x1b[K');
  });
});

describe('who judged, said once for the terminal and the page', () => {
  it('the model and every engine that gave its opinion', () => {
    assert.equal(judgesPhrase({ model: true, chromium: true }), 'the Fetch model and Chromium');
    assert.equal(judgesPhrase({ model: true, chromium: true, firefox: true }), 'the Fetch model, Chromium and Firefox');
    assert.equal(judgesPhrase({ model: true, firefox: true }), 'the Fetch model and Firefox');
  });

  it('an engine that is missing, or all of them turned off, with why', () => {
    assert.equal(judgesPhrase({ model: true, chromium: 'not asked (--no-browser)' }), 'the Fetch model (Chromium: not asked (--no-browser))');
    assert.equal(judgesPhrase({ model: true, chromium: true, firefox: 'no Firefox at /nowhere' }), 'the Fetch model and Chromium (Firefox: no Firefox at /nowhere)');
  });

  it('a disagreement names the engine that disagrees', () => {
    assert.deepEqual(disagreements({ granted: true, readable: ['x-cat-dog'] }, { granted: true, readable: [] }, 'Firefox'), ['readable by the Fetch model only: x-cat-dog']);
    assert.deepEqual(disagreements({ granted: true, readable: [] }, { granted: true, readable: ['x-cat-dog'] }, 'Firefox'), ['readable in Firefox only: x-cat-dog']);
    assert.deepEqual(disagreements({ granted: true, readable: [] }, { granted: false, readable: [] }, 'Firefox'), ['the Fetch model grants the response, Firefox refuses it']);
  });

  it('the terminal says each engine\'s agreement on its own line', () => {
    const view = (engine: 'Chromium' | 'Firefox', disagreeing: string[]) => ({ engine, granted: true, readable: [], disagreements: disagreeing });
    const route = { ...base, method: 'GET', path: '/a', findings: [], browser: view('Chromium', []), browsers: [view('Chromium', []), view('Firefox', ['readable in Firefox only: x-a'])] };
    const text = formatAuditText({ target: 'http://api', origin: 'https://app.example', routes: [route], findings: [], judgedBy: { model: true, chromium: true, firefox: true } }, plain);
    assert.match(text, /\n {2}Firefox disagrees: readable in Firefox only: x-a\n/);
    assert.doesNotMatch(text, /Chromium disagrees/);
    assert.match(text, /\nChromium agrees with the Fetch model on every route\.\nFirefox disagrees with the Fetch model on 1 route\.\n/);
  });
});

describe('the error probes, in every output', () => {
  const unreadable = { id: 'error-not-readable' as const, level: 'MUST' as const, message: 'GET /api/items/1000001 answered 404 Not Found without CORS headers …; the body starts: "<html>"' };
  const probed: AuditReport = {
    ...REPORT,
    routes: [
      {
        ...REPORT.routes[0],
        findings: [],
        errorProbes: [
          { kind: 'invalid-value', why: 'item_id=audit-not-a-number: its schema wants an integer', method: 'GET', path: '/api/items/audit-not-a-number', expected: ['422'], status: 422, granted: true, reason: null, findings: [] },
          { kind: 'unknown-id', why: 'item_id=1000001: a value the API did not return', method: 'GET', path: '/api/items/1000001', expected: ['404'], status: 404, granted: false, reason: 'no Access-Control-Allow-Origin (Fetch §4.9 CORS check)', findings: [unreadable] },
        ],
      },
    ],
  };
  it('the text lists each probe under its route, its findings below it, and counts them', () => {
    const text = formatAuditText(probed, plain);
    assert.match(text, /^  error probe invalid-value: GET \/api\/items\/audit-not-a-number \(item_id=audit-not-a-number: its schema wants an integer\) → 422 \(declared: 422\), readable$/m);
    assert.match(text, /^  error probe unknown-id: GET \/api\/items\/1000001 \(item_id=1000001: a value the API did not return\) → 404 \(declared: 404\), not readable: no Access-Control-Allow-Origin/m);
    assert.match(text, /^    MUST error-not-readable: GET \/api\/items\/1000001 answered 404/m);
    assert.match(text, /^GET \/api\/items\/1 +200 .* 1 MUST$/m);
    assert.match(text, /^findings: 1 MUST, 0 SHOULD$/m);
  });
  it('JUnit: a passing case for a clean probe, a failing one per rule a probe broke, and still valid', async () => {
    const xml = auditJunitXml(probed);
    assert.match(xml, /name="error probe invalid-value: GET \/api\/items\/audit-not-a-number → 422"\/>/);
    assert.match(xml, /name="error probe unknown-id: error-not-readable \[MUST\]">\s*<failure/);
    const result = await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: readFileSync(path.join(__dirname, '..', 'fixtures', 'junit.xsd'), 'utf8') }] });
    assert.deepEqual(result.errors.map((e) => e.message), []);
  });
  it('HTML: the probes under their route, escaped', () => {
    const html = auditHtml(probed);
    assert.match(html, /<h3>Error probes<\/h3>/);
    assert.match(html, /<section class="card must">\s*<h2><span class="method">GET<\/span> \/api\/items\/\{item_id\}/);
    assert.match(html, /the body starts: &#34;&#60;html&#62;&#34;/);
  });
});
