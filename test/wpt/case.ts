/**
 * A case derived from web-platform-tests: what the script passes to fetch(),
 * the WPT resource that answers it (a function of the request, as the
 * resource's Python is), and what the WPT test asserts. The same case runs
 * through the Fetch model here (test/unit/fetch-model-wpt.test.ts) and in
 * Chromium and Firefox against test/wpt/server.ts
 * (test/harness/fetch-model-wpt-browsers.test.ts).
 *
 * Derived from web-platform-tests, © web-platform-tests contributors, under
 * the 3-Clause BSD License (test/wpt/LICENSE.md); each case names its source file.
 */
import {
  fetchRequestHeaders,
  needsPreflight,
  normalizeMethod,
  preflightRequestHeaders,
  preflightVerdict,
  scriptReads,
  scriptView,
  type CorsRequest,
  type CredentialsMode,
  type ResponseHead,
  type ScriptView,
} from '../../http/fetch-model';
import { getCombined, hasField, trimHttpWhitespace, type HeaderList } from '../../http/header-list';

/** The origin of the page the script runs on, in the model and in the browsers (WPT's location.origin). */
export const PAGE_ORIGIN = 'https://frontend.example';
/** An origin that is not the page's, where WPT writes the remote server's own origin (a "KO" origin). */
export const OTHER_ORIGIN = 'http://www1.web-platform.test:8000';

/** What the script passes to fetch(url, init). */
export interface ScriptCall {
  readonly method: string;
  readonly headers: HeaderList;
  /** fetch()'s default is "same-origin", which for a cross-origin request sends no credentials. */
  readonly credentials: CredentialsMode;
  readonly body?: string;
}

/** A request as it reaches the resource. */
export interface ArrivingRequest {
  readonly method: string;
  readonly headers: HeaderList;
}

/** A resource's answer, as it writes it: header values byte for byte (they may hold 0x0B, 0x00 or surrounding spaces). */
export interface ResourceAnswer {
  readonly status: number;
  readonly reason?: string;
  readonly headers: HeaderList;
  readonly body?: string;
}

export type Resource = (request: ArrivingRequest) => ResourceAnswer;

/** What a script can tell, and what the server can: the observations the WPT test makes. */
export interface Observed {
  /** Whether a preflight was sent. */
  readonly preflight: boolean;
  /** The preflight's Access-Control-Request-Headers (null when absent), and its Accept. */
  readonly preflightAsks?: { readonly method: string | null; readonly headers: string | null; readonly accept: string | null };
  /** The Accept the request itself carried, when it was sent. */
  readonly actualAccept?: string | null;
  /** fetch() rejected, or resolved with this status and these reads (Headers.get). */
  readonly outcome: 'refused' | { readonly status: number; readonly reads: Readonly<Record<string, string | null>> };
}

/** What the WPT test asserts; anything it does not assert is left undefined. */
export interface WptExpectation {
  readonly preflight?: boolean;
  /** Access-Control-Request-Headers on the preflight; null: asserted absent. */
  readonly requestHeaders?: string | null;
  readonly outcome: 'refused' | { readonly status?: number; readonly reads?: Readonly<Record<string, string | null>> };
}

export interface WptCase {
  /** The WPT file, from the root of web-platform-tests, e.g. "fetch/api/cors/cors-preflight-star.any.js". */
  readonly file: string;
  /** The test's name, as WPT generates it. */
  readonly test: string;
  readonly script: ScriptCall;
  readonly resource: Resource;
  readonly expect: WptExpectation;
}

/** The case's name: the file and the test, as a report lists them. */
export function caseName(c: WptCase): string {
  return `${c.file}: ${c.test}`;
}

