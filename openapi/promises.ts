/**
 * What the document promised of an answer, judged once: pure functions that
 * return facts (which declared response applies, whether the media type is
 * declared, the schema's violations, the undeclared fields, each declared
 * header missing or not fitting), never messages. The audit
 * (runner/audit/promises.ts) and the sentences (steps/openapi.steps.ts) word
 * these facts each in their own way.
 */
import { isForbiddenResponseHeaderName } from '../http/fetch-model';
import { getCombined, hasField, type HeaderList } from '../http/header-list';
import { isJsonMediaType, mediaTypeEssence } from '../http/media-type';
import type { OpenApiFamily } from './document';
import { headerValueMismatch } from './headers';
import { contentFor, responseFor, type DeclaredHeader, type DeclaredResponse, type MediaTypeObject, type Operation } from './operations';
import { validatorFor, type SchemaViolation } from './schema';
import { undeclaredFields } from './undeclared-fields';

/** The status against the operation's responses: the declared response that applies (exactly, by range, or `default`), or what is declared instead. */
export type StatusJudgement =
  | { readonly declared: true; readonly response: DeclaredResponse }
  | {
      readonly declared: false;
      /** The operation's response keys, as the document writes them. */
      readonly statuses: readonly string[];
      /** `<operation>/responses`. */
      readonly pointer: string;
    };

export function judgeStatus(operation: Operation, status: number): StatusJudgement {
  const response = responseFor(operation, status);
  if (response !== undefined) return { declared: true, response };
  return { declared: false, statuses: Object.keys(operation.responses), pointer: `${operation.pointer}/responses` };
}

/** The answer's Content-Type against the media types declared for its status. */
export interface MediaTypeJudgement {
  /** The media types the document declares for the status (none: the response is declared without content). */
  readonly declared: readonly string[];
  /** The answer's Content-Type as it arrived, or null. */
  readonly contentType: string | null;
  /** The declared media type object the Content-Type matches (by essence; type/* and *\/* count), if any. */
  readonly media: MediaTypeObject | undefined;
  /** `<response>/content`. */
  readonly pointer: string;
}

export function judgeMediaType(response: DeclaredResponse, headers: HeaderList): MediaTypeJudgement {
  const contentType = getCombined(headers, 'Content-Type');
  const declared = Object.keys(response.content);
  return { declared, contentType, media: declared.length === 0 ? undefined : contentFor(response, contentType), pointer: `${response.pointer}/content` };
}

/** The body parsed as JSON when the Content-Type is a JSON media type (`undefined` otherwise), or why it does not parse. */
export function parseJsonBody(headers: HeaderList, text: string): { value: unknown } | { error: string } | undefined {
  if (!isJsonMediaType(mediaTypeEssence(getCombined(headers, 'Content-Type')))) return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** A parsed body against its media type's schema. */
export interface BodyJudgement {
  /** `<media>/schema`. */
  readonly schemaPointer: string;
  /** The schema's violations, without the optional-null ones (additionalProperties ones included). */
  readonly violations: readonly SchemaViolation[];
  /** The violations that are a null in an optional field the document does not mark nullable. */
  readonly optionalNulls: readonly SchemaViolation[];
  /** Instance pointers of the fields the schema does not declare, at any depth. */
  readonly undeclared: readonly string[];
}

/** `undefined` when the media type declares no schema. */
export function judgeBody(media: MediaTypeObject | undefined, body: unknown, family: OpenApiFamily): BodyJudgement | undefined {
  if (media?.schema === undefined) return undefined;
  const schemaPointer = `${media.pointer}/schema`;
  const all = validatorFor(family).violations(body, media.schema, schemaPointer);
  return {
    schemaPointer,
    violations: all.filter((v) => !v.optionalNull),
    optionalNulls: all.filter((v) => v.optionalNull),
    undeclared: undeclaredFields(body, media.schema, family),
  };
}

/** One declared header broken: absent (and whether it is declared required), or present and not fitting its schema. */
export type HeaderJudgement =
  | { readonly kind: 'missing'; readonly header: DeclaredHeader; readonly required: boolean; readonly pointer: string }
  | { readonly kind: 'mismatch'; readonly header: DeclaredHeader; readonly value: string; readonly why: string; readonly pointer: string; readonly schemaPointer: string };

/** Each declared header that is missing or does not fit its schema (read by the `simple` style), in the document's order. */
export function judgeHeaders(response: DeclaredResponse, headers: HeaderList, family: OpenApiFamily): HeaderJudgement[] {
  const out: HeaderJudgement[] = [];
  for (const header of Object.values(response.headers)) {
    const value = getCombined(headers, header.name);
    if (value === null) {
      out.push({ kind: 'missing', header, required: header.required, pointer: header.pointer });
      continue;
    }
    const why = headerValueMismatch(value, header.schema, { explode: header.explode, family });
    if (why !== null) out.push({ kind: 'mismatch', header, value, why, pointer: header.pointer, schemaPointer: `${header.pointer}/schema` });
  }
  return out;
}

/** The declared headers that arrived and a script could ever read (Set-Cookie and the other forbidden names left out): those whose visibility matters. */
export function declaredHeadersSent(response: DeclaredResponse, headers: HeaderList): DeclaredHeader[] {
  return Object.values(response.headers).filter((h) => !isForbiddenResponseHeaderName(h.name) && hasField(headers, h.name));
}
