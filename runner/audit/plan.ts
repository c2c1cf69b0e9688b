/**
 * What the audit sends, from the document's operations and the routes given
 * by hand. Safe by default: each GET and HEAD operation is called as the
 * frontend would call it; a POST, PUT, PATCH or DELETE only has its
 * preflight sent (an OPTIONS, which changes nothing) unless --unsafe is
 * given. Values are never guessed: an operation lacking one is not called,
 * and the plan says which flag would call it. Pure: it sends nothing.
 */
import { corsRequestFor } from '../../http/script-fetch';
import { needsPreflight } from '../../http/script-fetch';
import type { HeaderList } from '../../http/header-list';
import { JSON_CONTENT, isJsonMediaType, mediaTypeEssence } from '../../http/media-type';
import { operationFor as matchedOperation } from '../../openapi/match';
import { isSafe, type Operation } from '../../openapi/operations';
import { requestPath, type ChosenValue } from '../../openapi/request-path';
import type { Parameter } from '../../openapi/operations';
import { sampleBody, type SampleSource } from '../../openapi/samples';
import type { AuditRoute } from '../configuration';
import { describeScheme, type SecurityScheme } from '../../openapi/security';
import { flagFor, type Credentials } from './signin';
import { paramsFor } from './values';

export interface PlannedCall {
  /** The request as sent: the method, the path with its values filled in, the body. */
  readonly route: AuditRoute;
  /** The operation it calls; undefined for a --route that matches none (or when there is no document). */
  readonly operation?: Operation;
  /** 'request': sent as the frontend's script would send it; 'preflight': only the preflight a browser sends first. */
  readonly send: 'request' | 'preflight';
  /** Where the body came from, for a body the audit built from the document. */
  readonly bodyFrom?: SampleSource;
  /** Given by --route, not built from the document. */
  readonly byHand?: true;
  /** What the operation's `security` has the frontend send (signin.ts): its own headers, the browser's cookies; absent when it needs nothing. */
  readonly auth?: Credentials;
  /** The path and query values it was built with, each with where it came from; absent when it has none. */
  readonly values?: readonly ChosenValue[];
}

export interface SkippedOperation {
  readonly operation: Operation;
  /** Why it was not called. */
  readonly reason: string;
  /** The flag that would call it: "--param item_id=VALUE", "--unsafe"; null when no flag can. */
  readonly flag: string | null;
  /** Not called for want of a sign-in: the names of the security schemes the audit lacked. */
  readonly lacks?: readonly string[];
  /** Not called for want of a value: the parameters lacking one (an answer received later may supply them). */
  readonly missing?: readonly string[];
}

export interface Plan {
  /** In the report's order: the document's operations in its order (a --route in the place of the operation it calls), then the --routes that call none. */
  readonly calls: readonly PlannedCall[];
  /** In the document's order. */
  readonly skipped: readonly SkippedOperation[];
}

export interface PlanOptions {
  readonly origin: string;
  /** --header: the script's own headers, which decide whether a request needs a preflight. */
  readonly headers: HeaderList;
  /** --param: NAME, or "METHOD /path/{template}:NAME" for one operation (which wins). */
  readonly params: Readonly<Record<string, string>>;
  readonly unsafe: boolean;
  /** Values the API itself gave (links, answers: values.ts Harvest.valueFor), asked after --param and the document's own. */
  readonly found?: (operation: Operation, parameter: Parameter) => ChosenValue | undefined;
  /** With a sign-in reading (signin.ts credentialsFor on the operation's `security`): what each operation needs sent, or the schemes lacking. Left out, nothing is asked. */
  readonly signIn?: (operation: Operation) => { ok: true; credentials: Credentials } | { ok: false; lacking: readonly SecurityScheme[] };
}

/**
 * The operation a route given by hand calls: the same method and a template its path fits, the most literal one
 * first (/items/search before /items/{id}), as openapi/match.ts matches them.
 */
export function operationFor(route: Pick<AuditRoute, 'method' | 'path'>, operations: readonly Operation[]): Operation | undefined {
  return matchedOperation(operations, route.method, route.path);
}

const skip = (operation: Operation, reason: string, flag: string | null = null): SkippedOperation => ({ operation, reason, flag });

/** Whether the frontend would send the operation a JSON body (which makes a browser ask, in the preflight, for Content-Type). */
function takesJson(operation: Operation): boolean {
  return Object.values(operation.requestBody?.content ?? {}).some((m) => isJsonMediaType(mediaTypeEssence(m.mediaType)));
}

/** The JSON body to send, for an unsafe operation under --unsafe; or why none can be built. */
function bodyOf(operation: Operation): { text?: string; from?: SampleSource } | { skip: string } {
  const body = operation.requestBody;
  if (body === undefined) return {};
  const media = Object.values(body.content);
  if (!takesJson(operation)) return body.required && media.length > 0 ? { skip: `takes a ${media.map((m) => m.mediaType).join(' or ')} body, which the audit does not build` } : {};
  const sample = sampleBody(operation);
  if (sample !== undefined) return { text: sample.text, from: sample.from };
  return body.required ? { skip: 'takes a JSON body, and the document gives no example or schema to build one from' } : {};
}

