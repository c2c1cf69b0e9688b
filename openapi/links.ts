/**
 * The document's `links` (OpenAPI 3 §4.8.20, Link Object): a response of
 * one operation says which values of its answer (or of its request) another
 * operation's parameters take, by runtime expressions (§4.8.20.4):
 * `$response.body#/id`, `$request.path.id`, `$response.header.Location`, or
 * a constant. Read here from the document; evaluated on an answer the audit
 * received (runner/audit/values.ts), never on a guess.
 * https://spec.openapis.org/oas/v3.1.0#link-object
 */
import { isObject, type ResolvedDocument } from './document';
import type { Operation, ParameterLocation } from './operations';
import { pointerOf } from './pointer';

export interface Link {
  /** The link's name in the response's `links` map. */
  readonly name: string;
  /** The response's status key as written ('200', '2XX', 'default'): the link holds for answers with that status. */
  readonly status: string;
  /** The operation whose parameters it fills (by `operationId`, or a local `operationRef`). */
  readonly target: Operation;
  /** Parameter name (optionally qualified, "path.id") → a runtime expression or a constant. */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly pointer: string;
}

/** What a runtime expression is evaluated on: the request as sent and the answer as received. */
export interface LinkContext {
  readonly url: string;
  readonly method: string;
  /** The request's path and query values by parameter name (the values the audit chose). */
  readonly request: { readonly path: Readonly<Record<string, unknown>>; readonly query: Readonly<Record<string, unknown>>; readonly headers: readonly (readonly [string, string])[] };
  readonly response: { readonly status: number; readonly headers: readonly (readonly [string, string])[]; readonly body: unknown };
}

/** The operation a link names: `operationId`, or `operationRef` as a local pointer ("#/paths/~1users~1{id}/get"); an external one is not followed. */
function targetOf(link: Readonly<Record<string, unknown>>, operations: readonly Operation[]): Operation | undefined {
  if (typeof link.operationId === 'string') return operations.find((o) => o.operationId === link.operationId);
  if (typeof link.operationRef === 'string') return operations.find((o) => o.pointer === link.operationRef);
  return undefined;
}

/** Every link of the document, by the operation whose responses declare it. A link naming no operation of the document is left out. */
export function linksOf(document: ResolvedDocument, operations: readonly Operation[]): Map<Operation, Link[]> {
  const links = new Map<Operation, Link[]>();
  const paths = isObject(document.root.paths) ? document.root.paths : {};
  for (const operation of operations) {
    const item = paths[operation.path];
    const raw = isObject(item) ? item[operation.method.toLowerCase()] : undefined;
    const responses = isObject(raw) && isObject(raw.responses) ? raw.responses : {};
    for (const [status, response] of Object.entries(responses)) {
      if (!isObject(response) || !isObject(response.links)) continue;
      for (const [name, link] of Object.entries(response.links)) {
        if (!isObject(link) || !isObject(link.parameters)) continue;
        const target = targetOf(link, operations);
        if (target === undefined) continue;
        const found = { name, status, target, parameters: link.parameters, pointer: pointerOf(['paths', operation.path, operation.method.toLowerCase(), 'responses', status, 'links', name]) };
        links.set(operation, [...(links.get(operation) ?? []), found]);
      }
    }
  }
  return links;
}

/** Whether the link's status key covers an answer's status: the same code, its class ("2XX"), or "default" when no other key does. */
export function linkHolds(link: Link, status: number, declared: readonly string[]): boolean {
  if (link.status === String(status)) return true;
  if (/^[1-5]XX$/i.test(link.status)) return link.status[0] === String(status)[0] && !declared.includes(String(status));
  return link.status === 'default' && !declared.includes(String(status)) && !declared.some((k) => /^[1-5]XX$/i.test(k) && k[0] === String(status)[0]);
}

/** RFC 6901: the value `pointer` ("/articles/0/slug", "" for the whole) names in `value`; undefined when it names nothing. */
export function valueAtPointer(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  if (!pointer.startsWith('/')) return undefined;
  let here = value;
  for (const raw of pointer.slice(1).split('/')) {
    const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(here) && /^(0|[1-9]\d*)$/.test(token)) here = here[Number(token)];
    else if (isObject(here) && Object.prototype.hasOwnProperty.call(here, token)) here = here[token];
    else return undefined;
  }
  return here;
}

const headerValue = (headers: readonly (readonly [string, string])[], name: string): string | undefined => headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];

/**
 * A runtime expression's value (§4.8.20.4's ABNF: `$url`, `$method`,
 * `$statusCode`, `$request.` / `$response.` followed by `header.NAME`,
 * `query.NAME`, `path.NAME` or `body#/pointer`); undefined when it names
 * nothing in this exchange. A value that is not an expression is a constant
 * and is itself. An expression embedded in a string ("{$request.path.id}") is not evaluated.
 */
export function evaluate(expression: unknown, context: LinkContext): unknown {
  if (typeof expression !== 'string' || !expression.startsWith('$')) return expression;
  if (expression === '$url') return context.url;
  if (expression === '$method') return context.method;
  if (expression === '$statusCode') return context.response.status;
  const match = /^\$(request|response)\.(header\.|query\.|path\.|body)(.*)$/s.exec(expression);
  if (match === null) return undefined;
  const [, side, source, rest] = match;
  if (source === 'body') {
    if (side === 'request' || (rest !== '' && !rest.startsWith('#'))) return undefined; // the audit's own request bodies are not links' business
    return valueAtPointer(context.response.body, rest.slice(1));
  }
  if (source === 'header.') return headerValue(side === 'request' ? context.request.headers : context.response.headers, rest);
  if (side === 'response') return undefined; // a response has no path or query
  const values = source === 'path.' ? context.request.path : context.request.query;
  return Object.prototype.hasOwnProperty.call(values, rest) ? values[rest] : undefined;
}

/** A link's parameter key, "id" or "path.id", as the parameter it names: its name, and its location when qualified. */
export function linkParameter(key: string): { readonly name: string; readonly in?: ParameterLocation } {
  const match = /^(path|query|header|cookie)\.(.+)$/.exec(key);
  return match === null ? { name: key } : { name: match[2], in: match[1] as ParameterLocation };
}
