/**
 * The operations a resolved document declares, each with everything the
 * audit checks an answer against: its parameters, its responses by status,
 * their media types and declared headers, and the JSON pointer of each, the
 * evidence a finding cites (https://spec.openapis.org/oas/v3.1.0#operation-object).
 *
 * Pointers are paths through the resolved document: where a response or a
 * schema was a `$ref`, its pointer names the place as reached from the
 * operation ("#/paths/~1api~1items/get/responses/200/content/application~1json"),
 * which is how a reader walks from the operation to it.
 */
import { mediaTypeEssence } from '../http/media-type';
import { isObject, type ResolvedDocument, type Schema } from './document';
import { pointerOf } from './pointer';

/** OpenAPI 3's operation keys of a Path Item Object, in the order a report lists them. */
const METHODS = ['get', 'head', 'options', 'post', 'put', 'patch', 'delete', 'trace'];

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface Parameter {
  readonly name: string;
  readonly in: ParameterLocation;
  /** Path parameters are always required (OpenAPI 3 §4.8.12.1). */
  readonly required: boolean;
  /** The parameter's schema, or its one media type's schema when it uses `content`. */
  readonly schema: Schema | undefined;
  /** `style`, defaulted by location: form for query and cookie, simple for path and header. */
  readonly style: string;
  /** `explode`, defaulted by style: true for form, false for every other. */
  readonly explode: boolean;
  /** The parameter's `example`; undefined when it has none. */
  readonly example: unknown;
  /** The values of its `examples` (Example Objects with a `value`), in the document's order. */
  readonly examples: readonly unknown[];
  readonly pointer: string;
}

export interface MediaTypeObject {
  readonly mediaType: string;
  readonly schema: Schema | undefined;
  readonly example: unknown;
  readonly examples: readonly unknown[];
  readonly pointer: string;
}

export interface DeclaredHeader {
  readonly name: string;
  readonly required: boolean;
  readonly schema: Schema | undefined;
  /** `explode` for the `simple` style, the only one headers have: "a=1,b=2" rather than "a,1,b,2" for an object. */
  readonly explode: boolean;
  readonly pointer: string;
}

export interface DeclaredResponse {
  /** The key as written: '200', '2XX' or 'default'. */
  readonly status: string;
  readonly description: string;
  /** Media type as written → what the document says of it. */
  readonly content: Readonly<Record<string, MediaTypeObject>>;
  /** Header name as written → the declared header. */
  readonly headers: Readonly<Record<string, DeclaredHeader>>;
  readonly pointer: string;
}

export interface RequestBody {
  readonly required: boolean;
  readonly content: Readonly<Record<string, MediaTypeObject>>;
  readonly pointer: string;
}

export interface Operation {
  /** Upper case, as sent: 'GET'. */
  readonly method: string;
  /** The path template as written: '/api/items/{item_id}'. */
  readonly path: string;
  readonly operationId: string | undefined;
  /** '#/paths/~1api~1items~1{item_id}/get' */
  readonly pointer: string;
  /** Path-level parameters first, in their order, each replaced in place by an operation-level one with the same name and location; then the operation's others. */
  readonly parameters: readonly Parameter[];
  readonly requestBody: RequestBody | undefined;
  /** Status key as written ('200', '2XX', 'default') → the declared response. */
  readonly responses: Readonly<Record<string, DeclaredResponse>>;
}

type Json = Readonly<Record<string, unknown>>;

function objectAt(value: unknown): Json {
  return isObject(value) ? value : {};
}

/** The values of a map of Example Objects; one with only an `externalValue` is left out (the suite fetches nothing). */
function exampleValues(examples: unknown): unknown[] {
  return Object.values(objectAt(examples)).filter((e) => isObject(e) && 'value' in e).map((e) => (e as Json).value);
}

function contentOf(value: unknown, at: readonly string[]): Record<string, MediaTypeObject> {
  const content: Record<string, MediaTypeObject> = {};
  for (const [mediaType, raw] of Object.entries(objectAt(value))) {
    const media = objectAt(raw);
    content[mediaType] = { mediaType, schema: media.schema as Schema | undefined, example: media.example, examples: exampleValues(media.examples), pointer: pointerOf([...at, mediaType]) };
  }
  return content;
}

function parameterOf(raw: unknown, at: readonly (string | number)[]): Parameter | undefined {
  const p = objectAt(raw);
  if (typeof p.name !== 'string' || !['path', 'query', 'header', 'cookie'].includes(p.in as string)) return undefined;
  const location = p.in as ParameterLocation;
  const media = Object.values(contentOf(p.content, [])).at(0);
  const style = typeof p.style === 'string' ? p.style : location === 'query' || location === 'cookie' ? 'form' : 'simple';
  return {
    name: p.name,
    in: location,
    required: location === 'path' || p.required === true,
    schema: (p.schema as Schema | undefined) ?? media?.schema,
    style,
    explode: typeof p.explode === 'boolean' ? p.explode : style === 'form',
    example: p.example ?? media?.example,
    examples: [...exampleValues(p.examples), ...(media?.examples ?? [])],
    pointer: pointerOf(at),
  };
}

