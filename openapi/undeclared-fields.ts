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
 * - A schema with OpenAPI's `discriminator` (the Discriminator Object) also
 *   applies the schema the value's `propertyName` names: by `mapping` (a
 *   `#/components/schemas/Cat` reference or a bare name), else the component
 *   of that name (the implicit mapping). On a oneOf or anyOf it picks the
 *   branch; on a base schema (the spec's Pet, which Cat extends by allOf) it
 *   adds the derived schema, so a Cat's `huntingSkill` is declared where the
 *   document says the answer is a Pet. A value the discriminator names no
 *   schema for is judged as without one.
 * - A field is declared if any of them lists it in `properties`, matches it
 *   by `patternProperties`, or allows more by `additionalProperties` (or
 *   `unevaluatedProperties`) set to true or a schema.
 * - A value none of whose schemas says anything of properties (`{}`,
 *   `{type: object}`, pydantic's `Dict[str, Any]`) is free-form: nothing in it
 *   is undeclared, at any depth.
 * - An array's items are judged by `items` (and `prefixItems`, or draft-07's
 *   tuple `items` with `additionalItems`); an array with none is free-form.
 */
import { isObject, isSchemaObject, type OpenApiFamily, type Schema, type SchemaObject } from './document';
import { patternRegExp } from './pattern';
import { escapeToken } from './pointer';
import { validatorFor, type SchemaValidator } from './schema';

/** A document's named schemas (components.schemas, resolved): what a discriminator's mapping names. */
export type ComponentSchemas = Readonly<Record<string, Schema>>;

/** The resolved document's components.schemas, for undeclaredFields' discriminators; {} when it has none. */
export function componentSchemasOf(root: Readonly<Record<string, unknown>>): ComponentSchemas {
  const components = root.components;
  return isObject(components) && isObject(components.schemas) ? (components.schemas as ComponentSchemas) : {};
}

const COMPONENT = /^#\/components\/schemas\/([^/]+)$/;

/** The schema the discriminator names for `value`, when it names one the document has (OpenAPI 3.0.3 §4.7.25, 3.1 §4.8.25). */
function discriminated(schema: SchemaObject, value: unknown, components: ComponentSchemas): Schema | undefined {
  const discriminator = schema.discriminator;
  if (!isObject(discriminator) || typeof discriminator.propertyName !== 'string' || !isObject(value)) return undefined;
  const name = value[discriminator.propertyName];
  if (typeof name !== 'string') return undefined;
  const mapped = isObject(discriminator.mapping) ? discriminator.mapping[name] : undefined;
  const target = typeof mapped === 'string' ? mapped : name; // no mapping for it: the component named by the value (the implicit mapping)
  const ref = COMPONENT.exec(target);
  const key = ref === null ? target : ref[1].replace(/~1/g, '/').replace(/~0/g, '~');
  if (ref === null && target.includes('/')) return undefined; // a reference to somewhere else (another document): not followed
  return Object.prototype.hasOwnProperty.call(components, key) ? components[key] : undefined;
}

/** What the walk judges by: Ajv for the branches' fits, the document's named schemas for discriminators. */
interface Judges {
  readonly validator: SchemaValidator;
  readonly components: ComponentSchemas;
}

/** Ajv's fit, or, for a schema it cannot compile, a fit: it then declares, rather than report a field on a guess. */
function fits(judges: Judges, value: unknown, schema: Schema): boolean {
  return judges.validator.unusable(schema) !== undefined || judges.validator.fits(value, schema);
}

/** The schemas that apply to `value`: `schema` and the members of its compositions that do (see above). */
function applicable(schema: Schema, value: unknown, judges: Judges, into: SchemaObject[], seen: Set<object>): void {
  if (!isSchemaObject(schema) || seen.has(schema)) return;
  seen.add(schema);
  into.push(schema);
  const named = discriminated(schema, value, judges.components);
  for (const member of schema.allOf ?? []) applicable(member, value, judges, into, seen);
  for (const choices of [schema.anyOf, schema.oneOf]) {
    if (!Array.isArray(choices)) continue;
    if (named !== undefined) continue; // the discriminator picks the branch, below
    const fitting = choices.filter((branch) => fits(judges, value, branch));
    for (const branch of fitting.length > 0 ? fitting : choices) applicable(branch, value, judges, into, seen);
  }
  if (named !== undefined) applicable(named, value, judges, into, seen);
  if (schema.if !== undefined) {
    const passes = fits(judges, value, schema.if);
    if (passes) applicable(schema.if, value, judges, into, seen);
    const branch = passes ? schema.then : schema.else;
    if (branch !== undefined) applicable(branch, value, judges, into, seen);
  }
  if (isSchemaObject(schema.dependentSchemas) && isSchemaObject(value)) {
    for (const [property, dependent] of Object.entries(schema.dependentSchemas)) if (property in value) applicable(dependent as Schema, value, judges, into, seen);
  }
}

function allowsMore(extra: Schema | undefined): extra is Schema {
  return extra !== undefined && extra !== false;
}

function matches(pattern: string, name: string): boolean {
  try {
    return patternRegExp(pattern).test(name);
  } catch {
    return true; // a pattern JavaScript cannot read, or one that cannot decide in time (PatternTimedOut), declares, rather than report a field on a guess
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

function walk(value: unknown, schemas: readonly Schema[], at: string, judges: Judges, found: string[]): void {
  if (value === null || typeof value !== 'object') return;
  const applying: SchemaObject[] = [];
  const seen = new Set<object>();
  for (const schema of schemas) applicable(schema, value, judges, applying, seen);
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, itemSchemas(applying, i), `${at}/${i}`, judges, found));
    return;
  }
  if (!applying.some(saysAnythingOfProperties)) return; // free-form
  for (const [name, field] of Object.entries(value)) {
    const children = fieldSchemas(applying, name);
    if (children === undefined) found.push(`${at}/${escapeToken(name)}`);
    else walk(field, children, `${at}/${escapeToken(name)}`, judges, found);
  }
}

/**
 * Every field of `instance` that `schema` does not declare, as instance
 * pointers in the body's order: ["/0/owner/password"]. A field undeclared is
 * reported alone, not the fields inside it. `family` picks the semantics Ajv
 * judges the anyOf and oneOf branches by; `components`, the document's
 * named schemas (componentSchemasOf), are what discriminators name.
 */
export function undeclaredFields(instance: unknown, schema: Schema, family: OpenApiFamily = '3.1', components: ComponentSchemas = {}): string[] {
  const found: string[] = [];
  walk(instance, [schema], '', { validator: validatorFor(family), components }, found);
  return found;
}
