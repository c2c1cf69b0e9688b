/**
 * The OpenAPI document the sentences about it read (steps/openapi.steps.ts):
 * --openapi's file (relative to the current directory) or URL, by default
 * the target's /openapi.json, where FastAPI serves it. Read the first time a
 * scenario asks and kept for the rest of the run, per source: one request
 * for the whole run, however many scenarios use it. A document that cannot
 * be read stops every scenario that asks, each with the same one-line
 * message naming --openapi: an error of the run (exit 2), never a failure
 * of the server.
 *
 * The cache is the run's (browser/run-scope.ts): a World lives for one
 * scenario, the document for the run, shared by its shards and engines. Each
 * run has its own, so a document served anew is read anew by the next run,
 * and two runs side by side never read each other's.
 */
import path from 'node:path';
import { withoutUserinfo } from '../../http/target';
import type { ConformanceParameters } from '../../browser/parameters';
import { runScopeOf, type RunScope } from '../../browser/run-scope';
import type { ResolvedDocument } from '../../openapi/document';
import { DEFAULT_DOCUMENT_PATH, DocumentFetchError, fetchDocumentText, isDocumentUrl, type FetchRules } from '../../openapi/fetch';
import { DocumentError } from '../../openapi/errors';
import { matchingTemplates, operationFor, pathOnly } from '../../openapi/match';
import { operationsOf, type Operation } from '../../openapi/operations';
import { pointerOf } from '../../openapi/pointer';
import { shownStatus } from './verdict';

export interface LoadedDocument {
  /** Where it came from, as messages name it: the URL (without userinfo) or the file as given. */
  readonly source: string;
  readonly document: ResolvedDocument;
  readonly operations: readonly Operation[];
}

/**
 * The document could not be had (no such file, a 404, no answer). A
 * DocumentError says the document itself is wrong; this says there is none
 * to read. Both end the scenario as an error of the run, with their
 * message alone (runner/run/thrown.ts): the server broke no rule.
 */
export class DocumentUnavailable extends Error {
  override name = 'DocumentUnavailable';
}

/** Each run's documents, by source; gone with the run's scope. */
const loads = new WeakMap<RunScope, Map<string, Promise<LoadedDocument>>>();

/**
 * The sentences' reading (openapi/fetch.ts): any scheme:// is a URL (and
 * refused unless http(s)), only a 200 is the document, a redirect is refused
 * saying so, and the run's --header values go with the client, so the
 * suite's Accept header stands.
 */
const STEPS_RULES: FetchRules = { urls: 'any-scheme', ok: '200', headers: 'with-client' };

/** Where the document is, and how messages name it: "--openapi spec.json", or the default URL saying how to give another. */
interface Place {
  readonly kind: 'file' | 'url';
  /** The absolute file, or the URL. */
  readonly at: string;
  /** The message's subject, the DocumentError's source. */
  readonly label: string;
  /** The place as shown elsewhere. */
  readonly shown: string;
}

/** A URL as messages show it: without its userinfo (it may hold a password); as written when it does not parse. */
function shownUrl(text: string): string {
  try {
    return withoutUserinfo(text);
  } catch {
    return text;
  }
}

function placeOf(parameters: ConformanceParameters, target: string): Place {
  const given = parameters.openapi;
  if (given === undefined) {
    const url = `${target.replace(/\/+$/, '')}${DEFAULT_DOCUMENT_PATH}`;
    const shown = shownUrl(url);
    return { kind: 'url', at: url, shown, label: `${shown} (the default without --openapi FILE|URL)` };
  }
  if (isDocumentUrl(given, STEPS_RULES.urls)) return { kind: 'url', at: given, shown: shownUrl(given), label: `--openapi ${shownUrl(given)}` };
  return { kind: 'file', at: path.resolve(given), shown: given, label: `--openapi ${given}` };
}

