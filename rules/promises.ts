/**
 * What the API's OpenAPI document promises of an answer, judged once for
 * the sentences and the audit alike (after schemathesis's checks: one
 * function per promise, each failure typed). The document layer (openapi/)
 * reads the promises; this compares them with what arrived.
 *
 * The questions the two surfaces once answered apart, decided here from
 * RFC 9110 and OpenAPI 3.0/3.1:
 * - An answer has no body to judge when RFC 9110 §6.4.1 says it has none:
 *   to HEAD, and with a 1xx, 204 or 304 status. Its media type and body
 *   are not judged, whatever headers it carries.
 * - A response declared without `content` promises no body (OpenAPI's own
 *   example of a Response Object without content is "a response with no
 *   return value"): a body that arrives anyway is `content-type-mismatch`.
 * - A response declared with content promises a payload of a declared
 *   media type: an answer without a Content-Type, empty or not, is
 *   `content-type-mismatch`; one served as JSON that is not JSON (an empty
 *   one included) cannot fit its schema, `schema-mismatch`.
 * - A declared header is mandatory only when declared `required: true`
 *   (the Header Object's `required` defaults to false): an optional one
 *   that is absent keeps the promise; a required one that is absent is
 *   `declared-header-missing`.
 * - A schema Ajv cannot compile (a valid document can hold one: a pattern
 *   no ECMA-262 engine reads, a Swagger 2 `type: file`) judges nothing: what
 *   it would have judged is left unchecked, and said so (`unchecked`), never
 *   a failure of the answer; everything else is judged.
 */
import { isCorsProtocolHeaderName, isForbiddenResponseHeaderName } from '../http/fetch-model';
import { getCombined, hasField, sameName, type HeaderList } from '../http/header-list';
import { isJsonMediaType, mediaTypeEssence } from '../http/media-type';
import { isObject, isSchemaObject, type OpenApiFamily } from '../openapi/document';
import { DocumentError } from '../openapi/errors';
import { headerValueMismatch } from '../openapi/headers';
import { contentFor, responseFor, type DeclaredHeader, type DeclaredResponse, type MediaTypeObject, type Operation } from '../openapi/operations';
import { validatorFor, type SchemaViolation } from '../openapi/schema';
import { undeclaredFields, type ComponentSchemas } from '../openapi/undeclared-fields';
import { failure, type Failure } from './failure';

/** The document's named schemas, for PromiseContext.schemas: here too, so that a caller that loads this module lazily has it. */
export { componentSchemasOf } from '../openapi/undeclared-fields';

/** An answer as it arrived, to the request's method. */
export interface Answer {
  readonly method: string;
  readonly status: number;
  readonly headers: HeaderList;
  readonly text: string;
}

/** What the promises are judged in: the operation the request was an instance of, and the document's schema semantics. */
export interface PromiseContext {
  readonly operation: Operation;
  readonly family: OpenApiFamily;
  /** The document's named schemas (openapi/undeclared-fields.ts componentSchemasOf), which a discriminator's mapping names; without them a discriminator picks nothing. */
  readonly schemas?: ComponentSchemas;
}

/** What a script on the origin gets of the answer: whether it is granted it, and the header names it can read. */
export interface Sight {
  readonly origin: string;
  readonly granted: boolean;
  readonly readable: readonly string[];
}

/** An answer with no body by the rules of HTTP (RFC 9110 §6.4.1): to HEAD, 1xx, 204 and 304. */
export function isBodyless(answer: Pick<Answer, 'method' | 'status'>): boolean {
  return answer.method.toUpperCase() === 'HEAD' || answer.status < 200 || answer.status === 204 || answer.status === 304;
}

export type StatusFailure = Failure<'undeclared-status', 'not-declared', { readonly status: number; readonly declared: readonly string[] }>;

/** The status is declared: exactly, by its range (2XX), or by `default` (OpenAPI 3 §4.8.16). */
export function undeclaredStatus(context: PromiseContext, answer: Pick<Answer, 'status'>): { readonly response: DeclaredResponse } | StatusFailure {
  const response = responseFor(context.operation, answer.status);
  if (response !== undefined) return { response };
  return failure('undeclared-status', 'not-declared', { status: answer.status, declared: Object.keys(context.operation.responses) }, { pointer: `${context.operation.pointer}/responses` });
}

