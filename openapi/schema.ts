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

/**
 * How many schemas a copy writes out in full before a schema it meets again
 * (one the document shares inline, not by name) becomes a `$ref` to its
 * first copy. Below it, each place keeps its own copy, and an error's
 * pointer names that place; above it, the pointer names the shared schema's
 * first place. A document's named schemas are compiled once each
 * (DocumentSchemas); this bounds the copies of what it shares unnamed.
 */
export const SHARED_AFTER = 300;

/** Where a copy's schema object stands in the document: under a component's pointer, or under the `at` its caller gives (base undefined). */
interface Place {
  readonly base: string | undefined;
  /** The place's pointer fragment after the base, URI-encoded tokens. */
  readonly fragment: string;
  /** The compiled schema it belongs to (a component's id, or "" for a caller's schema): Ajv's schemaPaths are relative to it. */
  readonly owner: string;
}

/** Every copied schema object's place, for an error's schemaPointer (Ajv's verbose errors carry the copy's object as parentSchema). */
const PLACES = new WeakMap<object, Place>();
/** The copies of property schemas whose object does not require them. */
const OPTIONAL = new WeakSet<object>();

/**
 * A document's named schemas (#/components/schemas), each compiled once in
 * the document's own Ajv: a schema that reaches one refers to it by `$ref`
 * instead of holding a copy. Microsoft Graph's entities reach one another
 * through their navigation properties: each response's copy held nearly
 * the whole document, compiled again for each of 1,120 operations (7 minutes
 * and 4 GB against a stand-in; graph-beta did not end in 15 minutes).
 */
class DocumentSchemas {
  private ajvInstance: Ajv | undefined;
  private next = 0;
  private readonly ids = new WeakMap<object, string>();
  private readonly pending: [object, string][] = [];
  private readonly broken = new Map<string, string>();
  /** Compiled copies by their text: the same schema written out again compiles once (its $refs name this document's components). */
  readonly alike = new Map<string, Compiled | Unusable>();

  constructor(
    readonly family: OpenApiFamily,
    private readonly pointers: WeakMap<object, string>,
  ) {}

  get ajv(): Ajv {
    this.ajvInstance ??= newAjv(this.family);
    return this.ajvInstance;
  }

  /** The component's id in this document's Ajv; its copy is made and added by flush(), before the schema that refers to it is compiled. */
  idOf(component: object): string {
    let id = this.ids.get(component);
    if (id === undefined) {
      id = `component-${this.next++}`;
      this.ids.set(component, id); // before its copy: a component that reaches itself refers to this id
      this.pending.push([component, id]);
    }
    return id;
  }

  /**
   * Copies and adds the components referred to since the last flush, and
   * those their copies refer to: a worklist, not a recursion (Graph's
   * entities reach one another thousands deep). A component Ajv refuses is
   * remembered with Ajv's words, for the schemas that refer to it.
   */
  flush(): void {
    for (let next = this.pending.shift(); next !== undefined; next = this.pending.shift()) {
      const [component, id] = next;
      try {
        this.ajv.addSchema(copyOf(component as Schema, this.family, this, { base: this.pointers.get(component), owner: id }) as object, id);
      } catch (error) {
        this.broken.set(id, `${this.pointers.get(component) ?? id}: ${(error as Error).message}`);
      }
    }
  }

  /** Ajv's words for a compile that failed, the refused component's own where a reference to one is why. */
  why(error: Error): string {
    const id = /component-\d+/.exec(error.message)?.[0];
    return (id === undefined ? undefined : this.broken.get(id)) ?? error.message;
  }
}

/** Each component schema object of a resolved document, with its document's DocumentSchemas. */
const NAMED = new WeakMap<object, DocumentSchemas>();

/**
 * Makes the document's named schemas its validator's unit of compilation
 * (DocumentSchemas). Called once a document is resolved; a schema of a
 * document not given here is copied whole, as any schema is.
 */
export function nameComponents(root: Record<string, unknown>, family: OpenApiFamily): void {
  const components = isObject(root.components) && isObject(root.components.schemas) ? root.components.schemas : undefined;
  if (components === undefined) return;
  const pointers = new WeakMap<object, string>();
  const registry = new DocumentSchemas(family, pointers);
  for (const [name, schema] of Object.entries(components)) {
    if (!isObject(schema) || NAMED.has(schema) || pointers.has(schema)) continue;
    pointers.set(schema, `#/components/schemas/${encodeURIComponent(escapeToken(name))}`);
    NAMED.set(schema, registry);
  }
}

