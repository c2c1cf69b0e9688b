/**
 * The Fetch model against web-platform-tests' own cases (test/wpt/cases.ts):
 * one test per WPT test, named after its file and its name. The model must
 * send what the test asserts a browser sends (a preflight or none, its
 * Access-Control-Request-Headers, Accept: *\/*, which the resource checks)
 * and let the script see what the test asserts: refused, or the status and
 * the headers it reads. Where the browsers and the standard part, the ledger
 * (test/wpt/expectation.json) says which way the model goes, and the model
 * must go that way. test/harness/fetch-model-wpt-browsers.test.ts runs the
 * same cases in Chromium and Firefox.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { caseName, describeObserved, differencesFromWpt, modelObserves, printable } from '../wpt/case';
import { WPT_CASES } from '../wpt/cases';
import { LEDGER } from '../wpt/ledger';

for (const file of [...new Set(WPT_CASES.map((c) => c.file))]) {
  describe(file, () => {
    for (const c of WPT_CASES.filter((w) => w.file === file)) {
      const entry = LEDGER.get(caseName(c));
      if (entry === undefined) {
        it(printable(c.test), () => assert.deepEqual(differencesFromWpt(c, modelObserves(c)), []));
      } else {
        it(`${printable(c.test)} (the ledger: the model follows ${entry.follows})`, () => assert.equal(describeObserved(modelObserves(c)), entry.model));
      }
    }
  });
}

describe('the cases', () => {
  it('have unique names, so a ledger entry or a report line names exactly one', () => {
    const names = WPT_CASES.map(caseName);
    assert.deepEqual(names.filter((name, at) => names.indexOf(name) !== at), []);
  });
});

describe('the ledger of where the browsers and the standard part (test/wpt/expectation.json)', () => {
  const names = new Set(WPT_CASES.map(caseName));
  for (const entry of LEDGER.values()) {
    it(`${printable(entry.case)}: names a case, says why, and the model follows the browsers where they agree`, () => {
      assert.ok(names.has(entry.case), 'no such case in test/wpt/cases.ts');
      for (const field of ['wpt', 'standard', 'chromium', 'firefox', 'model', 'follows', 'reason'] as const) assert.ok(entry[field].length > 0, `${field} is empty`);
      if (entry.chromium === entry.firefox) assert.equal(entry.model, entry.chromium, 'Chromium and Firefox agree: the model must give their answer');
    });
  }
  it('has no entry the model would not need: each records a difference', () => {
    for (const entry of LEDGER.values()) {
      const c = WPT_CASES.find((w) => caseName(w) === entry.case);
      const model = c && describeObserved(modelObserves(c));
      const differs = c !== undefined && (differencesFromWpt(c, modelObserves(c)).length > 0 || entry.chromium !== model || entry.firefox !== model);
      assert.ok(differs, `${entry.case}: the model, WPT, Chromium and Firefox all agree; the entry can go`);
    }
  });
});
