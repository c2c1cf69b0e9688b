/** What a plain client receives: the status and the headers. Shared by every area. */
import { fieldValues, getCombined, hasField, listElements, sameName } from '../http/header-list';
import { ensure, mismatch, shown, shownStatus } from './support/verdict';
import { sentences } from './support/sentences';
import type { ConformanceWorld } from './support/world';

const sentence = sentences('The status and the headers');

sentence(
  'Then',
  'the server answers {status}',
  { summary: 'The status of the response.', example: 'Then the server answers 401 Unauthorized' },
  function (this: ConformanceWorld, status: number) {
    const response = this.lastResponse();
    this.verify(response, () => ensure(response.status === status, () => mismatch('status', shownStatus(status), shownStatus(response.status))));
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
    this.verify(response, () => ensure(hasField(response.headers, name), () => `${name}: the response has no such header`));
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
    this.checkResponse((response) => {
      ensure(fieldValues(response.headers, name).length > 0, () => `${name}: the response has no such header`);
      // Repeated fields mean the same as one comma-joined field (RFC 9110 §5.3).
      const actual = getCombined(response.headers, name)!;
      if (CASE_INSENSITIVE_VALUES.includes(name.toLowerCase())) ensure(actual.toLowerCase() === value.toLowerCase(), () => mismatch(name, `${shown(value)} (in any case)`, shown(actual)));
      else ensure(actual === value, () => mismatch(name, shown(value), shown(actual)));
    });
  },
);

sentence(
  'Then',
  'the response carries the header {header} matching {pattern}',
  { summary: 'The header is there, and its value (repeated fields joined with ", ") matches the regular expression. Where HTTP lets a value vary (spacing, the case of a scheme, quoting), let the pattern vary too.', example: 'Then the response carries the header "Link" matching /<[^>]*page=3[^>]*>\\s*;\\s*rel="?next"?/' },
  function (this: ConformanceWorld, name: string, pattern: RegExp) {
    this.checkResponse((response) => {
      const actual = getCombined(response.headers, name);
      ensure(actual !== null, () => `${name}: the response has no such header`);
      ensure(pattern.test(actual), () => mismatch(name, `a value matching ${pattern}`, shown(actual)));
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
    this.checkResponse((response) => {
      const items = listElements(response.headers, name);
      ensure(hasField(response.headers, name), () => `${name}: the response has no such header`);
      ensure(items.some((i) => sameName(i, item)), () => `${name} lists ${items.map((i) => `"${i}"`).join(', ') || 'nothing'}, not "${item}"`);
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
    this.checkResponse((response) => {
      const items = listElements(response.headers, name);
      ensure(!items.some((i) => sameName(i, item)), () => `${name} lists "${item}" (${items.join(', ')})`);
    });
  },
);

sentence(
  'Then',
  'the response does not carry the header {header}',
  { summary: 'No field of that name, in any case, is in the response.', example: 'Then the response does not carry the header "X-Debug-Query-Time"' },
  function (this: ConformanceWorld, name: string) {
    this.checkResponse((response) => {
      const sent = getCombined(response.headers, name);
      ensure(sent === null, () => `${name} is sent, with the value ${shown(sent)}`);
    });
  },
);