/** How one operation is called, or why it is not. */
export function planOperation(operation: Operation, options: PlanOptions): PlannedCall | SkippedOperation {
  const label = operation.method;
  if (label === 'OPTIONS') return skip(operation, 'OPTIONS is the preflight\'s method: the audit sends its own preflights, before each operation that needs one');
  if (label === 'TRACE') return skip(operation, 'TRACE echoes the request back, and servers mostly refuse it');
  const found = options.found;
  const where = requestPath(operation, paramsFor(operation, options.params), found === undefined ? undefined : (parameter) => found(operation, parameter));
  if (!where.ok) {
    const none = found === undefined ? 'the document gives no example, default or enum' : "neither the document (example, default, enum, link) nor the API's answers give one";
    return { ...skip(operation, `needs a value for ${where.missing.join(' and ')}, and ${none}`, where.flag), missing: where.missing };
  }
  const valued = where.values.length === 0 ? {} : { values: where.values };
  const given = new Set(options.headers.map(([name]) => name.toLowerCase()));
  const header = operation.parameters.find((p) => p.in === 'header' && p.required && !given.has(p.name.toLowerCase()));
  if (header !== undefined) return skip(operation, `needs the header ${header.name}`, `--header "${header.name}: VALUE"`);
  const cookie = operation.parameters.find((p) => p.in === 'cookie' && p.required);
  if (cookie !== undefined) return skip(operation, `needs the cookie ${cookie.name}, which a browser sends by itself and the audit cannot`);
  // The sign-in its `security` asks for: an operation the audit cannot sign in to is not called (a note, not a finding).
  const signedIn = options.signIn?.(operation);
  if (signedIn !== undefined && !signedIn.ok) {
    return { operation, reason: `not called for want of a sign-in: it needs ${signedIn.lacking.map(describeScheme).join(' or ')}`, flag: flagFor(signedIn.lacking[0]), lacks: signedIn.lacking.map((s) => s.name) };
  }
  const auth = signedIn?.ok && (signedIn.credentials.headers.length > 0 || signedIn.credentials.query.length > 0 || signedIn.credentials.cookies.length > 0) ? { auth: signedIn.credentials } : {};
  const path = signedIn?.ok ? withQuery(where.path, signedIn.credentials.query) : where.path;
  const authorHeaders = [...options.headers, ...(signedIn?.ok ? signedIn.credentials.headers : [])];
  if (isSafe(label)) return { route: { method: label, path }, operation, send: 'request', ...auth, ...valued };

  if (!options.unsafe) {
    // Only the preflight, which carries no body: what matters is whether the body would be JSON. The placeholder
    // body is never sent; it makes the preflight ask for Content-Type, as the frontend's would.
    const json = takesJson(operation);
    const call = { method: label, path, headers: [...authorHeaders, ...(json ? JSON_CONTENT : [])] };
    if (!needsPreflight(corsRequestFor(options.origin, call))) return skip(operation, 'not sent without --unsafe, and a browser sends it without a preflight, so there is nothing safe to check', '--unsafe');
    return { route: { method: label, path, ...(json ? { body: '{}' } : {}) }, operation, send: 'preflight', ...auth, ...valued };
  }
  const body = bodyOf(operation);
  if ('skip' in body) return skip(operation, body.skip);
  return { route: { method: label, path, ...(body.text === undefined ? {} : { body: body.text }) }, operation, send: 'request', ...(body.from === undefined ? {} : { bodyFrom: body.from }), ...auth, ...valued };
}

/** The path with a sign-in's query parameters (an apiKey in the query) added. */
function withQuery(path: string, query: readonly (readonly [string, string])[]): string {
  if (query.length === 0) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${new URLSearchParams(query.map(([n, v]): [string, string] => [n, v])).toString()}`;
}

/**
 * The plan for the operations and the routes given by hand. A route given
 * by hand that calls an operation takes that operation's place (the user's
 * path wins, as --param does), and the operation is not called again.
 */
export function planAudit(operations: readonly Operation[], routes: readonly AuditRoute[], options: PlanOptions): Plan {
  const byHand = new Map<Operation, AuditRoute[]>();
  const unmatched: AuditRoute[] = [];
  for (const route of routes) {
    const operation = operationFor(route, operations);
    if (operation === undefined) unmatched.push(route);
    else byHand.set(operation, [...(byHand.get(operation) ?? []), route]);
  }
  const calls: PlannedCall[] = [];
  const skipped: SkippedOperation[] = [];
  for (const operation of operations) {
    const given = byHand.get(operation);
    if (given !== undefined) {
      // A route given by hand is sent signed in as its operation's `security` asks, when the audit can.
      const signedIn = options.signIn?.(operation);
      const auth = signedIn?.ok && (signedIn.credentials.headers.length > 0 || signedIn.credentials.cookies.length > 0) ? { auth: signedIn.credentials } : {};
      calls.push(...given.map((route) => ({ route, operation, send: 'request' as const, byHand: true as const, ...auth })));
      continue;
    }
    const planned = planOperation(operation, options);
    if ('reason' in planned) skipped.push(planned);
    else calls.push(planned);
  }
  calls.push(...unmatched.map((route) => ({ route, send: 'request' as const, byHand: true as const })));
  return { calls, skipped };
}