/** A name fit for a report line: control characters (WPT names hold some, e.g. U+0001) written as \uXXXX. */
export function printable(name: string): string {
  return name.replace(/[\x00-\x1f\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Fetch "extract a body": a string body makes fetch() add `Content-Type: text/plain;charset=UTF-8` when the script set none. */
export function scriptHeaders(call: ScriptCall): HeaderList {
  if (call.body === undefined || hasField(call.headers, 'Content-Type')) return call.headers;
  return [...call.headers, ['Content-Type', 'text/plain;charset=UTF-8']];
}

export function corsRequestOf(c: WptCase): CorsRequest {
  return { origin: PAGE_ORIGIN, method: c.script.method, credentials: c.script.credentials, headers: scriptHeaders(c.script) };
}

/** The answer as a client parses it: field values without leading or trailing HTTP tab or space. */
export function parsedHead(answer: ResourceAnswer): ResponseHead {
  return { status: answer.status, headers: answer.headers.map(([name, value]) => [name, trimHttpWhitespace(value)]) };
}

/** The names the WPT test reads, lowercased: what both sides report. */
export function readNames(c: WptCase): string[] {
  return typeof c.expect.outcome === 'string' ? [] : Object.keys(c.expect.outcome.reads ?? {});
}

export function readsOf(view: ScriptView, names: readonly string[]): Record<string, string | null> {
  return Object.fromEntries(names.map((name) => [name, scriptReads(view, name)]));
}

/**
 * The case through the Fetch model: the preflight it sends when it needs
 * one, answered by the resource; the request fetch() sends, answered by the
 * resource; what the script then sees.
 */
export function modelObserves(c: WptCase): Observed {
  const request = corsRequestOf(c);
  const names = readNames(c);
  let preflight: ResponseHead | undefined;
  let preflightAsks: Observed['preflightAsks'];
  if (needsPreflight(request)) {
    const asks = preflightRequestHeaders(request);
    preflightAsks = {
      method: getCombined(asks, 'Access-Control-Request-Method'),
      headers: getCombined(asks, 'Access-Control-Request-Headers'),
      accept: getCombined(asks, 'Accept'),
    };
    preflight = parsedHead(c.resource({ method: 'OPTIONS', headers: asks }));
    if (!preflightVerdict(request, preflight).ok) return { preflight: true, preflightAsks, outcome: 'refused' };
  }
  const sent: HeaderList = [['Origin', PAGE_ORIGIN], ...fetchRequestHeaders(request.headers ?? [])];
  const response = parsedHead(c.resource({ method: normalizeMethod(c.script.method), headers: sent }));
  const view = scriptView(request, response, preflight);
  return {
    preflight: preflight !== undefined,
    preflightAsks,
    actualAccept: getCombined(sent, 'Accept'),
    outcome: view.ok ? { status: view.status, reads: readsOf(view, names) } : 'refused',
  };
}

/** The differences between what was observed and what WPT asserts, in words; empty when they agree. */
export function differencesFromWpt(c: WptCase, observed: Observed): string[] {
  const found: string[] = [];
  const expect = c.expect;
  if (expect.preflight !== undefined && expect.preflight !== observed.preflight) {
    found.push(`preflight ${observed.preflight ? 'sent' : 'not sent'}, WPT asserts it is ${expect.preflight ? '' : 'not '}sent`);
  }
  if (expect.requestHeaders !== undefined && observed.preflight && (observed.preflightAsks?.headers ?? null) !== expect.requestHeaders) {
    found.push(`Access-Control-Request-Headers ${JSON.stringify(observed.preflightAsks?.headers ?? null)}, WPT asserts ${JSON.stringify(expect.requestHeaders)}`);
  }
  found.push(...outcomeDifferences(expect.outcome, observed.outcome, 'WPT asserts'));
  return found;
}

/** An outcome against an expected one: refused or not, the status, each read. */
export function outcomeDifferences(expected: WptExpectation['outcome'], observed: Observed['outcome'], who: string): string[] {
  if (expected === 'refused' || observed === 'refused') {
    return expected === observed ? [] : [`${describeOutcome(observed)}, ${who} ${describeOutcome(expected)}`];
  }
  const found: string[] = [];
  if (expected.status !== undefined && expected.status !== observed.status) found.push(`status ${observed.status}, ${who} ${expected.status}`);
  for (const [name, value] of Object.entries(expected.reads ?? {})) {
    if (observed.reads[name] !== value) found.push(`${name} reads ${JSON.stringify(observed.reads[name] ?? null)}, ${who} ${JSON.stringify(value)}`);
  }
  return found;
}

export function describeOutcome(outcome: WptExpectation['outcome']): string {
  if (outcome === 'refused') return 'refused (fetch() rejects)';
  return `granted${outcome.status === undefined ? '' : ` with ${outcome.status}`}`;
}

/**
 * Everything observed, on one line: the ledger (test/wpt/expectation.json)
 * records each party's answer in these words, and the tests compare them.
 */
export function describeObserved(observed: Observed): string {
  const asks = observed.preflightAsks;
  const preflight = observed.preflight
    ? `preflight (Accept ${JSON.stringify(asks?.accept ?? null)}, Access-Control-Request-Method ${JSON.stringify(asks?.method ?? null)}, Access-Control-Request-Headers ${JSON.stringify(asks?.headers ?? null)})`
    : 'no preflight';
  const actual = observed.actualAccept === undefined ? 'request not sent' : `request sent with Accept ${JSON.stringify(observed.actualAccept)}`;
  const outcome = observed.outcome === 'refused' ? 'refused' : `granted ${observed.outcome.status}${Object.keys(observed.outcome.reads).length === 0 ? '' : ` reading ${JSON.stringify(observed.outcome.reads)}`}`;
  return `${preflight}; ${actual}; ${outcome}`;
}
