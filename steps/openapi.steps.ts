/**
 * What the API's OpenAPI document promises of a response, as sentences: the
 * answer a feature called for is judged against the operation the document
 * declares for its method and path (steps/support/document.ts finds it). One
 * function per promise, after schemathesis's checks (status, media type,
 * schema, undeclared fields, headers); a failure lists every promise broken,
 * each with the operation, what arrived, and the document's JSON pointer.
 */
import type { Exchange } from '../http/client';
import { corsExposedHeaderNames, scriptReads } from '../http/fetch-model';
import type { ScriptOutcome } from '../http/script-fetch';
import type { OpenApiFamily } from '../openapi/document';
import type { DeclaredResponse, MediaTypeObject, Operation } from '../openapi/operations';
import type * as Promises from '../openapi/promises';
import { DocumentUnavailable, isDocumentProblem, locateOperation, theDocument, type LoadedDocument } from './support/document';
import { referenceServerUrl } from './support/reference-fixture';
import { aScriptOn, fail, shownStatus } from './support/verdict';
import { sentences } from './support/sentences';
import type { ConformanceWorld } from './support/world';

const sentence = sentences('What the OpenAPI document promises');

/** A failure lists at most this many broken promises, then how many more. */
const MOST_SHOWN = 20;

/** One promise broken: what arrived, and where the document makes the promise. */
interface Broken {
  readonly what: string;
  readonly pointer: string;
}

/**
 * The judging of promises (ajv and its schemas) loads with the first
 * scenario that reads the document, never at the start of every run: the
 * steps are all loaded by every run, and most read no document.
 */
let judging: typeof Promises;

/** The run's document; a document that cannot be read fails the step with its one-line message (`about` says what could not be judged). */
async function documentOf(world: ConformanceWorld, about?: string): Promise<LoadedDocument> {
  judging ??= await import('../openapi/promises');
  try {
    return await theDocument(world.settings, world.settings.target ?? referenceServerUrl());
  } catch (error) {
    if (about !== undefined && isDocumentProblem(error)) throw new DocumentUnavailable(`${about}: ${error.message}`);
    throw error;
  }
}

/** The request's path as the feature wrote it (from the target's base URL), then the URL's whole path. */
function requestPaths(world: ConformanceWorld, exchange: Exchange): string[] {
  const base = world.client.urlFor('');
  const url = exchange.request.url;
  const fromBase = url.startsWith(base) ? url.slice(base.length) || '/' : undefined;
  let whole: string;
  try {
    const parsed = new URL(url);
    whole = `${parsed.pathname}${parsed.search}`;
  } catch {
    whole = url;
  }
  return [...new Set([fromBase, whole].filter((p): p is string => p !== undefined))];
}

function operationLabel(operation: Operation): string {
  return `${operation.method} ${operation.path}`;
}

function declaredStatuses(statuses: readonly string[]): string {
  return statuses.length === 0 ? 'none' : statuses.join(', ');
}

/** The status is declared: exactly, by its range (2XX), or by `default`. */
function statusPromise(operation: Operation, exchange: Exchange): DeclaredResponse | Broken {
  const judged = judging.judgeStatus(operation, exchange.status);
  if (judged.declared) return judged.response;
  return { what: `the status ${shownStatus(exchange.status)} is not declared; the document declares ${declaredStatuses(judged.statuses)}`, pointer: judged.pointer };
}

/** An answer that has no body by the rules of HTTP (RFC 9110 §6.4.1): to HEAD, 1xx, 204 and 304. */
function bodyless(exchange: Exchange): boolean {
  return exchange.request.method.toUpperCase() === 'HEAD' || exchange.status < 200 || exchange.status === 204 || exchange.status === 304;
}

