/**
 * An OpenAPI document as this layer holds it: the parsed JSON, what its
 * header says (the OpenAPI version, info.title, info.version) and where it
 * came from. load.ts makes one from text; every other module reads one.
 */

/**
 * Which schema semantics the document's schemas have. OpenAPI 3.0's Schema
 * Object is its own dialect of JSON Schema (`nullable`, boolean
 * `exclusiveMaximum`); OpenAPI 3.1's is JSON Schema 2020-12
 * (https://spec.openapis.org/oas/v3.1.0#schema-object).
 */
export type OpenApiFamily = '3.0' | '3.1';

export interface OpenApiDocument {
  /** Where the text came from, as the caller named it: a URL or a file. Every error names it. */
  readonly source: string;
  /** The `openapi` field as written: '3.0.2' (FastAPI 0.92), '3.1.0' (FastAPI ≥ 0.99). */
  readonly openapi: string;
  readonly family: OpenApiFamily;
  /** `info.title` and `info.version`: the API's name and its own version, not OpenAPI's. */
  readonly info: { readonly title: string; readonly version: string };
  /** The parsed document; before resolveDocument its `$ref`s are in place. */
  readonly root: Readonly<Record<string, unknown>>;
}

/**
 * A document whose `$ref`s the library has replaced by what they point to.
 * A recursive schema (a category whose children are categories) becomes a
 * cycle of objects: walk it along a finite instance, never on its own.
 */
export interface ResolvedDocument extends OpenApiDocument {
  readonly resolved: true;
}

/** A JSON Schema: an object, or (3.1 only) `true`, which allows anything, and `false`, which allows nothing. */
export type Schema = boolean | SchemaObject;

/** The keywords this layer reads, typed; every other keyword is kept as it is. */
export interface SchemaObject {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly patternProperties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: Schema;
  readonly required?: readonly string[];
  /** A schema (3.0, 2020-12), or a list of them (draft-07's tuple form). */
  readonly items?: Schema | readonly Schema[];
  readonly prefixItems?: readonly Schema[];
  readonly additionalItems?: Schema;
  readonly allOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly if?: Schema;
  readonly then?: Schema;
  readonly else?: Schema;
  /** OpenAPI 3.0: the value may also be null. */
  readonly nullable?: boolean;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  /** OpenAPI 3.0's single example. */
  readonly example?: unknown;
  /** JSON Schema 2020-12's list of examples (OpenAPI 3.1). */
  readonly examples?: readonly unknown[];
  readonly format?: string;
  readonly pattern?: string;
  readonly [keyword: string]: unknown;
}

/** A JSON object (not an array, not null): a Path Item, a Response, any of the document's objects. */
export function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A schema that is an object, not `true` or `false`. */
export function isSchemaObject(value: unknown): value is SchemaObject {
  return isObject(value);
}
