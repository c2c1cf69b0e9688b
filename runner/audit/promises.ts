/**
 * What the document promised, against what arrived: one pure function per
 * finding id (as schemathesis's checks are one function per promise), each
 * finding naming the operation by its path template, the field or header
 * and what arrived, the document's JSON pointer as evidence, and what to
 * change — in FastAPI's terms when FastAPI wrote the document. The document
 * layer (openapi/) reads the promises; this only compares.
 */
import { getCombined, sameName, type HeaderList } from '../../http/header-list';
import { mediaTypeEssence } from '../../http/media-type';
import { statusWithReason } from '../../http/status';
import { isObject, isSchemaObject, type OpenApiFamily } from '../../openapi/document';
import type { DeclaredResponse, MediaTypeObject, Operation } from '../../openapi/operations';
import { declaredHeadersSent, judgeBody, judgeHeaders, judgeMediaType, judgeStatus, parseJsonBody } from '../../openapi/promises';
import type { SchemaViolation } from '../../openapi/schema';
import type { Framework } from './document';
import type { Finding, FindingLevel } from './findings';

/** Every promise the audit checks, with its level: ids never change, wording may. */
export const PROMISES = {
  'declared-header-hidden': 'MUST',
  /** MUST when the document declares the header `required: true`. */
  'declared-header-missing': 'SHOULD',
  'declared-header-mismatch': 'SHOULD',
  'undeclared-field': 'MUST',
  'schema-mismatch': 'MUST',
  'undeclared-status': 'SHOULD',
  'content-type-mismatch': 'SHOULD',
} as const satisfies Record<string, FindingLevel>;

export type PromiseId = keyof typeof PROMISES;

/** What a finding about a promise is judged in: the operation, the document's schema semantics and who wrote it. */
export interface PromiseContext {
  readonly operation: Operation;
  readonly family: OpenApiFamily;
  readonly framework: Framework;
}

/** The answer as it arrived. */
export interface Answer {
  readonly status: number;
  readonly headers: HeaderList;
  readonly text: string;
}

/** What a credentialed script on the origin gets: whether it is granted the response, and the header names it can read. */
export interface Sight {
  readonly origin: string;
  readonly granted: boolean;
  readonly readable: readonly string[];
}

const promise = (id: PromiseId, message: string, pointer: string, level: FindingLevel = PROMISES[id]): Finding => ({ id, level, message, pointer });

/** "GET /api/items/{item_id}": the operation as the document writes it. */
export function operationLabel(operation: Pick<Operation, 'method' | 'path'>): string {
  return `${operation.method} ${operation.path}`;
}

