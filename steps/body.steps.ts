/** The body of the response: JSON compared by meaning, other text as written. */
import { getCombined } from '../http/header-list';
import { parseJsonBody } from '../http/json-body';
import { jsonAt, jsonMismatch } from '../http/json-match';
import { isJsonMediaType, mediaTypeEssence } from '../http/media-type';
import { checkJsonDocString } from './support/parameter-parsers';
import { textMismatch } from './support/text-match';
import { ensure, ensureEqual, fail, mismatch, shown } from './support/verdict';
import { sentences } from './support/sentences';
import type { ConformanceWorld } from './support/world';
import type { Exchange } from '../http/client';
import { misuse } from './support/misuse';

const sentence = sentences('The body');

/** Fails unless Content-Type is a JSON media type. */
function servedAsJson(response: Exchange): void {
  const essence = mediaTypeEssence(getCombined(response.headers, 'Content-Type'));
  ensure(isJsonMediaType(essence), () => mismatch('Content-Type', 'application/json (or a +json type)', essence ?? 'no Content-Type'));
}

/** Some text either side of a place in the body, for a message. */
function around(text: string, at: number, width = 60): string {
  const start = Math.max(0, at - width);
  return `${start > 0 ? '…' : ''}${text.slice(start, at + width)}${at + width < text.length ? '…' : ''}`;
}

