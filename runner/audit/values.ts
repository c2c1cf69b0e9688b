/**
 * Values from the API itself: what the answers the audit already received
 * supply to the operations still lacking a value, never a guess.
 *
 * After the user's --param and the document's own examples
 * (openapi/request-path.ts), a parameter takes, in order:
 *  1. the document's `links` (openapi/links.ts) on an answer received: the
 *     link's runtime expression evaluated on that exchange;
 *  2. the answers received (only safe ones, unless --unsafe sent others):
 *     - a field of the parameter's own name at any depth of an answer
 *       (`articles[].author.username` for `{username}`, `articles[].slug`
 *       for `{slug}`); names compare without case, `_` or `-`
 *       (`item_id`, `itemId`, `item-id` are one name);
 *     - for a parameter named `{thing}_id` / `{thing}Id`, an `id` field
 *       whose nearest named holder is `thing` or `things`
 *       (`{"things": [{"id": 3}]}`, `{"thing": {"id": 3}}`), or an `id` of
 *       an item of an answer from the collection `/things` (`[{"id": 3}]`,
 *       `{"data": [{"id": 3}]}`).
 *     The nearest, most specific answer wins: a field of the same name over
 *     an `id`; then the answer from the operation whose path shares the
 *     longest literal prefix with the parameter's (the list `/api/articles`
 *     for `/api/articles/{slug}`); then the shallowest field; then the first
 *     received. A value must be a string or a number, and fit the parameter's
 *     schema.
 * Only small values are kept (a few per name, for the names the document's
 * parameters need), never bodies: a 5,000-operation audit stays small.
 */
import { isObject, type OpenApiFamily, type ResolvedDocument } from '../../openapi/document';
import { evaluate, linkHolds, linkParameter, linksOf, type Link } from '../../openapi/links';
import type { Operation, Parameter } from '../../openapi/operations';
import type { ChosenValue } from '../../openapi/request-path';
import { validatorFor } from '../../openapi/schema';
import { instancePointerOf } from '../../openapi/pointer';
import type { Exchange } from '../../http/client';
import { AuditError } from './errors';
import { paramScope } from '../configuration/values';

/** How many values are kept per name from one operation's answers, and from all; how deep and how wide an answer is walked. */
const PER_OPERATION = 8;
const PER_NAME = 256;
const MAX_DEPTH = 8;
const ITEMS_PER_ARRAY = 16;

/** `item_id`, `itemId`, `Item-ID` → "itemid": one name, however it is cased or joined. */
export function sameName(name: string): string {
  return name.toLowerCase().replace(/[_\-\s.]/g, '');
}

/** Whether `word` names the thing `stem` (normalised): "article" or "articles", "category" or "categories", "box" or "boxes". */
function namesThing(word: string, stem: string): boolean {
  const w = sameName(word);
  return w === stem || w === `${stem}s` || w === `${stem}es` || (stem.endsWith('y') && w === `${stem.slice(0, -1)}ies`);
}

/** The thing a parameter names by its id: "article_id" → "article"; undefined for "id" itself or a name not ending in id. */
function thingOf(name: string): string | undefined {
  const n = sameName(name);
  return n.length > 2 && n.endsWith('id') ? n.slice(0, -2) : undefined;
}

/** Whether two words name the same thing, either one plural: "databases" and "database", "entry" and "entries". */
function sameThing(a: string, b: string): boolean {
  return namesThing(a, sameName(b)) || namesThing(b, sameName(a));
}

/**
 * For a parameter named plain `id`, which answers may give it a value: the
 * path's literal segment before `{id}` names the thing ("/v1/databases/{id}":
 * a database), so only an id held under that name (a list's "databases", or
 * the top of the answer of an operation listing /databases), or an answer
 * from the same resource's own paths. Without it, any id of any list fits
 * (notion's /v1/databases/{id} was given a comment's id). Undefined for any
 * other parameter, or a path with no segment before the template.
 */
function plainIdFilter(operation: Pick<Operation, 'path'>, parameter: Parameter): ((f: Found) => boolean) | undefined {
  if (sameName(parameter.name) !== 'id') return undefined;
  const segments = operation.path.split('?')[0].split('/').filter((s) => s !== '');
  const at = segments.findIndex((s) => s === `{${parameter.name}}`);
  const thing = at > 0 && !segments[at - 1].includes('{') ? segments[at - 1] : undefined;
  if (thing === undefined) return undefined;
  return (f) =>
    (f.holder !== undefined && sameThing(f.holder, thing)) ||
    (f.depth <= 1 && f.collection !== undefined && sameThing(f.collection, thing)) ||
    sharedSegments(f.operation, operation.path) >= at;
}

/** The path's literal segments, up to its first template: "/api/articles/{slug}/comments" → ["api", "articles"]. */
function literalPrefix(path: string): string[] {
  const segments = path.split('?')[0].split('/').filter((s) => s !== '');
  const end = segments.findIndex((s) => s.includes('{'));
  return end === -1 ? segments : segments.slice(0, end);
}