function quoted(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

/** The advice, in FastAPI's terms when FastAPI wrote the document. */
function fix(framework: Framework, fastapi: string, otherwise: string): string {
  return framework === 'FastAPI' ? fastapi : otherwise;
}

/**
 * `declared-header-hidden`: a header the document declares for this status
 * arrives, but a script on the origin cannot read it: it is neither
 * CORS-safelisted nor exposed (Fetch §3.2.3), judged by the Fetch model's
 * view. Not raised when the script is refused the whole response (that is
 * its own finding), nor for Set-Cookie, which no script may ever read.
 */
export function declaredHeaderHidden(context: PromiseContext, declared: DeclaredResponse | undefined, answer: Answer, sight: Sight): Finding[] {
  if (declared === undefined || !sight.granted) return [];
  const out: Finding[] = [];
  for (const header of declaredHeadersSent(declared, answer.headers)) {
    if (sight.readable.some((name) => sameName(name, header.name))) continue;
    const value = getCombined(answer.headers, header.name) ?? '';
    out.push(
      promise(
        'declared-header-hidden',
        `${operationLabel(context.operation)}: ${header.name} arrives (${quoted(value)}), as the document declares (${header.pointer}), but a script on ${sight.origin} cannot read it: it is neither CORS-safelisted nor listed in Access-Control-Expose-Headers; ${fix(context.framework, `add "${header.name}" to CORSMiddleware(expose_headers=[…])`, `list ${header.name} in Access-Control-Expose-Headers`)}`,
        header.pointer,
      ),
    );
  }
  return out;
}

/** `declared-header-missing`: a header the document declares for this status is absent; MUST when it is declared `required: true`. */
export function declaredHeaderMissing(context: PromiseContext, declared: DeclaredResponse | undefined, answer: Answer): Finding[] {
  if (declared === undefined) return [];
  return judgeHeaders(declared, answer.headers, context.family).flatMap((judged) => {
    if (judged.kind !== 'missing') return [];
    const { header, required, pointer } = judged;
    return [
      promise(
        'declared-header-missing',
        `${operationLabel(context.operation)}: the document declares the header ${header.name}${required ? ' as required' : ''} for ${declared.status} (${pointer}), and the ${answer.status} answer has none; ${fix(context.framework, `set it in the path operation (response.headers["${header.name}"] = …), or take it out of responses={${declared.status}: {"headers": …}}`, `send it, or take it out of the document`)}`,
        pointer,
        required ? 'MUST' : 'SHOULD',
      ),
    ];
  });
}

/** `declared-header-mismatch`: a declared header's value does not fit its schema (read by the `simple` style, openapi/headers.ts). */
export function declaredHeaderMismatch(context: PromiseContext, declared: DeclaredResponse | undefined, answer: Answer): Finding[] {
  if (declared === undefined) return [];
  const out: Finding[] = [];
  for (const judged of judgeHeaders(declared, answer.headers, context.family)) {
    if (judged.kind !== 'mismatch') continue;
    const { header, why, schemaPointer } = judged;
    out.push(
      promise(
        'declared-header-mismatch',
        `${operationLabel(context.operation)}: ${header.name} does not fit its schema (${schemaPointer}): ${why}; ${fix(context.framework, `send a value the schema allows, or correct the schema in responses={${declared.status}: {"headers": {"${header.name}": …}}}`, 'send a value the schema allows, or correct the schema')}`,
        schemaPointer,
      ),
    );
  }
  return out;
}

/**
 * `undeclared-status`: the status is not among the operation's responses,
 * and neither is its range (2XX) nor `default` (OpenAPI 3 §4.8.16).
 */
export function undeclaredStatus(context: PromiseContext, answer: Answer): Finding | null {
  const operation = context.operation;
  const judged = judgeStatus(operation, answer.status);
  if (judged.declared) return null;
  const { statuses: declared, pointer } = judged;
  return promise(
    'undeclared-status',
    `${operationLabel(operation)} answered ${statusWithReason(answer.status)}, which the document does not declare (${pointer} has ${declared.length > 0 ? declared.join(', ') : 'nothing'}, no ${String(answer.status).charAt(0)}XX and no default); ${fix(context.framework, `declare it on the path operation: responses={${answer.status}: {"description": "…"}}${answer.status >= 200 && answer.status <= 299 ? `, or status_code=${answer.status} when it is the answer on success` : ''}`, `add ${answer.status} to the operation's responses, or answer one of those it declares`)}`,
    pointer,
  );
}

/**
 * `content-type-mismatch`: the answer's media type is none of those the
 * document declares for its status (by essence; type/* and *\/* count).
 * A response declared without content, or an answer without a body or a
 * Content-Type, promises and shows nothing to compare.
 */
export function contentTypeMismatch(context: PromiseContext, declared: DeclaredResponse | undefined, answer: Answer): Finding | null {
  if (declared === undefined) return null;
  const { declared: types, contentType, media, pointer } = judgeMediaType(declared, answer.headers);
  if (types.length === 0) return null;
  if (contentType === null && answer.text === '') return null;
  if (media !== undefined) return null;
  const essence = mediaTypeEssence(contentType);
  return promise(
    'content-type-mismatch',
    `${operationLabel(context.operation)}: the ${answer.status} answer is ${contentType === null ? 'sent without a Content-Type' : `${essence ?? quoted(contentType)}`}, and the document declares ${types.join(', ')} (${pointer}); ${fix(context.framework, `declare what the path operation returns, with response_class= (PlainTextResponse, HTMLResponse, …) or responses={${declared.status}: {"content": {"${essence ?? 'type/subtype'}": {}}}}, or return JSON`, 'serve a declared media type, or declare this one')}`,
    pointer,
  );
}

/** The body as JSON, when the answer's media type is JSON; `undefined` when it is not a JSON answer, an error when it does not parse. */
export function jsonBody(answer: Answer): { value: unknown } | { error: string } | undefined {
  const body = parseJsonBody(answer.headers, answer.text);
  return body === undefined || answer.text === '' ? undefined : body;
}

/** A field's kind and size, never its value: a field that leaked may be a password. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string of ${value.length} character${value.length === 1 ? '' : 's'}`;
  return typeof value === 'number' ? 'a number' : 'a boolean';
}

function valueAt(body: unknown, pointer: string): { value: unknown; general: string } {
  let here = body;
  const general: string[] = [];
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(here)) {
      general.push('*'); // an array's items are one field, however many there are
      here = here[Number(token)];
    } else {
      general.push(raw);
      here = isObject(here) ? here[token] : undefined;
    }
  }
  return { value: here, general: `/${general.join('/')}` };
}

/** Up to `max` of `items`, then "and N more". */
function some(items: readonly string[], max = 3): string {
  return items.length <= max ? items.join('; ') : `${items.slice(0, max).join('; ')}; and ${items.length - max} more`;
}

/**
 * `undeclared-field`: the JSON body has fields the response schema does not
 * declare, at any depth (openapi/undeclared-fields.ts). A field in every
 * item of a list is named once (/*\/owner/password). What arrived is told by
 * its kind, not its value.
 */
export function undeclaredField(context: PromiseContext, media: MediaTypeObject | undefined, body: unknown): Finding | null {
  const judged = judgeBody(media, body, context.family);
  if (media === undefined || judged === undefined) return null;
  const fields = judged.undeclared;
  if (fields.length === 0) return null;
  const byField = new Map<string, { kind: string; count: number }>();
  for (const field of fields) {
    const { value, general } = valueAt(body, field);
    const seen = byField.get(general);
    byField.set(general, { kind: seen?.kind ?? kindOf(value), count: (seen?.count ?? 0) + 1 });
  }
  const named = [...byField.entries()].map(([field, { kind, count }]) => `${field} (${kind}${count > 1 ? `, in ${count} items` : ''})`);
  const title = isSchemaObject(media.schema) && typeof media.schema.title === 'string' ? media.schema.title : undefined;
  const pointer = judged.schemaPointer;
  return promise(
    'undeclared-field',
    `${operationLabel(context.operation)}: the body has ${byField.size === 1 ? 'a field' : `${byField.size} fields`} the response schema does not declare (${pointer}): ${some(named)}; ${fix(context.framework, `a Response returned directly is not filtered by response_model: return the object, or build the Response from the model${title === undefined ? '' : ` (${title})`}; declare the field in the model if the frontend should have it`, 'leave it out of the answer, or declare it in the schema if the frontend should have it')}`,
    pointer,
  );
}

/** The body's violations of its schema; an additionalProperties error is left to undeclared-field, which names the same field. */
function violationsOf(context: PromiseContext, media: MediaTypeObject, body: unknown): SchemaViolation[] {
  return (judgeBody(media, body, context.family)?.violations ?? []).filter((v) => v.keyword !== 'additionalProperties');
}

/**
 * `schema-mismatch`: the body does not fit the declared schema
 * (openapi/schema.ts), or is not JSON at all. A null in an optional field
 * the document does not mark nullable is not counted: FastAPI before 0.100
 * documents Optional fields so (see optionalNulls).
 */
export function schemaMismatch(context: PromiseContext, media: MediaTypeObject | undefined, body: { value: unknown } | { error: string }): Finding | null {
  if (media?.schema === undefined) return null;
  const label = operationLabel(context.operation);
  const advice = fix(context.framework, 'a Response returned directly skips response_model\'s validation: return data the model accepts, or correct the model', 'answer what the schema says, or correct the schema');
  if ('error' in body) return promise('schema-mismatch', `${label}: the body is served as JSON but is not JSON (${body.error}), so it cannot fit its schema (${media.pointer}/schema); ${advice}`, `${media.pointer}/schema`);
  const violations = violationsOf(context, media, body.value);
  if (violations.length === 0) return null;
  const described = violations.map((v) => `${v.pointer === '' ? 'the body' : v.pointer} ${v.message}`);
  return promise('schema-mismatch', `${label}: the body does not fit the response schema (${violations[0].schemaPointer}): ${some(described)}; ${advice}`, violations[0].schemaPointer);
}

/** The fields that arrived null where the document omits `nullable` for an optional field: a flaw of the document, said once in the report. */
export function optionalNulls(context: PromiseContext, media: MediaTypeObject | undefined, body: { value: unknown } | { error: string }): string[] {
  if ('error' in body) return [];
  return (judgeBody(media, body.value, context.family)?.optionalNulls ?? []).map((v) => v.pointer);
}

export interface PromiseVerdict {
  readonly findings: readonly Finding[];
  /** The headers the document declares for the answer's status. */
  readonly declaredHeaders: readonly string[];
  /** Instance pointers of nulls in optional fields the document does not mark nullable (not findings). */
  readonly optionalNulls: readonly string[];
}

/** Every promise of the operation, judged on one answer. A HEAD answer has no body to judge. */
export function judgePromises(context: PromiseContext, method: string, answer: Answer, sight: Sight): PromiseVerdict {
  const judgedStatus = judgeStatus(context.operation, answer.status);
  const declared = judgedStatus.declared ? judgedStatus.response : undefined;
  const findings: Finding[] = [];
  const status = undeclaredStatus(context, answer);
  if (status !== null) findings.push(status);
  const media = declared === undefined ? undefined : judgeMediaType(declared, answer.headers).media;
  const contentType = method === 'HEAD' ? null : contentTypeMismatch(context, declared, answer);
  if (contentType !== null) findings.push(contentType);
  findings.push(...declaredHeaderHidden(context, declared, answer, sight), ...declaredHeaderMissing(context, declared, answer), ...declaredHeaderMismatch(context, declared, answer));
  const body = method === 'HEAD' ? undefined : jsonBody(answer);
  let nulls: string[] = [];
  if (body !== undefined) {
    if ('value' in body) {
      const field = undeclaredField(context, media, body.value);
      if (field !== null) findings.push(field);
    }
    const mismatch = schemaMismatch(context, media, body);
    if (mismatch !== null) findings.push(mismatch);
    nulls = optionalNulls(context, media, body);
  }
  return { findings, declaredHeaders: Object.values(declared?.headers ?? {}).map((h) => h.name), optionalNulls: nulls };
}