/** The sentences' words for a document that cannot be had, naming --openapi. */
function unavailable(error: DocumentFetchError, place: Place): DocumentUnavailable {
  switch (error.code) {
    case 'no-such-file': {
      const looked = place.at === place.shown ? '' : ` (looked for ${place.at})`;
      return new DocumentUnavailable(`${place.label}: no such file${looked}. Give the document's file, relative to the current directory, or its URL, such as http://127.0.0.1:8000/openapi.json.`);
    }
    case 'a-folder':
      return new DocumentUnavailable(`${place.label}: a folder, not a document. Give the document's file itself, such as openapi.json.`);
    case 'unreadable':
      return new DocumentUnavailable(`${place.label}: the file cannot be read (${error.systemCode ?? error.detail}).`);
    case 'not-a-url':
      return new DocumentUnavailable(`${place.label}: not a URL. Give an http(s) URL, such as http://127.0.0.1:8000/openapi.json, or a file.`);
    case 'not-http':
      return new DocumentUnavailable(`${place.label}: the suite reads http(s) URLs and files, not ${error.protocol} URLs.`);
    case 'unreachable':
      return new DocumentUnavailable(`${place.label}: ${error.message}. Serve the document there, or give its place with --openapi FILE|URL.`);
    case 'redirect':
      return new DocumentUnavailable(`${place.label}: the answer is ${shownStatus(error.status!)}, a redirect to ${error.location ?? 'nowhere (no Location)'}, and redirects are not followed. Give the final URL with --openapi.`);
    case 'not-a-document':
      return new DocumentUnavailable(`${place.label}: the answer is ${shownStatus(error.status!)}, not a document. Serve it there (FastAPI does, unless openapi_url=None), or give its file or URL with --openapi FILE|URL.`);
  }
}

/**
 * The document's text, through the suite's own client: the run's timeout,
 * and the run's --header values only on the target's own origin (an API key
 * is not sent to another host).
 */
async function placeText(place: Place, parameters: ConformanceParameters, target: string): Promise<string> {
  try {
    const settings = { target, timeoutMs: parameters.timeoutMs, insecure: parameters.insecure, headers: parameters.headers, breaker: runScopeOf(parameters).breaker };
    return (await fetchDocumentText(place.at, settings, STEPS_RULES)).text;
  } catch (error) {
    if (error instanceof DocumentFetchError) throw unavailable(error, place);
    throw error;
  }
}

async function load(place: Place, parameters: ConformanceParameters, target: string): Promise<LoadedDocument> {
  const text = await placeText(place, parameters, target);
  // The label is the DocumentError's source, so its one-line message names --openapi too.
  // The parser and the $ref resolver load with the first document a run reads, not with the steps.
  const { parseDocument, resolveDocument } = await import('../../openapi/load');
  const document = await resolveDocument(parseDocument(text, place.label));
  return { source: place.shown, document, operations: operationsOf(document) };
}

/**
 * The run's document, read once per run and source; rejects with a
 * DocumentError or a DocumentUnavailable, whose message is one line naming
 * --openapi. `target` is the run's base URL (the World's).
 */
export function theDocument(parameters: ConformanceParameters, target: string): Promise<LoadedDocument> {
  const place = placeOf(parameters, target);
  const key = `${place.kind} ${place.at}`;
  const run = runScopeOf(parameters);
  const ofRun = loads.get(run) ?? new Map<string, Promise<LoadedDocument>>();
  loads.set(run, ofRun);
  let loading = ofRun.get(key);
  if (loading === undefined) {
    loading = load(place, parameters, target);
    // A failure is kept as well: every scenario that asks fails with it, and the source is asked once.
    loading.catch(() => undefined);
    ofRun.set(key, loading);
  }
  return loading;
}

/** Whether the error is one of the document's (the message is then all a reader needs), rather than a bug. */
export function isDocumentProblem(error: unknown): error is DocumentError | DocumentUnavailable {
  return error instanceof DocumentError || error instanceof DocumentUnavailable;
}

export type Located =
  | { readonly ok: true; readonly operation: Operation }
  | { readonly ok: false; readonly why: string; readonly pointer: string };

/**
 * The operation a request was an instance of: among the path templates that
 * match its path, the most literal ("/api/items/featured" before
 * "/api/items/{item_id}", as OpenAPI 3 says concrete paths match first),
 * with the request's method. `paths` are tried in turn: the path from the
 * target's base URL first, then the URL's whole path, for a document whose
 * paths carry the prefix the target has too.
 */
export function locateOperation(operations: readonly Operation[], method: string, paths: readonly string[]): Located {
  for (const requestPath of paths) {
    const templates = matchingTemplates(operations, requestPath);
    if (templates.length === 0) continue;
    const operation = operationFor(operations, method, requestPath);
    if (operation !== undefined) return { ok: true, operation };
    const best = templates[0];
    const methods = operations.filter((o) => o.path === best).map((o) => o.method);
    return { ok: false, why: `the document declares no ${method.toUpperCase()} operation on ${best}, only ${methods.join(', ')}`, pointer: pointerOf(['paths', best]) };
  }
  const declared = [...new Set(operations.map((o) => o.path))];
  return { ok: false, why: `no path of the document matches ${pathOnly(paths[0] ?? '/')} (it declares ${declared.length === 0 ? 'none' : declared.join(', ')})`, pointer: '#/paths' };
}
