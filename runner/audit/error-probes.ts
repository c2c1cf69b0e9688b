/**
 * The error probes: for each safe operation the audit calls (GET and HEAD
 * only: the audit never harms the API), the requests a frontend meets an
 * error with, sent as its script would send them (the same origin,
 * credentials mode and headers), at most one of each kind:
 *
 * - `invalid-value`: a parameter given a value its schema refuses (an
 *   integer given "audit-not-a-number", a value outside an enum, a string
 *   longer than maxLength), where the operation declares 400, 422 or 4XX
 *   (FastAPI declares 422 and its HTTPValidationError on every operation
 *   with parameters);
 * - `no-credentials`: the call without the credentials its `security` needs,
 *   when the audit signed in and sent them (a 401 or 403 expected);
 * - `unknown-id`: the last path parameter given a value the API did not
 *   return, where the operation declares 404.
 *
 * Each answer is judged like any other (rules/promises.ts: its status
 * declared, its body fitting its schema), and by whether the script on the
 * origin can read it (rules/errors.ts, `error-not-readable`), which the
 * audit judges once all the answers are in (index.ts).
 */
import { isSchemaObject, type Schema, type SchemaObject } from '../../openapi/document';
import type { Operation, Parameter } from '../../openapi/operations';
import { percentEncode } from '../../openapi/request-path';
import type { Exchange } from '../../http/client';
import type { HeaderList } from '../../http/header-list';
import { corsRequestFor, sendAsScript, type Send } from '../../http/script-fetch';
import { preflightLetsThrough } from '../../rules/preflight';
import { sightOf, type CorsRequest, type ScriptSight } from '../../rules/script';
import type { AuditRoute } from '../configuration';
import type { Finding } from './explain';
import type { Credentials } from './signin';

export type ErrorProbeKind = 'invalid-value' | 'no-credentials' | 'unknown-id';

/** One error probe, as the report keeps it: what was sent and why, what came back, and what it got wrong. */
export interface ErrorProbe {
  readonly kind: ErrorProbeKind;
  /** Why this request meets an error, in words: "page=audit-not-a-number: its schema wants an integer". */
  readonly why: string;
  readonly method: string;
  /** The path as sent, with its query. */
  readonly path: string;
  /** The statuses the document declares for it ("422", "4XX"); empty when it declares none of those expected. */
  readonly expected: readonly string[];
  readonly status: number;
  /** Whether the script on the origin can read the answer (its preflight included), and if not, why. */
  readonly granted: boolean;
  readonly reason: string | null;
  readonly findings: readonly Finding[];
}

/** A probe to send: the request and why it meets an error. */
export interface PlannedProbe {
  readonly kind: ErrorProbeKind;
  readonly why: string;
  readonly route: AuditRoute;
  /** The statuses it expects, among those the operation declares. */
  readonly expected: readonly string[];
  /** Sent without the sign-in's credentials. */
  readonly withoutCredentials?: true;
}

/** A probe sent: its answer (its body's text kept for the first line), the Fetch model's view, and its preflight's verdict. */
export interface SentProbe {
  readonly planned: PlannedProbe;
  readonly request: CorsRequest;
  readonly actual: Exchange;
  readonly sight: ScriptSight;
  readonly preflightGranted?: boolean;
}

/** The declared responses among `statuses` (and their ranges): what a probe expects. */
function declared(operation: Operation, statuses: readonly string[]): string[] {
  const keys = Object.keys(operation.responses);
  const ranges = new Set(statuses.map((s) => `${s.charAt(0)}XX`));
  return keys.filter((k) => statuses.includes(k) || ranges.has(k.toUpperCase()));
}

function membersOf(schema: Schema | undefined): SchemaObject[] {
  if (!isSchemaObject(schema)) return [];
  const members = [schema.allOf, schema.anyOf, schema.oneOf].flatMap((list) => (Array.isArray(list) ? list : []));
  return [schema, ...members.filter(isSchemaObject)];
}

/**
 * A value the parameter's schema refuses, decided by the schema alone (no
 * guessing what the server does): a word for a number or a boolean, a value
 * outside an enum, a string one longer than maxLength. Undefined when its
 * schema refuses nothing that can be said in a path or a query (or allows
 * null or several types, where a word may be valid).
 */
