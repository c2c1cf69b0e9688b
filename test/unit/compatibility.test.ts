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

  it('a newer browser alone changes nothing', () => {
    const newer = committed.replace(/Chromium \d+(\.\d+)+/, 'Chromium 999.0.1.2').replace(/Firefox \d+(\.\d+)+esr/, 'Firefox 999.9.0esr');
    assert.notEqual(newer, committed);
    assert.deepEqual(compatibilityOutcomes(newer), compatibilityOutcomes(committed));
  });

  it('a Debian point release of a stack alone changes nothing', () => {
    const newer = committed.replace(/python3-flask 2\.2\.2-3/g, 'python3-flask 2.2.2-3+deb12u1').replace(/nginx 1\.22\.1-9\+deb12u\d+/g, 'nginx 1.22.1-9+deb12u99');
    assert.notEqual(newer, committed);
    assert.deepEqual(compatibilityOutcomes(newer), compatibilityOutcomes(committed));
  });

  it('a changed count is a changed table', () => {
    const changed = committed.replace('| 62/62 | 3/4 |', '| 61/62 | 3/4 |');
    assert.notEqual(changed, committed);
    assert.notDeepEqual(compatibilityOutcomes(changed), compatibilityOutcomes(committed));
  });

  it('a scenario that starts or stops failing is a changed table', () => {
    const changed = committed.replace('| 3/4 | `cors-3` |', '| 3/4 | `cors-4` |');
    assert.notEqual(changed, committed);
    assert.notDeepEqual(compatibilityOutcomes(changed), compatibilityOutcomes(committed));
  });

  it('a changed triage is a changed table', () => {
    const changed = committed.replace('- **The fix:** allow-list two origins', '- **The fix:** allow-list three origins');
    assert.notEqual(changed, committed);
    assert.notDeepEqual(compatibilityOutcomes(changed), compatibilityOutcomes(committed));
  });

  it('a lost engine is a changed table', () => {
    const changed = committed.replace(/, Firefox \(Mozilla Firefox [^)]*\)/, '');
    assert.notEqual(changed, committed);
    assert.notDeepEqual(compatibilityOutcomes(changed), compatibilityOutcomes(committed));
  });
});
