/**
 * The fields of a JSON body that its schema does not declare, at any depth.
 * FastAPI never writes `additionalProperties: false`, so a schema validator
 * lets an extra field through; but a field the response model does not
 * declare means the model did not filter the answer (fastapi#847: a password
 * leaked through a nested model). Fastify's docs say the same of response
 * schemas: they "help prevent accidental disclosure of sensitive information".
 *
 * The rules, for an object value and the schemas that apply to it:
 * - The schemas that apply are the schema, every member of its allOf, and of
 *   its anyOf and oneOf the branches the value fits (Ajv decides); when it
 *   fits none, all of them, so that a body with a schema error still has its
 *   extra fields found. Also `then` or `else` by `if`, and dependentSchemas
 *   whose property is present.
 * - A field is declared if any of them lists it in `properties`, matches it
 *   by `patternProperties`, or allows more by `additionalProperties` (or
 *   `unevaluatedProperties`) set to true or a schema.
 * - A value none of whose schemas says anything of properties (`{}`,
 *   `{type: object}`, pydantic's `Dict[str, Any]`) is free-form: nothing in it
 *   is undeclared, at any depth.
 * - An array's items are judged by `items` (and `prefixItems`, or draft-07's
 *   tuple `items` with `additionalItems`); an array with none is free-form.
 */
import { isSchemaObject, type OpenApiFamily, type Schema, type SchemaObject } from './document';
import { patternRegExp } from './pattern';
import { escapeToken } from './pointer';
import { validatorFor, type SchemaValidator } from './schema';

/** The schemas that apply to `value`: `schema` and the members of its compositions that do (see above). */
function applicable(schema: Schema, value: unknown, validator: SchemaValidator, into: SchemaObject[], seen: Set<object>): void {
  if (!isSchemaObject(schema) || seen.has(schema)) return;
  seen.add(schema);
  into.push(schema);
  for (const member of schema.allOf ?? []) applicable(member, value, validator, into, seen);
  for (const choices of [schema.anyOf, schema.oneOf]) {
    if (!Array.isArray(choices)) continue;
    const fitting = choices.filter((branch) => validator.fits(value, branch));
    for (const branch of fitting.length > 0 ? fitting : choices) applicable(branch, value, validator, into, seen);
  }
  if (schema.if !== undefined) {
    const passes = validator.fits(value, schema.if);
    if (passes) applicable(schema.if, value, validator, into, seen);
    const branch = passes ? schema.then : schema.else;
    if (branch !== undefined) applicable(branch, value, validator, into, seen);
  }
  if (isSchemaObject(schema.dependentSchemas) && isSchemaObject(value)) {
    for (const [property, dependent] of Object.entries(schema.dependentSchemas)) if (property in value) applicable(dependent as Schema, value, validator, into, seen);
  }
}

function allowsMore(extra: Schema | undefined): extra is Schema {
  return extra !== undefined && extra !== false;
}

function matches(pattern: string, name: string): boolean {
  try {
    return patternRegExp(pattern).test(name);
  } catch {
    return true; // a pattern JavaScript cannot read declares, rather than report a field on a guess
  }
}

function saysAnythingOfProperties(s: SchemaObject): boolean {
  return s.properties !== undefined || s.patternProperties !== undefined || s.additionalProperties !== undefined || s.unevaluatedProperties !== undefined;
}

/** The schemas of one field of an object, or undefined when none declares it. */
function fieldSchemas(schemas: readonly SchemaObject[], name: string): Schema[] | undefined {
  const children: Schema[] = [];
  let declared = false;
  for (const s of schemas) {
    let named = false;
    if (s.properties !== undefined && Object.prototype.hasOwnProperty.call(s.properties, name)) {
      children.push(s.properties[name]);
      named = true;
    }
    for (const [pattern, child] of Object.entries(s.patternProperties ?? {})) {
      if (matches(pattern, name)) {
        children.push(child);
        named = true;
      }
    }
    // additionalProperties applies to what neither properties nor patternProperties of the same schema named.
    const extra = allowsMore(s.additionalProperties) ? s.additionalProperties : (s.unevaluatedProperties as Schema | undefined);
    if (!named && allowsMore(extra)) {
      children.push(extra);
      named = true;
    }
    declared ||= named;
  }
  return declared ? children : undefined;
}

/** The schemas of an array's item at `index`. */
function itemSchemas(schemas: readonly SchemaObject[], index: number): Schema[] {
  const children: Schema[] = [];
  for (const s of schemas) {
    const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? (s.items as readonly Schema[]) : undefined;
    if (prefix !== undefined && index < prefix.length) children.push(prefix[index]);
    else if (Array.isArray(s.items)) {
      if (allowsMore(s.additionalItems)) children.push(s.additionalItems);
    } else if (s.items !== undefined) children.push(s.items as Schema);
  }
  return children;
}

function walk(value: unknown, schemas: readonly Schema[], at: string, validator: SchemaValidator, found: string[]): void {
  if (value === null || typeof value !== 'object') return;
  const applying: SchemaObject[] = [];
  const seen = new Set<object>();
  for (const schema of schemas) applicable(schema, value, validator, applying, seen);
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, itemSchemas(applying, i), `${at}/${i}`, validator, found));
    return;
  }
  if (!applying.some(saysAnythingOfProperties)) return; // free-form
  for (const [name, field] of Object.entries(value)) {
    const children = fieldSchemas(applying, name);
    if (children === undefined) found.push(`${at}/${escapeToken(name)}`);
    else walk(field, children, `${at}/${escapeToken(name)}`, validator, found);
  }
}

/**
 * Every field of `instance` that `schema` does not declare, as instance
 * pointers in the body's order: ["/0/owner/password"]. A field undeclared is
 * reported alone, not the fields inside it. `family` picks the semantics Ajv
 * judges the anyOf and oneOf branches by.
 */
export function undeclaredFields(instance: unknown, schema: Schema, family: OpenApiFamily = '3.1'): string[] {
  const found: string[] = [];
  walk(instance, [schema], '', validatorFor(family), found);
  return found;
}