function parametersOf(pathItem: Json, operation: Json, path: string, method: string): Parameter[] {
  const merged: Parameter[] = [];
  const lists: [unknown, (string | number)[]][] = [
    [pathItem.parameters, ['paths', path, 'parameters']],
    [operation.parameters, ['paths', path, method, 'parameters']],
  ];
  for (const [list, at] of lists) {
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      const parameter = parameterOf(raw, [...at, i]);
      if (parameter === undefined) return;
      const same = merged.findIndex((q) => q.name === parameter.name && q.in === parameter.in);
      if (same === -1) merged.push(parameter);
      else merged[same] = parameter; // the operation's own wins (OpenAPI 3 §4.8.10.1 "parameters")
    });
  }
  return merged;
}

function headersOf(value: unknown, at: readonly string[]): Record<string, DeclaredHeader> {
  const headers: Record<string, DeclaredHeader> = {};
  for (const [name, raw] of Object.entries(objectAt(value))) {
    // "If a response header is defined with the name "Content-Type", it SHALL be ignored." (OpenAPI 3 §4.8.17.1)
    if (name.toLowerCase() === 'content-type') continue;
    const h = objectAt(raw);
    const schema = (h.schema as Schema | undefined) ?? Object.values(contentOf(h.content, [])).at(0)?.schema;
    headers[name] = { name, required: h.required === true, schema, explode: h.explode === true, pointer: pointerOf([...at, name]) };
  }
  return headers;
}

function responsesOf(value: unknown, at: readonly string[]): Record<string, DeclaredResponse> {
  const responses: Record<string, DeclaredResponse> = {};
  for (const [status, raw] of Object.entries(objectAt(value))) {
    if (status.startsWith('x-')) continue; // a specification extension, not a status
    const r = objectAt(raw);
    const here = [...at, status];
    responses[status] = {
      status,
      description: typeof r.description === 'string' ? r.description : '',
      content: contentOf(r.content, [...here, 'content']),
      headers: headersOf(r.headers, [...here, 'headers']),
      pointer: pointerOf(here),
    };
  }
  return responses;
}

/** Every operation of the document, path by path in the document's order, methods in METHODS' order. */
export function operationsOf(doc: ResolvedDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, rawItem] of Object.entries(objectAt(doc.root.paths))) {
    if (!path.startsWith('/')) continue; // a specification extension ("x-…"), not a path
    const pathItem = objectAt(rawItem);
    for (const method of METHODS) {
      if (!isObject(pathItem[method])) continue;
      const operation = pathItem[method] as Json;
      const body = isObject(operation.requestBody) ? operation.requestBody : undefined;
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: typeof operation.operationId === 'string' ? operation.operationId : undefined,
        pointer: pointerOf(['paths', path, method]),
        parameters: parametersOf(pathItem, operation, path, method),
        requestBody: body === undefined ? undefined : { required: body.required === true, content: contentOf(body.content, ['paths', path, method, 'requestBody', 'content']), pointer: pointerOf(['paths', path, method, 'requestBody']) },
        responses: responsesOf(operation.responses, ['paths', path, method, 'responses']),
      });
    }
  }
  return operations;
}

/**
 * The methods the audit calls on its own: GET and HEAD, safe by RFC 9110
 * §9.2.1. OPTIONS and TRACE are safe too, but the audit sends its own
 * preflights (OPTIONS), and TRACE echoes the request and is mostly disabled.
 */
export function isSafe(method: string): boolean {
  const upper = method.toUpperCase();
  return upper === 'GET' || upper === 'HEAD';
}

/**
 * The response the document declares for a status: the exact code, then its
 * range ('2XX', written in either case), then 'default' (OpenAPI 3
 * §4.8.16.1: "a more specific code takes precedence"); undefined when none.
 */
export function responseFor(operation: Operation, status: number): DeclaredResponse | undefined {
  const exact = operation.responses[String(status)];
  if (exact !== undefined) return exact;
  const range = Object.values(operation.responses).find((r) => r.status.toUpperCase() === `${String(status).charAt(0)}XX`);
  return range ?? operation.responses.default;
}

/**
 * The media type a response declares for a Content-Type, by essence
 * (parameters and case aside): the exact type, then "type/*", then "*\/*"
 * (OpenAPI 3 §4.8.14: "the most specific key is applicable"); undefined when none.
 */
export function contentFor(response: DeclaredResponse, contentType: string | null): MediaTypeObject | undefined {
  const essence = mediaTypeEssence(contentType);
  if (essence === null) return undefined;
  const declared = Object.values(response.content);
  const byKey = (key: string): MediaTypeObject | undefined => declared.find((m) => mediaTypeEssence(m.mediaType) === key || m.mediaType.trim().toLowerCase() === key);
  return byKey(essence) ?? byKey(`${essence.split('/')[0]}/*`) ?? byKey('*/*');
}
