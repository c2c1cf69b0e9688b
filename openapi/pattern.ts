/**
 * A schema's `pattern` (and `patternProperties`' names) as a matcher. JSON
 * Schema says a pattern is an ECMA-262 regular expression; it does not say
 * which flags. Ajv reads every pattern with `u`, which `\p{L}` needs, but
 * which refuses identity escapes plain ECMA-262 allows (`^[a-zA-Z0-9_\-\:]+$`
 * is "Invalid escape" under `u`: DigitalOcean's, Linode's and AWS EFS's
 * documents write such patterns). So: with `u` where it reads, without it
 * where only that reads. One helper, for Ajv and for undeclared-fields.ts.
 *
 * A pattern is the document's, the string it is tested on the API's: a
 * pattern with nested quantifiers can take exponential time in a
 * backtracking engine. beezup.com's `^(https?:\/\/)?([\da-z\.-]+)\.([a-z\.]{2,6})([\/\w \.-]*)*\/?$`
 * held the audit forever on a URL with a `%` in it. Such a pattern
 * (safe-regex2 judges it, by its star height and repetitions) is run by
 * re2js, whose automaton answers in time linear in the string, when it can
 * read the pattern (inRe2 keeps ECMA-262's `.` and `\s`: on the 523 patterns
 * and the strings tried, RE2 and ECMA-262 agree on every one). Of the 3,529 distinct patterns in APIs.guru's directory,
 * safe-regex2 calls 573 unsafe, and RE2 reads 523 of them; it has no
 * back-references, no lookaround, no `\uXXXX` and no repeat count above
 * 1,000, so 50 stay ECMA-262's (AWS's `(?!-)`, Linode's `\A…\Z`). Those run
 * in ECMA-262's engine under a watchdog (node:vm's timeout, which V8 honours
 * inside a regular expression): a test not decided in PATTERN_MS throws
 * PatternTimedOut, and the schema's check is left undone with a note saying
 * why, never a hang.
 */
import vm from 'node:vm';
import { RE2JS } from 're2js';
import isSafe from 'safe-regex2';

/** How long a guarded pattern may take on one string. A pattern that backtracks exponentially takes years on a long string; any other, microseconds. */
export const PATTERN_MS = 500;

/** A guarded pattern did not decide on a string in PATTERN_MS: it backtracks exponentially on it. */
export class PatternTimedOut extends Error {
  override readonly name = 'PatternTimedOut';
  constructor(
    readonly pattern: string,
    readonly text: string,
  ) {
    super(`the pattern ${pattern} did not decide on a string of ${text.length} characters in ${PATTERN_MS} ms`);
  }
}

/** What validation asks of a pattern: does it match somewhere in the string. */
export interface PatternMatcher {
  test(text: string): boolean;
  readonly source: string;
  /** Read with ECMA-262's `u` (RE2 reads every pattern as Unicode). */
  readonly unicode: boolean;
  /** Run by RE2's linear-time automaton, the pattern being one that can backtrack exponentially. */
  readonly linear: boolean;
  /** Run under the watchdog: it can backtrack exponentially and RE2 cannot read it. */
  readonly guarded: boolean;
  /** Ajv keys the patterns it holds by this: one string per pattern and engine. */
  toString(): string;
}

const CACHE = new Map<string, PatternMatcher>();

function ecmaRegExp(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch (unicodeError) {
    try {
      return new RegExp(pattern);
    } catch {
      throw unicodeError; // invalid either way: Ajv's note quotes the stricter reading
    }
  }
}

function backtracksSafely(regExp: RegExp): boolean {
  try {
    return isSafe(regExp);
  } catch {
    return true; // a pattern safe-regex2's parser cannot read: left to the engine that read it
  }
}

/** The pattern's matcher: ECMA-262's (with `u` when it is one under `u`), or RE2's for a pattern that could backtrack exponentially; throws a SyntaxError when ECMA-262 does not read it. */
export function patternRegExp(pattern: string): PatternMatcher {
  let found = CACHE.get(pattern);
  if (found === undefined) {
    const regExp = ecmaRegExp(pattern);
    found = { test: (text) => regExp.test(text), source: pattern, unicode: regExp.unicode, linear: false, guarded: false, toString: () => String(regExp) };
    if (!backtracksSafely(regExp)) {
      try {
        const re2 = RE2JS.compile(inRe2(pattern));
        found = { test: (text) => re2.test(text), source: pattern, unicode: true, linear: true, guarded: false, toString: () => `re2:${pattern}` };
      } catch {
        found = { test: guardedTest(pattern, regExp), source: pattern, unicode: regExp.unicode, linear: false, guarded: true, toString: () => `guarded:${String(regExp)}` };
      }
    }
    if (CACHE.size > 10_000) CACHE.clear(); // a document's patterns are a few hundred; never a leak across many documents
    CACHE.set(pattern, found);
  }
  return found;
}

/** ECMA-262's white space and line terminators (§22.2.2.9 CharacterClassEscape \s: WhiteSpace and LineTerminator), in RE2's syntax, for a class's inside. */
const ECMA_SPACE = '\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';
/** What ECMA-262's `.` matches without the s flag: anything but a line terminator. */
const ECMA_DOT = '[^\\n\\r\\x{2028}\\x{2029}]';

/**
 * The pattern as RE2 reads it with ECMA-262's meaning: RE2's `.` matches a
 * carriage return and its `\s` is ASCII white space only, where ECMA-262's
 * `.` refuses every line terminator and its `\s` is Unicode's white space.
 * Every other construct RE2 reads (classes, `\d`, `\w`, `\b`, `^` and `$`
 * without flags, `\p{…}`) means the same in both.
 */
export function inRe2(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      const next = pattern[i + 1];
      i += 1;
      if (next === 's') out += inClass ? ECMA_SPACE : `[${ECMA_SPACE}]`;
      else if (next === 'S' && !inClass) out += `[^${ECMA_SPACE}]`;
      // \S inside a class has no RE2 spelling that keeps its meaning: left as RE2 reads it (ASCII white space).
      else out += `\\${next}`;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A ] first in a class (or after ^) is a literal in RE2, and an empty class in ECMA-262: rare enough to leave.
      continue;
    }
    out += c === '.' ? ECMA_DOT : c;
  }
  return out;
}

/** ECMA-262's test of the pattern, stopped by V8 after PATTERN_MS (each call costs a watchdog thread: ~0.2 ms). */
function guardedTest(pattern: string, regExp: RegExp): (text: string) => boolean {
  const context = vm.createContext({ regExp, text: '' });
  const script = new vm.Script('regExp.test(text)');
  return (text) => {
    context.text = text;
    try {
      return script.runInContext(context, { timeout: PATTERN_MS }) === true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new PatternTimedOut(pattern, text);
      throw error;
    }
  };
}

/** The engine Ajv's `code.regExp` option takes: Ajv asks for flags "u"; it gets what patternRegExp reads. */
export const patternEngine = Object.assign((pattern: string) => patternRegExp(pattern), { code: 'patternRegExp' });