/** The body is of a declared media type; the one declared, to read the body by. */
function mediaTypePromise(response: DeclaredResponse, exchange: Exchange, broken: Broken[]): MediaTypeObject | undefined {
  const { declared, contentType, media, pointer } = judging.judgeMediaType(response, exchange.headers);
  if (declared.length === 0) {
    if (exchange.text !== '') broken.push({ what: `a body arrived (${contentType ?? 'no Content-Type'}, ${Buffer.byteLength(exchange.text)} bytes), and the document declares none for ${response.status}`, pointer: response.pointer });
    return undefined;
  }
  if (contentType === null) {
    broken.push({ what: `the answer has no Content-Type${exchange.text === '' ? ' and no body' : ''}; the document declares ${declared.join(', ')} for ${response.status}`, pointer });
    return undefined;
  }
  if (media === undefined) broken.push({ what: `the Content-Type ${contentType} is not declared for ${response.status} (the document declares ${declared.join(', ')})`, pointer });
  return media;
}

/** Where in the body: "the body" for all of it, "the body at /0/price" for a field. */
function inBody(pointer: string): string {
  return pointer === '' ? 'the body' : `the body at ${pointer}`;
}

/**
 * A JSON body fits the schema, and has no field it does not declare. A null
 * in an optional field the schema does not make nullable is let through:
 * FastAPI before 0.100 documents `Optional[str] = None` as a plain string.
 */
function bodyPromises(media: MediaTypeObject, exchange: Exchange, family: OpenApiFamily, broken: Broken[]): void {
  if (media.schema === undefined) return;
  const parsed = judging.parseJsonBody(exchange.headers, exchange.text);
  if (parsed === undefined) return;
  if ('error' in parsed) {
    const text = exchange.text.length > 60 ? `${exchange.text.slice(0, 60)}…` : exchange.text;
    broken.push({ what: `the body is not JSON (${text === '' ? 'it is empty' : JSON.stringify(text)}), though served as ${media.mediaType}`, pointer: media.pointer });
    return;
  }
  const judged = judging.judgeBody(media, parsed.value, family);
  if (judged === undefined) return;
  const { schemaPointer: schemaAt, undeclared } = judged;
  const violations = judged.violations
    // An extra field under additionalProperties: false is reported once, as undeclared.
    .filter((v) => !(v.keyword === 'additionalProperties' && undeclared.includes(v.pointer)));
  for (const v of violations) broken.push({ what: `${inBody(v.pointer)} ${v.message}`, pointer: v.schemaPointer });
  for (const field of undeclared) broken.push({ what: `${inBody(field)} is a field the schema does not declare`, pointer: schemaAt });
}

/** Each required header is there, and each declared header that is there fits its schema. */
function headerPromises(response: DeclaredResponse, exchange: Exchange, family: OpenApiFamily, broken: Broken[]): void {
  for (const judged of judging.judgeHeaders(response, exchange.headers, family)) {
    if (judged.kind === 'missing') {
      if (judged.required) broken.push({ what: `the header ${judged.header.name} is missing, and the document requires it`, pointer: judged.pointer });
    } else {
      broken.push({ what: `the header ${judged.header.name}: ${judged.why}`, pointer: judged.pointer });
    }
  }
}

/** Every promise of the document the response breaks, in the order above. */
function brokenPromises(loaded: LoadedDocument, operation: Operation, exchange: Exchange): Broken[] {
  const declared = statusPromise(operation, exchange);
  if (!('status' in declared)) return [declared];
  const broken: Broken[] = [];
  const family = loaded.document.family;
  if (!bodyless(exchange)) {
    const media = mediaTypePromise(declared, exchange, broken);
    if (media !== undefined) bodyPromises(media, exchange, family, broken);
  }
  headerPromises(declared, exchange, family, broken);
  return broken;
}

function listed(lines: readonly string[]): string {
  const shown = lines.slice(0, MOST_SHOWN).map((line) => `- ${line}`);
  if (lines.length > MOST_SHOWN) shown.push(`- … and ${lines.length - MOST_SHOWN} more`);
  return shown.join('\n');
}

