/**
 * A user's feature file is input. Each way it can be wrong stops the run
 * before anything is sent: exit 2, the file and line, the offending text,
 * and what it should be. Never a stack trace, never a green run that judged
 * nothing. The messages are asserted whole.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cli, readSummary, reportDir } from '../support/cli';

const DIR = 'test/fixtures/feature-errors';
const noStackTrace = (text: string) => assert.doesNotMatch(text, /^\s+at .+:\d+:\d+\)?$/m, 'a stack trace was printed');

async function refused(args: readonly string[]): Promise<string> {
  const { code, stdout, stderr } = await cli(['--no-browser', '--report-dir', reportDir(), ...args]);
  assert.equal(code, 2, stdout + stderr);
  assert.equal(stdout, '', 'nothing was run, so nothing is reported');
  noStackTrace(stderr);
  return stderr;
}

const PROBLEM = 'response-conformance: a problem in the features, so nothing was run:\n';

describe('errors in a user\'s feature', () => {
  it('an undefined step: file:line, the step, and the nearest sentences', async () => {
    assert.equal(
      await refused(['--features', `${DIR}/undefined-step.feature`]),
      `${PROBLEM}${DIR}/undefined-step.feature:5: undefined step: no sentence of the vocabulary reads
    Then the respnse carries the header "X-Total-Count"
  did you mean:
    Then the response carries the header {header}   (e.g. Then the response carries the header "X-Request-Id")
    Then the response carries the header {header} listing {string}   (e.g. Then the response carries the header "Vary" listing "Origin")
    Then the response carries the header {header} matching {pattern}   (e.g. Then the response carries the header "Link" matching /<[^>]*page=3[^>]*>\\s*;\\s*rel="?next"?/)
`,
    );
  });

  it('an origin that does not parse', async () => {
    assert.equal(
      await refused(['--features', `${DIR}/bad-origin.feature`]),
      `${PROBLEM}${DIR}/bad-origin.feature:4: "shop.example/" is not an origin: write scheme://host[:port], such as https://shop.example
    When a script on "shop.example/" calls "GET /api/items"
  the sentence: When a script on {scriptOrigin} calls {endpoint}
`,
    );
  });

  it('a header name that does not parse', async () => {
    assert.equal(
      await refused(['--features', `${DIR}/bad-header.feature`]),
      `${PROBLEM}${DIR}/bad-header.feature:5: "X Total Count" is not a header name: a field name is a token (RFC 9110 §5.1), made of letters, digits and !#$%&'*+-.^_\`|~, with no spaces or colons
    Then the response carries the header "X Total Count"
  the sentence: Then the response carries the header {header}
`,
    );
  });

  it('a wrong reason phrase', async () => {
    assert.equal(
      await refused(['--features', `${DIR}/wrong-reason.feature`]),
      `${PROBLEM}${DIR}/wrong-reason.feature:5: "422 Unprocessable Entity": RFC 9110 calls 422 "Unprocessable Content"
    Then the server answers 422 Unprocessable Entity
  the sentence: Then the server answers {status}
`,
    );
  });

  it('a doc string that is not JSON', async () => {
    assert.equal(
      await refused(['--features', `${DIR}/bad-json.feature`]),
      `${PROBLEM}${DIR}/bad-json.feature:4: the doc string is not JSON: Expected double-quoted property name in JSON at position 21
    When a client calls "POST /api/login" with the JSON:
  the sentence: When a client calls {endpoint} with the JSON:
`,
    );
  });

  it('a Gherkin syntax error', async () => {
    assert.equal(
      await refused(['--features', `${DIR}/syntax-error.feature`]),
      `${PROBLEM}${DIR}/syntax-error.feature:5: the Gherkin does not parse: this line is not a step, a tag, a comment or a keyword line (a step starts with Given, When, Then, And or But)
    the response carries the header "X-Total-Count"
`,
    );
  });

  it('every problem of every file at once', async () => {
    const stderr = await refused(['--features', `${DIR}/bad-origin.feature`, '--features', `${DIR}/wrong-reason.feature`]);
    assert.match(stderr, /^response-conformance: 2 problems in the features, so nothing was run:\n/);
    assert.match(stderr, /bad-origin\.feature:4: /);
    assert.match(stderr, /wrong-reason\.feature:5: /);
  });

  it('a path that does not exist', async () => {
    const stderr = await refused(['--features', `${DIR}/missing.feature`]);
    assert.match(stderr, new RegExp(`^response-conformance: --features ${DIR}/missing\\.feature: no such file or folder \\(looked for /.*/${DIR}/missing\\.feature\\)\n\nusage:`));
  });

  it('a glob that matches no feature file', async () => {
    const stderr = await refused(['--features', `${DIR}/*.features`]);
    assert.match(stderr, new RegExp(`^response-conformance: --features ${DIR}/\\*\\.features: no \\.feature file matches this pattern\n`));
  });

  it('a path that holds no scenario', async () => {
    assert.equal(await refused(['--features', `${DIR}/empty`]), `${PROBLEM}${DIR}/empty: holds no scenario, so it would check nothing\n`);
  });

  it('--list refuses a broken feature the same way', async () => {
    const { code, stderr } = await cli(['--list', '--features', `${DIR}/wrong-reason.feature`]);
    assert.equal(code, 2);
    assert.match(stderr, /wrong-reason\.feature:5: "422 Unprocessable Entity": RFC 9110 calls 422 "Unprocessable Content"/);
  });
});

describe('a user\'s scenario without a level or an id', () => {
  it('runs as MUST under an id made from its file and name, and every report says so', async () => {
    const dir = reportDir();
    const { code, stdout } = await cli(['--features', `${DIR}/untagged.feature`, '--report-dir', dir]);
    assert.equal(code, 0, stdout);
    const warnings = [
      `${DIR}/untagged.feature:2: "The item list answers" has no @MUST or @SHOULD tag, so it counts as MUST`,
      `${DIR}/untagged.feature:2: "The item list answers" has no @id: tag, so its id is untagged-a65994 (add @id:untagged-a65994 to keep it when the name changes)`,
    ];
    for (const warning of warnings) assert.ok(stdout.includes(`warning: ${warning}`), stdout);
    const summary = readSummary(dir);
    assert.deepEqual(summary.warnings, warnings);
    assert.deepEqual(summary.scenarios.map((s: { id: string; level: string; status: string }) => [s.id, s.level, s.status]), [['untagged-a65994', 'MUST', 'passed']]);
  });
});
