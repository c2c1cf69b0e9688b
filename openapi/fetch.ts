/**
 * The OpenAPI document's text, before it is parsed (load.ts): from the
 * target's /openapi.json by default, an http(s) URL, or a file. The audit
 * (runner/audit/document.ts) and the sentences about the document
 * (steps/support/document.ts) both read it here, through the suite's own
 * client (http/client.ts: the timeout, --insecure, userinfo as Basic
 * credentials, redirects never followed), with the --header values sent only
 * to the target's own origin (an API key is not sent to another host).
 *
 * What goes wrong is a DocumentFetchError with a stable code and the facts,
 * never the caller's wording: each caller says it in its own words.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TargetClient, TargetError, type TimeoutBreaker } from '../http/client';
import { getCombined, type HeaderList } from '../http/header-list';
import { withoutUserinfo } from '../http/target';

/** Where FastAPI serves the document (FastAPI(openapi_url=...) moves it). */
export const DEFAULT_DOCUMENT_PATH = '/openapi.json';

/** What the document is asked for as: JSON first, YAML next, anything at all last. */
export const DOCUMENT_ACCEPT = 'application/json, application/yaml;q=0.9, */*;q=0.1';

export interface FetchSettings {
  /** The target's base URL: the default document is on it, and only its origin is sent `headers`. */
  readonly target: string;
  readonly timeoutMs: number;
  /** Accept any TLS certificate (--insecure). */
  readonly insecure?: boolean;
  /** The run's or the audit's --header values: sent when the document is on the target's origin, never to another host. */
  readonly headers: HeaderList;
  /** The run's timeout breaker: the document's request counts with the run's others. Left out, it counts alone. */
  readonly breaker?: TimeoutBreaker;
}

/** Where the callers differ, each keeping its own behaviour. */
export interface FetchRules {
  /**
   * What text is a URL: 'http', only http:// and https:// (any other text
   * is a file path: the audit); 'any-scheme', any scheme:// (one other than
   * http(s) is refused as 'not-http': the steps).
   */
  readonly urls: 'http' | 'any-scheme';
  /** Which answers hold the document: any 2xx (the audit), or a 200 alone (the steps). A 3xx is a 'redirect' either way. */
  readonly ok: '2xx' | '200';
  /**
   * Where the --header values go. 'after-accept': with the request, after
   * the Accept header, so a --header Accept replaces it (the audit).
   * 'with-client': with the client, before the Accept header, which then
   * replaces a --header Accept (the steps).
   */
  readonly headers: 'after-accept' | 'with-client';
}

export type DocumentFetchCode = 'unreachable' | 'not-a-document' | 'redirect' | 'no-such-file' | 'a-folder' | 'unreadable' | 'not-a-url' | 'not-http';

/** The facts a DocumentFetchError carries, for the caller's own message. */
export interface DocumentFetchFacts {
  /** The answer's status: for 'not-a-document' and 'redirect'. */
  readonly status?: number;
  /** The redirect's Location, all its values combined; undefined when the answer has none. */
  readonly location?: string;
  /** The URL asked, as messages show it (no userinfo): for 'unreachable', 'not-a-document', 'redirect'. */
  readonly url?: string;
  /** The file as given, and as resolved against the current directory: for 'no-such-file', 'a-folder', 'unreadable'. */
  readonly file?: string;
  readonly path?: string;
  /** The URL's scheme, "ftp:": for 'not-http'. */
  readonly protocol?: string;
  /** For 'unreadable': the system's code (EACCES), when there is one, and the system's message. */
  readonly systemCode?: string;
  readonly detail?: string;
}

/**
 * The document could not be had: no answer ('unreachable', whose message is
 * the TargetError's), an answer that is not the document ('not-a-document',
 * 'redirect'), no such file ('no-such-file'), a folder ('a-folder'), a file
 * that cannot be read ('unreadable'), a source that is not a URL
 * ('not-a-url') or not an http(s) one ('not-http'). The codes never change;
 * the message is plain and callers give their own.
 */
export class DocumentFetchError extends Error {
  override name = 'DocumentFetchError';

  constructor(
    readonly code: DocumentFetchCode,
    message: string,
    facts: DocumentFetchFacts = {},
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    Object.assign(this, facts);
  }
}
/** Its facts are its own fields: error.status, error.location, error.url… */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface DocumentFetchError extends DocumentFetchFacts {}

