/**
 * How each value is read and checked: from a flag's text (the command line)
 * and from a typed option (the API) by the same code, so both refuse the
 * same values with the same message, naming the flag. The schema
 * (schema.ts) says which option uses which.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { EndpointError, parseEndpoint } from '../../http/endpoint';
import { isToken } from '../../http/header-list';
import { parseSerializedOrigin } from '../../http/origin';
import { ENGINES, engineName, type Engine } from '../../browser/engines';
import { UsageError, type AuditRoute, type BrowserMode, type HeaderOption } from './types';

/** A value as a message quotes it: the text as given, or the typed value written out. */
const shown = (value: unknown): string => (typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : String(value));

export function parseTarget(text: string): string {
  const wanted = `--target must be an absolute http(s) URL such as http://127.0.0.1:8000, got "${shown(text)}"`;
  if (typeof text !== 'string') throw new UsageError(wanted);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(wanted);
  }
  // "localhost:8000" parses as the scheme "localhost:": say what was meant, not what the parser saw.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? `--target must use http or https, got "${url.protocol}"` : wanted);
  if (url.search || url.hash) throw new UsageError('--target must not have a query or a fragment');
  return url.href.replace(/\/+$/, '');
}

/** An origin is scheme, host and port only (RFC 6454 §6.2 serialization), as browsers send it. */
export function parseOrigin(text: string): string {
  const parsed = parseSerializedOrigin(shown(text));
  if (!parsed.ok) throw new UsageError(`--origin: ${parsed.reason}`);
  return parsed.origin;
}

/** Milliseconds, from --timeout's text or a number. */
export function parseTimeout(value: string | number): number {
  const ms = Number(value);
  if ((typeof value !== 'string' && typeof value !== 'number') || !Number.isInteger(ms) || ms <= 0 || ms > 600_000) {
    throw new UsageError(`--timeout must be a whole number of milliseconds from 1 to 600000, got "${shown(value)}"`);
  }
  return ms;
}

/** A whole number within bounds, from a flag's text or a number (--retries, --parallel, --wait). */
export function wholeNumber(flag: string, value: string | number, min: number, max: number): number {
  const text = shown(value);
  const n = Number(text);
  if ((typeof value !== 'string' && typeof value !== 'number') || !/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  return n;
}

/** --wait's seconds as the run's milliseconds; the API may give any whole number of milliseconds within the same bounds. */
export function parseWait(text: string): number {
  return wholeNumber('--wait', text, 0, 600) * 1000;
}

export function checkWaitMs(ms: number): number {
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > 600_000) throw new UsageError(`--wait must be a whole number from 0 to 600, got "${typeof ms === 'number' ? ms / 1000 : shown(ms)}"`);
  return ms;
}

/** A header's name and value, as --header "Name: value" gives them or the API's pair. The value is never echoed: it may be a secret. */
export function checkHeader(name: string, value: string): readonly [string, string] {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (!isToken(trimmed)) throw new UsageError(`--header must look like "Name: value" (got a header without a valid name)`);
  if (typeof value !== 'string') throw new UsageError(`--header ${trimmed}: the value must be text`);
  const v = value.trim();
  if (/[\r\n\0]/.test(v)) throw new UsageError(`--header ${trimmed}: the value must not contain CR, LF or NUL`);
  return [trimmed, v];
}

export function parseHeader(text: HeaderOption): readonly [string, string] {
  if (typeof text !== 'string') return Array.isArray(text) ? checkHeader(text[0], text[1]) : checkHeader('', '');
  const colon = text.indexOf(':');
  return checkHeader(colon < 0 ? '' : text.slice(0, colon), text.slice(colon + 1));
}

/** A route's parts, each checked as --route checks them; `text` is the route as messages quote it. */
function checkedRoute(text: string, method: string, routePath: string, body: string | undefined): AuditRoute {
  try {
    const endpoint = parseEndpoint(`${method} ${routePath}`);
    if (body !== undefined) {
      try {
        JSON.parse(body);
      } catch (error) {
        throw new EndpointError(`"${text}": the body after the path must be JSON (${(error as Error).message})`);
      }
    }
    return body === undefined ? endpoint : { ...endpoint, body };
  } catch (error) {
    if (error instanceof EndpointError) throw new UsageError(`--route ${error.message}`);
    throw error;
  }
}

