/** The body of the last plain response, compared by meaning. */
import { expect } from 'chai';
import { getCombined } from '../http/header-list';
import { parseJsonBody } from '../http/json-body';
import { jsonAt, jsonMismatch } from '../http/json-match';
import { isJsonMediaType, mediaTypeEssence } from '../http/media-type';
import { checkJsonDocString } from './support/parameter-parsers';
import { sentences } from './support/vocabulary';
import type { ConformanceWorld } from './support/world';

const sentence = sentences('The body');

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
    this.verify(response, () => expect(parseJsonBody(response), 'body').to.deep.equal(JSON.parse(expected)));
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
    const response = this.lastResponse();
    this.verify(response, () => {
      const why = jsonMismatch(parseJsonBody(response), JSON.parse(expected));
      if (why !== null) expect.fail(`the body does not contain the JSON ${why}`);
    });
  },
);

sentence(
  'Then',
  'the body is served as JSON',
  { summary: 'Content-Type is application/json or a +json type (RFC 6839), parameters aside.', example: 'Then the body is served as JSON' },
  function (this: ConformanceWorld) {
    const response = this.lastResponse();
    this.verify(response, () => {
      const essence = mediaTypeEssence(getCombined(response.headers, 'Content-Type'));
      expect(isJsonMediaType(essence), `Content-Type is ${essence ?? 'missing'}, expected application/json`).to.equal(true);
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
    const response = this.lastResponse();
    this.verify(response, () => {
      const found = jsonAt(parseJsonBody(response), field);
      if (!found.found) expect.fail(found.reason);
      expect(found.value, field).to.deep.equal(value);
    });
  },
);

sentence(
  'Then',
  'the answer has no field {string}',
  { summary: 'The JSON body has no such field (by the same paths as above): what a response model leaves out.', example: 'Then the answer has no field "0.supplier_cost"' },
  function (this: ConformanceWorld, field: string) {
    const response = this.lastResponse();
    this.verify(response, () => {
      const found = jsonAt(parseJsonBody(response), field);
      if (found.found) expect.fail(`the answer has the field "${field}", set to ${JSON.stringify(found.value)}`);
    });
  },
);

sentence(
  'Then',
  'the body never contains {string}',
  { summary: 'The text appears nowhere in the body, whatever its format: a password, a token, an internal name.', example: 'Then the body never contains "wonderland-7c1f"' },
  function (this: ConformanceWorld, text: string) {
    const response = this.lastResponse();
    this.verify(response, () => {
      const at = response.text.indexOf(text);
      if (at >= 0) expect.fail(`the body contains "${text}" at character ${at}`);
    });
  },
);

sentence(
  'Then',
  'the answer does not reveal the password',
  {
    summary:
      'The password this scenario sent (the "password" field of its JSON body) appears nowhere in the body, and the body has no "password" key at all, whatever its value. The response model\'s rule.',
    example: 'Then the answer does not reveal the password',
  },
  function (this: ConformanceWorld) {
    const response = this.lastResponse();
    const password = this.submittedPassword;
    if (password === undefined) throw new Error('no password was sent in this scenario: send a JSON body with a "password" field first, or use "the body never contains"');
    this.verify(response, () => {
      expect(response.text.includes(password), 'the body contains the submitted password').to.equal(false);
      // A "password" key is a leak even when its value was transformed; whether the body is JSON is another rule's business.
      expect(response.text, 'body').to.not.match(/"password"\s*:/);
    });
  },
);

sentence(
  'Then',
  'the error is described in JSON',
  { summary: 'The body is a JSON object served as JSON: an error a client can read.', example: 'Then the error is described in JSON' },
  function (this: ConformanceWorld) {
    const response = this.lastResponse();
    this.verify(response, () => {
      const essence = mediaTypeEssence(getCombined(response.headers, 'Content-Type'));
      expect(isJsonMediaType(essence), `Content-Type is ${essence ?? 'missing'}, expected application/json`).to.equal(true);
      expect(parseJsonBody(response), 'error body').to.be.an('object');
    });
  },
);
