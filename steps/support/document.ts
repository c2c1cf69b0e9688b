/**
 * The OpenAPI document the sentences about it read (steps/openapi.steps.ts):
 * --openapi's file (relative to the current directory) or URL, by default
 * the target's /openapi.json, where FastAPI serves it. Read the first time a
 * scenario asks and kept for the rest of the run, per source: one request
 * for the whole run, however many scenarios use it. A document that cannot
 * be read fails every scenario that asks, each with the same one-line
 * message naming --openapi.
 *
 * The cache is process-wide, as the reference server is (reference-fixture.ts):
 * a World lives for one scenario, the document for the run. Each run starts
 * it afresh (BeforeAll), so a document served anew is read anew by the next run.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BeforeAll } from '@cucumber/cucumber';
import { TargetClient, TargetError } from '../../http/client';
import { getCombined, type HeaderList } from '../../http/header-list';
import { withoutUserinfo } from '../../http/target';
import type { ConformanceParameters } from '../../browser/parameters';
import type { ResolvedDocument } from '../../openapi/document';
import { DocumentError, parseDocument, resolveDocument } from '../../openapi/load';
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
 * to read. Both fail the scenario as a broken promise of the server, never
 * as a crash of the harness.
 */
export class DocumentUnavailable extends Error {
  override name = 'DocumentUnavailable';
}

const loads = new Map<string, Promise<LoadedDocument>>();
/** The parameters object of the run the cache is for: --parallel's shards share one, so the first to start clears and the others keep what it reads. */
let cachedFor: object | undefined;

BeforeAll(function (this: { parameters: object }) {
  if (this.parameters === cachedFor) return;
  cachedFor = this.parameters;
  loads.clear();
});

function isUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}

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
    const url = `${target.replace(/\/+$/, '')}/openapi.json`;
    const shown = shownUrl(url);
    return { kind: 'url', at: url, shown, label: `${shown} (the default without --openapi FILE|URL)` };
  }
  if (isUrl(given)) return { kind: 'url', at: given, shown: shownUrl(given), label: `--openapi ${shownUrl(given)}` };
  return { kind: 'file', at: path.resolve(given), shown: given, label: `--openapi ${given}` };
}