/** "GET /api/items?page=1", optionally followed by a JSON body; or the route's method, path and body. */
export function parseRoute(route: string | AuditRoute): AuditRoute {
  if (typeof route === 'object' && route !== null) {
    const { method, path: routePath, body } = route;
    if (typeof method !== 'string' || typeof routePath !== 'string' || (body !== undefined && typeof body !== 'string')) {
      throw new UsageError(`--route must be "METHOD /path", optionally followed by a JSON body, or its method, path and body as text`);
    }
    return checkedRoute(`${method} ${routePath}${body === undefined ? '' : ` ${body}`}`, method, routePath, body);
  }
  const text = shown(route);
  const match = /^(\S+) (\S+)(?: (.+))?$/s.exec(text.trim());
  if (match === null) throw new UsageError(`--route "${text}" is not a route: write the method and the path, such as "GET /api/items?page=1"`);
  return checkedRoute(text, match[1], match[2], match[3]);
}

/**
 * --param scoped to one operation: "GET /api/items/{item_id}:item_id" → the
 * operation's method (upper case) and path template, and the parameter's
 * name (after the last ":", since a template may hold one). A key with no
 * scope is undefined: it applies to every operation with that parameter.
 */
export function paramScope(key: string): { readonly method: string; readonly path: string; readonly name: string } | undefined {
  const match = /^([A-Za-z]+) (\/\S*):([^:\s]+)$/.exec(key);
  return match === null ? undefined : { method: match[1].toUpperCase(), path: match[2], name: match[3] };
}

const PARAM_FORM = 'NAME=VALUE or "METHOD /path/{template}:NAME=VALUE", such as --param item_id=5 or --param "GET /api/items/{item_id}:item_id=5"';

/** A parameter's name and value, as --param NAME=VALUE gives them or the API's record; a name with a space must be a scope. */
function checkParam(name: string, value: string): void {
  if (name === '' || name.includes('=') || typeof value !== 'string' || (/\s/.test(name) && paramScope(name) === undefined)) throw new UsageError(`--param must look like ${PARAM_FORM} (got "${name}=${shown(value)}")`);
}

/** --param NAME=VALUE or "METHOD /path:NAME=VALUE", repeatable; a name given twice keeps its last value, as a later flag overrides an earlier one. */
export function parseParams(texts: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const text of texts) {
    const equals = text.indexOf('=');
    if (equals <= 0) throw new UsageError(`--param must look like ${PARAM_FORM} (got "${text}")`);
    const key = text.slice(0, equals);
    const scope = paramScope(key);
    // The method is kept upper case, as the document's operations are matched.
    const name = scope === undefined ? key : `${scope.method} ${scope.path}:${scope.name}`;
    checkParam(name, text.slice(equals + 1));
    params[name] = text.slice(equals + 1);
  }
  return params;
}

export function checkParams(params: Readonly<Record<string, string>>): Record<string, string> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new UsageError('--param must look like NAME=VALUE, such as --param item_id=5 (the API takes them as { NAME: VALUE }, or { "METHOD /path/{template}:NAME": VALUE } for one operation)');
  const checked: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    checkParam(name, value);
    const scope = paramScope(name);
    checked[scope === undefined ? name : `${scope.method} ${scope.path}:${scope.name}`] = value;
  }
  return checked;
}

