/**
 * Does a JSON value fit a schema of the document? Ajv decides, with the
 * semantics of the document's OpenAPI version: OpenAPI 3.0's Schema Object
 * on Ajv's draft-07 build (which knows 3.0's `nullable`), OpenAPI 3.1's JSON
 * Schema 2020-12 on Ajv's 2020 build; ajv-formats for `format` (including
 * OpenAPI's int32, int64, float, double, byte). What Ajv finds is said in
 * plain words, at the instance pointer where it is.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { isObject, type OpenApiFamily, type Schema } from './document';
import { DocumentError } from './errors';
import { PATTERN_MS, PatternTimedOut, patternEngine } from './pattern';
import { escapeToken } from './pointer';

export interface SchemaViolation {
  /** Where in the instance, as an instance pointer: "" is the whole body, "/items/0/price" a field of it. */
  readonly pointer: string;
  /** In plain words: 'is a string ("9.5"), the schema says number'. */
  readonly message: string;
  /** Ajv's keyword: 'type', 'required', 'enum', 'anyOf', … */
  readonly keyword: string;
  /** The keyword's place in the schema, after the `at` given: "#/paths/…/schema/items/properties/price/type". Inside a recursion, its place within the repeated schema. */
  readonly schemaPointer: string;
  /**
   * A null in a field that is optional but not nullable. FastAPI before 0.100
   * (pydantic 1) documents `Optional[str] = None` as `{type: string}` and
   * sends null for it: a flaw of the document more than of the answer.
   */
  readonly optionalNull: boolean;
}

export interface SchemaValidator {
  readonly family: OpenApiFamily;
  /** Every way `instance` breaks `schema`, [] when it fits. `at` is the schema's pointer in the document, for schemaPointer. */
  violations(instance: unknown, schema: Schema, at?: string): SchemaViolation[];
  fits(instance: unknown, schema: Schema): boolean;
  /**
   * Why Ajv cannot compile `schema` (its own message), or undefined when it
   * can. A valid document can still hold one (a pattern no ECMA-262 engine
   * reads, a `type: file` left from Swagger 2): its caller says so and
   * judges the rest. `violations` and `fits` throw a DocumentError
   * ('unusable-schema') for it.
   */
  unusable(schema: Schema): string | undefined;
}

/** OpenAPI 3.0 took `exclusiveMaximum: true` from draft-04 (a flag on `maximum`); draft-07 wants the bound itself. */
function draft04Bounds(o: Record<string, unknown>): void {
  for (const [exclusive, bound] of [['exclusiveMaximum', 'maximum'], ['exclusiveMinimum', 'minimum']]) {
    if (o[exclusive] === true && typeof o[bound] === 'number') {
      o[exclusive] = o[bound];
      delete o[bound];
    } else if (typeof o[exclusive] === 'boolean') delete o[exclusive];
  }
}