async function fileText(place: Place): Promise<string> {
  try {
    return await readFile(place.at, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const looked = place.at === place.shown ? '' : ` (looked for ${place.at})`;
    if (code === 'ENOENT') throw new DocumentUnavailable(`${place.label}: no such file${looked}. Give the document's file, relative to the current directory, or its URL, such as http://127.0.0.1:8000/openapi.json.`);
    if (code === 'EISDIR') throw new DocumentUnavailable(`${place.label}: a folder, not a document. Give the document's file itself, such as openapi.json.`);
    throw new DocumentUnavailable(`${place.label}: the file cannot be read (${code ?? (error as Error).message}).`);
  }
}

/**
 * The URL's text, through the suite's own client: the run's timeout, and
 * the run's --header values only on the target's own origin (an API key is
 * not sent to another host).
 */
async function urlText(place: Place, parameters: ConformanceParameters, target: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(place.at);
  } catch {
    throw new DocumentUnavailable(`${place.label}: not a URL. Give an http(s) URL, such as http://127.0.0.1:8000/openapi.json, or a file.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DocumentUnavailable(`${place.label}: the suite reads http(s) URLs and files, not ${url.protocol} URLs.`);
  const base = new URL(url.href);
  base.pathname = '/';
  base.search = '';
  base.hash = '';
  const sameOrigin = url.origin === new URL(target).origin;
  const headers: HeaderList = sameOrigin ? parameters.headers : [];
  const client = new TargetClient({ target: base.href, timeoutMs: parameters.timeoutMs, extraHeaders: headers, insecure: parameters.insecure });
  let answer;
  try {
    answer = await client.send({ method: 'GET', path: `${url.pathname}${url.search}`, headers: [['Accept', 'application/json, application/yaml;q=0.9, */*;q=0.1']] });
  } catch (error) {
    if (error instanceof TargetError) throw new DocumentUnavailable(`${place.label}: ${error.message}. Serve the document there, or give its place with --openapi FILE|URL.`);
    throw error;
  }
  if (answer.status >= 300 && answer.status < 400) {
    const location = getCombined(answer.headers, 'Location') ?? 'nowhere (no Location)';
    throw new DocumentUnavailable(`${place.label}: the answer is ${shownStatus(answer.status)}, a redirect to ${location}, and redirects are not followed. Give the final URL with --openapi.`);
  }
  if (answer.status !== 200) {
    throw new DocumentUnavailable(`${place.label}: the answer is ${shownStatus(answer.status)}, not a document. Serve it there (FastAPI does, unless openapi_url=None), or give its file or URL with --openapi FILE|URL.`);
  }
  return answer.text;
}

async function load(place: Place, parameters: ConformanceParameters, target: string): Promise<LoadedDocument> {
  const text = place.kind === 'file' ? await fileText(place) : await urlText(place, parameters, target);
  // The label is the DocumentError's source, so its one-line message names --openapi too.
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
  let loading = loads.get(key);
  if (loading === undefined) {
    loading = load(place, parameters, target);
    // A failure is kept as well: every scenario that asks fails with it, and the source is asked once.
    loading.catch(() => undefined);
    loads.set(key, loading);
  }
  return loading;
}

/** Whether the error is one of the document's (the message is then all a reader needs), rather than a bug. */
export function isDocumentProblem(error: unknown): error is DocumentError | DocumentUnavailable {
  return error instanceof DocumentError || error instanceof DocumentUnavailable;
}

/** A path template's segments, each a pattern and how literal it is: 2 literal, 1 part literal ("{id}.json"), 0 a variable alone. */
function compiled(template: string): { readonly patterns: RegExp[]; readonly literalness: number[] } {
  const segments = template.split('/').slice(1);
  return {
    patterns: segments.map((segment) => new RegExp(`^${segment.split(/\{[^{}]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`)),
    literalness: segments.map((segment) => (!segment.includes('{') ? 2 : /^\{[^{}]*\}$/.test(segment) ? 0 : 1)),
  };
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Does the template match the path (no query), segment by segment? */
function templateMatches(template: string, pathOnly: string): { readonly literalness: number[] } | undefined {
  const segments = pathOnly.split('/').slice(1);
  const { patterns, literalness } = compiled(template);
  if (patterns.length !== segments.length) return undefined;
  return patterns.every((pattern, i) => pattern.test(segments[i]) || pattern.test(decoded(segments[i]))) ? { literalness } : undefined;
}

/** The more literal first: at the first segment where they differ, a literal one beats a templated one (OpenAPI 3.1 §4.8.8.2, Path Templating Matching). */
function moreLiteral(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) if (a[i] !== b[i]) return b[i] - a[i];
  return 0;
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
    const pathOnly = requestPath.split(/[?#]/)[0] || '/';
    const templates = [...new Set(operations.map((o) => o.path))]
      .map((template) => ({ template, match: templateMatches(template, pathOnly) }))
      .filter((t): t is { template: string; match: { literalness: number[] } } => t.match !== undefined)
      .sort((a, b) => moreLiteral(a.match.literalness, b.match.literalness));
    if (templates.length === 0) continue;
    for (const { template } of templates) {
      const operation = operations.find((o) => o.path === template && o.method === method.toUpperCase());
      if (operation !== undefined) return { ok: true, operation };
    }
    const best = templates[0].template;
    const methods = operations.filter((o) => o.path === best).map((o) => o.method);
    return { ok: false, why: `the document declares no ${method.toUpperCase()} operation on ${best}, only ${methods.join(', ')}`, pointer: pointerOf(['paths', best]) };
  }
  const declared = [...new Set(operations.map((o) => o.path))];
  const pathOnly = (paths[0] ?? '/').split(/[?#]/)[0] || '/';
  return { ok: false, why: `no path of the document matches ${pathOnly} (it declares ${declared.length === 0 ? 'none' : declared.join(', ')})`, pointer: '#/paths' };
}