/** --browsers' comma-separated list, or the API's list of engines. */
export function parseEngines(value: string | readonly string[]): Engine[] {
  const names = (typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [shown(value)]).map((name) => String(name).trim().toLowerCase());
  const unknown = names.filter((name) => !(ENGINES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) throw new UsageError(`--browsers takes a comma-separated list of ${ENGINES.join(', ')}; got "${shown(value)}"`);
  return [...new Set(names as Engine[])];
}

export function checkBrowserMode(mode: BrowserMode): BrowserMode {
  if (mode !== 'auto' && mode !== 'on' && mode !== 'off') throw new UsageError(`browser is 'auto', 'on' (--browser) or 'off' (--no-browser), got "${shown(mode)}"`);
  return mode;
}

/** The flag naming each engine's executable, and an executable it could name. */
const ENGINE_FLAGS: Readonly<Record<Engine, string>> = { chromium: '--chromium-path', firefox: '--firefox-path' };
const EXAMPLE_EXECUTABLE: Readonly<Record<Engine, string>> = { chromium: '/usr/bin/chromium', firefox: '/usr/bin/firefox-esr' };

/**
 * A browser's executable named by --chromium-path or --firefox-path: it must
 * be there, or every scenario in that engine would fail (or, by default, be
 * skipped) for a path mistyped. Relative to the working directory.
 */
export function parseEnginePath(engine: Engine, text: string, cwd: string = process.cwd()): string {
  const flag = ENGINE_FLAGS[engine];
  if (typeof text !== 'string' || text === '') throw new UsageError(`${flag} needs the path of ${engineName(engine)}'s executable, such as ${EXAMPLE_EXECUTABLE[engine]}`);
  const absolute = path.resolve(cwd, text);
  const lookedFor = absolute === text ? '' : ` (looked for ${absolute})`;
  if (!existsSync(absolute)) throw new UsageError(`${flag} ${text}: no such file${lookedFor}; give the path of ${engineName(engine)}'s executable, such as ${EXAMPLE_EXECUTABLE[engine]}`);
  if (statSync(absolute).isDirectory()) throw new UsageError(`${flag} ${text}: a folder, not the browser's executable (such as ${EXAMPLE_EXECUTABLE[engine]})`);
  return absolute;
}

export function parseFormat(text: string): 'text' | 'json' {
  if (text !== 'text' && text !== 'json') throw new UsageError(`--format is text or json, got "${shown(text)}"`);
  return text;
}

export function parseOpenapi(text: string): string {
  if (typeof text !== 'string' || text === '') throw new UsageError('--openapi needs a file or an http(s) URL');
  return text;
}

/** A flag that takes a path or an expression: any text. */
export function text(flag: string, arg: string): (value: string) => string {
  return (value) => {
    if (typeof value !== 'string') throw new UsageError(`${flag} takes ${arg}, got "${shown(value)}"`);
    return value;
  };
}

/** A repeatable flag's values as the API gives them: a list. */
export function list<T>(flag: string, arg: string, values: readonly T[]): readonly T[] {
  if (!Array.isArray(values)) throw new UsageError(`${flag} takes ${arg}, one or more: the API takes a list, got "${shown(values)}"`);
  return values;
}

/** A repeatable flag's texts (--features). */
export function texts(flag: string, arg: string): (values: readonly string[]) => string[] {
  return (values) => list(flag, arg, values).map(text(flag, arg));
}

/** A switch: on or off. */
export function onOff(flag: string): (value: boolean) => boolean {
  return (value) => {
    if (typeof value !== 'boolean') throw new UsageError(`${flag} is a switch: the API takes true or false, got "${shown(value)}"`);
    return value;
  };
}

/** --credentials: the frontend's fetch() sends cookies (include) or not (omit). */
export function parseCredentials(text: string): 'include' | 'omit' {
  if (text !== 'include' && text !== 'omit') throw new UsageError(`--credentials is include or omit, got "${shown(text)}"`);
  return text;
}

/** A secret's text (--token, --login-password, --login-body): never quoted in a message. */
export function secret(flag: string, arg: string): (value: string) => string {
  return (value) => {
    if (typeof value !== 'string' || value === '') throw new UsageError(`${flag} takes ${arg}`);
    return value;
  };
}

/** --login and --logout: "METHOD /path", no body (--login-body gives the login's). */
export function parseSignInRoute(flag: string): (route: string | AuditRoute) => AuditRoute {
  return (route) => {
    const text = typeof route === 'object' && route !== null ? `${route.method} ${route.path}` : shown(route);
    try {
      return parseEndpoint(text.trim());
    } catch (error) {
      if (error instanceof EndpointError) throw new UsageError(`${flag} ${error.message}; write the method and the path, such as "POST /api/session"`);
      throw error;
    }
  };
}

/** --listen: "PORT" or "HOST:PORT" ("[::1]:8001" for IPv6), as observe's proxy binds it; loopback unless a host is named. */
export function parseListen(value: string | number): { readonly host: string; readonly port: number } {
  const text = shown(value);
  const match = /^(?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):)?(\d{1,5})$/.exec(text);
  const port = match === null ? NaN : Number(match[2]);
  if ((typeof value !== 'string' && typeof value !== 'number') || match === null || port > 65535) {
    throw new UsageError(`--listen takes PORT or HOST:PORT (127.0.0.1:8001; 0 picks a free port), got "${text}"`);
  }
  const host = match[1] === undefined ? '127.0.0.1' : match[1].replace(/^\[|\]$/g, '');
  return { host, port };
}

/** --max-body: a whole number of bytes, from 0 (judge heads only) to 64 MiB. */
export function parseMaxBody(value: string | number): number {
  return wholeNumber('--max-body', value, 0, 64 * 1024 * 1024);
}
