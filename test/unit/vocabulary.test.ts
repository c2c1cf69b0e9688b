/**
 * The vocabulary is a public language: every sentence has a glossary entry
 * whose example reads as that sentence and no other, with parameters that
 * parse; docs/STEPS.md is generated from it; the parameter types refuse a
 * typo saying why; an ambiguous or undefined step is reported as such.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { loadVocabulary } from '../../runner/run/index';
import { readFeatures, scenariosOf } from '../../runner/run/gherkin';
import { checkFeatures, FeatureError } from '../../runner/run/feature-check';
import { EXAMPLE_FEATURE, renderGlossaryMarkdown, SESSION_BACKGROUND } from '../../runner/reports/glossary';
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { nearestSentences } from '../../runner/run/suggest';
import { allParameterDocs, allSentences } from '../../steps/vocabulary';
import { parseCookieFlag, parseEndpoint, parseJsonValue, parsePattern, parseScriptOrigin, parseStatus } from '../../steps/support/parameter-parsers';

const root = path.resolve(__dirname, '..', '..');

interface Definition {
  readonly pattern: string | RegExp;
  readonly expression: { match(text: string): readonly { getValue(thisObject: unknown): unknown }[] | null };
}

describe('the vocabulary', () => {
  let definitions: readonly Definition[];
  before(async () => {
    const support = await loadVocabulary();
    definitions = (support as unknown as { stepDefinitions: Definition[] }).stepDefinitions;
  });

  it('documents every step definition, and only those', () => {
    assert.deepEqual(definitions.map((d) => String(d.pattern)).sort(), allSentences().map((s) => s.pattern).sort());
  });

  it('gives every sentence an example that reads as that sentence alone, with parameters that parse', () => {
    const wrong: string[] = [];
    for (const sentence of allSentences()) {
      const text = sentence.example.replace(/^(Given|When|Then) /, '');
      const matching = definitions.filter((d) => d.expression.match(text) !== null);
      if (matching.length !== 1 || String(matching[0].pattern) !== sentence.pattern) {
        wrong.push(`${sentence.example}: reads as ${matching.map((d) => String(d.pattern)).join(' | ') || 'nothing'}`);
        continue;
      }
      try {
        for (const argument of matching[0].expression.match(text) ?? []) argument.getValue(null);
        if (sentence.docString !== undefined) sentence.checkDocString?.(sentence.docString);
        if (sentence.dataTable !== undefined) sentence.checkDataTable?.(sentence.dataTable);
      } catch (error) {
        wrong.push(`${sentence.example}: ${(error as Error).message}`);
      }
      if (sentence.example.split(' ')[0] !== sentence.keyword) wrong.push(`${sentence.example}: starts with another keyword than ${sentence.keyword}`);
      if (sentence.pattern.endsWith(':') !== (sentence.docString !== undefined || sentence.dataTable !== undefined)) wrong.push(`${sentence.pattern}: a sentence ending with a colon, and only such a sentence, takes a doc string or a data table`);
      if (sentence.docString !== undefined && sentence.dataTable !== undefined) wrong.push(`${sentence.pattern}: a sentence takes a doc string or a data table, not both`);
    }
    assert.deepEqual(wrong, []);
  });

  it('keeps every sentence the contract\'s features use, word for word (docs/SPEC.md is checked byte for byte elsewhere)', () => {
    const steps = readFeatures(path.join(root, 'features')).flatMap(({ feature }) => scenariosOf(feature).flatMap((s) => s.steps.map((step) => step.text)));
    assert.ok(steps.length >= 138, `${steps.length} steps`);
    const undefinedSteps = steps.filter((step) => definitions.filter((d) => d.expression.match(step) !== null).length !== 1);
    assert.deepEqual(undefinedSteps, []);
  });

  it("the glossary's example feature reads as the vocabulary, step by step", () => {
    const parser = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher());
    const steps = scenariosOf(parser.parse(EXAMPLE_FEATURE).feature!).flatMap((s) => s.steps.map((step) => step.text));
    assert.equal(steps.length, 4);
    assert.deepEqual(steps.filter((step) => definitions.filter((d) => d.expression.match(step) !== null).length !== 1), []);
  });

  it("the glossary's session example reads as the vocabulary, step by step", () => {
    const parser = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher());
    const feature = parser.parse(`Feature: f\n${SESSION_BACKGROUND.replace(/^/gm, '  ')}\n`).feature!;
    const steps = feature.children.flatMap((child) => (child.background ?? child.scenario)?.steps ?? []).map((step) => step.text);
    assert.equal(steps.length, 6);
    assert.deepEqual(steps.filter((step) => definitions.filter((d) => d.expression.match(step) !== null).length !== 1), []);
  });

  it('docs/STEPS.md is the glossary as the step definitions give it now (run `npm run steps` after changing a sentence)', () => {
    assert.equal(readFileSync(path.join(root, 'docs', 'STEPS.md'), 'utf8'), renderGlossaryMarkdown(allSentences(), allParameterDocs()));
  });

  it('documents every parameter type a sentence uses', () => {
    const documented = new Set(allParameterDocs().map((p) => p.name));
    const used = new Set(allSentences().flatMap((s) => [...s.pattern.matchAll(/\{(\w+)\}/g)].map((m) => m[1])));
    assert.deepEqual([...used].filter((name) => !documented.has(name)), []);
  });
});

describe('parameter types parse strictly and say why they refuse', () => {
  const refuses = (parse: () => unknown, message: string) => assert.throws(parse, (error: Error) => error.message === message);

  it('an endpoint keeps its query string', () => assert.deepEqual(parseEndpoint('GET /api/items?page=1&per_page=2'), { method: 'GET', path: '/api/items?page=1&per_page=2' }));
  it('a lowercase method is a typo with a suggestion', () => refuses(() => parseEndpoint('get /x'), '"get /x": methods are case-sensitive (RFC 9110 §9.1); did you mean "GET /x"?'));
  it('an unknown method is named', () => refuses(() => parseEndpoint('FETCH /x'), '"FETCH /x": FETCH is not a method the suite sends (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS)'));
  it('a path starts with a slash', () => refuses(() => parseEndpoint('GET api/items'), '"GET api/items": the path must start with "/", such as "GET /api/items"'));
  it('a fragment is never sent', () => refuses(() => parseEndpoint('GET /x#top'), '"GET /x#top": a fragment (#…) is never sent to the server; leave it out'));
  it('a call needs a method and a path', () => refuses(() => parseEndpoint('/api/items'), '"/api/items" is not a call: write the method and the path, such as "GET /api/items?page=1"'));

  it('statuses take RFC 9110 reason phrases', () => {
    assert.equal(parseStatus('204', 'No Content'), 204);
    assert.equal(parseStatus('429', 'Too Many Requests'), 429);
    refuses(() => parseStatus('413', 'Payload Too Large'), '"413 Payload Too Large": RFC 9110 calls 413 "Content Too Large"');
    refuses(() => parseStatus('299', 'Fine'), '"299 Fine": 299 is not a status RFC 9110 defines');
  });

  it('origins are serialized origins', () => {
    assert.deepEqual(parseScriptOrigin('"https://shop.example"'), { literal: 'https://shop.example' });
    assert.equal(parseScriptOrigin('the allowed origin'), 'allowed');
    assert.deepEqual(parseScriptOrigin('an opaque origin'), { literal: 'null' });
    refuses(() => parseScriptOrigin('"https://shop.example/"'), '"https://shop.example/" is not a serialized origin (scheme://host[:port], no path or trailing slash); did you mean "https://shop.example"?');
    refuses(() => parseScriptOrigin('"file:///tmp"'), '"file:///tmp" is not an origin: only http(s) URLs have a serialized origin, such as https://shop.example');
  });

  it('cookie attributes: names in any case, SameSite values checked', () => {
    assert.deepEqual(parseCookieFlag('httponly'), { attribute: 'HttpOnly', present: true });
    assert.deepEqual(parseCookieFlag('not Secure'), { attribute: 'Secure', present: false });
    assert.deepEqual(parseCookieFlag('SameSite=lax'), { attribute: 'SameSite', value: 'Lax' });
    refuses(() => parseCookieFlag('SameSite=Loose'), '"SameSite=Loose": SameSite is Strict, Lax or None (RFC 6265bis §5.6.7), such as SameSite=Lax');
    refuses(() => parseCookieFlag('Secured'), '"Secured" is not a cookie attribute this sentence checks: write Secure, HttpOnly, Partitioned, SameSite=Strict, SameSite=Lax or SameSite=None, or "not Secure", "not HttpOnly"');
  });

  it('patterns are regular expressions', () => {
    assert.ok(parsePattern('^\\d+$', '').test('42'));
    refuses(() => parsePattern('(', ''), '/(/ is not a regular expression: /(/: Unterminated group');
  });

  it('JSON values', () => {
    assert.equal(parseJsonValue('62.0'), 62);
    assert.equal(parseJsonValue('"a \\"b\\""'), 'a "b"');
  });
});

describe('undefined and ambiguous steps', () => {
  it('suggests the sentence a typo came from first', () => {
    assert.equal(nearestSentences('Then the respnse sets the cookie "session"', allSentences())[0]?.pattern, 'the response sets the cookie {string}');
    assert.equal(nearestSentences('When a scrip on "https://a.example" calls "GET /"', allSentences())[0]?.pattern, 'a script on {scriptOrigin} calls {endpoint}');
    assert.deepEqual(nearestSentences('Then the moon is made of cheese', allSentences()), []);
  });

  it('an ambiguous step names every sentence it reads as', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rc-ambiguous-'));
    const file = path.join(dir, 'ambiguous.feature');
    writeFileSync(file, 'Feature: f\n  @MUST @id:a-1\n  Scenario: s\n    Then the total is 5\n');
    const sameText = { match: (text: string) => (text === 'the total is 5' ? [] : null) };
    const support = { stepDefinitions: [{ pattern: 'the total is {int}', expression: sameText }, { pattern: 'the total is {string}', expression: sameText }] } as unknown as ISupportCodeLibrary;
    assert.throws(
      () => checkFeatures([{ file, shown: 'ambiguous.feature', own: true, from: 'ambiguous.feature' }], support),
      (error: Error) =>
        error instanceof FeatureError &&
        error.message === 'a problem in the features, so nothing was run:\nambiguous.feature:4: ambiguous step: it reads as 2 sentences\n    Then the total is 5\n    the total is {int}\n    the total is {string}',
    );
  });
});
