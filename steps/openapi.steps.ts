/**
 * What the API's OpenAPI document promises of a response, as sentences: the
 * answer a feature called for is judged against the operation the document
 * declares for its method and path (steps/support/document.ts finds it),
 * by the same judge as the audit's (rules/promises.ts). A failure lists
 * every promise broken, each with the operation, what arrived, the
 * document's JSON pointer and the rule's id.
 */
import type { Exchange } from '../http/client';
import { DocumentError } from '../openapi/errors';
import type { Operation } from '../openapi/operations';
import type { PromiseFailure } from '../rules/promises';
import type * as Promises from '../rules/promises';
import { exposedNames, uniqueNames } from '../rules/script';
import { DocumentUnavailable, isDocumentProblem, locateOperation, theDocument, type LoadedDocument } from './support/document';
import { referenceServerUrl } from './support/reference-fixture';
import { aScriptOn, ensureGranted, exchangesOf, fail, shownStatus, theScriptsAnswer } from './support/verdict';
import { sentences } from './support/sentences';
import type { ConformanceWorld } from './support/world';

const sentence = sentences('What the OpenAPI document promises');

/** A failure lists at most this many broken promises, then how many more. */
const MOST_SHOWN = 20;

/**
 * The judging of promises (rules/promises.ts: ajv and its schemas) loads
 * with the first scenario that reads the document, never at the start of
 * every run: the steps are all loaded by every run, and most read no document.
 */
let judging: typeof Promises;

