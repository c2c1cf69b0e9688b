/**
 * The catalogue's tables for the docs (docs/audit.md), rendered from
 * rules/catalogue.ts: a table per scope, each rule's id, level, what
 * breaking it looks like and the source it cites. `npm run tables` writes
 * them between the page's markers; a test holds the page to them.
 */
import { RULES, rulesIn, type Scope } from '../../rules/catalogue';
import { withGenerated } from './generated';

/** The guide that holds the rules' tables. */
export const RULES_GUIDE = 'docs/audit.md';

/** Where a table of these scopes begins (`<!-- rules:promise -->`), and where every such table ends. */
const BEGIN = /<!-- rules:([a-z,]+) -->/g;
const END = '<!-- /rules -->';

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
  return [...page.matchAll(BEGIN)].reduce((made, [begin, scopes]) => withGenerated(made, begin, END, `${rulesTable(scopes.split(',') as Scope[])}\n`, RULES_GUIDE), page);
}
