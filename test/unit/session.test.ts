/**
 * A session in a feature: `{{name}}`s filled in, in one place, from values
 * the scenario named before; a name used before it is defined is refused
 * with its file and line before anything is sent (and a misuse at run time);
 * secrets are masked from messages; the password sentence finds every
 * submitted password, at any depth of a JSON body and in a form.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataTable } from '@cucumber/cucumber';
import type { ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { loadVocabulary } from '../../runner/run/index';
import { checkFeatures, FeatureError } from '../../runner/run/feature-check';
import { fillPlaceholders, nameProblem, namesUsedIn, soundsSecret } from '../../steps/placeholders';
import { filledIn } from '../../steps/support/sentences';
import { NamedValues } from '../../steps/support/named-values';
import { passwordsIn, passwordsInForm, passwordsInJson } from '../../steps/support/passwords';
import { checkFormTable, checkJsonDocString, parseValueName } from '../../steps/support/parameter-parsers';

describe('{{name}}: the syntax', () => {
  it('finds each name once, in order, spaces inside the braces allowed', () => assert.deepEqual(namesUsedIn('Bearer {{token}} {{ note }} {{token}}'), ['token', 'note']));
  it('leaves braces that name nothing alone', () => assert.deepEqual(namesUsedIn('{"a": {"b": 1}} {{}} {{1x}} {{a b}}'), []));
  it('fills every use', () => assert.equal(fillPlaceholders('/api/notes/{{note}}?by={{ user }}', (name) => ({ note: '2', user: 'alice' })[name]!), '/api/notes/2?by=alice'));
  it('a name is a letter or _ then letters, digits or _', () => {
    assert.equal(nameProblem('note_id'), null);
    assert.equal(nameProblem('my token'), '"my token" cannot name a value: a name is a letter or _ followed by letters, digits or _, such as "token" or "note_id", and is used later as {{my_token}}');
    assert.throws(() => parseValueName('2fa'), /"2fa" cannot name a value/);
  });
  it('a remembered value is a secret when its name or field says so', () => {
    assert.equal(soundsSecret('access_token', 'token'), true);
    assert.equal(soundsSecret('0.id', 'note'), false);
    assert.equal(soundsSecret('user.api_key', 'k'), true);
  });
});

describe('{{name}}: filled in from the values the scenario named', () => {
  it('fills strings, an endpoint\'s path, a data table and arrays; leaves numbers and patterns alone', () => {
    const fill = (text: string) => text.replace('{{note}}', '7');
    assert.equal(filledIn('{{note}}', fill), '7');
    assert.deepEqual(filledIn({ method: 'GET', path: '/api/notes/{{note}}' }, fill), { method: 'GET', path: '/api/notes/7' });
    assert.deepEqual((filledIn(new DataTable([['id', '{{note}}']]), fill) as DataTable).raw(), [['id', '7']]);
    assert.deepEqual(filledIn(['{{note}}'], fill), ['7']);
    const pattern = /{{note}}/;
    assert.equal(filledIn(pattern, fill), pattern);
    assert.equal(filledIn(62, fill), 62);
  });

  it('a name the scenario has not defined is a misuse naming what it knows', () => {
    const world = new NamedValues();
    world.set('token', 'abc', true);
    assert.equal(world.substitute('Bearer {{token}}'), 'Bearer abc');
    assert.throws(
      () => world.substitute('/api/notes/{{note}}'),
      (error: Error) => error.name === 'StepMisuse' && error.message === '"{{note}}" names no value this scenario has defined before this step; it knows token ("the client remembers …" and "the value … comes from the environment variable …" define one)',
    );
  });

  it('a secret is shown in messages by its name, never as itself; other values as they are', () => {
    const world = new NamedValues();
    world.set('password', 'looking-glass-42', true);
    world.set('pw', 'glass', true);
    world.set('note', '1', false);
    assert.equal(world.masked('the body contains "looking-glass-42" at 1, and glass'), 'the body contains "{{password}}" at 1, and {{pw}}');
  });
});

describe('the password sentence finds every submitted password', () => {
  it('at any depth of a JSON body (Conduit nests it in user.password)', () => {
    assert.deepEqual(passwordsInJson('{"user": {"email": "a@b.c", "password": "p-1"}}'), ['p-1']);
    assert.deepEqual(passwordsIn({ password: 'top', items: [{ new_password: 'n' }, { currentPassword: 'c' }], note: 'password' }), ['top', 'n', 'c']);
    assert.deepEqual(passwordsInJson('{"username": "alice"}'), []);
    assert.deepEqual(passwordsInJson('not json'), []);
  });
  it('in a form', () => assert.deepEqual(passwordsInForm([['username', 'alice'], ['password', 'p-2'], ['passwd', '']]), ['p-2']));
});

describe('a JSON doc string may hold {{name}}s', () => {
  it('in a string, or bare for a number', () => assert.doesNotThrow(() => checkJsonDocString('{"id": {{note}}, "title": "{{title}}", "tags": [{{ a }}]}')));
  it('and is still refused when it is not JSON', () => assert.throws(() => checkJsonDocString('{"id": {{note}},}'), /the doc string is not JSON/));
});

describe('a form is rows of a name and a value', () => {
  it('refuses a row of three cells, an empty name, an empty form', () => {
    assert.doesNotThrow(() => checkFormTable([['username', 'alice'], ['password', '']]));
    assert.throws(() => checkFormTable([['username', 'alice', 'x']]), { message: 'row 1 of the form has 3 cells: write one row per field, | name | value |' });
    assert.throws(() => checkFormTable([['', 'alice']]), { message: 'row 1 of the form has no field name: write | name | value |' });
    assert.throws(() => checkFormTable([]), { message: 'the form has no fields: write one row per field, | name | value |' });
  });
});

describe('names are strict: the feature check refuses a use before its definition, with file:line', () => {
  let support: ISupportCodeLibrary;
  before(async () => {
    support = await loadVocabulary();
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'rc-names-'));
  const check = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return () => checkFeatures([{ file, shown: name, own: true, from: name }], support);
  };
  const BACKGROUND = `Feature: f
  Background:
    Given a client has called "POST /api/token" with the form:
      | username | alice |
    And the client remembers the field "access_token" of the answer as "token"
`;

  it('accepts names defined in the Background or earlier in the scenario', () => {
    const ok = check(
      'ok.feature',
      `${BACKGROUND}
  @MUST @id:a-1
  Scenario: s
    Given every request carries the header "Authorization" with the value "Bearer {{token}}"
    And a client has called "GET /api/notes"
    And the client remembers the field "0.id" of the answer as "note"
    When a client calls "GET /api/notes/{{note}}"
    Then the server answers 200 OK
`,
    );
    assert.doesNotThrow(ok);
  });

  it('refuses a name used before it is defined, a name of another scenario, and names in doc strings and tables', () => {
    const wrong = check(
      'wrong.feature',
      `${BACKGROUND}
  @MUST @id:a-1
  Scenario: first
    When a client calls "GET /api/notes/{{note}}"
    And the client remembers the field "0.id" of the answer as "note"
    Then the server answers 200 OK

  @MUST @id:a-2
  Scenario: second
    When a client calls "POST /api/notes" with the JSON:
      """
      {"id": "{{note}}"}
      """
    Then the server answers 200 OK

  @MUST @id:a-3
  Scenario: third
    When a client calls "POST /api/token" with the form:
      | password | {{password}} |
    Then the server answers 200 OK
`,
    );
    const known = [
      'a value is named, in a step before, by:',
      '  Given the value {name} comes from the environment variable {string}',
      '  Given the client remembers the field {string} of the answer as {name}',
      '  Given the client remembers the cookie {string} of the answer as {name}',
    ].join('\n  ');
    assert.throws(wrong, (error: Error) => {
      assert.ok(error instanceof FeatureError);
      assert.equal(
        error.message,
        [
          '3 problems in the features, so nothing was run:',
          'wrong.feature:9: "{{note}}" names no value defined before this step in "first" (its Background included); the names known here: token',
          '    When a client calls "GET /api/notes/{{note}}"',
          `  ${known}`,
          'wrong.feature:15: "{{note}}" names no value defined before this step in "second" (its Background included); the names known here: token',
          '    When a client calls "POST /api/notes" with the JSON:',
          `  ${known}`,
          'wrong.feature:23: "{{password}}" names no value defined before this step in "third" (its Background included); the names known here: token',
          '    When a client calls "POST /api/token" with the form:',
          `  ${known}`,
        ].join('\n'),
      );
      return true;
    });
  });

  it('refuses a name that cannot be one, a form row that is not a name and a value, a form without its table, a table where none belongs', () => {
    const wrong = check(
      'bad-name.feature',
      `Feature: f
  @MUST @id:a-1
  Scenario: s
    Given the value "my password" comes from the environment variable "PW"
    When a client calls "POST /api/token" with the form:
      | username | alice | extra |
    Then the server answers 200 OK

  @MUST @id:a-2
  Scenario: t
    When a client calls "POST /api/token" with the form:
    Then the server answers 200 OK
      | a | b |
`,
    );
    assert.throws(wrong, (error: Error) => {
      assert.equal(
        error.message,
        [
          '4 problems in the features, so nothing was run:',
          'bad-name.feature:4: "my password" cannot name a value: a name is a letter or _ followed by letters, digits or _, such as "token" or "note_id", and is used later as {{my_password}}',
          '    Given the value "my password" comes from the environment variable "PW"',
          '  the sentence: Given the value {name} comes from the environment variable {string}',
          'bad-name.feature:5: row 1 of the form has 3 cells: write one row per field, | name | value |',
          '    When a client calls "POST /api/token" with the form:',
          '  the sentence: When a client calls {endpoint} with the form:',
          'bad-name.feature:11: this sentence takes a data table (rows of | name | value |) below the step',
          '    When a client calls "POST /api/token" with the form:',
          '  the sentence: When a client calls {endpoint} with the form:',
          'bad-name.feature:12: this sentence takes no data table',
          '    Then the server answers 200 OK',
          '  the sentence: Then the server answers {status}',
        ].join('\n'),
      );
      return true;
    });
  });
});
