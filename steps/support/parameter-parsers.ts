/**
 * The parsers behind the vocabulary's parameter types (parameter-types.ts
 * registers them with cucumber). Each parses strictly and, when it refuses,
 * says what is wrong with the text and what it should be. Registers nothing,
 * so the runner and the tests can import it.
 */
import { isToken } from '../../http/header-list';
import { parseSerializedOrigin } from '../../http/origin';
import type { Endpoint } from './contract';

export class ParameterError extends Error {
  override name = 'ParameterError';
}

/** RFC 9110 §9: the methods a request in a feature may use. Methods are case-sensitive. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export function parseEndpoint(text: string): Endpoint {
  const match = /^(\S+) (\S+)$/.exec(text);
  if (match === null) throw new ParameterError(`"${text}" is not a call: write the method and the path, such as "GET /api/items?page=1"`);
  const [, method, path] = match;
  if (!METHODS.includes(method)) {
    const upper = method.toUpperCase();
    throw new ParameterError(
      METHODS.includes(upper)
        ? `"${text}": methods are case-sensitive (RFC 9110 §9.1); did you mean "${upper} ${path}"?`
        : `"${text}": ${method} is not a method the suite sends (${METHODS.join(', ')})`,
    );
  }
  if (!path.startsWith('/')) throw new ParameterError(`"${text}": the path must start with "/", such as "${method} /${path}"`);
  if (path.includes('#')) throw new ParameterError(`"${text}": a fragment (#…) is never sent to the server; leave it out`);
  return { method, path };
}

export function parseHeaderName(name: string): string {
  if (!isToken(name)) {
    throw new ParameterError(`"${name}" is not a header name: a field name is a token (RFC 9110 §5.1), made of letters, digits and !#$%&'*+-.^_\`|~, with no spaces or colons`);
  }
  return name;
}

/** RFC 9110 §15 reason phrases, with RFC 6585's and RFC 7725's additions. */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: 'Continue', 101: 'Switching Protocols',
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content', 205: 'Reset Content', 206: 'Partial Content',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified', 305: 'Use Proxy', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  407: 'Proxy Authentication Required', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed',
  413: 'Content Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable', 417: 'Expectation Failed',
  421: 'Misdirected Request', 422: 'Unprocessable Content', 426: 'Upgrade Required', 428: 'Precondition Required', 429: 'Too Many Requests',
  431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported',
  511: 'Network Authentication Required',
};

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
/** A doc string that must be JSON: checked before the run, so a typo is reported with its line. */
export function checkJsonDocString(content: string): void {
  try {
    JSON.parse(content);
  } catch (error) {
    throw new ParameterError(`the doc string is not JSON: ${(error as Error).message}`);
  }
}
