import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromRawHeaders, getCombined, listIncludes, tokenList, type HeaderList } from '../../http/header-list';

describe('header lists (RFC 9110 §5)', () => {
  const list: HeaderList = [
    ['Vary', 'Accept-Encoding'],
    ['vary', ' origin '],
    ['X-Cat-Dog', 'alone in the world'],
  ];
  it('names are case-insensitive', () => assert.equal(getCombined(list, 'x-cat-dog'), 'alone in the world'));
  it('repeated fields combine with ", " (Fetch "get")', () => assert.equal(getCombined(list, 'VARY'), 'Accept-Encoding,  origin '));
  it('an absent field is null', () => assert.equal(getCombined(list, 'X-Missing'), null));
  it('list membership spans repeated fields and ignores case and spacing', () => assert.equal(listIncludes(list, 'Vary', 'Origin'), true));
  it('list membership is by element, not substring', () => assert.equal(listIncludes([['Vary', 'Origins']], 'Vary', 'Origin'), false));
  it('rawHeaders pairs keep order and repetition, values trimmed of HTTP whitespace', () =>
    assert.deepEqual(fromRawHeaders(['A', ' 1 ', 'a', '2']), [['A', '1'], ['a', '2']]));
  it('#token lists drop empty elements (RFC 9110 §5.6.1)', () => assert.deepEqual(tokenList([['L', ' , a ,, b ,']], 'L'), ['a', 'b']));
  it('#token lists fail on a non-token element', () => assert.equal(tokenList([['L', 'a, b c']], 'L'), 'failure'));
  it('#token lists are null when absent', () => assert.equal(tokenList([], 'L'), null));
});
