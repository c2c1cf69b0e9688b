/**
 * The parsers behind the vocabulary's parameter types (parameter-types.ts
 * registers them with cucumber). Each parses strictly and, when it refuses,
 * says what is wrong with the text and what it should be. Registers nothing,
 * so the tests can import it.
 */
import { isToken } from '../../http/header-list';
import { parseSerializedOrigin } from '../../http/origin';
import { EndpointError, parseEndpoint as parseCall, type Endpoint } from '../../http/endpoint';
import { REASON_PHRASES } from '../../http/status';
import { fillPlaceholders, nameProblem } from '../placeholders';

export class ParameterError extends Error {
  override name = 'ParameterError';
}

/** A call written in a feature, "GET /api/items?page=1" (http/endpoint.ts), refused in the vocabulary's words. */
export function parseEndpoint(text: string): Endpoint {
  try {
    return parseCall(text);
  } catch (error) {
    throw error instanceof EndpointError ? new ParameterError(error.message) : error;
  }
}

export function parseHeaderName(name: string): string {
  if (!isToken(name)) {
    throw new ParameterError(`"${name}" is not a header name: a field name is a token (RFC 9110 §5.1), made of letters, digits and !#$%&'*+-.^_\`|~, with no spaces or colons`);
  }
  return name;
}

export function parseHeaderNames(text: string): string[] {
  const names = text.split(',').map((name) => name.trim());
  if (names.some((name) => name === '')) throw new ParameterError(`"${text}": write the header names separated by commas, such as "Authorization, Content-Type"`);
  return names.map(parseHeaderName);
}

export function parseStatus(code: string, reason: string): number {
  const status = Number(code);
  const known = REASON_PHRASES[status];
  if (known === undefined) throw new ParameterError(`"${code} ${reason}": ${code} is not a status RFC 9110 defines`);
  if (known !== reason) throw new ParameterError(`"${code} ${reason}": RFC 9110 calls ${code} "${known}"`);
  return status;
}

/** Which browser origin a script runs on: the run's --origin, one it must refuse, or one written out. */
export type ScriptOrigin = 'allowed' | 'other' | { readonly literal: string };

export function parseScriptOrigin(text: string): ScriptOrigin {
  if (text === 'the allowed origin') return 'allowed';
  if (text === 'another origin') return 'other';
  // A sandboxed iframe, a data: or a file: page: its origin serializes as "null" (HTML, "serialization of an origin").
  if (text === 'an opaque origin') return { literal: 'null' };
  const parsed = parseSerializedOrigin(text.slice(1, -1));
  if (!parsed.ok) throw new ParameterError(parsed.reason);
  return { literal: parsed.origin };
}

/** A cookie attribute a response can give or withhold (RFC 6265bis §5.6). */
export type CookieFlag =
  | { readonly attribute: 'Secure' | 'HttpOnly' | 'Partitioned'; readonly present: boolean }
  | { readonly attribute: 'SameSite'; readonly value: 'Strict' | 'Lax' | 'None' };

const FLAG_NAMES = ['Secure', 'HttpOnly', 'Partitioned'] as const;
const SAME_SITE = ['Strict', 'Lax', 'None'] as const;

export function parseCookieFlag(text: string): CookieFlag {
  const negated = text.startsWith('not ');
  const bare = negated ? text.slice(4) : text;
  const [name, value] = bare.split('=') as [string, string | undefined];
  // Attribute names are case-insensitive for a user agent (RFC 6265bis §5.6), so they are here too.
  const flag = FLAG_NAMES.find((f) => f.toLowerCase() === name.toLowerCase());
  if (flag !== undefined && value === undefined) return { attribute: flag, present: !negated };
  if (name.toLowerCase() === 'samesite' && !negated) {
    const sameSite = SAME_SITE.find((s) => s.toLowerCase() === (value ?? '').toLowerCase());
    if (sameSite !== undefined) return { attribute: 'SameSite', value: sameSite };
    throw new ParameterError(`"${text}": SameSite is Strict, Lax or None (RFC 6265bis §5.6.7), such as SameSite=Lax`);
  }
  throw new ParameterError(`"${text}" is not a cookie attribute this sentence checks: write Secure, HttpOnly, Partitioned, SameSite=Strict, SameSite=Lax or SameSite=None, or "not Secure", "not HttpOnly"`);
}

export function parsePattern(source: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new ParameterError(`/${source}/${flags} is not a regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
}

export function parseJsonValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ParameterError(`${text} is not a JSON value: write a string in double quotes, a number, true, false or null`);
  }
}
/** The name a scenario gives a value it remembers, used later as {{name}} (steps/placeholders.ts). */
export function parseValueName(text: string): string {
  const problem = nameProblem(text);
  if (problem !== null) throw new ParameterError(problem);
  return text;
}

/** A form's data table: rows of a field's name and its value, two cells each (URLSearchParams sends them in order). */
export function checkFormTable(rows: readonly (readonly string[])[]): void {
  if (rows.length === 0) throw new ParameterError('the form has no fields: write one row per field, | name | value |');
  const wrong = rows.findIndex((row) => row.length !== 2);
  if (wrong >= 0) throw new ParameterError(`row ${wrong + 1} of the form has ${rows[wrong].length} cells: write one row per field, | name | value |`);
  const unnamed = rows.findIndex((row) => row[0] === '');
  if (unnamed >= 0) throw new ParameterError(`row ${unnamed + 1} of the form has no field name: write | name | value |`);
}

/**
 * A doc string that must be JSON: checked before the run, so a typo is
 * reported with its line. A `{{name}}` may stand for a value, in a string
 * ("{{token}}") or bare for a number ({{note}}): it is read as 0 here.
 */
export function checkJsonDocString(content: string): void {
  try {
    JSON.parse(fillPlaceholders(content, () => '0'));
  } catch (error) {
    throw new ParameterError(`the doc string is not JSON: ${(error as Error).message}`);
  }
}