/** The document's text, and where it was read. */
export interface DocumentText {
  readonly text: string;
  /** As messages name it: the URL without userinfo, or the file as given. */
  readonly shown: string;
  /** The URL read, whole (userinfo too: relative server URLs are read against it); undefined for a file. */
  readonly url?: string;
}

/** Whether the source names a URL rather than a file, by the rules' reading. */
export function isDocumentUrl(source: string, urls: FetchRules['urls']): boolean {
  return urls === 'http' ? /^https?:\/\//i.test(source) : /^[a-z][a-z0-9+.-]*:\/\//i.test(source);
}

async function answerText(client: TargetClient, requestPath: string, shown: string, headers: HeaderList, rules: FetchRules): Promise<string> {
  const accept: HeaderList = [['Accept', DOCUMENT_ACCEPT]];
  let answer;
  try {
    answer = await client.send({ method: 'GET', path: requestPath, headers: rules.headers === 'after-accept' ? [...accept, ...headers] : accept });
  } catch (error) {
    if (error instanceof TargetError) throw new DocumentFetchError('unreachable', error.message, { url: shown }, error);
    throw error;
  }
  const status = answer.status;
  if (status >= 300 && status < 400) {
    throw new DocumentFetchError('redirect', `${shown}: the answer is ${status}, a redirect`, { status, url: shown, location: getCombined(answer.headers, 'Location') ?? undefined });
  }
  if (rules.ok === '200' ? status !== 200 : status < 200 || status > 299) {
    throw new DocumentFetchError('not-a-document', `${shown}: the answer is ${status}, not a document`, { status, url: shown });
  }
  return answer.text;
}

function clientFor(target: string, settings: FetchSettings, headers: HeaderList, rules: FetchRules): TargetClient {
  return new TargetClient({ target, timeoutMs: settings.timeoutMs, extraHeaders: rules.headers === 'with-client' ? headers : [], insecure: settings.insecure, breaker: settings.breaker });
}

async function urlText(source: string, settings: FetchSettings, rules: FetchRules): Promise<DocumentText> {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new DocumentFetchError('not-a-url', 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DocumentFetchError('not-http', `not an http(s) URL but ${url.protocol}`, { protocol: url.protocol });
  // The client is on the document's host: userinfo in the URL is sent as Basic credentials, as for the target.
  const base = new URL(url.href);
  base.pathname = '/';
  base.search = '';
  base.hash = '';
  const headers = url.origin === new URL(settings.target).origin ? settings.headers : [];
  const shown = withoutUserinfo(url.href);
  const text = await answerText(clientFor(base.href, settings, headers, rules), `${url.pathname}${url.search}`, shown, headers, rules);
  return { text, shown, url: url.href };
}

async function fileText(source: string): Promise<DocumentText> {
  const resolved = path.resolve(source);
  try {
    return { text: await readFile(resolved, 'utf8'), shown: source };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const facts = { file: source, path: resolved };
    if (code === 'ENOENT') throw new DocumentFetchError('no-such-file', `${source}: no such file`, facts, error);
    if (code === 'EISDIR') throw new DocumentFetchError('a-folder', `${source}: a folder, not a document`, facts, error);
    const detail = (error as Error).message;
    throw new DocumentFetchError('unreadable', `${source}: ${detail}`, { ...facts, systemCode: code, detail }, error);
  }
}

/**
 * The document's text: `source` undefined is the target's /openapi.json
 * (under the target's path prefix), a URL is asked with a client on its own
 * host, anything else is a file relative to the current directory. Rejects
 * with a DocumentFetchError.
 */
export async function fetchDocumentText(source: string | undefined, settings: FetchSettings, rules: FetchRules): Promise<DocumentText> {
  if (source === undefined) {
    const client = clientFor(settings.target, settings, settings.headers, rules);
    const url = client.urlFor(DEFAULT_DOCUMENT_PATH);
    return { text: await answerText(client, DEFAULT_DOCUMENT_PATH, url, settings.headers, rules), shown: url, url };
  }
  if (isDocumentUrl(source, rules.urls)) return urlText(source, settings, rules);
  return fileText(source);
}
