/**
 * From text to a document the other modules can walk: parsed as JSON or
 * YAML (the `yaml` library), checked to be OpenAPI 3.0.x or 3.1.x, then its
 * `$ref`s resolved by @apidevtools/json-schema-ref-parser, recursive schemas
 * included. Fetching the text is the audit's job (through http/client.ts);
 * this takes text and never reads a file or the network: a `$ref` to another
 * document is an error, not a fetch.
 */
import { $RefParser, JSONParserErrorGroup, MissingPointerError } from '@apidevtools/json-schema-ref-parser';
import { parse as parseYaml } from 'yaml';
import { isObject, type OpenApiDocument, type OpenApiFamily, type ResolvedDocument } from './document';
import { DocumentError } from './errors';
import { pointerOf } from './pointer';
import { nameComponents } from './schema';

export { DocumentError, type DocumentErrorCode } from './errors';

const WHERE_FASTAPI_SERVES_IT = 'Point the suite at the document itself: FastAPI serves it at /openapi.json (the page at /docs only shows it).';

function parseText(text: string, source: string): Record<string, unknown> {
  if (text.trim() === '') throw new DocumentError('not-json-or-yaml', source, 'it is empty', WHERE_FASTAPI_SERVES_IT);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (jsonError) {
    try {
      value = parseYaml(text); // YAML 1.2 is a superset of JSON; JSON.parse first gives JSON's own errors and speed
    } catch (yamlError) {
      const why = /^\s*[[{]/.test(text) ? (jsonError as Error).message : (yamlError as Error).message.split('\n')[0];
      throw new DocumentError('not-json-or-yaml', source, `it parses as neither JSON nor YAML (${why})`, WHERE_FASTAPI_SERVES_IT);
    }
  }
  if (!isObject(value)) {
    const what = typeof value === 'string' ? `one string, starting "${value.slice(0, 40)}"` : JSON.stringify(value);
    throw new DocumentError('not-json-or-yaml', source, `it reads as ${what}, not as an object`, WHERE_FASTAPI_SERVES_IT);
  }
  return value;
}

/** OpenAPI 3.0.x or 3.1.x, from the `openapi` field; an error naming what is there otherwise. */
function familyOf(root: Record<string, unknown>, source: string): OpenApiFamily {
  if ('swagger' in root) {
    throw new DocumentError('swagger-2', source, `it is a Swagger ${String(root.swagger)} document, not OpenAPI 3`, 'Convert it to OpenAPI 3 (for example with swagger2openapi: npx swagger2openapi swagger.json -o openapi.json); FastAPI itself writes OpenAPI 3.', '#/swagger');
  }
  const openapi = root.openapi;
  if (openapi === undefined) throw new DocumentError('not-openapi-3', source, 'it has no "openapi" field, so it is not an OpenAPI document', WHERE_FASTAPI_SERVES_IT);
  if (typeof openapi === 'number') {
    throw new DocumentError('not-openapi-3', source, `"openapi" is the number ${openapi}, not a version string (YAML reads an unquoted 3.0 as a number)`, 'Quote it: openapi: "3.0.3".', '#/openapi');
  }
  const match = typeof openapi === 'string' ? /^3\.(\d+)\.\d+(-.+)?$/.exec(openapi) : null;
  if (match === null) throw new DocumentError('not-openapi-3', source, `"openapi" is ${JSON.stringify(openapi)}, not an OpenAPI 3 version (3.0.x or 3.1.x)`, 'The suite reads OpenAPI 3.0.x and 3.1.x documents.', '#/openapi');
  if (match[1] === '0' || match[1] === '1') return `3.${match[1]}` as OpenApiFamily;
  throw new DocumentError('unsupported-openapi-version', source, `it is OpenAPI ${String(openapi)}, and the suite reads 3.0.x and 3.1.x`, 'Serve a 3.1 document, or open an issue asking for this version.', '#/openapi');
}

/** The document in `text` (JSON or YAML), with its version and info read; its `$ref`s are still in place. */
export function parseDocument(text: string, source: string): OpenApiDocument {
  const root = parseText(text, source);
  const family = familyOf(root, source);
  const info = root.info;
  if (!isObject(info) || typeof info.title !== 'string' || typeof info.version !== 'string') {
    throw new DocumentError('missing-info', source, 'it has no info object with a title and a version, which OpenAPI 3 requires', 'Add them (FastAPI writes them from FastAPI(title=..., version=...)).', '#/info');
  }
  return { source, openapi: root.openapi as string, family, info: { title: info.title, version: info.version }, root };
}

/** The `$ref` written at `path` in the unresolved document, for the error's text. */
function refAt(root: unknown, path: readonly (string | number)[]): string {
  let here = root;
  for (const token of path) here = isObject(here) ? here[token] : undefined;
  return isObject(here) && typeof here.$ref === 'string' ? here.$ref : '(unknown)';
}

function refError(doc: OpenApiDocument, parser: $RefParser, error: unknown): DocumentError {
  if (!(error instanceof JSONParserErrorGroup)) {
    return new DocumentError('unresolved-ref', doc.source, `a $ref could not be resolved (${(error as Error).message})`, 'Correct the $ref so that it points to a place in this document, such as "#/components/schemas/Item".');
  }
  const errors = error.errors;
  const missing = errors.filter((e): e is MissingPointerError => e instanceof MissingPointerError);
  if (missing.length > 0) {
    const problems = missing.map((e) => `the $ref at ${pointerOf(e.path ?? [])} points to ${e.targetRef}, which is not in the document`);
    const first = missing[0];
    let suggestion = 'Correct the $ref, or add what it points to.';
    try {
      const found: unknown = parser.$refs.get(first.targetFound);
      if (isObject(found)) suggestion = `Correct the $ref, or add what it points to (${first.targetFound} has ${Object.keys(found).join(', ') || 'nothing'}).`;
    } catch {
      // no listing of what is there; the plain suggestion stands
    }
    return new DocumentError('unresolved-ref', doc.source, problems.join('; '), suggestion, pointerOf(first.path ?? []));
  }
  const external = errors.map((e) => `the $ref at ${pointerOf(e.path ?? [])} points to another document (${refAt(doc.root, e.path ?? [])})`);
  return new DocumentError('external-ref', doc.source, external.join('; '), 'The suite reads one document and fetches nothing else: bundle it into one first (for example with npx @redocly/cli bundle openapi.yaml -o openapi.json).', pointerOf(errors[0]?.path ?? []));
}

/**
 * The document with every `$ref` replaced by what it points to. A recursive
 * schema (Category { children: Category[] }) becomes a cycle of objects. The
 * document given is not changed. Rejects with a DocumentError ('unresolved-ref',
 * 'external-ref') naming each `$ref` at fault by its pointer.
 */
export async function resolveDocument(doc: OpenApiDocument): Promise<ResolvedDocument> {
  const parser = new $RefParser();
  // One copy, resolved in place: told not to change its input, the library copies the whole document
  // (JSON.parse(JSON.stringify)) once in each of its three stages, 15% of an audit of GitHub's 5.7 MB document.
  const copy = JSON.parse(JSON.stringify(doc.root)) as Record<string, unknown>;
  try {
    const root = await parser.dereference(copy, {
      resolve: { file: false, http: false }, // no reads: a $ref to another file or URL fails as 'external-ref'
      continueOnError: true, // every broken $ref in one error, not the first alone
      mutateInputSchema: true,
      dereference: { circular: true },
    });
    // Its named schemas are each compiled once, and referred to by the schemas that reach them (openapi/schema.ts).
    nameComponents(root as Record<string, unknown>, doc.family);
    return { ...doc, root: root as Record<string, unknown>, resolved: true };
  } catch (error) {
    throw refError(doc, parser, error);
  }
}