export type MediaTypeFailure = Failure<
  'content-type-mismatch',
  /** A body where the document declares none; no Content-Type where it declares content; a media type it does not declare. */
  'body-not-declared' | 'no-content-type' | 'undeclared-media-type',
  {
    readonly status: number;
    /** The declared response's key: '200', '2XX' or 'default'. */
    readonly declaredFor: string;
    readonly declared: readonly string[];
    readonly contentType: string | null;
    readonly essence: string | null;
    readonly bytes: number;
  }
>;

/** The answer's media type against the response's content; the declared media type to read the body by, when it has one. */
export function contentTypeMismatch(response: DeclaredResponse, answer: Answer): { readonly media?: MediaTypeObject; readonly failure?: MediaTypeFailure } {
  const contentType = getCombined(answer.headers, 'Content-Type');
  const declared = Object.keys(response.content);
  const facts = { status: answer.status, declaredFor: response.status, declared, contentType, essence: mediaTypeEssence(contentType), bytes: Buffer.byteLength(answer.text) };
  if (declared.length === 0) {
    return answer.text === '' ? {} : { failure: failure('content-type-mismatch', 'body-not-declared', facts, { pointer: response.pointer }) };
  }
  const pointer = `${response.pointer}/content`;
  if (contentType === null) return { failure: failure('content-type-mismatch', 'no-content-type', facts, { pointer }) };
  const media = contentFor(response, contentType);
  if (media === undefined) return { failure: failure('content-type-mismatch', 'undeclared-media-type', facts, { pointer }) };
  return { media };
}

/** A field's kind and size, never its value: a field that leaked may be a password. */
export interface FieldKind {
  readonly type: 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean';
  /** An array's items, a string's characters. */
  readonly size?: number;
}

export interface UndeclaredFieldFact {
  /** Where in the body: "/0/owner/password". */
  readonly pointer: string;
  /** The same with every array index as "*": "/*\/owner/password", one field however many items have it. */
  readonly general: string;
  readonly kind: FieldKind;
}

export type FieldFailure = Failure<'undeclared-field', 'undeclared', { readonly fields: readonly UndeclaredFieldFact[]; readonly schemaTitle?: string }>;

export type SchemaFailure =
  | Failure<'schema-mismatch', 'not-json', { readonly mediaType: string; readonly error: string; readonly text: string }>
  | Failure<'schema-mismatch', 'violations', { readonly violations: readonly SchemaViolation[] }>;

function kindOf(value: unknown): FieldKind {
  if (value === null) return { type: 'null' };
  if (Array.isArray(value)) return { type: 'array', size: value.length };
  if (typeof value === 'object') return { type: 'object' };
  if (typeof value === 'string') return { type: 'string', size: value.length };
  return { type: typeof value === 'number' ? 'number' : 'boolean' };
}

function fieldAt(body: unknown, pointer: string): UndeclaredFieldFact {
  let here = body;
  const general: string[] = [];
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(here)) {
      general.push('*');
      here = here[Number(token)];
    } else {
      general.push(raw);
      here = isObject(here) ? here[token] : undefined;
    }
  }
  return { pointer, general: `/${general.join('/')}`, kind: kindOf(here) };
}

