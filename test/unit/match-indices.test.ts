/**
 * The runner answers cucumber-expressions' requests for match indices with
 * V8's own (runner/run/match-indices.ts) instead of the regexp-match-indices
 * polyfill. The answers must be the polyfill's, for every step of every
 * feature in this repository against every sentence of the vocabulary; and
 * the stand-in must be what cucumber-expressions really loads, so a cucumber
 * that stops using the polyfill is noticed here.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { glob } from 'glob';
import { compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { loadVocabulary } from '../../runner/run/index';
import { NATIVE_MATCH_INDICES, nativeExecWithIndices, polyfillPath } from '../../runner/run/match-indices';
import { parseGherkin } from '../../runner/run/gherkin';

const root = path.resolve(__dirname, '..', '..');

/** Every step text of every feature file here that parses (the fixtures of broken features do not). */
async function allStepTexts(): Promise<string[]> {
  const files = await glob(['features/**/*.feature', 'examples/**/*.feature', 'test/fixtures/**/*.feature'], { cwd: root, absolute: true });
  const texts = new Set<string>();
  for (const file of files) {
    try {
      const document = parseGherkin(readFileSync(file, 'utf8'));
      for (const pickle of compile(document, file, IdGenerator.incrementing())) for (const step of pickle.steps) texts.add(step.text);
    } catch {
      // a fixture that does not parse, on purpose
    }
  }
  return [...texts];
}

const shape = (m: RegExpExecArray | null) => (m === null ? null : { match: [...m], index: m.index, indices: m.indices?.map((pair) => (pair === undefined ? null : [...pair])), groups: m.indices?.groups === undefined ? null : { ...m.indices.groups } });

describe("V8's match indices in the polyfill's place", () => {
  let regexps: RegExp[];
  before(async () => {
    const support = (await loadVocabulary()) as unknown as { stepDefinitions: { expression: { regexp: RegExp } }[] };
    regexps = support.stepDefinitions.map((d) => d.expression.regexp);
  });

  it('is what cucumber-expressions loads, once the runner has loaded cucumber', () => {
    assert.equal(NATIVE_MATCH_INDICES, true, 'Node 20 has match indices, and the polyfill resolves');
    const polyfill = require.cache[polyfillPath()!];
    assert.equal(polyfill?.exports, nativeExecWithIndices);
    const treeRegexp = Object.values(require.cache).find((m) => m?.filename.endsWith(path.join('cucumber-expressions', 'dist', 'cjs', 'src', 'TreeRegexp.js')));
    assert.ok(treeRegexp, 'cucumber-expressions matches through TreeRegexp');
    assert.ok(treeRegexp.children.includes(polyfill!), 'TreeRegexp requires regexp-match-indices: when it stops, match-indices.ts can go');
  });

  it("answers as the polyfill does for every step of every feature against every sentence", async () => {
    const implementation = require(path.join(path.dirname(polyfillPath()!), 'implementation.js')) as (this: RegExp, text: string) => RegExpExecArray | null;
    const texts = await allStepTexts();
    assert.ok(texts.length > 150 && regexps.length > 60, `${texts.length} texts, ${regexps.length} sentences`);
    let matched = 0;
    for (const regexp of regexps) {
      for (const text of texts) {
        const native = nativeExecWithIndices(regexp, text);
        assert.deepEqual(shape(native), shape(implementation.call(regexp, text)), `${regexp} on ${JSON.stringify(text)}`);
        if (native !== null) matched++;
      }
    }
    assert.ok(matched > 150, `${matched} matches compared, not only misses`);
  });

  it('keeps lastIndex as exec does, for a global expression', () => {
    const global = /a(b)?/g;
    const reference = /a(b)?/dg;
    for (let i = 0; i < 4; i++) {
      assert.deepEqual(shape(nativeExecWithIndices(global, 'xab ab a')), shape(reference.exec('xab ab a')));
      assert.equal(global.lastIndex, reference.lastIndex);
    }
  });
});
