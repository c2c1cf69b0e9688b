/**
 * The staleness test of docs/COMPATIBILITY.md judges behaviour: a file that
 * records older versions of the same stacks is still the table, and a file
 * whose outcomes differ is not.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compatibilityOutcomes } from '../../scripts/matrix/compatibility';

const committed = readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'COMPATIBILITY.md'), 'utf8');

describe('docs/COMPATIBILITY.md is compared on outcomes', () => {
  it('reads the engines, a row per stack and engine, and the triage', () => {
    const outcomes = compatibilityOutcomes(committed);
    assert.deepEqual(outcomes.engines.slice(0, 1), ['Chromium']);
    assert.ok(outcomes.rows.length >= 14, `${outcomes.rows.length} rows`);
    assert.ok(outcomes.rows.every((row) => row.length === 6), 'every row keeps six columns once the versions are left out');
    assert.match(outcomes.triage, /^## Every failure, triaged/);
  });

  it('reads the document column apart, without the document\'s OpenAPI version', () => {
    const { documentRows } = compatibilityOutcomes(committed);
    assert.ok(documentRows.length >= 3, `${documentRows.length} document rows`);
    assert.ok(documentRows.every((row) => row.length === 6 && !row.some((cell) => /^OpenAPI \d/.test(cell))));
    const newer = committed.replace(/OpenAPI 3\.0\.2, written by FastAPI/, 'OpenAPI 3.1.0, written by FastAPI');
    assert.notEqual(newer, committed);
    assert.deepEqual(compatibilityOutcomes(newer), compatibilityOutcomes(committed));
  });

  const same: [string, (text: string) => string][] = [
    ['a newer browser', (t) => t.replace(/Chromium \d+(\.\d+)+/, 'Chromium 999.0.1.2').replace(/Firefox \d+(\.\d+)+esr/, 'Firefox 999.9.0esr')],
    ['a Debian point release of a stack', (t) => t.replace(/python3-flask 2\.2\.2-3/g, 'python3-flask 2.2.2-3+deb12u1').replace(/nginx 1\.22\.1-9\+deb12u\d+/g, 'nginx 1.22.1-9+deb12u99')],
  ];
  for (const [what, change] of same) {
    it(`${what} alone changes nothing`, () => {
      const newer = change(committed);
      assert.notEqual(newer, committed);
      assert.deepEqual(compatibilityOutcomes(newer), compatibilityOutcomes(committed));
    });
  }

  const different: [string, (text: string) => string][] = [
    ['a changed count', (t) => t.replace('| 62/62 | 3/4 |', '| 61/62 | 3/4 |')],
    ['a scenario that starts or stops failing', (t) => t.replace('| 3/4 | `cors-3` |', '| 3/4 | `cors-4` |')],
    ['a changed triage', (t) => t.replace('- **The fix:** allow-list two origins', '- **The fix:** allow-list three origins')],
    ['a lost engine', (t) => t.replace(/, Firefox \(Mozilla Firefox [^)]*\)/, '')],
    ['a stack that stops filtering the undeclared field', (t) => t.replace(/(\| FastAPI \+ CORSMiddleware \| as its docs say \| [^|]+ \| [^|]+ \| )yes/, '$1**no** (GET /inventory/)')],
    ['a new promise finding', (t) => t.replace(/(\| Fastify [^\n]*\| )nothing \|\n/, '$1`schema-mismatch` on GET /inventory/ |\n')],
  ];
  for (const [what, change] of different) {
    it(`${what} is a changed table`, () => {
      const changed = change(committed);
      assert.notEqual(changed, committed);
      assert.notDeepEqual(compatibilityOutcomes(changed), compatibilityOutcomes(committed));
    });
  }
});
