/** JSON compared by meaning: subsets ("the body contains the JSON") and fields by path. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jsonAt, jsonMismatch } from '../../http/json-match';

describe('jsonMismatch: whether a body contains the expected JSON', () => {
  const cases: [string, unknown, unknown, string | null][] = [
    ['an object contains a subset of its fields', { a: 1, b: 2 }, { a: 1 }, null],
    ['numbers compare by value: 62 contains 62.0', { n: 62 }, JSON.parse('{"n": 62.0}'), null],
    ['a missing field is named with its path', { a: { b: 1 } }, { a: { c: 1 } }, 'at $.a.c: the field is missing'],
    ['a different value is shown against the expected one', { a: 'x' }, { a: 'y' }, 'at $.a: expected "y", got "x"'],
    ['arrays match item by item', [{ id: 1, x: 0 }, { id: 2 }], [{ id: 1 }, { id: 2 }], null],
    ['an array of another length does not match', [1, 2, 3], [1, 2], 'at $: expected 2 items, got 3'],
    ['an object is not an array', { a: 1 }, [1], 'at $: expected an array, got {"a":1}'],
    ['an array is not an object', [1], { a: 1 }, 'at $: expected an object, got [1]'],
    ['null is a value like any other', { a: null }, { a: null }, null],
    ['null does not contain an object', null, {}, 'at $: expected an object, got null'],
  ];
  for (const [name, actual, expected, why] of cases) it(name, () => assert.equal(jsonMismatch(actual, expected), why));
});

describe('jsonAt: a field by its path', () => {
  it('walks names and item numbers', () => assert.deepEqual(jsonAt({ items: [{ name: 'Teapot' }] }, 'items.0.name'), { found: true, value: 'Teapot' }));
  it('a null field is found, with the value null', () => assert.deepEqual(jsonAt({ a: null }, 'a'), { found: true, value: null }));
  it('a missing field names the fields there are', () => assert.deepEqual(jsonAt({ a: 1, b: 2 }, 'c'), { found: false, reason: 'the body has no field "c" (its fields: a, b)' }));
  it('an item past the end says how many there are', () => assert.deepEqual(jsonAt([1], '3'), { found: false, reason: 'the body has 1 items, so no item 3' }));
  it('a name inside a scalar says what is there', () => assert.deepEqual(jsonAt({ a: 5 }, 'a.b'), { found: false, reason: '"a" has no field "b" (it is 5)' }));
});
