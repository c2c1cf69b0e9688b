/**
 * The catalogue (rules/catalogue.ts) is the one place a rule lives: each has
 * a level, a scope, a title that starts with its level, what breaking it
 * looks like and a source with its address; the docs' tables are rendered
 * from it; every surface that lists rules takes them from it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RULES, RULE_IDS, rulesIn, type Scope } from '../../rules/catalogue';
import { withRulesTables } from '../../runner/reports/rules-tables';

const root = path.resolve(__dirname, '..', '..');

describe('the catalogue of rules', () => {
  it('has 26 rules, each id once, in five scopes', () => {
    assert.equal(RULE_IDS.length, 26);
    assert.equal(new Set(RULE_IDS).size, RULE_IDS.length);
    const scopes: Scope[] = ['api', 'route', 'preflight', 'cookie', 'promise'];
    assert.deepEqual(scopes.map((scope) => rulesIn(scope).length), [2, 8, 4, 5, 7]);
  });
  for (const id of RULE_IDS) {
    it(`${id}: a title that starts with its level, a meaning, and a source with its address`, () => {
      const rule = RULES[id];
      assert.ok(rule.title.startsWith(`${rule.level} `), rule.title);
      assert.ok(rule.meaning.length > 20);
      assert.match(rule.source.url, /^https:\/\/[^\s#]+#[\w.-]+$/);
      assert.match(rule.source.name, /^(Fetch|RFC 6265bis|OpenAPI 3\.1) /);
    });
  }
  it('docs/audit.md has the catalogue\'s tables as the catalogue gives them now (run `npm run tables` after changing a rule)', () => {
    const page = readFileSync(path.join(root, 'docs', 'audit.md'), 'utf8');
    assert.equal(page, withRulesTables(page));
    for (const id of RULE_IDS) assert.ok(page.includes(`| \`${id}\` | ${RULES[id].level} |`), id);
  });
});