export function violatingValue(parameter: Parameter): { value: string; because: string } | undefined {
  const schemas = membersOf(parameter.schema);
  if (schemas.length === 0) return undefined;
  // An anyOf/oneOf with another member (`anyOf: [{type: integer}, {type: string}]`) may take any word: refuse nothing.
  const root = schemas[0];
  if (Array.isArray(root.anyOf) || Array.isArray(root.oneOf)) {
    const alternatives = [...(Array.isArray(root.anyOf) ? root.anyOf : []), ...(Array.isArray(root.oneOf) ? root.oneOf : [])].filter(isSchemaObject);
    if (alternatives.some((s) => s.type !== 'null' && (s.type === 'string' || s.type === undefined))) return undefined;
  }
  for (const schema of schemas) {
    const type = schema.type;
    if (Array.isArray(type)) continue;
    if (type === 'integer' || type === 'number') return { value: 'audit-not-a-number', because: `its schema wants ${type === 'integer' ? 'an integer' : 'a number'}` };
    if (type === 'boolean') return { value: 'audit-not-a-boolean', because: 'its schema wants a boolean' };
    if (Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every((v) => typeof v === 'string')) {
      return { value: 'audit-not-in-enum', because: `its schema allows only ${(schema.enum as string[]).slice(0, 5).join(', ')}${schema.enum.length > 5 ? ', …' : ''}` };
    }
    if ((type === 'string' || type === undefined) && typeof schema.maxLength === 'number' && schema.maxLength < 200) {
      return { value: 'a'.repeat(schema.maxLength + 1), because: `its schema allows at most ${schema.maxLength} characters` };
    }
  }
  return undefined;
}

/**
 * A value of the parameter the API did not return, for the unknown-id
 * probe: the one used plus 1,000,000 for an integer, else the one used with
 * "-audit-missing". `returned` holds the values the API returned for that
 * name (from the answers harvested), none of which it picks.
 */
export function unknownValue(parameter: Parameter, used: string, returned: readonly unknown[] = [], fits: (value: string) => boolean = () => true): string | undefined {
  const taken = new Set(returned.map(String));
  const integer = membersOf(parameter.schema).some((s) => s.type === 'integer') && /^-?\d+$/.test(used);
  const uuid = UUID.test(used);
  const next = (candidate: string, round: number): string =>
    integer ? String(BigInt(candidate) + 1000000n) : uuid ? `a0d17000-0000-4000-8000-${String(round).padStart(12, '0')}` : round === 0 ? `${used}-audit-missing` : `${candidate}-again`;
  let candidate = next(used, 0);
  for (let round = 1; taken.has(candidate) || candidate === used; round++) candidate = next(candidate, round);
  // An unknown id is one the parameter's schema accepts: a value it refuses (an enum, a bound, a pattern) meets a 422, not the 404 this probe is for.
  return fits(candidate) ? candidate : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The sent path with the path parameter `name`'s segment replaced (the template's whole segment `{name}`), or undefined when it is not a whole segment. */
function withPathValue(operation: Operation, sent: string, name: string, value: string): { path: string; used: string } | undefined {
  const [pathPart, query] = splitQuery(sent);
  const template = operation.path.split('/');
  const segments = pathPart.split('/');
  const at = template.indexOf(`{${name}}`);
  if (at < 0 || template.length !== segments.length) return undefined;
  const used = decodeURIComponent(segments[at]);
  segments[at] = percentEncode(value);
  return { path: `${segments.join('/')}${query === undefined ? '' : `?${query}`}`, used };
}

function splitQuery(path: string): [string, string | undefined] {
  const q = path.indexOf('?');
  return q < 0 ? [path, undefined] : [path.slice(0, q), path.slice(q + 1)];
}

/** The sent path with the query parameter `name` given `value` (replacing the one sent, or added). */
function withQueryValue(sent: string, name: string, value: string): string {
  const [pathPart, query] = splitQuery(sent);
  const pairs = (query ?? '').split('&').filter((p) => p !== '' && decodeURIComponent(p.split('=')[0]) !== name);
  return `${pathPart}?${[...pairs, `${percentEncode(name)}=${percentEncode(value)}`].join('&')}`;
}

