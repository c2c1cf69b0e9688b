/**
 * What an error thrown in a step or a hook means for the verdict, by its
 * class's name (cucumber reports the constructor's name as the exception's
 * `type`). Only a check of the vocabulary is non-conformance: the steps fail a
 * check through steps/support/verdict.ts, which throws chai's AssertionError.
 * The target errors of http/client.ts say the server gave no usable answer.
 * Anything else thrown is an error of the run: the run could not judge the
 * scenario, and never counts it as a MUST or SHOULD failure (as graphql-http
 * says, anything thrown that is not an assertion is fatal to the run; as
 * cache-tests does, a set-up that fails is never non-conformance).
 */
import path from 'node:path';
import type { Exception } from '@cucumber/messages';
import type { Outcome } from './summary';

/** The server broke a rule: a check of the vocabulary failed (chai's class; node:assert's has the same name). */
const ASSERTION = 'AssertionError';

/** The error classes of http/client.ts: the target gave no usable answer. */
const TARGET_OUTCOMES: Readonly<Record<string, Exclude<Outcome, 'harness'>>> = {
  TargetTimedOut: 'timed-out',
  TargetUnreachable: 'unreachable',
  TargetProtocolError: 'protocol-error',
  TargetTlsError: 'tls-error',
};

/**
 * Errors of the run whose message says all a user needs: a step misused
 * (StepMisuse; and the plain Errors of the step files' misuse sites, the
 * no-check guard of steps/support/hooks.ts, a set-up that failed), a document
 * that cannot be read (DocumentUnavailable, DocumentError), a parameter that
 * does not parse. Any other class (a TypeError, a RangeError, a library's
 * own) is a bug, of the suite or of a user's support code: its report also
 * says where it was thrown.
 */
const EXPLAINED = new Set(['Error', 'StepMisuse', 'DocumentUnavailable', 'DocumentError', 'ParameterError', 'EndpointError']);

/** How a thrown error ends a scenario: a failed check (with its outcome), or an error of the run. */
export type Verdict =
  | { readonly kind: 'failed'; readonly outcome: Exclude<Outcome, 'harness'>; readonly message: string }
  | { readonly kind: 'error'; readonly message: string; readonly at?: string };

/**
 * `exception` as cucumber reports it; `fallback` the step result's own
 * message (the error's message and stack), for a result that has no exception.
 */
export function verdictOfThrown(exception: Exception | undefined, fallback: string, cwd: string = process.cwd()): Verdict {
  const type = exception?.type ?? '';
  const message = exception?.message || withoutStack(fallback);
  if (type === ASSERTION) return { kind: 'failed', outcome: 'assertion', message };
  const outcome = TARGET_OUTCOMES[type];
  if (outcome !== undefined) return { kind: 'failed', outcome, message };
  if (EXPLAINED.has(type)) return { kind: 'error', message };
  const at = firstFrame(exception?.stackTrace ?? fallback, cwd);
  // Without an exception, the fallback's first line already names the type.
  return { kind: 'error', message: type === '' ? message : `${type}: ${message}`, ...(at === undefined ? {} : { at }) };
}

/** The error's own message, without the stack trace cucumber appends. */
export function withoutStack(text: string): string {
  const stack = text.search(/\n\s+at /);
  return stack < 0 ? text : text.slice(0, stack);
}

/**
 * Where the error was thrown: the first frame of the stack in a file that is
 * not Node's own or a dependency's (else the first frame); the path relative
 * to `cwd` when it is under it. "steps/x.steps.ts:12:5 (Object.check)".
 */
export function firstFrame(stackTrace: string, cwd: string): string | undefined {
  const frames = [...stackTrace.matchAll(/^\s+at (.+)$/gm)].map((m) => {
    const named = /^(.*) \((.+)\)$/.exec(m[1]);
    return named === null ? { place: m[1] } : { fn: named[1], place: named[2] };
  });
  const ours = frames.find((f) => /:\d+:\d+$/.test(f.place) && !/^node:|[\\/]node_modules[\\/]/.test(f.place)) ?? frames[0];
  if (ours === undefined) return undefined;
  const place = path.isAbsolute(ours.place) && ours.place.startsWith(`${cwd}${path.sep}`) ? path.relative(cwd, ours.place) : ours.place;
  return ours.fn === undefined ? place : `${place} (${ours.fn})`;
}
