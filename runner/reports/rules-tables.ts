/**
 * The catalogue's tables for the docs (docs/audit.md), rendered from
 * rules/catalogue.ts: a table per scope, each rule's id, level, what
 * breaking it looks like and the source it cites. `npm run rules` writes
 * them between the page's markers; a test holds the page to them.
 */
import { RULES, rulesIn, type Scope } from '../../rules/catalogue';

/** The marker pair around a scope's table: `<!-- rules:promise -->` … `<!-- /rules -->`. */
export const RULES_MARKER = /<!-- rules:([a-z,]+) -->\n[\s\S]*?<!-- \/rules -->/g;

/** The table of the rules in these scopes, in the catalogue's order. */
export function rulesTable(scopes: readonly Scope[]): string {
  const rows = scopes.flatMap((scope) => rulesIn(scope)).map((id) => {
    const rule = RULES[id];
    return `| \`${id}\` | ${rule.level} | ${rule.meaning} | [${rule.source.name}](${rule.source.url}) |`;
  });
  return ['| id | level | what it means | source |', '|---|---|---|---|', ...rows].join('\n');
}

/** The page with every marked table rendered anew. */
export function withRulesTables(page: string): string {
  return page.replace(RULES_MARKER, (_, scopes: string) => `<!-- rules:${scopes} -->\n${rulesTable(scopes.split(',') as Scope[])}\n<!-- /rules -->`);
}