/** The run's document; one that cannot be read stops the step with its one-line message, an error of the run, never the server's failure (`about` says what could not be judged). */
async function documentOf(world: ConformanceWorld, about?: string): Promise<LoadedDocument> {
  judging ??= await import('../rules/promises');
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

function declaredStatuses(statuses: readonly string[]): string {
  return statuses.length === 0 ? 'none' : statuses.join(', ');
}

/** Where in the body: "the body" for all of it, "the body at /0/price" for a field. */
function inBody(pointer: string): string {
  return pointer === '' ? 'the body' : `the body at ${pointer}`;
}

/** One line of a failure: what broke, the document's pointer, the rule's id. */
interface Line {
  readonly what: string;
  readonly pointer: string;
  readonly rule: PromiseFailure['rule'];
}

/** A broken promise in the sentence's words: a line per thing that broke it (each schema violation, each undeclared field). */
function linesOf(failed: PromiseFailure): Line[] {
  const line = (what: string, pointer = failed.evidence.pointer ?? ''): Line => ({ what, pointer, rule: failed.rule });
  switch (failed.rule) {
    case 'undeclared-status':
      return [line(`the status ${shownStatus(failed.facts.status)} is not declared; the document declares ${declaredStatuses(failed.facts.declared)}`)];
    case 'content-type-mismatch': {
      const { contentType, declared, declaredFor, bytes } = failed.facts;
      switch (failed.kind) {
        case 'body-not-declared':
          return [line(`a body arrived (${contentType ?? 'no Content-Type'}, ${bytes} bytes), and the document declares none for ${declaredFor}`)];
        case 'no-content-type':
          return [line(`the answer has no Content-Type${bytes === 0 ? ' and no body' : ''}; the document declares ${declared.join(', ')} for ${declaredFor}`)];
        case 'undeclared-media-type':
          return [line(`the Content-Type ${contentType} is not declared for ${declaredFor} (the document declares ${declared.join(', ')})`)];
      }
      break;
    }
    case 'schema-mismatch':
      if (failed.kind === 'not-json') {
        const text = failed.facts.text.length > 60 ? `${failed.facts.text.slice(0, 60)}…` : failed.facts.text;
        return [line(`the body is not JSON (${text === '' ? 'it is empty' : JSON.stringify(text)}), though served as ${failed.facts.mediaType}`)];
      }
      return failed.facts.violations.map((v) => line(`${inBody(v.pointer)} ${v.message}`, v.schemaPointer));
    case 'undeclared-field':
      return failed.facts.fields.map((field) => line(`${inBody(field.pointer)} is a field the schema does not declare`));
    case 'declared-header-missing':
      return [line(`the header ${failed.facts.header} is missing, and the document requires it`)];
    case 'declared-header-mismatch':
      return [line(`the header ${failed.facts.header}: ${failed.facts.why}`)];
    case 'declared-header-hidden':
      return [line(`a script on ${failed.facts.origin} cannot read the header ${failed.facts.header}`)];
  }
  return [];
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
      "The response keeps every promise the API's OpenAPI document (`--openapi`, by default the target's /openapi.json) makes for it, in the operation of its method and path (a concrete path before a templated one, /api/items/featured before /api/items/{item_id}): its status is declared (exactly, as 2XX, or by default); its Content-Type is a declared media type, and no body arrives where the document declares no content; a JSON body is JSON, fits the schema and has no field the schema does not declare, at any depth (a response model that did not filter the answer); every header declared `required: true` is there, and every declared header that is there fits its schema. An answer that HTTP gives no body (to HEAD, and 1xx, 204 and 304) has no media type or body to judge. A null in an optional field the schema does not make nullable passes: FastAPI before 0.100 documents such fields so. The judge is the audit's, so the sentence and the audit say the same of the same answer. The failure lists every promise broken, each with the document's JSON pointer and the rule's id.",
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
      const judged = judging.judgePromises({ operation: located.operation, family: loaded.document.family, schemas: judging.componentSchemasOf(loaded.document.root) }, { method: response.request.method, ...response });
      // A schema Ajv cannot compile: the sentence cannot say the response matches, nor that it does not. The run could not judge (exit 2).
      const [unusable] = judged.unchecked ?? [];
      if (unusable !== undefined) {
        throw new DocumentError('unusable-schema', loaded.source, `the schema at ${unusable.pointer} cannot be used for validation (${unusable.problem}), so the response to ${request} cannot be judged against it`, 'Correct the schema: each keyword must have the kind of value JSON Schema gives it.', unusable.pointer);
      }
      const broken = judged.failures.flatMap(linesOf);
      if (broken.length === 0) return;
      const lines = broken.map((b) => `${judging.operationLabel(located.operation)}: ${b.what} (${b.pointer}) [${b.rule}]`);
      fail(`the response to ${request} (${shownStatus(response.status)}) breaks ${broken.length === 1 ? 'a promise' : `${broken.length} promises`} of the OpenAPI document ${loaded.source}:\n${listed(lines)}`);
    });
  },
);

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
    const actual = theScriptsAnswer(outcome);
    const loaded = await documentOf(this, `what ${script} should read cannot be judged without the OpenAPI document`);
    const paths = requestPaths(this, actual);
    this.verify(exchangesOf(outcome), () => {
      ensureGranted(outcome);
      const located = locateOperation(loaded.operations, actual.request.method, paths);
      if (!located.ok) fail(`what ${script} should read of ${actual.request.method} ${paths[0]} is not in the OpenAPI document ${loaded.source}: ${located.why} (${located.pointer})`);
      const operation: Operation = located.operation;
      const status = judging.undeclaredStatus({ operation, family: loaded.document.family }, actual);
      if (!('response' in status)) {
        fail(`what ${script} should read of ${judging.operationLabel(operation)} is not in the OpenAPI document ${loaded.source}: the status ${shownStatus(actual.status)} is not declared; the document declares ${declaredStatuses(status.facts.declared)} (${status.evidence.pointer}) [${status.rule}]`);
      }
      const hidden = judging.declaredHeaderHidden(status.response, actual, { origin: outcome.request.origin, granted: true, readable: uniqueNames(outcome.view.headers) });
      if (hidden.length === 0) return;
      const names = hidden.map((h) => h.facts.header);
      fail(
        `${script} cannot read ${hidden.length === 1 ? 'a header' : `${hidden.length} headers`} the OpenAPI document declares for ${judging.operationLabel(operation)} ${status.response.status}: ` +
          `${hidden.map((h) => `${h.facts.header} (${h.evidence.pointer})`).join(', ')}; judged by ${outcome.judgedBy} (Access-Control-Expose-Headers lists: ${exposedNames(outcome.request, actual).join(', ') || 'nothing'}); ` +
          `add ${hidden.length === 1 ? 'it' : 'them'} to CORSMiddleware(expose_headers=[${names.map((n) => JSON.stringify(n)).join(', ')}]) [declared-header-hidden]`,
      );
    });
  },
);