sentence(
  'Then',
  'the response matches its description in the OpenAPI document',
  {
    summary:
      "The response keeps every promise the API's OpenAPI document (`--openapi`, by default the target's /openapi.json) makes for it, in the operation of its method and path (a concrete path before a templated one, /api/items/featured before /api/items/{item_id}): its status is declared (exactly, as 2XX, or by default); its Content-Type is a declared media type; a JSON body fits the schema and has no field the schema does not declare, at any depth (a response model that did not filter the answer); every required header is there, and every declared header that is there fits its schema. A null in an optional field the schema does not make nullable passes: FastAPI before 0.100 documents such fields so. The failure lists every promise broken, each with the document's JSON pointer.",
    example: 'Then the response matches its description in the OpenAPI document',
  },
  async function (this: ConformanceWorld) {
    const response = this.lastResponse();
    const loaded = await documentOf(this);
    const paths = requestPaths(this, response);
    this.verify(response, () => {
      const request = `${response.request.method} ${paths[0]}`;
      const located = locateOperation(loaded.operations, response.request.method, paths);
      if (!located.ok) fail(`the response to ${request} has no description in the OpenAPI document ${loaded.source}: ${located.why} (${located.pointer})`);
      const broken = brokenPromises(loaded, located.operation, response);
      if (broken.length === 0) return;
      const lines = broken.map((b) => `${operationLabel(located.operation)}: ${b.what} (${b.pointer})`);
      fail(`the response to ${request} (${shownStatus(response.status)}) breaks ${broken.length === 1 ? 'a promise' : `${broken.length} promises`} of the OpenAPI document ${loaded.source}:\n${listed(lines)}`);
    });
  },
);

function exchangesOf(outcome: ScriptOutcome): Exchange[] {
  return [outcome.preflight, outcome.actual].filter((e): e is Exchange => e !== undefined);
}

sentence(
  'Then',
  'the script can read every header the document declares for the response',
  {
    summary:
      'The script is granted the response, and of the headers the OpenAPI document declares for its status, every one the server sent is one the script can read: CORS-safelisted, or listed in Access-Control-Expose-Headers (`*` counts for nothing with credentials). Set-Cookie, which no script may ever read, is left out. The failure names each hidden header and the fix: list it in CORSMiddleware(expose_headers=[…]).',
    example: 'Then the script can read every header the document declares for the response',
  },
  async function (this: ConformanceWorld) {
    const outcome = this.lastScript();
    const script = aScriptOn(outcome.request.origin);
    const actual = outcome.actual;
    if (actual === undefined) throw new Error(`only the preflight was sent for ${script} ("asks to call"): this step needs a script that calls the route`);
    const loaded = await documentOf(this, `what ${script} should read cannot be judged without the OpenAPI document`);
    const paths = requestPaths(this, actual);
    this.verify(exchangesOf(outcome), () => {
      if (!outcome.view.ok) fail(`the browser refuses ${script} the response (judged by ${outcome.judgedBy}): ${outcome.view.reason}`);
      const located = locateOperation(loaded.operations, actual.request.method, paths);
      if (!located.ok) fail(`what ${script} should read of ${actual.request.method} ${paths[0]} is not in the OpenAPI document ${loaded.source}: ${located.why} (${located.pointer})`);
      const operation = located.operation;
      const judged = judging.judgeStatus(operation, actual.status);
      if (!judged.declared) {
        fail(`what ${script} should read of ${operationLabel(operation)} is not in the OpenAPI document ${loaded.source}: the status ${shownStatus(actual.status)} is not declared; the document declares ${declaredStatuses(judged.statuses)} (${judged.pointer})`);
      }
      const declared = judged.response;
      const sent = judging.declaredHeadersSent(declared, actual.headers);
      const hidden = sent.filter((h) => scriptReads(outcome.view, h.name) === null);
      if (hidden.length === 0) return;
      const exposed = corsExposedHeaderNames(outcome.request, actual);
      const names = hidden.map((h) => h.name);
      fail(
        `${script} cannot read ${hidden.length === 1 ? 'a header' : `${hidden.length} headers`} the OpenAPI document declares for ${operationLabel(operation)} ${declared.status}: ` +
          `${hidden.map((h) => `${h.name} (${h.pointer})`).join(', ')}; judged by ${outcome.judgedBy} (Access-Control-Expose-Headers lists: ${exposed.join(', ') || 'nothing'}); ` +
          `add ${hidden.length === 1 ? 'it' : 'them'} to CORSMiddleware(expose_headers=[${names.map((n) => JSON.stringify(n)).join(', ')}])`,
      );
    });
  },
);
