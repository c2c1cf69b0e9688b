/**
 * Every way a document can fail to be read, each with a stable code that
 * tools may key on (as undici's and Fastify's error catalogues do). The
 * message names the source, the JSON pointer where there is one, and what to
 * do; the wording may change, the codes never do.
 */

export const DOCUMENT_ERROR_CODES = {
  /** The text parses as neither JSON nor YAML, or not to an object (an HTML page, say). */
  'not-json-or-yaml': 'the text is not a JSON or YAML document',
  /** `swagger: "2.0"`: the predecessor format, which this suite does not read. */
  'swagger-2': 'a Swagger 2.0 document',
  /** No `openapi` field, or one that is not 3.x.y. */
  'not-openapi-3': 'not an OpenAPI 3 document',
  /** `openapi: 3.2.0` and later minors, whose changes this suite does not know. */
  'unsupported-openapi-version': 'an OpenAPI version this suite does not read',
  /** No `info` object with a `title` and a `version` (both required by OpenAPI 3). */
  'missing-info': 'the document has no info.title or info.version',
  /** A `$ref` to a place the document does not have. */
  'unresolved-ref': 'a $ref that resolves nowhere',
  /** A `$ref` to another file or URL: the suite reads one document and fetches nothing else. */
  'external-ref': 'a $ref to another document',
  /** A schema Ajv cannot compile (a keyword with a value of the wrong kind, say). */
  'unusable-schema': 'a schema that cannot be used for validation',
} as const;

export type DocumentErrorCode = keyof typeof DOCUMENT_ERROR_CODES;

export class DocumentError extends Error {
  override name = 'DocumentError';

  constructor(
    readonly code: DocumentErrorCode,
    /** The document's source (URL or file) as the caller named it. */
    readonly source: string,
    /** What is wrong, in plain words, naming the pointer where there is one. */
    readonly problem: string,
    /** What to do about it. */
    readonly suggestion: string,
    /** Where in the document, when one place is at fault: "#/paths/~1api~1items/get/responses/200". */
    readonly pointer?: string,
  ) {
    super(`${source}: ${problem}. ${suggestion}`);
  }
}
