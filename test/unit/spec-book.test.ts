import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderSpecBook } from '../../runner/reports/spec-book';

const root = path.resolve(__dirname, '..', '..');

it('docs/SPEC.md is the features as they are now (run `npm run spec` after editing a feature)', () => {
  assert.equal(readFileSync(path.join(root, 'docs', 'SPEC.md'), 'utf8'), renderSpecBook(path.join(root, 'features')));
});

it('the spec book names every requirement with its id and level', () => {
  const book = renderSpecBook(path.join(root, 'features'));
  assert.match(book, /- \*\*cookies-8\*\* · MUST · Each cookie travels in its own Set-Cookie field, never folded into one/);
  assert.match(book, /- \*\*cors-3\*\* · SHOULD · /);
  assert.match(book, /When a client calls "GET \/two-cookies\/", then each cookie arrives in its own Set-Cookie field\./);
});
