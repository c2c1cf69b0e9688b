/**
 * The concrete path an operation is called on: its template with each path
 * parameter filled in and its required query parameters added, each value
 * taken from what the user or the document gives, never guessed. Serialized
 * by OpenAPI 3's `style` rules (§4.8.12.4) and percent-encoded as RFC 6570's
 * simple expansion does: everything but RFC 3986's unreserved characters.
 */
import { isSchemaObject, type Schema, type SchemaObject } from './document';
import type { Operation, Parameter } from './operations';

/** Where a value came from, in the order they are tried. */
export type ValueSource = '--param' | 'example' | 'examples' | 'schema example' | 'schema examples' | 'default' | 'const' | 'enum' | 'link' | 'answer';

export interface ChosenValue {
  readonly name: string;
  readonly value: unknown;
  readonly from: ValueSource;
  /** For a link or an answer, which one, in words: 'link "GetArticle" from GET /api/articles', 'answer of GET /api/articles at /articles/0/slug'. */
  readonly detail?: string;
}

/** Values the API itself gave (the document's links, the answers already received), asked after the user's and the document's own. */
export type FoundValue = (parameter: Parameter) => ChosenValue | undefined;

export type RequestPath =
  | { readonly ok: true; readonly path: string; readonly values: readonly ChosenValue[] }
  | { readonly ok: false; readonly missing: readonly string[]; readonly flag: string };

/** The schema and the members of its allOf, anyOf and oneOf: FastAPI wraps an enum as `allOf: [{$ref}]` (0.92) or `anyOf: [{$ref}, {type: 'null'}]` (≥ 0.100). */
function schemaAndMembers(schema: Schema | undefined): SchemaObject[] {
  if (!isSchemaObject(schema)) return [];
  const members = [schema.allOf, schema.anyOf, schema.oneOf].flatMap((list) => (Array.isArray(list) ? list : []));
  return [schema, ...members.filter(isSchemaObject)];
}

/**
 * A parameter's value, first found wins: the user's --param (they said so),
 * the parameter's `example`, its first `examples`, then its schema's
 * `example`, first `examples`, `default`, `const` and first non-null `enum`
 * value; then what the API gave (`found`: a link's value, an answer's).
 * A path parameter never takes an empty value from the document.
 * Undefined when none is given: the caller asks for it.
 */
export function parameterValue(parameter: Parameter, given: Readonly<Record<string, string>>, found?: FoundValue): ChosenValue | undefined {
  const name = parameter.name;
  if (Object.prototype.hasOwnProperty.call(given, name)) return { name, value: given[name], from: '--param' };
  // A path parameter is never empty: "" (or null) makes an empty segment, /versions//export, which names another route (stoplight.io's versionId defaults to "").
  const usable = (value: unknown) => value !== undefined && !(parameter.in === 'path' && (value === '' || value === null));
  if (usable(parameter.example)) return { name, value: parameter.example, from: 'example' };
  const example = parameter.examples.find(usable);
  if (example !== undefined) return { name, value: example, from: 'examples' };
  const schemas = schemaAndMembers(parameter.schema);
  const pick: [ValueSource, (s: SchemaObject) => unknown][] = [
    ['schema example', (s) => s.example],
    ['schema examples', (s) => (Array.isArray(s.examples) ? s.examples.find(usable) : undefined)],
    ['default', (s) => s.default],
    ['const', (s) => s.const],
    ['enum', (s) => (Array.isArray(s.enum) ? s.enum.find((v) => v !== null && usable(v)) : undefined)],
  ];
  for (const [from, read] of pick) {
    for (const schema of schemas) {
      const value = read(schema);
      if (usable(value)) return { name, value, from };
    }
  }
  return found?.(parameter);
}