/** Keywords whose value is one schema, a map of names to schemas, a list of schemas (JSON Schema draft-07 and 2020-12). */
const SCHEMA_VALUED = new Set(['additionalProperties', 'additionalItems', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems', 'contentSchema']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
/**
 * What validation never reads: annotations, OpenAPI's own keywords (Ajv
 * ignores them, strict: false), and `$defs` and `$id`, whose `$ref`s the
 * document's resolution has already followed. Left out of the copy, two
 * schemas that differ only in their description compile once.
 */
const LEFT_OUT = new Set(['$defs', 'definitions', '$id', '$schema', '$anchor', '$dynamicAnchor', '$comment', 'title', 'description', 'example', 'examples', 'externalDocs', 'xml', 'discriminator', 'deprecated', 'readOnly', 'writeOnly', 'default']);
/** Beside 3.0's `nullable: true`, the keywords that refuse null whatever `type` says: Ajv's `nullable` only adds "null" to `type`. */
const REFUSE_NULL = ['allOf', 'anyOf', 'oneOf', 'enum', 'const', 'not'];

interface Compilable {
  readonly schema: Schema;
  /** The copies of property schemas whose object does not require them. */
  readonly optional: WeakSet<object>;
  /** Places in the copy where a 3.0 `nullable: true` schema was wrapped as {if: {type: null}, then: true, else: the schema}: their "/else" is not the document's. */
  readonly wrapped: ReadonlySet<string>;
}

/**
 * How many schemas a copy writes out in full before a schema it meets again
 * (one the document shares, a component reached by many paths) becomes a
 * `$ref` to its first copy. Below it, each place keeps its own copy, and an
 * error's pointer names that place; above it, the pointer names the shared
 * schema's first place. Without it, a document whose components reach one
 * another by many paths (Microsoft Graph's entities and their navigation
 * properties) expands one response's schema into tens of megabytes, and Ajv
 * never finishes compiling it.
 */
export const SHARED_AFTER = 300;

/**
 * A copy Ajv can compile, with the semantics of the document's version.
 *
 * - A resolved recursive schema is a cycle of objects, which Ajv cannot
 *   take: where the copy meets a schema it is already inside, it writes a
 *   `$ref` to that schema's place in the copy. Only a schema's place: a map
 *   of properties two schemas share (the resolver's copy of a `$ref` with a
 *   sibling keyword shares its target's) is copied again, never replaced.
 * - 3.0's `nullable`: `false` is the default and dropped (Ajv refuses it
 *   without `type`); `true` beside allOf, anyOf, oneOf, enum, const or not
 *   lets null through them too (3.0's `allOf: [{$ref}]` + `nullable: true`
 *   is a nullable reference), as {if: {type: null}, then: true, else: …};
 *   `true` alone, without `type`, allows what it already allows.
 * - 3.1 has no `nullable` (JSON Schema 2020-12 has `type: [..., "null"]`):
 *   it is an unknown keyword there, ignored.
 */
function compilable(schema: Schema, family: OpenApiFamily): Compilable {
  const inside = new Map<object, string>();
  // Where each schema was first copied, and how many were: past SHARED_AFTER, a schema met again is a $ref to its first copy.
  const first = new Map<object, string>();
  let copied = 0;
  const optional = new WeakSet<object>();
  const wrapped = new Set<string>();
  const list = (value: unknown, fragment: string): unknown => (Array.isArray(value) ? value.map((item, i) => copy(item, `${fragment}/${i}`)) : copy(value, fragment));
  const map = (value: unknown, fragment: string): unknown => {
    if (!isObject(value)) return value;
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, copy(v, `${fragment}/${encodeURIComponent(escapeToken(key))}`)]));
  };
  const copy = (value: unknown, fragment: string): unknown => {
    if (!isObject(value)) return value; // true, false; anything else is the document's mistake, for Ajv to name
    const ancestor = inside.get(value);
    if (ancestor !== undefined) return { $ref: `#${ancestor}` };
    const met = first.get(value);
    if (met !== undefined && copied > SHARED_AFTER) return { $ref: `#${met}` };
    if (met === undefined) first.set(value, fragment);
    copied += 1;
    inside.set(value, fragment);
    const nullable = family === '3.0' && value.nullable === true;
    const wrap = nullable && REFUSE_NULL.some((keyword) => value[keyword] !== undefined);
    const at = wrap ? `${fragment}/else` : fragment;
    const o: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (LEFT_OUT.has(key) || key.startsWith('x-')) continue;
      const here = `${at}/${encodeURIComponent(escapeToken(key))}`;
      if (SCHEMA_VALUED.has(key)) o[key] = copy(v, here);
      else if (SCHEMA_MAPS.has(key)) o[key] = map(v, here);
      else if (SCHEMA_LISTS.has(key) || key === 'items') o[key] = list(v, here);
      else if (key === 'dependencies') o[key] = isObject(v) ? Object.fromEntries(Object.entries(v).map(([name, d]) => [name, Array.isArray(d) ? d : copy(d, `${here}/${encodeURIComponent(escapeToken(name))}`)])) : v;
      else o[key] = v;
    }
    if (family === '3.0') draft04Bounds(o);
    // Ajv's `nullable` adds "null" to `type`, and refuses to stand without one.
    if (o.nullable === false || family === '3.1' || (o.nullable === true && o.type === undefined)) delete o.nullable;
    // A writeOnly property is never in a response (OpenAPI 3.0 §4.7.25.1: "the required will take effect on the request only"); the copies judge answers.
    if (Array.isArray(o.required) && isObject(value.properties)) {
      const properties = value.properties;
      o.required = o.required.filter((name) => !(typeof name === 'string' && isObject(properties[name]) && properties[name].writeOnly === true));
    }
    const required = Array.isArray(o.required) ? o.required : [];
    if (isObject(o.properties)) {
      for (const [key, property] of Object.entries(o.properties)) if (!required.includes(key) && isObject(property)) optional.add(property);
    }
    inside.delete(value);
    if (!wrap) return o;
    wrapped.add(fragment);
    return { if: { type: 'null' }, then: true, else: o };
  };
  return { schema: copy(schema, '') as Schema, optional, wrapped };
}

