/**
 * Error answers the frontend's script cannot read. A browser that refuses an
 * answer for CORS gives the script no status at all: fetch() rejects with
 * "TypeError: Failed to fetch" and the console says "CORS error", so a 401,
 * a 422 or a 500 becomes a network error the frontend cannot handle. When
 * the origin is granted elsewhere (the route's own success, another route,
 * the preflight), the set-up is right and the error escaped it: an error
 * answered outside the CORS layer. That is `error-not-readable`, never
 * `origin-refused`, whose advice ("add the origin to the allow-list") would
 * be wrong. When the origin is granted nowhere, it stays `origin-refused`.
 *
 * The cause is named from the answer alone, as facts (fastapi#775, #457,
 * starlette#1116, #1175): a 500 from Starlette (a `server: uvicorn` or
 * `hypercorn` header, or the plain "Internal Server Error" body
 * ServerErrorMiddleware writes, or a FastAPI document) is an exception
 * answered by ServerErrorMiddleware, which sits outside CORSMiddleware;
 * another 5xx is the server's error page; a 4xx is answered by an outer
 * middleware or a proxy before the CORS layer.
 */
import { getCombined, type HeaderList } from '../http/header-list';
import { failure, type Failure } from './failure';
import type { ScriptSight } from './script';

/** What answered the error outside the CORS layer, as far as the answer tells. */
export type ErrorCause = 'starlette-server-error' | 'server-error' | 'outer-layer';

export interface ErrorNotReadableFacts {
  readonly origin: string;
  readonly method: string;
  /** The path as sent. */
  readonly path: string;
  readonly status: number;
  /** The Fetch model's refusal, in its words. */
  readonly reason: string;
  /** Where the origin is granted: "GET /api/items", "its preflight". */
  readonly grantedOn: string;
  /** The first line of the body (masked by the renderer's secrets), or null without a body. */
  readonly firstLine: string | null;
}

export type ErrorNotReadableFailure = Failure<'error-not-readable', ErrorCause, ErrorNotReadableFacts>;

/** An error answer: what was sent, and what came back (the text of its body, '' for none). */
export interface ErrorAnswer {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly headers: HeaderList;
  readonly text: string;
}

/** ServerErrorMiddleware's own body when debug is off (starlette/middleware/errors.py). */
const STARLETTE_500 = /^Internal Server Error\s*$/;

/** Whether the answer was written by Starlette's ServerErrorMiddleware: a 500 from an ASGI server Starlette runs on, or its plain body, or an app FastAPI documents. */
export function fromStarlette(answer: Pick<ErrorAnswer, 'status' | 'headers' | 'text'>, framework: string | null = null): boolean {
  if (answer.status !== 500) return false;
  const server = getCombined(answer.headers, 'Server') ?? '';
  const plain = /^text\/plain\b/i.test(getCombined(answer.headers, 'Content-Type') ?? '') && STARLETTE_500.test(answer.text);
  return plain || /\b(uvicorn|hypercorn|daphne|granian)\b/i.test(server) || framework === 'FastAPI';
}

/** The body's first non-empty line, at most 200 characters: enough to recognise an error page or an error's JSON. */
export function firstLineOf(text: string): string | null {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '');
  if (line === undefined) return null;
  const trimmed = line.trim();
  return trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed;
}

/**
 * An error answer (status 400 or more) the script on the origin cannot read,
 * while the origin is granted elsewhere (`grantedOn`, null when it is
 * granted nowhere: then the origin's own rule says it). `sight` is the Fetch
 * model's view of the answer (rules/script.ts sightOf). Only an answer
 * without Access-Control-Allow-Origin is at fault here.
 */
export function errorNotReadable(origin: string, answer: ErrorAnswer, sight: ScriptSight, grantedOn: string | null, framework: string | null = null): ErrorNotReadableFailure | null {
  if (answer.status < 400 || sight.granted || grantedOn === null) return null;
  // Only an answer without Access-Control-Allow-Origin escaped the CORS layer; one that names another origin, or lacks
  // Allow-Credentials, is the CORS set-up's own mistake (origin-refused, credentials-not-allowed), and a preflight that
  // refused is its own rule (preflight-*): the request was never sent.
  if (sight.refusal.preflight || sight.refusal.kind !== 'allow-origin-missing') return null;
  const cause: ErrorCause = fromStarlette(answer, framework) ? 'starlette-server-error' : answer.status >= 500 ? 'server-error' : 'outer-layer';
  return failure(
    'error-not-readable',
    cause,
    { origin, method: answer.method, path: answer.path, status: answer.status, reason: sight.refusal.reason, grantedOn, firstLine: firstLineOf(answer.text) },
    { headers: ['Access-Control-Allow-Origin'] },
  );
}

/** One answer the frontend's script met, with the Fetch model's view of it and whether its own preflight granted the origin. */
export interface SeenAnswer {
  readonly answer: ErrorAnswer;
  readonly sight: ScriptSight;
  /** The answer's preflight granted the origin (true), refused it (false), or there was none (undefined). */
  readonly preflightGranted?: boolean;
}

/**
 * Where the origin is granted, for the answer at `index` among all the
 * answers the audit's script met: its own preflight, else the first other
 * answer granted ("GET /api/items"); null when it is granted nowhere.
 */
export function grantedOn(seen: readonly SeenAnswer[], index: number): string | null {
  if (seen[index]?.preflightGranted === true) return 'its preflight';
  const other = seen.find((s, i) => i !== index && s.sight.granted);
  return other === undefined ? null : `${other.answer.method} ${other.answer.path}`;
}

/** `error-not-readable` judged on every answer met, in order: a failure for each error answer that escaped the CORS layer, else null. */
export function errorsNotReadable(origin: string, seen: readonly SeenAnswer[], framework: string | null = null): (ErrorNotReadableFailure | null)[] {
  return seen.map((_, i) => errorNotReadableAt(origin, seen, i, framework));
}

/** `error-not-readable` judged on the answer at `index` among all the answers met. */
export function errorNotReadableAt(origin: string, seen: readonly SeenAnswer[], index: number, framework: string | null = null): ErrorNotReadableFailure | null {
  const s = seen[index];
  return s.answer.status >= 400 && !s.sight.granted ? errorNotReadable(origin, s.answer, s.sight, grantedOn(seen, index), framework) : null;
}

/**
 * The route's verdict on its origin, judged once from every answer the
 * frontend's script met (`seen`, the route's own at `index`): the answer's
 * own grant failure (rules/cors.ts originGrant), unless the answer is an
 * error that escaped the CORS layer while the origin is granted elsewhere;
 * then `error-not-readable` stands in place of `origin-refused`, whose
 * advice (add the origin to the allow-list) would be wrong. Any other grant
 * failure (a list, a wildcard with credentials) is kept beside it.
 */
export function originVerdict<G extends Failure>(
  grant: G | null,
  origin: string,
  seen: readonly SeenAnswer[],
  index: number,
  framework: string | null = null,
): (G | ErrorNotReadableFailure)[] {
  const unreadable = seen[index] === undefined ? null : errorNotReadableAt(origin, seen, index, framework);
  if (unreadable === null) return grant === null ? [] : [grant];
  return grant === null || grant.rule === 'origin-refused' ? [unreadable] : [grant, unreadable];
}