/** How many leading segments two templates share, templates compared as written. */
function sharedSegments(a: string, b: string): number {
  const x = a.split('/').filter((s) => s !== '');
  const y = b.split('/').filter((s) => s !== '');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n += 1;
  return n;
}

/** One value found in an answer. */
interface Found {
  readonly value: string | number;
  /** The field's name as written. */
  readonly key: string;
  /** The instance pointer in the answer: "/articles/0/slug". */
  readonly pointer: string;
  /** The nearest named holder of the field ("articles" for /articles/0/id), undefined at the answer's top. */
  readonly holder: string | undefined;
  /** How many named holders are above it. */
  readonly depth: number;
  /** The answer's operation (its template) and the request, for the report. */
  readonly operation: string;
  readonly request: string;
  /** The last literal segment of the answer's path: the collection it lists. */
  readonly collection: string | undefined;
  readonly order: number;
}

/** A link's value for one operation's parameter. */
interface Linked {
  readonly value: unknown;
  readonly detail: string;
}

/** The request and answer the audit harvests from. */
export interface Answered {
  readonly method: string;
  /** The path as sent, with its query. */
  readonly path: string;
  readonly operation?: Operation;
  /** The values the request was built with (for `$request.path.id` in a link). */
  readonly values: readonly ChosenValue[];
}

export class Harvest {
  private readonly byName = new Map<string, Found[]>();
  private readonly linked = new Map<Operation, Map<string, Linked>>();
  private readonly links: Map<Operation, Link[]>;
  private readonly wanted: Set<string>;
  private order = 0;

  /** `operations`: the document's; only the names their path and query parameters need are kept. */
  constructor(private readonly document: ResolvedDocument, operations: readonly Operation[]) {
    this.links = linksOf(document, operations);
    this.wanted = new Set(['id']);
    for (const operation of operations) {
      for (const p of operation.parameters) if (p.in === 'path' || p.in === 'query') this.wanted.add(sameName(p.name));
      for (const match of operation.path.matchAll(/\{([^{}]+)\}/g)) this.wanted.add(sameName(match[1]));
    }
  }

  /** Every value the API returned for a field of this name (any case, `_` or `-`), in the order received: for "an id the list did not return". */
  harvested(name: string): readonly (string | number)[] {
    return [...new Set((this.byName.get(sameName(name)) ?? []).map((f) => f.value))];
  }

  /** Keeps what an answer supplies: its links' values, and the fields the document's parameters need. Only a 2xx answer supplies values. */
  add(call: Answered, answer: Pick<Exchange, 'status' | 'headers' | 'text'>, url: string): void {
    if (answer.status < 200 || answer.status > 299) return;
    const body = parsed(answer);
    const label = `${call.method} ${call.path}`;
    if (call.operation !== undefined) this.follow(call, answer, body, url);
    if (body === undefined) return;
    const operation = call.operation?.path ?? call.path.split('?')[0];
    const collection = literalPrefix(operation).at(-1);
    const walk = (value: unknown, tokens: (string | number)[], holder: string | undefined, depth: number): void => {
      if (tokens.length > MAX_DEPTH) return;
      if (Array.isArray(value)) {
        value.slice(0, ITEMS_PER_ARRAY).forEach((item, i) => walk(item, [...tokens, i], holder, depth));
        return;
      }
      if (!isObject(value)) return;
      for (const [key, field] of Object.entries(value)) {
        const name = sameName(key);
        if ((typeof field === 'string' && field !== '') || (typeof field === 'number' && Number.isFinite(field))) {
          if (!this.wanted.has(name)) continue;
          const kept = this.byName.get(name) ?? [];
          // A few per operation, so the first lists' ids leave room for the next ones'.
          const fromHere = kept.filter((f) => f.operation === operation);
          if (kept.length >= PER_NAME || fromHere.length >= PER_OPERATION || fromHere.some((f) => f.value === field && f.holder === holder)) continue;
          kept.push({ value: field, key, pointer: instancePointerOf([...tokens, key]), holder, depth, operation, request: label, collection, order: this.order++ });
          this.byName.set(name, kept);
        } else walk(field, [...tokens, key], key, depth + 1);
      }
    };
    walk(body, [], undefined, 0);
  }