/** The schema pointer of an error's place in the copy, in the document: without the "/else" of a nullable wrapper. */
function documentPath(schemaPath: string, wrapped: ReadonlySet<string>): string {
  let inCopy = '';
  let out = '';
  for (const token of schemaPath.replace(/^#/, '').split('/').slice(1)) {
    const isWrapper = token === 'else' && wrapped.has(inCopy);
    inCopy += `/${token}`;
    if (!isWrapper) out += `/${token}`;
  }
  return decodeURIComponent(out);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array (${value.length} item${value.length === 1 ? '' : 's'})`;
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return `${typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : 'a boolean'} (${shown})`;
}

const COMPARISONS: Record<string, string> = { '>=': 'at least', '>': 'more than', '<=': 'at most', '<': 'less than' };

function typesOf(e: ErrorObject): string[] {
  const types = String(e.params.type).split(',');
  return (e.parentSchema as { nullable?: unknown } | undefined)?.nullable === true ? [...types, 'null'] : types;
}

/** One Ajv error in plain words, as the end of a sentence whose subject is the value. */
function plain(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type': return `is ${describe(e.data)}, the schema says ${typesOf(e).join(' or ')}`;
    case 'required': return 'is missing, and the schema requires it';
    case 'additionalProperties': return 'is a field the schema does not allow (additionalProperties: false)';
    case 'enum': return `is ${describe(e.data)}, the schema allows only ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const': return `is ${describe(e.data)}, the schema allows only ${JSON.stringify(p.allowedValue)}`;
    case 'format': return `is ${describe(e.data)}, not a valid ${String(p.format)}`;
    case 'pattern': return `is ${describe(e.data)}, which does not match the pattern ${String(p.pattern)}`;
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return `is ${describe(e.data)}, the schema says ${COMPARISONS[String(p.comparison)] ?? String(p.comparison)} ${String(p.limit)}`;
    case 'minLength': case 'maxLength': return `is ${describe(e.data)}, the schema says ${e.keyword === 'minLength' ? 'at least' : 'at most'} ${String(p.limit)} characters`;
    case 'minItems': case 'maxItems': return `has ${(e.data as unknown[]).length} items, the schema says ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${String(p.limit)}`;
    default: return `is ${describe(e.data)}; the schema says it ${e.message ?? `breaks "${e.keyword}"`}`;
  }
}

function pointerOfError(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return `${e.instancePath}/${escapeToken(String(p.missingProperty))}`;
  if (e.keyword === 'additionalProperties') return `${e.instancePath}/${escapeToken(String(p.additionalProperty))}`;
  return e.instancePath;
}

