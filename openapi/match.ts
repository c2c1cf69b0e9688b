/**
 * Which of a document's operations a concrete request was an instance of:
 * the audit's --route (runner/audit/plan.ts) and the sentences about a
 * response (steps/support/document.ts) ask the same question, answered here
 * once. A path template matches a path segment by segment, each {name}
 * standing for one segment (or part of one: "{id}.json"); a segment matches
 * as sent or percent-decoded; and among the templates that match, a literal
 * segment beats a templated one at the first segment where they differ
 * (OpenAPI 3.1 §4.8.8.2, Path Templating Matching): "/api/items/featured"
 * before "/api/items/{item_id}".
 */
import type { Operation } from './operations';

/** A path template's segments, each a pattern and how literal it is: 2 literal, 1 part literal ("{id}.json"), 0 a variable alone. */
function compiled(template: string): { readonly patterns: RegExp[]; readonly literalness: number[] } {
  const segments = template.split('/').slice(1);
  return {
    patterns: segments.map((segment) => new RegExp(`^${segment.split(/\{[^{}]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`)),
    literalness: segments.map((segment) => (!segment.includes('{') ? 2 : /^\{[^{}]*\}$/.test(segment) ? 0 : 1)),
  };
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The path a request names, without its query (or fragment): "/" for none. */
export function pathOnly(requestPath: string): string {
  return requestPath.split(/[?#]/)[0] || '/';
}

/** How literal the template is, segment by segment, when it matches the path (no query); undefined when it does not. */
function templateMatches(template: string, path: string): readonly number[] | undefined {
  const segments = path.split('/').slice(1);
  const { patterns, literalness } = compiled(template);
  if (patterns.length !== segments.length) return undefined;
  return patterns.every((pattern, i) => pattern.test(segments[i]) || pattern.test(decoded(segments[i]))) ? literalness : undefined;
}

/** The more literal first: at the first segment where they differ, a literal one beats a templated one. */
function moreLiteral(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) if (a[i] !== b[i]) return b[i] - a[i];
  return 0;
}

/**
 * The operations' path templates that match the request's path (its query
 * left out), whatever their method: the most literal first, templates as
 * literal as each other in the document's order.
 */
export function matchingTemplates(operations: readonly Operation[], requestPath: string): string[] {
  const path = pathOnly(requestPath);
  return [...new Set(operations.map((o) => o.path))]
    .map((template) => ({ template, literalness: templateMatches(template, path) }))
    .filter((t): t is { template: string; literalness: readonly number[] } => t.literalness !== undefined)
    .sort((a, b) => moreLiteral(a.literalness, b.literalness))
    .map((t) => t.template);
}

/**
 * The operation the request calls: the request's method (case aside) on the
 * most literal template that matches its path and declares that method;
 * undefined when none does.
 */
export function operationFor(operations: readonly Operation[], method: string, requestPath: string): Operation | undefined {
  const wanted = method.toUpperCase();
  for (const template of matchingTemplates(operations, requestPath)) {
    const operation = operations.find((o) => o.path === template && o.method === wanted);
    if (operation !== undefined) return operation;
  }
  return undefined;
}
