/** What a plain client receives: status, headers, body. Shared by every area. */
import { Then, When } from '@cucumber/cucumber';
import { expect } from 'chai';
import { fieldValues, getCombined } from '../http/header-list';
import { isJsonMediaType, mediaTypeEssence } from '../http/media-type';
import { parseJsonBody } from '../http/json-body';
import type { Endpoint } from './support/contract';
import type { ConformanceWorld } from './support/world';

When('a client calls {endpoint}', async function (this: ConformanceWorld, endpoint: Endpoint) {
  this.response = await this.send(endpoint);
});

Then('the server answers {status}', function (this: ConformanceWorld, status: number) {
  const response = this.lastResponse();
  this.verify(response, () => expect(response.status, 'status').to.equal(status));
});

// Headers whose values are case-insensitive: language tags (RFC 5646 §2.1.1, RFC 9110 §8.5).
const CASE_INSENSITIVE_VALUES = ['content-language'];

Then('the response carries the header {header} with the value {string}', function (this: ConformanceWorld, name: string, value: string) {
  const response = this.lastResponse();
  this.verify(response, () => {
    const values = fieldValues(response.headers, name);
    expect(values, `${name}: the response has no such header`).to.not.be.empty;
    // Repeated fields mean the same as one comma-joined field (RFC 9110 §5.3).
    const actual = getCombined(response.headers, name)!;
    if (CASE_INSENSITIVE_VALUES.includes(name.toLowerCase())) expect(actual.toLowerCase(), name).to.equal(value.toLowerCase());
    else expect(actual, name).to.equal(value);
  });
});

Then('the body is the JSON:', function (this: ConformanceWorld, expected: string) {
  const response = this.lastResponse();
  // Compared as parsed values: 62 equals 62.0, key order and spacing do not matter.
  this.verify(response, () => expect(parseJsonBody(response), 'body').to.deep.equal(JSON.parse(expected)));
});

Then('the body is served as JSON', function (this: ConformanceWorld) {
  const response = this.lastResponse();
  this.verify(response, () => {
    const essence = mediaTypeEssence(getCombined(response.headers, 'Content-Type'));
    expect(isJsonMediaType(essence), `Content-Type is ${essence ?? 'missing'}, expected application/json`).to.equal(true);
  });
});