/**
 * A copy Ajv can compile, with the semantics of the document's version.
 *
 * - A named schema (a component of a document given to nameComponents) is
 *   a `$ref` to its own compiled copy in the document's Ajv, except where
 *   the copy starts and as a branch of anyOf or oneOf (whose errors are
 *   folded into one sentence, so they are kept in the same copy); the named
 *   schemas it reaches are `$ref`s there too.
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
 *
 * `registry` is the document's, once a named schema is met (the copy says
 * which document it belongs to); each copied object's place is kept in
 * PLACES, under `root`'s base.
 */
function copyOf(schema: Schema, family: OpenApiFamily, registry: DocumentSchemas | undefined, root: { base: string | undefined; owner: string }, found?: (registry: DocumentSchemas) => void): Schema {
  // Where the copy is inside a schema (for a recursion's $ref), as paths in the copy.
  const inside = new Map<object, string>();
  // Where each schema was first copied, and how many were: past SHARED_AFTER, a schema met again is a $ref to its first copy.
  const first = new Map<object, string>();
  let copied = 0;
  const named = (value: object): DocumentSchemas | undefined => {
    const owner = NAMED.get(value);
    if (owner !== undefined && registry === undefined) {
      registry = owner;
      found?.(owner);
    }
    return owner !== undefined && owner === registry ? owner : undefined;
  };
  const list = (value: unknown, path: string, doc: string, branches: boolean): unknown =>
    Array.isArray(value) ? value.map((item, i) => copy(item, `${path}/${i}`, `${doc}/${i}`, branches)) : copy(value, path, doc, false);
  const map = (value: unknown, path: string, doc: string): unknown => {
    if (!isObject(value)) return value;
    return Object.fromEntries(Object.entries(value).map(([key, v]) => {
      const token = `/${encodeURIComponent(escapeToken(key))}`;
      return [key, copy(v, `${path}${token}`, `${doc}${token}`, false)];
    }));
  };
  /** `path`: the place in the copy (for $refs); `doc`: the place in the document (for pointers), without the nullable wrappers' "/else". */
  const copy = (value: unknown, path: string, doc: string, inline: boolean): unknown => {
    if (!isObject(value)) return value; // true, false; anything else is the document's mistake, for Ajv to name
    const ancestor = inside.get(value);
    if (ancestor !== undefined) return { $ref: `#${ancestor}` };
    if (path !== '' && !inline) {
      const owner = named(value);
      if (owner !== undefined) return { $ref: owner.idOf(value) };
    }
    const met = first.get(value);
    if (met !== undefined && copied > SHARED_AFTER) return { $ref: `#${met}` };
    if (met === undefined) first.set(value, path);
    copied += 1;
    inside.set(value, path);
    const nullable = family === '3.0' && value.nullable === true;
    const wrap = nullable && REFUSE_NULL.some((keyword) => value[keyword] !== undefined);
    const at = wrap ? `${path}/else` : path;
    const o: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (LEFT_OUT.has(key) || key.startsWith('x-')) continue;
      const token = `/${encodeURIComponent(escapeToken(key))}`;
      if (SCHEMA_VALUED.has(key)) o[key] = copy(v, `${at}${token}`, `${doc}${token}`, false);
      else if (SCHEMA_MAPS.has(key)) o[key] = map(v, `${at}${token}`, `${doc}${token}`);
      else if (SCHEMA_LISTS.has(key) || key === 'items') o[key] = list(v, `${at}${token}`, `${doc}${token}`, key === 'anyOf' || key === 'oneOf');
      else if (key === 'dependencies') o[key] = isObject(v) ? Object.fromEntries(Object.entries(v).map(([name, d]) => [name, Array.isArray(d) ? d : copy(d, `${at}${token}/${encodeURIComponent(escapeToken(name))}`, `${doc}${token}/${encodeURIComponent(escapeToken(name))}`, false)])) : v;
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
      for (const [key, property] of Object.entries(o.properties)) if (!required.includes(key) && isObject(property)) OPTIONAL.add(property);
    }
    PLACES.set(o, { base: root.base, fragment: doc, owner: root.owner });
    inside.delete(value);
    if (!wrap) return o;
    const wrapper = { if: { type: 'null' }, then: true, else: o };
    PLACES.set(wrapper, { base: root.base, fragment: doc, owner: root.owner });
    return wrapper;
  };
  return copy(schema, '', '', true) as Schema;
}

