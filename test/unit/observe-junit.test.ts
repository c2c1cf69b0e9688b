/**
 * observe's junit.xml: valid JUnit; a testsuite per operation, a testcase
 * per rule judged on it (the route's and cookies' always, the preflight's
 * when one was seen, the promises when a document declares it); only a MUST
 * finding is a <failure>, with its first line and its count and first
 * exchange; a SHOULD one passes with its text; the hung exchange a note; a
 * report that could not be judged an <error>.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { rulesIn } from '../../rules/catalogue';
import { observeJunitXml } from '../../runner/observe/junit';
import { CLEAN, REPORT } from '../fixtures/observe-report';

const valid = async (xml: string) => {
  const result = await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: readFileSync(path.join(__dirname, '..', 'fixtures', 'junit.xsd'), 'utf8') }] });
  return result.errors.map((e) => e.message);
};

/** The <testsuite …> element named `name`, whole. */
function suite(xml: string, name: string): string {
  const start = xml.indexOf(`<testsuite name="${name}"`);
  assert.notEqual(start, -1, `no testsuite ${name}`);
  return xml.slice(start, xml.indexOf('</testsuite>', start));
}

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

describe("observe's junit.xml", () => {
  const xml = observeJunitXml(REPORT);

  it('is valid JUnit XML, with findings, errors and a clean run alike', async () => {
    assert.deepEqual(await valid(xml), []);
    assert.deepEqual(await valid(observeJunitXml(CLEAN)), []);
    assert.deepEqual(await valid(observeJunitXml({ ...CLEAN, error: 'nothing was observed' })), []);
  });

  it('a testsuite per operation, a testcase per rule judged on it, and one for what was observed', () => {
    const route = rulesIn('route').length + rulesIn('cookie').length;
    // No preflight seen: the route's and the cookies' rules, the promises (documented), and the observed exchanges.
    assert.equal(count(suite(xml, 'GET /api/items'), /<testcase /g), route + rulesIn('promise').length + 1);
    // A preflight seen: its rules too.
    assert.equal(count(suite(xml, 'POST /api/login'), /<testcase /g), route + rulesIn('preflight').length + rulesIn('promise').length + 1);
    // Without a document: no promise judged.
    assert.equal(count(suite(observeJunitXml({ ...REPORT, document: undefined }), 'GET /api/items'), /<testcase /g), route + 1);
  });

  it('a MUST finding is a failure: its first line as the message, its count and first exchange in the details', () => {
    const login = suite(xml, 'POST /api/login');
    assert.match(login, /<testcase classname="response-conformance\.observe\.POST \/api\/login" name="undeclared-field \[MUST\]">\s*<failure message="the answer holds the field &quot;password_hash&quot; &lt;script>alert\(1\)&lt;\/script>, which the response model does not declare" type="MUST undeclared-field">/);
    assert.match(login, /MUST undeclared-field \(3 times; first #4 POST \/api\/login → 200 OK from http:\/\/127\.0\.0\.1:5173\)/);
    assert.match(login, /the document: #\/components\/schemas\/User/);
    assert.equal(count(xml, /<failure /g), 3, 'the three MUST findings, and nothing else');
  });

  it('a SHOULD finding passes, its text in system-out', () => {
    assert.match(suite(xml, 'POST /api/login'), /name="vary-origin-missing \[SHOULD\]">\s*<system-out><!\[CDATA\[SHOULD warning \(does not fail observe\): SHOULD vary-origin-missing \(once; first #4/);
  });

  it("the whole API's findings, and the exchanges without an answer as a note", () => {
    const whole = suite(xml, 'the whole API');
    assert.match(whole, /name="null-origin-allowed \[MUST\]">\s*<failure message="an opaque origin/);
    assert.match(whole, /name="every exchange was answered and judged">\s*<system-out><!\[CDATA\[1 exchange without an answer: target-timed-out/);
    assert.doesNotMatch(observeJunitXml(CLEAN), /every exchange was answered/);
  });

  it("an operation's notes and counts in its observed case", () => {
    assert.match(suite(xml, 'PUT /api/items/{item_id}'), /name="observed exchanges">\s*<system-out><!\[CDATA\[1 requests, 1 preflights\n[\s\S]*note: the target did not answer in time: 504/);
  });

  it('a report that could not be judged has an error case; a clean one has no failure', () => {
    assert.match(observeJunitXml({ ...CLEAN, error: 'nothing was observed' }), /name="the traffic could be judged">\s*<error message="nothing was observed"/);
    assert.doesNotMatch(observeJunitXml(CLEAN), /<failure|<error/);
  });
});
