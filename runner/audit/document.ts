/**
 * The API's OpenAPI document, for the audit: fetched through the audit's own
 * HTTP client (so --timeout, --insecure and --header apply), or read from a
 * file, then parsed and resolved by the document layer (openapi/load.ts).
 * Also what the document says of itself (title, version, OpenAPI version),
 * whether FastAPI wrote it (so advice can be in FastAPI's terms), and
 * whether its `servers` point somewhere else than --target.
 */
import { statusWithReason } from '../../http/status';
import { withoutUserinfo } from '../../http/target';
import { isObject, type ResolvedDocument } from '../../openapi/document';
import { DocumentFetchError, fetchDocumentText, type FetchRules, type FetchSettings } from '../../openapi/fetch';
import { DocumentError, parseDocument, resolveDocument } from '../../openapi/load';
import type { Operation } from '../../openapi/operations';
import { AuditError } from './errors';

/** Where FastAPI serves the document (FastAPI(openapi_url=...) moves it). */
export { DEFAULT_DOCUMENT_PATH } from '../../openapi/fetch';

/** The framework the advice speaks of: FastAPI when the document looks written by it, else none (the advice is then in HTTP's terms). */
export type Framework = 'FastAPI' | null;

export interface DocumentSummary {
  /** The URL or file it was read from. */
  readonly source: string;
  /** info.title and info.version: the API's name and its own version. */
  readonly title: string;
  readonly version: string;
  /** The `openapi` field: '3.0.2', '3.1.0'. */
  readonly openapi: string;
  readonly framework: Framework;
  /** How many operations it declares. */
  readonly operations: number;
  /** What the reader should know about the document, each said once: its servers are not --target, it omits nullable. */
  readonly notes: readonly string[];
}

/** --target, --timeout, --insecure and --header (sent with the document's request when it is on --target's origin, never to another host). */
export type ClientSettings = FetchSettings;


/**
 * The audit's reading (openapi/fetch.ts): only http(s):// is a URL, any 2xx
 * is the document, a redirect is not one, and --header follows the Accept
 * header (a --header Accept replaces it).
 */
const AUDIT_RULES: FetchRules = { urls: 'http', ok: '2xx', headers: 'after-accept' };

/** The audit's words for a document that cannot be had. */
function auditMessage(error: DocumentFetchError, source: string | undefined): string {
  switch (error.code) {
    case 'unreachable':
      return error.message;
    case 'redirect':
    case 'not-a-document':
      return source === undefined
        ? `no OpenAPI document at ${error.url} (it answered ${statusWithReason(error.status!)}): name the document with --openapi FILE|URL, or the routes to audit with --route "METHOD /path"`
        : `--openapi ${error.url}: it answered ${statusWithReason(error.status!)}, not a document`;
    // 'not-http' does not happen: for the audit only http(s):// is a URL, any other text a file.
    case 'not-a-url':
    case 'not-http':
      return `--openapi ${source}: not a URL; give the document's file or its http(s) URL`;
    case 'no-such-file':
      return `--openapi ${source}: no such file; give the document's file or its http(s) URL`;
    case 'a-folder':
      return `--openapi ${source}: a folder, not a document; give the document's file (openapi.json or openapi.yaml)`;
    case 'unreadable':
      return `--openapi ${source}: ${error.detail}`;
  }
}

/** The document's text and the name its errors give it. */
async function documentText(source: string | undefined, settings: ClientSettings): Promise<{ text: string; shown: string; url?: string }> {
  try {
    return await fetchDocumentText(source, settings, AUDIT_RULES);
  } catch (error) {
    if (error instanceof DocumentFetchError) throw new AuditError(auditMessage(error, source));
    throw error;
  }
}

/**
 * The document named by --openapi, or <target>/openapi.json when none is
 * named; resolved, every `$ref` replaced. Rejects with an AuditError of one
 * line: not there, not JSON or YAML, not OpenAPI 3, a `$ref` to nowhere.
 */
export async function loadDocument(source: string | undefined, settings: ClientSettings): Promise<{ document: ResolvedDocument; url?: string }> {
  const { text, shown, url } = await documentText(source, settings);
  try {
    return { document: await resolveDocument(parseDocument(text, shown)), url };
  } catch (error) {
    if (error instanceof DocumentError) throw new AuditError(error.message);
    throw error;
  }
}

/**
 * FastAPI, when the document looks written by it: it adds the schemas
 * HTTPValidationError and ValidationError for any app with a parameter or a
 * body, and names every operation {function}_{path}_{method}
 * (fastapi.utils.generate_unique_id). Either is enough.
 */
export function frameworkOf(document: ResolvedDocument, operations: readonly Operation[]): Framework {
  const components = document.root.components;
  const schemas = isObject(components) && isObject(components.schemas) ? components.schemas : {};
  if ('HTTPValidationError' in schemas && 'ValidationError' in schemas) return 'FastAPI';
  const named = operations.filter((o) => o.operationId !== undefined);
  const fastApiId = (o: Operation) => o.operationId!.endsWith(`${o.path.replace(/\W/g, '_')}_${o.method.toLowerCase()}`);
  return named.length > 0 && named.length === operations.length && named.every(fastApiId) ? 'FastAPI' : null;
}

/** A Server Object's URL with its variables at their defaults (OpenAPI 3 §4.8.5). */
function serverUrl(server: Readonly<Record<string, unknown>>): string | undefined {
  if (typeof server.url !== 'string') return undefined;
  const variables = isObject(server.variables) ? server.variables : {};
  return server.url.replace(/\{([^{}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    return isObject(variable) && typeof variable.default === 'string' ? variable.default : whole;
  });
}

/**
 * A note when the document's `servers` name another place than --target:
 * the operations are called on --target all the same (it wins), and the
 * report says so. Relative URLs are read against the document's own URL, or
 * --target for a file. Null when a server is --target, or there are none.
 */
export function serversNote(document: ResolvedDocument, target: string, documentUrl?: string): string | null {
  const servers = Array.isArray(document.root.servers) ? document.root.servers.filter(isObject) : [];
  const base = documentUrl ?? `${target}/`;
  const urls = servers.flatMap((server) => {
    const url = serverUrl(server);
    if (url === undefined) return [];
    try {
      return [withoutUserinfo(new URL(url, base).href)];
    } catch {
      return [url];
    }
  });
  const shownTarget = withoutUserinfo(target);
  if (urls.length === 0 || urls.includes(shownTarget)) return null;
  return `the document's servers are ${urls.join(', ')}, not --target ${shownTarget}: every operation was called on --target, which wins`;
}