  /** The document's links on this answer, evaluated now (the body is not kept). */
  private follow(call: Answered, answer: Pick<Exchange, 'status' | 'headers' | 'text'>, body: unknown, url: string): void {
    const operation = call.operation!;
    const declared = Object.keys(operation.responses);
    const inPath = new Set(operation.parameters.filter((p) => p.in === 'path').map((p) => p.name));
    const path: Record<string, unknown> = {};
    const query: Record<string, unknown> = {};
    for (const chosen of call.values) (inPath.has(chosen.name) ? path : query)[chosen.name] = chosen.value;
    const context = { url, method: call.method, request: { path, query, headers: [] }, response: { status: answer.status, headers: answer.headers, body } };
    for (const link of this.links.get(operation) ?? []) {
      if (!linkHolds(link, answer.status, declared)) continue;
      for (const [key, expression] of Object.entries(link.parameters)) {
        const value = evaluate(expression, context);
        if (value === undefined) continue;
        const target = this.linked.get(link.target) ?? new Map<string, Linked>();
        const { name, in: where } = linkParameter(key);
        const id = `${where ?? ''}:${name}`;
        if (target.has(id)) continue; // the first answer's value stays
        target.set(id, { value, detail: `link "${link.name}" from ${operation.method} ${operation.path}${operation.operationId === undefined ? '' : ` (operationId ${operation.operationId})`}` });
        this.linked.set(link.target, target);
      }
    }
  }

  /** The value the API gave for `parameter` of `operation`: a link's first, then the nearest, most specific answer's; undefined when none fits. */
  valueFor(operation: Operation, parameter: Parameter): ChosenValue | undefined {
    const fits = (value: unknown) => this.fits(parameter, value);
    const links = this.linked.get(operation);
    const link = links?.get(`${parameter.in}:${parameter.name}`) ?? links?.get(`:${parameter.name}`);
    if (link !== undefined && fits(link.value)) return { name: parameter.name, value: link.value, from: 'link', detail: link.detail };
    const ofThing = plainIdFilter(operation, parameter);
    const exact = (this.byName.get(sameName(parameter.name)) ?? []).filter((f) => ofThing === undefined || ofThing(f));
    const thing = thingOf(parameter.name);
    const ids = thing === undefined ? [] : (this.byName.get('id') ?? []).filter((f) => (f.holder !== undefined && namesThing(f.holder, thing)) || (f.depth <= 1 && f.collection !== undefined && namesThing(f.collection, thing)));
    const rank = (f: Found, specific: number) => [specific, sharedSegments(f.operation, operation.path), -f.depth, -f.order];
    const ranked = [...exact.map((f) => [f, rank(f, 1)] as const), ...ids.map((f) => [f, rank(f, 0)] as const)].sort(([, a], [, b]) => {
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i] - a[i];
      return 0;
    });
    for (const [found] of ranked) {
      if (fits(found.value)) return { name: parameter.name, value: found.value, from: 'answer', detail: `answer of ${found.request} at ${found.pointer}` };
    }
    return undefined;
  }

  /** Whether a value fits the parameter's schema (fitsParameter). */
  fits(parameter: Parameter, value: unknown): boolean {
    return fitsParameter(this.document.family, parameter, value);
  }
}

/** Whether a value fits the parameter's schema: as it is, or as the same text (a path carries "5" for 5 alike). A schema that cannot be compiled does not refuse it. */
export function fitsParameter(family: OpenApiFamily, parameter: Parameter, value: unknown): boolean {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  if (parameter.schema === undefined) return true;
  try {
    const validator = validatorFor(family);
    if (validator.fits(value, parameter.schema)) return true;
    const other = typeof value === 'number' ? String(value) : /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
    return other !== undefined && validator.fits(other, parameter.schema);
  } catch {
    return true;
  }
}

/** The answer's body as JSON, when it says it is JSON (or looks like it); undefined otherwise. */
function parsed(answer: Pick<Exchange, 'headers' | 'text'>): unknown {
  const type = answer.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
  if (!/[/+]json\b/i.test(type) || answer.text === '') return undefined;
  try {
    return JSON.parse(answer.text);
  } catch {
    return undefined;
  }
}

/** The --param values for one operation: the global ones, then those scoped to it, which win. */
export function paramsFor(operation: Pick<Operation, 'method' | 'path'>, params: Readonly<Record<string, string>>): Record<string, string> {
  const global: Record<string, string> = {};
  const scoped: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const scope = paramScope(key);
    if (scope === undefined) global[key] = value;
    else if (scope.method === operation.method && scope.path === operation.path) scoped[scope.name] = value;
  }
  return { ...global, ...scoped };
}

/** Edit distance, for the nearest operation a misspelt scope meant. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** A scoped --param must name an operation of the document (its method and path template as written): else a usage error, naming the nearest one. */
export function checkParamScopes(params: Readonly<Record<string, string>>, operations: readonly Operation[]): void {
  for (const key of Object.keys(params)) {
    const scope = paramScope(key);
    if (scope === undefined || operations.some((o) => o.method === scope.method && o.path === scope.path)) continue;
    const wanted = `${scope.method} ${scope.path}`;
    const nearest = operations.map((o) => `${o.method} ${o.path}`).sort((a, b) => distance(wanted, a) - distance(wanted, b))[0];
    throw new AuditError(`--param "${key}=…": the document has no operation ${wanted}${nearest === undefined ? '' : `; the nearest is "${nearest}" (write --param "${nearest}:${scope.name}=VALUE")`}`);
  }
}