/** The body as JSON when its media type is JSON (`undefined` otherwise), or why it does not parse. */
export function parseJsonBody(headers: HeaderList, text: string): { readonly value: unknown } | { readonly error: string } | undefined {
  if (!isJsonMediaType(mediaTypeEssence(getCombined(headers, 'Content-Type')))) return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * A schema of the document that Ajv cannot compile, and what was therefore
 * left unchecked: a fact about the document, for a note, never a finding.
 */
export interface UncheckedSchema {
  /** The schema's JSON pointer in the document: "#/paths/~1items/get/responses/200/content/application~1json/schema". */
  readonly pointer: string;
  /** Ajv's message: 'pattern "^[a-" is invalid: …'. */
  readonly problem: string;
  /** What was not checked against it: the answer's body, or one declared header. */
  readonly unchecked: 'body' | 'header';
  /** The header, for 'header'. */
  readonly header?: string;
}

export interface BodyJudgement {
  readonly failures: readonly (SchemaFailure | FieldFailure)[];
  /** Instance pointers of nulls in optional fields the document does not mark nullable: a flaw of the document (FastAPI before 0.100), not of the answer. */
  readonly optionalNulls: readonly string[];
  /** The body's schema, when Ajv cannot compile it: the body is left unchecked (its fields too). */
  readonly unchecked?: UncheckedSchema;
}

/**
 * A JSON body against its media type's schema: it is JSON, it fits the
 * schema (a null in an optional field the schema does not make nullable
 * aside), and it has no field the schema does not declare, at any depth
 * (openapi/undeclared-fields.ts). An extra field under
 * `additionalProperties: false` is reported once, as undeclared.
 */
export function judgeBody(context: PromiseContext, media: MediaTypeObject, answer: Answer): BodyJudgement {
  const none: BodyJudgement = { failures: [], optionalNulls: [] };
  if (media.schema === undefined) return none;
  const parsed = parseJsonBody(answer.headers, answer.text);
  if (parsed === undefined) return none;
  const schemaPointer = `${media.pointer}/schema`;
  if ('error' in parsed) return { failures: [failure('schema-mismatch', 'not-json', { mediaType: media.mediaType, error: parsed.error, text: answer.text }, { pointer: schemaPointer })], optionalNulls: [] };
  const problem = validatorFor(context.family).unusable(media.schema);
  if (problem !== undefined) return { failures: [], optionalNulls: [], unchecked: { pointer: schemaPointer, problem, unchecked: 'body' } };
  let all: readonly SchemaViolation[];
  let undeclared: readonly string[];
  try {
    all = validatorFor(context.family).violations(parsed.value, media.schema, schemaPointer);
    undeclared = undeclaredFields(parsed.value, media.schema, context.family, context.schemas);
  } catch (error) {
    // A pattern that backtracks exponentially on this body's value (openapi/pattern.ts): the body is left unchecked, with why.
    if (error instanceof DocumentError && error.code === 'unusable-schema') return { failures: [], optionalNulls: [], unchecked: { pointer: error.pointer ?? schemaPointer, problem: error.problem, unchecked: 'body' } };
    throw error;
  }
  const violations = all.filter((v) => !v.optionalNull && !(v.keyword === 'additionalProperties' && undeclared.includes(v.pointer)));
  const failures: (SchemaFailure | FieldFailure)[] = [];
  if (undeclared.length > 0) {
    const title = isSchemaObject(media.schema) && typeof media.schema.title === 'string' ? media.schema.title : undefined;
    failures.push(failure('undeclared-field', 'undeclared', { fields: undeclared.map((p) => fieldAt(parsed.value, p)), ...(title === undefined ? {} : { schemaTitle: title }) }, { pointer: schemaPointer }));
  }
  if (violations.length > 0) failures.push(failure('schema-mismatch', 'violations', { violations }, { pointer: violations[0].schemaPointer }));
  return { failures, optionalNulls: all.filter((v) => v.optionalNull).map((v) => v.pointer) };
}

export type HeaderFailure =
  | Failure<'declared-header-missing', 'required-missing', { readonly header: string; readonly declaredFor: string; readonly status: number }>
  | Failure<'declared-header-mismatch', 'value-mismatch', { readonly header: string; readonly value: string; readonly why: string; readonly declaredFor: string }>;

/**
 * Each required declared header is there, and each declared header that is
 * there fits its schema (read by the `simple` style). A header whose schema
 * cannot be used, because Ajv cannot compile it or a pattern could not decide
 * on the value in time (openapi/pattern.ts), is left unchecked, with why.
 */
export function declaredHeaders(context: PromiseContext, response: DeclaredResponse, answer: Pick<Answer, 'status' | 'headers'>): { failures: HeaderFailure[]; unchecked: UncheckedSchema[] } {
  const failures: HeaderFailure[] = [];
  const unchecked: UncheckedSchema[] = [];
  for (const header of Object.values(response.headers)) {
    const value = getCombined(answer.headers, header.name);
    if (value === null) {
      if (header.required) failures.push(failure('declared-header-missing', 'required-missing', { header: header.name, declaredFor: response.status, status: answer.status }, { pointer: header.pointer, headers: [header.name] }));
      continue;
    }
    const leftUnchecked = (problem: string) => unchecked.push({ pointer: `${header.pointer}/schema`, problem, unchecked: 'header', header: header.name });
    const problem = header.schema === undefined ? undefined : validatorFor(context.family).unusable(header.schema);
    if (problem !== undefined) {
      leftUnchecked(problem);
      continue;
    }
    let why: string | null;
    try {
      why = headerValueMismatch(value, header.schema, { explode: header.explode, family: context.family });
    } catch (error) {
      if (!(error instanceof DocumentError && error.code === 'unusable-schema')) throw error;
      leftUnchecked(error.problem);
      continue;
    }
    if (why !== null) failures.push(failure('declared-header-mismatch', 'value-mismatch', { header: header.name, value, why, declaredFor: response.status }, { pointer: `${header.pointer}/schema`, headers: [header.name] }));
  }
  return { failures, unchecked };
}

/**
 * The declared headers that arrived and are meant for the script: those whose
 * visibility matters. Set-Cookie and the other forbidden names are left out
 * (no script may read them), and so are the CORS protocol's own headers
 * (Access-Control-*), which the browser reads and acts on: a document that
 * declares Access-Control-Allow-Origin describes CORS, not a value for the
 * frontend.
 */
export function declaredHeadersSent(response: DeclaredResponse, headers: HeaderList): DeclaredHeader[] {
  return Object.values(response.headers).filter((h) => !isForbiddenResponseHeaderName(h.name) && !isCorsProtocolHeaderName(h.name) && hasField(headers, h.name));
}

export type HiddenFailure = Failure<'declared-header-hidden', 'not-exposed', { readonly header: string; readonly value: string; readonly origin: string; readonly declaredFor: string }>;

/**
 * Every header the document declares for the status that arrived is one a
 * script on the origin can read: CORS-safelisted or exposed (Fetch §3.2.3),
 * judged by what the script holds. Not judged when the script is refused
 * the whole response (that is its own rule), nor for Set-Cookie, which no
 * script may ever read.
 */
export function declaredHeaderHidden(response: DeclaredResponse, answer: Pick<Answer, 'headers'>, sight: Sight): HiddenFailure[] {
  if (!sight.granted) return [];
  return declaredHeadersSent(response, answer.headers)
    .filter((header) => !sight.readable.some((name) => sameName(name, header.name)))
    .map((header) => failure('declared-header-hidden', 'not-exposed', { header: header.name, value: getCombined(answer.headers, header.name) ?? '', origin: sight.origin, declaredFor: response.status }, { pointer: header.pointer, headers: [header.name] }));
}

export type PromiseFailure = StatusFailure | MediaTypeFailure | HiddenFailure | HeaderFailure | FieldFailure | SchemaFailure;

export interface PromiseJudgement {
  /** Every promise broken, in this order: the status, the media type, the headers' visibility, the headers, the body's fields, its schema. */
  readonly failures: readonly PromiseFailure[];
  /** The response the document declares for the answer's status, when it declares one. */
  readonly declared?: DeclaredResponse;
  readonly optionalNulls: readonly string[];
  /** The schemas Ajv could not compile, and what each left unchecked; absent when there are none. */
  readonly unchecked?: readonly UncheckedSchema[];
}

/**
 * Every promise of the operation, judged on one answer. An undeclared
 * status is judged alone: nothing else is declared to compare with. With
 * `sight`, what a script on the origin gets, the declared headers'
 * visibility too.
 */
export function judgePromises(context: PromiseContext, answer: Answer, sight?: Sight): PromiseJudgement {
  const status = undeclaredStatus(context, answer);
  if (!('response' in status)) return { failures: [status], optionalNulls: [] };
  const declared = status.response;
  const failures: PromiseFailure[] = [];
  let body: BodyJudgement = { failures: [], optionalNulls: [] };
  if (!isBodyless(answer)) {
    const mediaType = contentTypeMismatch(declared, answer);
    if (mediaType.failure !== undefined) failures.push(mediaType.failure);
    if (mediaType.media !== undefined) body = judgeBody(context, mediaType.media, answer);
  }
  if (sight !== undefined) failures.push(...declaredHeaderHidden(declared, answer, sight));
  const headers = declaredHeaders(context, declared, answer);
  failures.push(...headers.failures, ...body.failures);
  const unchecked = [...headers.unchecked, ...(body.unchecked === undefined ? [] : [body.unchecked])];
  return { failures, declared, optionalNulls: body.optionalNulls, ...(unchecked.length === 0 ? {} : { unchecked }) };
}

/** "GET /api/items/{item_id}": the operation as the document writes it. */
export function operationLabel(operation: Pick<Operation, 'method' | 'path'>): string {
  return `${operation.method} ${operation.path}`;
}