/** The body as a message shows it: quoted, and cut short when long. */
function shownBody(text: string): string {
  return text === '' ? 'an empty body' : shown(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}

sentence(
  'Then',
  'the body is the JSON:',
  {
    summary: 'The body parses as JSON equal to the doc string: compared as parsed values, so 62 equals 62.0 and key order and spacing do not matter.',
    example: 'Then the body is the JSON:',
    docString: '{"username": "alice", "full_name": "Alice Liddell"}',
    checkDocString: checkJsonDocString,
  },
  function (this: ConformanceWorld, expected: string) {
    const response = this.lastResponse();
    this.verify(response, () => ensureEqual(parseJsonBody(response), JSON.parse(expected), 'body', (json) => `the JSON ${JSON.stringify(json)}`));
  },
);

sentence(
  'Then',
  'the body contains the JSON:',
  {
    summary:
      'The body parses as JSON that contains the doc string: every field of an expected object is there with a matching value (other fields may be there too); an expected array matches item by item, with the same length.',
    example: 'Then the body contains the JSON:',
    docString: '[{"id": 1, "name": "Teapot"}, {"id": 2, "name": "Kettle"}]',
    checkDocString: checkJsonDocString,
  },
  function (this: ConformanceWorld, expected: string) {
    this.checkResponse((response) => {
      const why = jsonMismatch(parseJsonBody(response), JSON.parse(expected));
      if (why !== null) fail(`the body does not contain the JSON ${why}`);
    });
  },
);

sentence(
  'Then',
  'the body is the text:',
  {
    summary:
      'The body is exactly the doc string, character for character: for a body that is not JSON, such as an XML document or a preflight\'s `OK`. One trailing newline on either side is ignored (a doc string\'s last line has none, and many servers end a text body with one): the text `OK` matches the body `OK` or `OK\\n`, not `OK\\n\\n`.',
    example: 'Then the body is the text:',
    docString: '<?xml version="1.0"?><shampoo><Header>Apply shampoo here.</Header></shampoo>',
  },
  function (this: ConformanceWorld, expected: string) {
    this.checkResponse((response) => {
      const why = textMismatch(response.text, expected);
      if (why !== null) fail(why);
    });
  },
);

sentence(
  'Then',
  'the body matches {pattern}',
  {
    summary: 'The body, as text whatever its format, matches the regular expression (anywhere, unless anchored with ^ and $; add the m flag for them to anchor lines).',
    example: 'Then the body matches /<Header>Apply shampoo here\\.<\\/Header>/',
  },
  function (this: ConformanceWorld, pattern: RegExp) {
    const response = this.lastResponse();
    this.verify(response, () => ensure(pattern.test(response.text), () => mismatch('body', `a text matching ${pattern}`, shownBody(response.text))));
  },
);

sentence(
  'Then',
  'the body is served as JSON',
  { summary: 'Content-Type is application/json or a +json type (RFC 6839), parameters aside.', example: 'Then the body is served as JSON' },
  function (this: ConformanceWorld) {
    this.checkResponse((response) => {
      servedAsJson(response);
    });
  },
);

sentence(
  'Then',
  'the answer has the field {string} set to {jsonValue}',
  {
    summary: 'The JSON body has the field, by a path of names and item numbers separated by dots ("user.email", "0.name"), with this value.',
    example: 'Then the answer has the field "0.name" set to "Teapot"',
  },
  function (this: ConformanceWorld, field: string, value: unknown) {
    this.checkResponse((response) => {
      const found = jsonAt(parseJsonBody(response), field);
      if (!found.found) fail(found.reason);
      ensureEqual(found.value, value, `the field "${field}"`);
    });
  },
);

sentence(
  'Then',
  'the answer has no field {string}',
  { summary: 'The JSON body has no such field (by the same paths as above): what a response model leaves out.', example: 'Then the answer has no field "0.supplier_cost"' },
  function (this: ConformanceWorld, field: string) {
    this.checkResponse((response) => {
      const found = jsonAt(parseJsonBody(response), field);
      if (found.found) fail(`the answer has the field "${field}", set to ${JSON.stringify(found.value)}`);
    });
  },
);

sentence(
  'Then',
  'the body never contains {string}',
  { summary: 'The text appears nowhere in the body, whatever its format: a password, a token, an internal name.', example: 'Then the body never contains "wonderland-7c1f"' },
  function (this: ConformanceWorld, text: string) {
    this.checkResponse((response) => {
      const at = response.text.indexOf(text);
      if (at >= 0) fail(`the body contains "${text}" at character ${at}`);
    });
  },
);

sentence(
  'Then',
  'the answer does not reveal the password',
  {
    summary:
      'Every password this scenario sent (each field whose name says password, at any depth of a JSON body, such as Conduit\'s `user.password`, or in a form) appears nowhere in the body, and the body has no "password" key at all, whatever its value. The response model\'s rule.',
    example: 'Then the answer does not reveal the password',
  },
  function (this: ConformanceWorld) {
    const response = this.lastResponse();
    const passwords = [...new Set(this.submittedPasswords)];
    if (passwords.length === 0) misuse('no password was sent in this scenario: send a JSON body or a form with a "password" field first, or use "the body never contains"');
    this.verify(response, () => {
      for (const [index, password] of passwords.entries()) {
        const at = response.text.indexOf(password);
        // The password itself is never shown: it may come from the environment.
        ensure(at < 0, () => `the body contains the ${passwords.length === 1 ? '' : `${ordinal(index + 1)} `}submitted password at character ${at}`);
      }
      // A "password" key is a leak even when its value was transformed; whether the body is JSON is another rule's business.
      const key = /"password"\s*:/.exec(response.text);
      ensure(key === null, () => `the body has a "password" key at character ${key!.index}: ${shown(around(response.text, key!.index))}`);
    });
  },
);

function ordinal(n: number): string {
  return ['first', 'second', 'third'][n - 1] ?? `${n}th`;
}

sentence(
  'Then',
  'the error is described in JSON',
  { summary: 'The body is a JSON object served as JSON: an error a client can read.', example: 'Then the error is described in JSON' },
  function (this: ConformanceWorld) {
    this.checkResponse((response) => {
      servedAsJson(response);
      const body = parseJsonBody(response);
      ensure(body !== null && typeof body === 'object' && !Array.isArray(body), () => mismatch('error body', 'a JSON object', JSON.stringify(body)));
    });
  },
);
