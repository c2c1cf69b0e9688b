/**
 * observe's written feature, from a hand-written report: each operation's
 * exemplar sent again as the frontend sent it, today's picture pinned in
 * the vocabulary's sentences (every step reads as one, every scenario has
 * its level and id), credentials only as {{name}} from the environment, and
 * what a finding says is wrong written commented out, never pinned.
 * (test/harness/observe-feature.test.ts runs one against the shop.)
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { loadVocabulary } from '../../runner/run/index';
import { checkFeatures } from '../../runner/run/feature-check';
import { observedFeature, variableOf } from '../../runner/observe/feature';
import type { ObserveReport } from '../../runner/observe/index';
import { CLEAN, REPORT } from '../fixtures/observe-report';

const TODAY = new Date('2026-12-03T05:00:00Z');

/** The scenario titled `name`, its lines (tags to last step), commented or not. */
function scenario(text: string, name: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => line.replace(/^\s*#?\s*/, '') === `Scenario: ${name}`);
  assert.notEqual(at, -1, `no scenario "${name}" in\n${text}`);
  let end = at + 1;
  while (end < lines.length && lines[end].trim() !== '' && !/^\s*#?\s*Scenario:/.test(lines[end])) end += 1;
  // Its tags above it, and the comment that says why it is commented out.
  let start = at - 1;
  while (start > 0 && lines[start - 1].trim() !== '' && /^\s*#/.test(lines[start - 1])) start -= 1;
  return lines.slice(start, end).join('\n');
}

describe("observe's written feature", () => {
  const { text, variables } = observedFeature(REPORT, TODAY);
  const clean = observedFeature(CLEAN, TODAY).text;
  let support: ISupportCodeLibrary;
  before(async () => {
    support = await loadVocabulary();
  });

  it('reads as the vocabulary: every step a sentence, every scenario with a level and an id', () => {
    for (const [name, feature] of [['findings', text], ['clean', clean]]) {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'rc-observed-')), `${name}.feature`);
      writeFileSync(file, feature);
      const check = checkFeatures([{ file, shown: `${name}.feature`, own: true, from: `${name}.feature` }], support);
      assert.deepEqual(check.warnings, [], name);
      assert.equal([...check.compiled.values()].flat().length, [...feature.matchAll(/^ {4}Scenario:/gm)].length, `${name}: every scenario compiled`);
    }
  });

  it('says it was written by observe, when, and from how many exchanges; how to run it and which variables to set', () => {
    assert.match(text, /^# A feature written by `response-conformance observe` on 2026-12-03, from the 12 exchanges\n/);
    assert.match(text, /# Run it: response-conformance --target http:\/\/127\.0\.0\.1:8000 --origin http:\/\/127\.0\.0\.1:5173 --features THIS_FILE\n/);
    assert.match(text, /# It reads what the frontend sent as credentials from the environment: set RESPONSE_CONFORMANCE_PASSWORD, RESPONSE_CONFORMANCE_TOKEN\./);
    assert.match(text, /\nFeature: What the frontend got from http:\/\/127\.0\.0\.1:8000\n  Written by observe on 2026-12-03 from 12 observed exchanges/);
    assert.doesNotMatch(text, /--openapi/, 'the document is at the target\'s /openapi.json: no flag needed');
    assert.match(observedFeature({ ...REPORT, document: { ...REPORT.document!, source: 'docs/openapi.yaml' } }, TODAY).text, /--features THIS_FILE/);
    assert.match(observedFeature({ ...REPORT, document: { ...REPORT.document!, source: 'docs/openapi.yaml' } }, TODAY).text, / --openapi docs\/openapi\.yaml --features/);
  });

  it('reads every credential from the environment: a {{name}} per secret, RESPONSE_CONFORMANCE_<NAME>, the Authorization as a token', () => {
    assert.deepEqual(variables, [
      { name: 'password', variable: 'RESPONSE_CONFORMANCE_PASSWORD' },
      { name: 'token', variable: 'RESPONSE_CONFORMANCE_TOKEN' },
    ]);
    assert.match(text, /  Background:\n    Given the frontend's scripts fetch with credentials\n    And the value "password" comes from the environment variable "RESPONSE_CONFORMANCE_PASSWORD"\n    And the value "token" comes from the environment variable "RESPONSE_CONFORMANCE_TOKEN"\n/);
    assert.equal(variableOf('api-key'), 'RESPONSE_CONFORMANCE_API_KEY');
  });

  it('sends the POST as the frontend did, its JSON with the password as {{password}}, and pins its status and cookie', () => {
    assert.equal(
      scenario(text, 'POST /api/login answers 200 OK'),
      [
        '    @MUST @id:observed-5',
        '    Scenario: POST /api/login answers 200 OK',
        '      When a script on "http://127.0.0.1:5173" calls "POST /api/login" with the JSON:',
        '        """',
        '        {"username":"alice","password":"{{password}}"}',
        '        """',
        '      Then the server answers 200 OK',
      ].join('\n'),
    );
    assert.match(scenario(text, 'POST /api/login sets the cookie session'), /Then the response sets the cookie "session"$/);
    assert.match(scenario(text, 'The browser keeps the cookie session from POST /api/login'), /Then the browser keeps the cookie "session"$/);
    assert.match(scenario(text, 'A script on http://127.0.0.1:5173 never reads Set-Cookie from POST /api/login'), /Then the script never reads "Set-Cookie"$/);
  });

  it('pins the headers the script read, not the safelisted ones every answer has', () => {
    assert.match(scenario(text, 'A script on http://127.0.0.1:5173 reads X-Total-Count from GET /api/items?page=1'), /When a script on "http:\/\/127\.0\.0\.1:5173" calls "GET \/api\/items\?page=1"\n\s+Then the script can read "X-Total-Count"$/);
    assert.match(text, /Then the script can read "Link"/);
    assert.doesNotMatch(text, /can read "Content-Type"/i);
  });

  it('the Authorization the frontend sent, as its scheme and {{token}}; its preflight asked with the headers the script set', () => {
    assert.match(scenario(text, 'GET /api/me answers 200 OK'), /\n\s+And every request carries the header "Authorization" with the value "Bearer \{\{token\}\}"\n\s+And a script on "http:\/\/127\.0\.0\.1:5173" calls "GET \/api\/me"\n/);
    assert.match(scenario(text, 'The preflight lets a script on http://127.0.0.1:5173 send GET /api/me'), /When a script on "http:\/\/127\.0\.0\.1:5173" asks to call "GET \/api\/me" with the headers "Authorization"\n\s+Then the preflight lets it through$/);
    assert.match(scenario(text, 'The preflight lets a script on http://127.0.0.1:5173 send POST /api/login'), /asks to call "POST \/api\/login" with the headers "Content-Type"\n/);
    assert.doesNotMatch(text, /send GET \/api\/items/, 'a GET without a header of its own needs no preflight');
  });

  it('what a finding says is wrong is written commented out, with why, never pinned', () => {
    const promise = scenario(text, 'POST /api/login answers as the OpenAPI document describes');
    assert.match(promise, /^    # observe found undeclared-field here \(first #4\): this is not pinned as if right\./m);
    assert.match(promise, /^    # @MUST @id:observed-hidden-\d+\n    # Scenario:/m);
    const logout = scenario(text, 'After POST /api/login and DELETE /api/session the browser no longer keeps the cookie session');
    assert.match(logout, /# observe found logout-keeps-cookie here \(first #9\)/);
    assert.match(logout, /#   And a script on "http:\/\/127\.0\.0\.1:5173" calls "DELETE \/api\/session"\n    #   Then the browser no longer keeps the cookie "session"/);
  });

  it('pinned as it is when no finding says otherwise: the logout signs in first, then deletes the cookie', () => {
    const logout = scenario(clean, 'After POST /api/login and DELETE /api/session the browser no longer keeps the cookie session');
    assert.doesNotMatch(logout, /#/);
    assert.match(logout, /When a script on "http:\/\/127\.0\.0\.1:5173" calls "POST \/api\/login" with the JSON:\n[\s\S]*\n\s+And a script on "http:\/\/127\.0\.0\.1:5173" calls "DELETE \/api\/session"\n\s+Then the browser no longer keeps the cookie "session"$/);
    // Only the custom header hidden from the script is left for the user to decide.
    assert.deepEqual([...clean.matchAll(/# Scenario: (.*)/g)].map((m) => m[1]), ['A script on http://127.0.0.1:5173 cannot read X-Debug-Query-Time from GET /api/items?page=1']);
  });

  it('numbers its scenarios observed-1..n, in order, each tagged MUST or SHOULD', () => {
    const ids = [...clean.matchAll(/^ {4}@(MUST|SHOULD) @id:(observed-\d+)$/gm)].map((m) => m[2]);
    assert.deepEqual(ids, ids.map((_, i) => `observed-${i + 1}`));
    assert.equal(ids.length, [...clean.matchAll(/^ {4}Scenario:/gm)].length);
  });

  it('leaves out an operation with no answered request, saying so', () => {
    assert.match(text, /  # PUT \/api\/items\/\{item_id\} is left out: no request of it was answered \(only preflights, or no answer\)\./);
  });

  it('an error the frontend got is not pinned as the promise: commented out', () => {
    const failing: ObserveReport = { ...CLEAN, operations: [{ ...CLEAN.operations[2], exemplar: { ...CLEAN.operations[2].exemplar!, status: 401 } }] };
    assert.match(scenario(observedFeature(failing, TODAY).text, 'GET /api/me answers 401 Unauthorized'), /# The frontend got 401 Unauthorized here and no 2xx[\s\S]*#   Then the server answers 401 Unauthorized/);
  });

  it('a form is a client\'s call, its fields a table; a masked query value becomes a {{name}} from the environment', () => {
    const form: ObserveReport = {
      ...CLEAN,
      operations: [{ ...CLEAN.operations[1], exemplar: { ...CLEAN.operations[1].exemplar!, target: '/api/login?api_key=[REDACTED]', contentType: 'application/x-www-form-urlencoded', body: 'username=al|ice&password={{password}}' } }],
    };
    const written = observedFeature(form, TODAY);
    assert.match(written.text, /When a client calls "POST \/api\/login\?api_key=\{\{api_key\}\}" with the form:\n\s+\| username \| al\\\|ice \|\n\s+\| password \| \{\{password\}\} \|/);
    assert.deepEqual(written.variables.map((v) => v.variable), ['RESPONSE_CONFORMANCE_API_KEY', 'RESPONSE_CONFORMANCE_PASSWORD']);
    assert.doesNotMatch(written.text, /\[REDACTED\]/);
  });

  it('a request with a secret in its path is left out, never written masked', () => {
    const masked: ObserveReport = { ...CLEAN, operations: [{ ...CLEAN.operations[0], exemplar: { ...CLEAN.operations[0].exemplar!, target: '/api/keys/[REDACTED]' } }] };
    const written = observedFeature(masked, TODAY).text;
    assert.match(written, /# GET \/api\/items is left out: its path held a secret, masked in the report\./);
    assert.doesNotMatch(written, /\[REDACTED\]/);
  });
});

describe("observe's written feature: a script that fetched otherwise than the rest", () => {
  it('says its own credentials mode first, for its call and for its preflight', () => {
    const me = CLEAN.operations[2];
    const mixed: ObserveReport = { ...CLEAN, operations: [CLEAN.operations[0], { ...me, exemplar: { ...me.exemplar!, credentials: 'omit' } }] };
    const text = observedFeature(mixed, TODAY).text;
    assert.match(text, /Background:\n    Given the frontend's scripts fetch with credentials\n/);
    assert.match(text, /Scenario: GET \/api\/me answers 200 OK\n\s+Given the frontend's scripts fetch without credentials\n\s+And every request carries the header "Authorization" with the value "Bearer \{\{token\}\}"\n\s+When a script on/);
    assert.match(text, /Scenario: The preflight lets a script on http:\/\/127\.0\.0\.1:5173 send GET \/api\/me\n\s+Given the frontend's scripts fetch without credentials\n\s+When a script on "http:\/\/127\.0\.0\.1:5173" asks to call "GET \/api\/me" with the headers "Authorization"/);
    assert.doesNotMatch(text.slice(0, text.indexOf('Rule: GET /api/me')), /fetch without credentials/);
  });

  it('a feature whose scripts all fetched without credentials says so once, in its Background', () => {
    const omit: ObserveReport = { ...CLEAN, operations: CLEAN.operations.map((o) => (o.exemplar === undefined ? o : { ...o, exemplar: { ...o.exemplar, credentials: 'omit' as const } })) };
    const text = observedFeature(omit, TODAY).text;
    assert.match(text, /Background:\n    Given the frontend's scripts fetch without credentials\n/);
    assert.equal([...text.matchAll(/fetch without credentials/g)].length, 1);
  });
});

describe("observe's written feature: a custom header hidden from the script", () => {
  it('is written commented out, for the user to decide; a standard one is not written', () => {
    const text = observedFeature(CLEAN, TODAY).text;
    const hidden = scenario(text, 'A script on http://127.0.0.1:5173 cannot read X-Debug-Query-Time from GET /api/items?page=1');
    assert.match(hidden, /# X-Debug-Query-Time is a custom header a script on http:\/\/127\.0\.0\.1:5173 could not read today/);
    assert.match(hidden, /#   Then the script cannot read "X-Debug-Query-Time"$/);
    assert.doesNotMatch(text, /cannot read "Date"/i);
  });
});

describe("observe's written feature: a {{…}} the frontend sent itself", () => {
  it('leaves the operation out, saying why, rather than write a name the run would refuse', () => {
    const login = CLEAN.operations[1];
    const braces: ObserveReport = { ...CLEAN, operations: [{ ...login, exemplar: { ...login.exemplar!, body: '{"username":"{{user}}","password":"{{password}}"}' } }] };
    const text = observedFeature(braces, TODAY).text;
    assert.match(text, /# POST \/api\/login is left out: it sent \{\{user\}\} itself, which the sentences would read as a value's name\./);
    assert.doesNotMatch(text, /Scenario:/);
  });
});

describe("observe's written feature: the session the frontend had", () => {
  it('a credentialed call made after the sign-in is sent after it, its own set-up just before it', () => {
    const text = observedFeature(CLEAN, TODAY).text;
    assert.equal(
      scenario(text, 'GET /api/me answers 200 OK').replace(/^.*\n.*\n/, ''),
      [
        '      When a script on "http://127.0.0.1:5173" calls "POST /api/login" with the JSON:',
        '        """',
        '        {"username":"alice","password":"{{password}}"}',
        '        """',
        '      And every request carries the header "Authorization" with the value "Bearer {{token}}"',
        '      And a script on "http://127.0.0.1:5173" calls "GET /api/me"',
        '      Then the server answers 200 OK',
      ].join('\n'),
    );
    // Called before the sign-in: sent alone.
    assert.match(scenario(text, 'GET /api/items?page=1 answers 200 OK'), /Scenario: GET \/api\/items\?page=1 answers 200 OK\n\s+When a script on "http:\/\/127\.0\.0\.1:5173" calls "GET \/api\/items\?page=1"\n\s+Then/);
  });

  it('not after a sign-in whose cookie the browser refused, nor for a call without credentials, nor after the logout', () => {
    const [items, login, me, logout] = CLEAN.operations;
    const refused: ObserveReport = { ...CLEAN, operations: [items, { ...login, findings: [{ id: 'cookie-refused', level: 'MUST', message: 'refused', count: 1, first: login.first }] }, me] };
    assert.match(scenario(observedFeature(refused, TODAY).text, 'GET /api/me answers 200 OK'), /Scenario: GET \/api\/me answers 200 OK\n\s+Given every request carries the header "Authorization"/);
    const omit: ObserveReport = { ...CLEAN, operations: [items, login, { ...me, exemplar: { ...me.exemplar!, credentials: 'omit' } }] };
    assert.doesNotMatch(scenario(observedFeature(omit, TODAY).text, 'GET /api/me answers 200 OK'), /POST \/api\/login/);
    const later: ObserveReport = { ...CLEAN, operations: [items, login, logout, { ...me, first: { ...me.first, seq: 20 } }] };
    assert.doesNotMatch(scenario(observedFeature(later, TODAY).text, 'GET /api/me answers 200 OK'), /POST \/api\/login/);
  });
});

describe("observe's written feature: a cookie the browser on the frontend's site refuses", () => {
  it('does not pin that it is kept, nor that the logout deletes it: both would be pinned as if right', () => {
    const [items, login, me, logout] = CLEAN.operations;
    const crossSite: ObserveReport = { ...CLEAN, operations: [items, { ...login, findings: [{ id: 'cookie-not-sent-cross-site', level: 'SHOULD', message: 'SameSite=Lax across sites', count: 1, first: login.first }] }, me, logout] };
    const text = observedFeature(crossSite, TODAY).text;
    assert.match(scenario(text, 'The browser keeps the cookie session from POST /api/login'), /# observe found cookie-not-sent-cross-site here \(first #3\)[\s\S]*#   Then the browser keeps the cookie "session"$/);
    assert.match(text, /    @MUST @id:observed-\d+\n    Scenario: POST \/api\/login sets the cookie session\n/);
    assert.doesNotMatch(text, /no longer keeps/);
  });
});

describe("observe's written feature: an answer the script could not read", () => {
  it('pins the preflight that let the request through, and leaves the refusal commented out', () => {
    const [, login, me] = CLEAN.operations;
    const unreadable: ObserveReport = { ...CLEAN, operations: [login, { ...me, granted: 0, refused: 1, exemplar: { ...me.exemplar!, status: 500, granted: false, readable: [] } }] };
    const text = observedFeature(unreadable, TODAY).text;
    assert.match(text, /    @MUST @id:observed-\d+\n    Scenario: The preflight lets a script on http:\/\/127\.0\.0\.1:5173 send GET \/api\/me\n/);
    assert.match(scenario(text, 'A script on http://127.0.0.1:5173 is refused GET /api/me'), /# A script on http:\/\/127\.0\.0\.1:5173 was refused GET \/api\/me today[\s\S]*#   Then the script is refused$/);
    assert.doesNotMatch(text, /reads [\w-]+ from GET \/api\/me/);
  });
});