/** The keyword's place in the document: its schema object's place (PLACES) and the keyword; Ajv's own path, after `at`, when the object has none (a `false` schema). */
function schemaPointerOf(error: ErrorObject, at: string): string {
  const place = isObject(error.parentSchema) ? PLACES.get(error.parentSchema) : undefined;
  const keyword = error.schemaPath.split('/').at(-1) ?? error.keyword;
  if (place === undefined) return `${at}${decodeURIComponent(error.schemaPath.replace(/^#/, ''))}`;
  return `${place.base ?? at}${decodeURIComponent(place.fragment)}/${decodeURIComponent(keyword)}`;
}

/** An error's path among all the compiled copies: Ajv's schemaPath is relative to the copy it was compiled in. */
function fullPath(error: ErrorObject): string {
  const place = isObject(error.parentSchema) ? PLACES.get(error.parentSchema) : undefined;
  return `${place?.owner ?? ''}${error.schemaPath}`;
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
  const choices = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').sort((a, b) => fullPath(a).length - fullPath(b).length);
  for (const choice of choices) {
    if (consumed.has(choice)) continue;
    const at = fullPath(choice);
    const branches = errors.filter((e) => e !== choice && fullPath(e).startsWith(`${at}/`) && e.instancePath.startsWith(choice.instancePath));
    for (const b of branches) consumed.add(b);
    const passing = (choice.params as { passingSchemas?: number[] | null }).passingSchemas;
    const n = Array.isArray(choice.schema) ? choice.schema.length : 0;
    if (Array.isArray(passing)) {
      messages.set(choice, `fits ${passing.length} of the schema's ${n} choices (oneOf: ${passing.map((i) => i + 1).join(' and ')}), and must fit exactly one`);
    } else if (branches.length > 0 && branches.every((b) => b.keyword === 'type' && b.instancePath === choice.instancePath)) {
      messages.set(choice, `is ${describe(choice.data)}, the schema says ${[...new Set(branches.flatMap(typesOf))].join(' or ')}`);
    } else {
      const each = Array.from({ length: n }, (_, i) => branches.find((b) => fullPath(b).startsWith(`${at}/${i}/`) && b.keyword !== 'anyOf' && b.keyword !== 'oneOf'))
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
}

/** A schema Ajv could not compile: Ajv's own words. */
interface Unusable {
  readonly unusable: string;
}

function createValidator(family: OpenApiFamily): SchemaValidator {
  // The schemas that belong to no named document (a unit test's, a header's own): compiled in one Ajv of their own.
  const standalone = new DocumentSchemas(family, new WeakMap());
  const compiled = new WeakMap<object, Compiled | Unusable>();
  const booleans = new Map<boolean, Compiled>();
  const compile = (schema: Schema): Compiled | Unusable => {
    const cached = typeof schema === 'boolean' ? booleans.get(schema) : compiled.get(schema);
    if (cached !== undefined) return cached;
    let home = standalone;
    const copy = copyOf(schema, family, undefined, { base: undefined, owner: '' }, (registry) => (home = registry));
    home.flush();
    let key: string | undefined;
    try {
      key = JSON.stringify(copy);
    } catch {
      key = undefined; // a cycle in a keyword's data (an enum's value): compiled, never shared
    }
    // The same schema written out again (each operation's `array of Item`, once $refs are resolved) is compiled once:
    // compiling is most of the CPU an audit of a large document spends.
    const same = key === undefined ? undefined : home.alike.get(key);
    if (same !== undefined) {
      if (typeof schema !== 'boolean') compiled.set(schema, same);
      return same;
    }
    let entry: Compiled | Unusable;
    try {
      entry = { validate: home.ajv.compile(copy) };
    } catch (error) {
      entry = { unusable: home.why(error as Error) };
    } finally {
      // Ajv's own cache would hold every copy for the process's life; this one lets go with the document (its components stay in its Ajv).
      if (typeof copy !== 'boolean') home.ajv.removeSchema(copy as object);
    }
    if (typeof schema === 'boolean') {
      if ('validate' in entry) booleans.set(schema, entry);
    } else {
      compiled.set(schema, entry);
      if (key !== undefined) home.alike.set(key, entry);
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
      const { validate } = usable(schema, at);
      if (decided(() => validate(instance), at) === true) return [];
      return folded(validate.errors ?? []).map(({ error, message }) => ({
        pointer: pointerOfError(error),
        message,
        keyword: error.keyword,
        schemaPointer: schemaPointerOf(error, at),
        optionalNull: error.keyword === 'type' && error.data === null && isObject(error.parentSchema) && OPTIONAL.has(error.parentSchema),
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
