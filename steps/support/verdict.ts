/**
 * How a check fails: with a message that ends with the explanation, never
 * with an assertion library's tail ("expected null to not equal null").
 * A presence or yes/no check fails with its explanation alone; a comparison
 * fails with what was compared, then "expected X, got Y" in plain words.
 * The error is chai's AssertionError, so reports count it as an assertion:
 * only it is non-conformance. Anything else a step throws is an error of the
 * run (runner/run/thrown.ts), which judges nothing.
 */
import { isDeepStrictEqual } from 'node:util';
import { AssertionError } from 'chai';
import type { Exchange } from '../../http/client';
import type { ScriptOutcome } from '../../http/script-fetch';
import type { ScriptView } from '../../http/fetch-model';
import { BodyNotJson } from '../../http/json-body';
import { statusWithReason } from '../../http/status';
import type { Failure } from '../../rules/failure';
import { misuse } from './misuse';

/** Fails the check; the explanation is the whole message. */
export function fail(explanation: string): never {
  throw new AssertionError(explanation);
}

/** Fails the check for a broken rule of the catalogue (rules/): the explanation, then the rule's id, by which reports and the docs know it. */
export function failRule(failed: Pick<Failure, 'rule'>, explanation: string): never {
  fail(`${explanation} [${failed.rule}]`);
}

/**
 * What a check threw, as the check's failure: a body that is not JSON where
 * the check reads JSON is the server's answer at fault, so the check fails
 * with the same message. Anything else is left as it is.
 */
export function asCheckFailure(error: unknown): unknown {
  return error instanceof BodyNotJson ? new AssertionError(error.message) : error;
}

/** Fails with the explanation unless the condition holds. */
export function ensure(condition: boolean, explanation: string | (() => string)): asserts condition {
  if (!condition) fail(typeof explanation === 'string' ? explanation : explanation());
}

/** A value as a message shows it: text in double quotes, JSON for the rest, "none" for nothing. */
export function shown(value: unknown): string {
  if (value === undefined || value === null) return 'none';
  if (value instanceof RegExp) return String(value);
  return JSON.stringify(value);
}

/** "200 OK", "404 Not Found": a status as the features write it. */
export const shownStatus = statusWithReason;

/** "a script on https://shop.example": every message about a script names the origin it ran on. */
export function aScriptOn(origin: string): string {
  return origin === 'null' ? 'a script on an opaque origin (Origin: null)' : `a script on ${origin}`;
}

/** The failure of a comparison: "what: expected X, got Y". */
export function mismatch(what: string, expected: string, actual: string): string {
  return `${what}: expected ${expected}, got ${actual}`;
}

/** Fails unless the values are deeply equal, saying "what: expected X, got Y" with each value shown by `show`. */
export function ensureEqual<T>(actual: T, expected: T, what: string, show: (value: T) => string = shown): void {
  if (!isDeepStrictEqual(actual, expected)) fail(mismatch(what, show(expected), show(actual)));
}

/** The exchanges a script's fetch() made, as a failure shows them: its preflight, then its request. */
export function exchangesOf(outcome: ScriptOutcome): Exchange[] {
  return [outcome.preflight, outcome.actual].filter((e): e is Exchange => e !== undefined);
}

/**
 * The answer to the script's request itself. "asks to call" sends only the
 * preflight: a sentence about the answer after it is a misuse of the
 * vocabulary, never the server's failure.
 */
export function theScriptsAnswer(outcome: ScriptOutcome): Exchange {
  if (outcome.actual === undefined) misuse(`only the preflight was sent for ${aScriptOn(outcome.request.origin)} ("asks to call"): this step needs a script that calls the route`);
  return outcome.actual;
}

/** Fails, saying why, unless the browser let the script read the response. */
export function ensureGranted(outcome: ScriptOutcome): asserts outcome is ScriptOutcome & { readonly view: Extract<ScriptView, { ok: true }> } {
  if (!outcome.view.ok) fail(`the browser refuses ${aScriptOn(outcome.request.origin)} the response (judged by ${outcome.judgedBy}): ${outcome.view.reason}`);
}
