/**
 * "Then the body is the text:" (steps/support/text-match.ts): exact, but for
 * one trailing newline on either side, and a failure points at the first
 * difference.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { textMismatch } from '../../steps/support/text-match';

describe('textMismatch: whether a body is the text a feature wrote', () => {
  const cases: [string, string, string, string | null][] = [
    ['the same text matches', 'OK', 'OK', null],
    ["a body ending with a newline matches the doc string, whose last line has none (Starlette's preflight answers OK)", 'OK\n', 'OK', null],
    ['a body ending with CRLF matches too', 'OK\r\n', 'OK', null],
    ['the trailing newline is ignored on the expected side as well', 'OK', 'OK\n', null],
    ['two trailing newlines are not one', 'OK\n\n', 'OK', 'the body has 1 more line(s) than the text, from line 2: ""'],
    ['an XML document matches line for line', '<?xml version="1.0"?>\n<shampoo>\n  <Header>Apply shampoo here.</Header>\n</shampoo>\n', '<?xml version="1.0"?>\n<shampoo>\n  <Header>Apply shampoo here.</Header>\n</shampoo>', null],
    ['indentation counts', '<a>\n <b/>\n</a>', '<a>\n  <b/>\n</a>', 'the body differs from the text at line 2, column 2: expected "  <b/>", got " <b/>"'],
    ['the same JSON with other spacing is another text', '{"a":1}', '{"a": 1}', 'the body differs from the text at line 1, column 6: expected "{\\"a\\": 1}", got "{\\"a\\":1}"'],
    ['a shorter body says which line is missing', 'a\nb', 'a\nb\nc', 'the body differs from the text at line 3: expected "c", got no such line'],
    ['an empty body is not the text', '', 'OK', 'the body differs from the text at line 1, column 1: expected "OK", got ""'],
    ['a carriage return inside a line is shown', 'a\r\nb', 'a\nb', 'the body differs from the text at line 1, column 2: expected "a", got "a\\r"'],
  ];
  for (const [name, body, expected, why] of cases) it(name, () => assert.equal(textMismatch(body, expected), why));
});