/** The sent path without the sign-in's query parameters (an apiKey in the query). */
function withoutQuery(sent: string, names: readonly string[]): string {
  const [pathPart, query] = splitQuery(sent);
  if (query === undefined || names.length === 0) return sent;
  const pairs = query.split('&').filter((p) => !names.includes(decodeURIComponent(p.split('=')[0])));
  return pairs.length === 0 ? pathPart : `${pathPart}?${pairs.join('&')}`;
}

/** The error probes for one operation called at `route`, at most one of each kind. `returned`: the values the API returned, by parameter name. */
export function planErrorProbes(
  operation: Operation,
  route: AuditRoute,
  auth: Credentials | undefined,
  returned: ReadonlyMap<string, readonly unknown[]> = new Map(),
  fits: (parameter: Parameter, value: string) => boolean = () => true,
): PlannedProbe[] {
  if (route.method !== 'GET' && route.method !== 'HEAD') return [];
  const probes: PlannedProbe[] = [];
  const invalidExpected = declared(operation, ['400', '422']);
  if (invalidExpected.length > 0) {
    // Path parameters first (every one is sent), then the required query parameters, then the optional ones.
    const order = [...operation.parameters.filter((p) => p.in === 'path'), ...operation.parameters.filter((p) => p.in === 'query' && p.required), ...operation.parameters.filter((p) => p.in === 'query' && !p.required)];
    for (const parameter of order) {
      const bad = violatingValue(parameter);
      if (bad === undefined) continue;
      const path = parameter.in === 'path' ? withPathValue(operation, route.path, parameter.name, bad.value)?.path : withQueryValue(route.path, parameter.name, bad.value);
      if (path === undefined) continue;
      probes.push({ kind: 'invalid-value', why: `${parameter.name}=${bad.value}: ${bad.because}`, route: { method: route.method, path }, expected: invalidExpected });
      break;
    }
  }
  const signedIn = auth !== undefined && auth.headers.length + auth.query.length + auth.cookies.length > 0;
  if (signedIn) {
    probes.push({
      kind: 'no-credentials',
      why: 'sent without the credentials its security needs',
      route: { method: route.method, path: withoutQuery(route.path, auth.query.map(([name]) => name)) },
      expected: declared(operation, ['401', '403']),
      withoutCredentials: true,
    });
  }
  const notFound = declared(operation, ['404']);
  const last = [...operation.parameters].reverse().find((p) => p.in === 'path');
  if (notFound.length > 0 && last !== undefined) {
    const current = withPathValue(operation, route.path, last.name, '');
    if (current !== undefined) {
      const value = unknownValue(last, current.used, returned.get(last.name), (candidate) => fits(last, candidate));
      const replaced = value === undefined ? undefined : withPathValue(operation, route.path, last.name, value);
      if (replaced !== undefined) probes.push({ kind: 'unknown-id', why: `${last.name}=${value}: a value the API did not return`, route: { method: route.method, path: replaced.path }, expected: notFound });
    }
  }
  return probes;
}

/** Sends one probe as the frontend's script: its preflight when it needs one, then the request, with the browser's cookies unless it goes without credentials. */
export async function sendErrorProbe(send: Send, planned: PlannedProbe, origin: string, authorHeaders: HeaderList, credentials: CorsRequest['credentials'], browserCookies: HeaderList): Promise<SentProbe> {
  const call = { method: planned.route.method, path: planned.route.path, headers: authorHeaders };
  const request = corsRequestFor(origin, call, credentials);
  const withCookies = credentials === 'include' && browserCookies.length > 0 ? { ...call, headers: [...authorHeaders, ...browserCookies] } : call;
  const { preflight, actual } = await sendAsScript(send, request, withCookies);
  const sight = sightOf(request, actual, preflight);
  const preflightGranted = preflight === undefined ? undefined : preflightLetsThrough(request, preflight) === null;
  return { planned, request, actual, sight, ...(preflightGranted === undefined ? {} : { preflightGranted }) };
}