/** RFC 3986 §2.3's unreserved characters stay; everything else is percent-encoded (encodeURIComponent leaves !'()* too). */
export function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function scalar(value: unknown): string {
  return percentEncode(value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/** An object's pairs, or an array's items, each encoded; undefined for a primitive. */
function parts(value: unknown): { items?: string[]; pairs?: [string, string][] } {
  if (Array.isArray(value)) return { items: value.map(scalar) };
  if (value !== null && typeof value === 'object') return { pairs: Object.entries(value).map(([k, v]) => [percentEncode(k), scalar(v)]) };
  return {};
}

/** A path parameter's value by its style: simple ("5", "3,4,5"), label (".5") or matrix (";id=5"). */
function pathValue(parameter: Parameter, value: unknown): string {
  const { items, pairs } = parts(value);
  const name = percentEncode(parameter.name);
  const explode = parameter.explode;
  const list = (sep: string, explodedPair: string, pairSep = sep): string =>
    items !== undefined ? items.join(sep) : pairs !== undefined ? pairs.map(([k, v]) => (explode ? `${k}${explodedPair}${v}` : `${k}${pairSep}${v}`)).join(sep) : scalar(value);
  if (parameter.style === 'label') return `.${list(explode ? '.' : ',', '=', ',')}`;
  if (parameter.style === 'matrix') {
    if (explode && items !== undefined) return items.map((v) => `;${name}=${v}`).join('');
    if (explode && pairs !== undefined) return pairs.map(([k, v]) => `;${k}=${v}`).join('');
    return `;${name}=${list(',', '=')}`;
  }
  return list(',', '=');
}

/** A query parameter's pairs by its style: form ("id=3&id=4" exploded, "id=3,4" not), spaceDelimited, pipeDelimited, deepObject. */
function queryPairs(parameter: Parameter, value: unknown): string[] {
  const { items, pairs } = parts(value);
  const name = percentEncode(parameter.name);
  if (items !== undefined) {
    if (parameter.style === 'form' && parameter.explode) return items.map((v) => `${name}=${v}`);
    const sep = parameter.style === 'spaceDelimited' ? '%20' : parameter.style === 'pipeDelimited' ? '%7C' : ',';
    return [`${name}=${items.join(sep)}`];
  }
  if (pairs !== undefined) {
    if (parameter.style === 'deepObject') return pairs.map(([k, v]) => `${name}%5B${k}%5D=${v}`);
    if (parameter.explode) return pairs.map(([k, v]) => `${k}=${v}`);
    return [`${name}=${pairs.map(([k, v]) => `${k},${v}`).join(',')}`];
  }
  return [`${name}=${scalar(value)}`];
}

/**
 * The path and query to call `operation` on, from the --param values given
 * and the document's own: every path parameter, every required query
 * parameter, and any optional query parameter given by --param (headers and
 * cookies are not part of the path); `found` gives what the API itself
 * returned, after the document's own. When a value is lacking, the names
 * lacking it, and the flag that supplies them.
 */
export function requestPath(operation: Operation, given: Readonly<Record<string, string>>, found?: FoundValue): RequestPath {
  const missing: string[] = [];
  const values: ChosenValue[] = [];
  const byName = new Map(operation.parameters.filter((p) => p.in === 'path').map((p) => [p.name, p]));
  const path = operation.path.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    // A template variable the document does not declare still needs a value: from --param, or asked for.
    const parameter: Parameter = byName.get(name) ?? { name, in: 'path', required: true, schema: undefined, style: 'simple', explode: false, example: undefined, examples: [], pointer: operation.pointer };
    const chosen = parameterValue(parameter, given, found);
    if (chosen === undefined) {
      if (!missing.includes(name)) missing.push(name);
      return `{${name}}`;
    }
    values.push(chosen);
    return pathValue(parameter, chosen.value);
  });
  const query: string[] = [];
  for (const parameter of operation.parameters.filter((p) => p.in === 'query')) {
    const asked = parameter.required || Object.prototype.hasOwnProperty.call(given, parameter.name);
    if (!asked) continue;
    const chosen = parameterValue(parameter, given, found);
    if (chosen === undefined) {
      missing.push(parameter.name);
      continue;
    }
    values.push(chosen);
    query.push(...queryPairs(parameter, chosen.value));
  }
  if (missing.length > 0) return { ok: false, missing, flag: missing.map((name) => `--param ${name}=VALUE`).join(' ') };
  return { ok: true, path: query.length === 0 ? path : `${path}?${query.join('&')}`, values };
}
