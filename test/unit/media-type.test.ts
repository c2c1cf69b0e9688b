import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isJsonMediaType, mediaTypeEssence } from '../../http/media-type';

describe('media types compared by essence (RFC 9110 §8.3.1)', () => {
  const rows: [string | null, boolean][] = [
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON', true],
    ['application/problem+json', true],
    ['text/plain; charset=utf-8', false],
    ['text/json', false],
    ['application/jsonx', false],
    ['not a media type', false],
    [null, false],
  ];
  for (const [value, json] of rows) it(`${JSON.stringify(value)} is ${json ? '' : 'not '}JSON`, () => assert.equal(isJsonMediaType(mediaTypeEssence(value)), json));
});