/** anyOf and oneOf failures as one sentence each, their branches' errors folded in: "is a number (3), the schema says string or null". */
function folded(errors: readonly ErrorObject[]): { error: ErrorObject; message: string }[] {
  const consumed = new Set<ErrorObject>();
  const messages = new Map<ErrorObject, string>();
  const choices = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const choice of choices) {
    if (consumed.has(choice)) continue;
    const branches = errors.filter((e) => e !== choice && e.schemaPath.startsWith(`${choice.schemaPath}/`) && e.instancePath.startsWith(choice.instancePath));
    for (const b of branches) consumed.add(b);
    const passing = (choice.params as { passingSchemas?: number[] | null }).passingSchemas;
    const n = Array.isArray(choice.schema) ? choice.schema.length : 0;
    if (Array.isArray(passing)) {
      messages.set(choice, `fits ${passing.length} of the schema's ${n} choices (oneOf: ${passing.map((i) => i + 1).join(' and ')}), and must fit exactly one`);
    } else if (branches.length > 0 && branches.every((b) => b.keyword === 'type' && b.instancePath === choice.instancePath)) {
      messages.set(choice, `is ${describe(choice.data)}, the schema says ${[...new Set(branches.flatMap(typesOf))].join(' or ')}`);
    } else {
      const each = Array.from({ length: n }, (_, i) => branches.find((b) => b.schemaPath.startsWith(`${choice.schemaPath}/${i}/`) && b.keyword !== 'anyOf' && b.keyword !== 'oneOf'))
        .map((b, i) => (b === undefined ? undefined : `choice ${i + 1}: ${pointerOfError(b).slice(choice.instancePath.length) || 'the value'} ${plain(b)}`))
        .filter((s): s is string => s !== undefined);
      messages.set(choice, `fits none of the schema's ${n} choices (${choice.keyword})${each.length > 0 ? `: ${each.join('; ')}` : ''}`);
    }
  }
  return errors.filter((e) => !consumed.has(e) && e.keyword !== 'if').map((error) => ({ error, message: messages.get(error) ?? plain(error) }));
}

function newAjv(family: OpenApiFamily): Ajv {
  // strict: false — documents carry OpenAPI's own keywords (example, discriminator, xml) and formats Ajv does not know (pydantic's "json-string"); they are ignored, and logged nowhere.
  // code.regExp — ECMA-262 patterns read with `u` where they can be, without it where only that reads them (pattern.ts).
  // inlineRefs: false — the copy's only $refs are its recursions, back to a schema they are inside, which Ajv never inlines; asking whether it could (hasRef) walks the whole referenced schema at every $ref, quadratic on a large recursive document (Microsoft Graph's).
  const options = { strict: false, allErrors: true, verbose: true, logger: false as const, inlineRefs: false, code: { regExp: patternEngine } };
  const ajv = family === '3.0' ? new Ajv(options) : new Ajv2020(options);
  addFormats(ajv);
  return ajv;
}

interface Compiled {
  readonly validate: ValidateFunction;
  readonly optional: WeakSet<object>;
  readonly wrapped: ReadonlySet<string>;
}

/** A schema Ajv could not compile: Ajv's own words. */
interface Unusable {
  readonly unusable: string;
}

