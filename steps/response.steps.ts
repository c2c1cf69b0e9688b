/** What a plain client receives: the status and the headers. Shared by every area. */
import { expect } from 'chai';
import { fieldValues, getCombined, hasField, listElements, sameName } from '../http/header-list';
import { sentences } from './support/vocabulary';
import type { ConformanceWorld } from './support/world';

const sentence = sentences('The status and the headers');

sentence(
  'Then',
  'the server answers {status}',
  { summary: 'The status of the last plain response.', example: 'Then the server answers 401 Unauthorized' },
  function (this: ConformanceWorld, status: number) {
    const response = this.lastResponse();
    this.verify(response, () => expect(response.status, 'status').to.equal(status));
  },
);

// Headers whose values are case-insensitive: language tags (RFC 5646 §2.1.1, RFC 9110 §8.5).
const CASE_INSENSITIVE_VALUES = ['content-language'];

sentence(
  'Then',
  'the response carries the header {header}',
  { summary: 'The header is there, whatever its value.', example: 'Then the response carries the header "X-Request-Id"' },
  function (this: ConformanceWorld, name: string) {
    const response = this.lastResponse();
    this.verify(response, () => expect(hasField(response.headers, name), `${name}: the response has no such header`).to.equal(true));
  },
);

sentence(
  'Then',
  'the response carries the header {header} with the value {string}',
  {
    summary:
      'The header is there with exactly this value. Repeated fields count as one, joined with ", " (RFC 9110 §5.3); Content-Language is compared case-insensitively.',
    example: 'Then the response carries the header "X-Total-Count" with the value "5"',
  },
  function (this: ConformanceWorld, name: string, value: string) {
    const response = this.lastResponse();
    this.verify(response, () => {
      const values = fieldValues(response.headers, name);
      expect(values, `${name}: the response has no such header`).to.not.be.empty;
      // Repeated fields mean the same as one comma-joined field (RFC 9110 §5.3).
      const actual = getCombined(response.headers, name)!;
      if (CASE_INSENSITIVE_VALUES.includes(name.toLowerCase())) expect(actual.toLowerCase(), name).to.equal(value.toLowerCase());
      else expect(actual, name).to.equal(value);
    });
  },
);

sentence(
  'Then',
  'the response carries the header {header} matching {pattern}',
  { summary: 'The header is there, and its value (repeated fields joined with ", ") matches the regular expression. Where HTTP lets a value vary (spacing, the case of a scheme, quoting), let the pattern vary too.', example: 'Then the response carries the header "Link" matching /<[^>]*page=3[^>]*>\\s*;\\s*rel="?next"?/' },
  function (this: ConformanceWorld, name: string, pattern: RegExp) {
    const response = this.lastResponse();
    this.verify(response, () => {
      const actual = getCombined(response.headers, name);
      expect(actual, `${name}: the response has no such header`).to.not.equal(null);
      expect(actual, name).to.match(pattern);
    });
  },
);

sentence(
  'Then',
  'the response carries the header {header} listing {string}',
  {
    summary: 'The header is a comma-separated list (across repeated fields too) with this item in it, compared case-insensitively: "Vary" listing "Origin", for example.',
    example: 'Then the response carries the header "Vary" listing "Origin"',
  },
  function (this: ConformanceWorld, name: string, item: string) {
    const response = this.lastResponse();
    this.verify(response, () => {
      const items = listElements(response.headers, name);
      expect(hasField(response.headers, name), `${name}: the response has no such header`).to.equal(true);
      expect(items.some((i) => sameName(i, item)), `${name} lists ${items.map((i) => `"${i}"`).join(', ') || 'nothing'}, not "${item}"`).to.equal(true);
    });
  },
);

sentence(
  'Then',
  'the header {header} does not list {string}',
  {
    summary: 'The comma-separated list in the header (across repeated fields) does not have this item, compared case-insensitively; a response without the header passes.',
    example: 'Then the header "Access-Control-Expose-Headers" does not list "Set-Cookie"',
  },
  function (this: ConformanceWorld, name: string, item: string) {
    const response = this.lastResponse();
    this.verify(response, () => {
      const items = listElements(response.headers, name);
      expect(items.some((i) => sameName(i, item)), `${name} lists "${item}" (${items.join(', ')})`).to.equal(false);
    });
  },
);

sentence(
  'Then',
  'the response does not carry the header {header}',
  { summary: 'No field of that name, in any case, is in the response.', example: 'Then the response does not carry the header "X-Debug-Query-Time"' },
  function (this: ConformanceWorld, name: string) {
    const response = this.lastResponse();
    this.verify(response, () => expect(getCombined(response.headers, name), `${name} is sent`).to.equal(null));
  },
);
