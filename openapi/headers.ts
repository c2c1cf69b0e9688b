/**
 * Does a response header's value fit the schema the document declares for
 * it? A field value is text (RFC 9110 §5.5); OpenAPI serializes a header by
 * the `simple` style (OpenAPI 3 §4.8.12.4), so the text is read as the
 * schema's type says — an integer, a number, a boolean, a string, an array
 * as a comma-separated list, an object as "k,v,k,v" (or "k=v,k=v" exploded) —
 * and the value read is judged by Ajv, as a body is: enum, pattern, format,
 * minimum and the rest.
 */
import { isSchemaObject, type OpenApiFamily, type Schema } from './document';
import { validatorFor } from './schema';

export interface HeaderSchemaOptions {
  /** The header's `explode` (objects only). */
  readonly explode?: boolean;
  readonly family?: OpenApiFamily;
}

const READERS: Record<string, (text: string) => unknown> = {
  integer: (t) => (/^-?\d+$/.test(t) ? Number(t) : undefined),
  number: (t) => (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t) ? Number(t) : undefined),
  boolean: (t) => (t === 'true' ? true : t === 'false' ? false : undefined),
  string: (t) => t,
};

/** The types a schema allows, null aside, looking into allOf, anyOf and oneOf; every scalar type when it names none. */
function typesOf(schema: Schema | undefined): string[] {
  if (!isSchemaObject(schema)) return ['string', 'number', 'boolean'];
  const own = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? [...schema.type] : [];
  const members = [schema.allOf, schema.anyOf, schema.oneOf].flatMap((list) => (Array.isArray(list) ? list : []));
  const types = [...own, ...members.flatMap((m) => (isSchemaObject(m) && m.type !== undefined ? typesOf(m) : []))].filter((t) => t !== 'null');
  return types.length > 0 ? [...new Set(types)] : ['string', 'number', 'boolean'];
}

/** RFC 9110 §5.6.1: a list's elements are separated by commas with optional whitespace. */
function elements(text: string): string[] {
  return text === '' ? [] : text.split(',').map((e) => e.replace(/^[ \t]+|[ \t]+$/g, ''));
}

/** The scalar `text` stands for, read as the first of the schema's types it reads as. */
function scalar(text: string, schema: Schema | undefined): unknown {
  for (const type of typesOf(schema)) {
    const value = READERS[type]?.(text);
    if (value !== undefined) return value;
  }
  return text; // not readable as the schema's types: left as text, for Ajv to say so
}

/** The values `text` may stand for under the schema, one per type it allows. */
function readings(text: string, schema: Schema | undefined, explode: boolean): unknown[] {
  const out: unknown[] = [];
  const properties = isSchemaObject(schema) && isSchemaObject(schema.properties) ? schema.properties : {};
  for (const type of typesOf(schema)) {
    if (type === 'array') {
      const items = isSchemaObject(schema) && !Array.isArray(schema.items) ? (schema.items as Schema | undefined) : undefined;
      out.push(elements(text).map((e) => scalar(e, items)));
    } else if (type === 'object') {
      const parts = elements(text);
      const pairs = explode ? parts.map((p) => [p.split('=')[0], p.split('=').slice(1).join('=')]) : Array.from({ length: Math.ceil(parts.length / 2) }, (_, i) => [parts[2 * i], parts[2 * i + 1] ?? '']);
      out.push(Object.fromEntries(pairs.map(([k, v]) => [k, scalar(v, properties[k])])));
    } else {
      const value = READERS[type]?.(text);
      if (value !== undefined) out.push(value);
    }
  }
  return out;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/**
 * Why `value` does not fit the header's schema, in plain words; null when it
 * does (or when no schema is declared: a header declared by `content` alone
 * is not judged).
 */
export function headerValueMismatch(value: string, schema: Schema | undefined, options: HeaderSchemaOptions = {}): string | null {
  if (schema === undefined) return null;
  const text = value.replace(/^[ \t]+|[ \t]+$/g, ''); // RFC 9110 §5.5: leading and trailing whitespace is not part of the value
  const candidates = readings(text, schema, options.explode === true);
  if (candidates.length === 0) return `"${text}" is not ${typesOf(schema).map(article).join(' or ')}`;
  const validator = validatorFor(options.family ?? '3.1');
  let first: string | undefined;
  for (const candidate of candidates) {
    const violations = validator.violations(candidate, schema);
    if (violations.length === 0) return null;
    if (first === undefined) {
      const v = violations[0];
      first = v.pointer === '' ? `"${text}" ${v.message}` : `"${text}" at ${v.pointer} ${v.message}`;
    }
  }
  return first ?? null;
}

export function headerValueFits(value: string, schema: Schema | undefined, options: HeaderSchemaOptions = {}): boolean {
  return headerValueMismatch(value, schema, options) === null;
}