function createValidator(family: OpenApiFamily): SchemaValidator {
  const ajv = newAjv(family);
  const compiled = new WeakMap<object, Compiled | Unusable>();
  const booleans = new Map<boolean, Compiled>();
  // The same schema written out again (each operation's `array of Item`, once $refs are resolved) is compiled once:
  // compiling is most of the CPU an audit of a large document spends.
  const alike = new Map<string, Compiled | Unusable>();
  const compile = (schema: Schema): Compiled | Unusable => {
    const cached = typeof schema === 'boolean' ? booleans.get(schema) : compiled.get(schema);
    if (cached !== undefined) return cached;
    const copy = compilable(schema, family);
    let key: string | undefined;
    try {
      key = JSON.stringify(copy.schema);
    } catch {
      key = undefined; // a cycle in a keyword's data (an enum's value): compiled, never shared
    }
    const same = key === undefined ? undefined : alike.get(key);
    if (same !== undefined) {
      if (typeof schema !== 'boolean') compiled.set(schema, same);
      return same;
    }
    let entry: Compiled | Unusable;
    try {
      entry = { validate: ajv.compile(copy.schema), optional: copy.optional, wrapped: copy.wrapped };
    } catch (error) {
      entry = { unusable: (error as Error).message };
    } finally {
      // Ajv's own cache would hold every copy for the process's life; this one lets go with the document.
      if (typeof copy.schema !== 'boolean') ajv.removeSchema(copy.schema as object);
    }
    if (typeof schema === 'boolean') {
      if ('validate' in entry) booleans.set(schema, entry);
    } else {
      compiled.set(schema, entry);
      if (key !== undefined) alike.set(key, entry);
    }
    return entry;
  };
  const usable = (schema: Schema, at: string | undefined): Compiled => {
    const entry = compile(schema);
    if ('validate' in entry) return entry;
    throw new DocumentError('unusable-schema', 'the document', `the schema${at === undefined ? '' : ` at ${at}`} cannot be used for validation (${entry.unusable})`, 'Correct the schema: each keyword must have the kind of value JSON Schema gives it.', at);
  };
  return {
    family,
    unusable(schema) {
      const entry = compile(schema);
      return 'unusable' in entry ? entry.unusable : undefined;
    },
    fits: (instance, schema) => decided(() => usable(schema, undefined).validate(instance) === true, undefined),
    violations(instance, schema, at = '#') {
      const { validate, optional, wrapped } = usable(schema, at);
      if (decided(() => validate(instance), at) === true) return [];
      return folded(validate.errors ?? []).map(({ error, message }) => ({
        pointer: pointerOfError(error),
        message,
        keyword: error.keyword,
        schemaPointer: `${at}${documentPath(error.schemaPath, wrapped)}`,
        optionalNull: error.keyword === 'type' && error.data === null && optional.has(error.parentSchema as object),
      }));
    },
  };
}

/**
 * A validation that a guarded pattern could not decide (PatternTimedOut) is a
 * DocumentError ('unusable-schema') naming the pattern: the schema is
 * unusable on that value, and the caller leaves the check undone with a note.
 */
function decided<T>(validation: () => T, at: string | undefined): T {
  try {
    return validation();
  } catch (error) {
    if (!(error instanceof PatternTimedOut)) throw error;
    const shown = error.text.length > 60 ? `${JSON.stringify(error.text.slice(0, 60))}…` : JSON.stringify(error.text);
    throw new DocumentError(
      'unusable-schema',
      'the document',
      `the pattern ${error.pattern}${at === undefined ? '' : ` under ${at}`} backtracks exponentially on the value ${shown}: not decided in ${PATTERN_MS} ms, so the value is left unchecked`,
      'Correct the pattern: a quantifier inside another (such as (a+)+ or ([\\w.-]*)*) takes exponential time in a backtracking engine, which also makes it a denial-of-service risk in any validator that reads the document.',
      at,
    );
  }
}

const validators = new Map<OpenApiFamily, SchemaValidator>();

/**
 * The validator for a document's OpenAPI version. One per version, shared:
 * it keeps nothing but the schemas it has compiled, each compiled once.
 * Its `violations` and `fits` throw a DocumentError ('unusable-schema') for
 * a schema Ajv cannot compile; `unusable` says why without throwing.
 */
export function validatorFor(family: OpenApiFamily): SchemaValidator {
  let validator = validators.get(family);
  if (validator === undefined) {
    validator = createValidator(family);
    validators.set(family, validator);
  }
  return validator;
}
