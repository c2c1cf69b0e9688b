/**
 * How a document says its operations are signed in to: the Security Scheme
 * Objects of `components.securitySchemes`, and each operation's `security`
 * (a list of alternatives, each naming the schemes it needs together),
 * with the document's own `security` as the default an operation may
 * override, and `[]` (or an empty alternative, `{}`) meaning "open".
 * The same in OpenAPI 3.0 and 3.1 (§4.8.27, §4.8.30 of 3.1.0;
 * https://spec.openapis.org/oas/v3.1.0#security-scheme-object).
 *
 * Pure: it reads the parsed document and sends nothing. The frontend's
 * credentials mode follows from the schemes the operations use
 * (credentialsOf): a cookie is sent by the browser itself, so a frontend
 * signed in by cookie fetches with credentials; a token in a header or the
 * query is the script's own doing, and such a frontend fetches without.
 */
import { isObject, type OpenApiDocument } from './document';
import type { Operation } from './operations';

export type SecurityScheme =
  | { readonly name: string; readonly type: 'http'; readonly scheme: string }
  | { readonly name: string; readonly type: 'apiKey'; readonly in: 'header' | 'query' | 'cookie'; readonly key: string }
  /** tokenUrl of the password flow, as written (relative to the document's URL when relative); null when the scheme has no password flow. */
  | { readonly name: string; readonly type: 'oauth2'; readonly passwordTokenUrl: string | null }
  | { readonly name: string; readonly type: 'openIdConnect' }
  | { readonly name: string; readonly type: 'mutualTLS' };

/** One way an operation may be called: every scheme it names, together; empty is "no sign-in needed". */
export type SecurityAlternative = readonly SecurityScheme[];

/** The credentials mode of a frontend's fetch() calls (Fetch §2.2.5, RequestCredentials). */
export type CredentialsMode = 'include' | 'omit';

type Json = Readonly<Record<string, unknown>>;

function schemeOf(name: string, raw: unknown): SecurityScheme | undefined {
  if (!isObject(raw)) return undefined;
  switch (raw.type) {
    case 'http':
      return { name, type: 'http', scheme: typeof raw.scheme === 'string' ? raw.scheme.toLowerCase() : '' };
    case 'apiKey':
      if ((raw.in !== 'header' && raw.in !== 'query' && raw.in !== 'cookie') || typeof raw.name !== 'string') return undefined;
      return { name, type: 'apiKey', in: raw.in, key: raw.name };
    case 'oauth2': {
      const flows = isObject(raw.flows) ? raw.flows : {};
      const password = isObject(flows.password) ? flows.password : {};
      return { name, type: 'oauth2', passwordTokenUrl: typeof password.tokenUrl === 'string' ? password.tokenUrl : null };
    }
    case 'openIdConnect':
      return { name, type: 'openIdConnect' };
    case 'mutualTLS':
      return { name, type: 'mutualTLS' };
    default:
      return undefined;
  }
}

/** The document's security schemes, by the name `security` uses. */
export function securitySchemesOf(doc: Pick<OpenApiDocument, 'root'>): ReadonlyMap<string, SecurityScheme> {
  const components = isObject(doc.root.components) ? doc.root.components : {};
  const raw: Json = isObject(components.securitySchemes) ? components.securitySchemes : {};
  const out = new Map<string, SecurityScheme>();
  for (const [name, value] of Object.entries(raw)) {
    const scheme = schemeOf(name, value);
    if (scheme !== undefined) out.set(name, scheme);
  }
  return out;
}

/** A Security Requirement list as alternatives; undefined when the field is absent or not a list. */
function alternativesOf(raw: unknown, schemes: ReadonlyMap<string, SecurityScheme>): SecurityAlternative[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  // A requirement naming a scheme the document does not declare cannot be met: it is left out (an empty list then is "cannot be called").
  return raw.filter(isObject).flatMap((requirement) => {
    const names = Object.keys(requirement);
    const found = names.map((name) => schemes.get(name));
    return found.every((s): s is SecurityScheme => s !== undefined) ? [found] : [];
  });
}

/**
 * The ways the operation may be called: its own `security`, else the
 * document's, else none (open). An empty list of alternatives never comes
 * back for an open operation: open is `[[]]`.
 */
export function securityOf(doc: Pick<OpenApiDocument, 'root'>, operation: Pick<Operation, 'method' | 'path'>, schemes: ReadonlyMap<string, SecurityScheme> = securitySchemesOf(doc)): SecurityAlternative[] {
  const paths = isObject(doc.root.paths) ? doc.root.paths : {};
  const item = isObject(paths[operation.path]) ? (paths[operation.path] as Json) : {};
  const raw = isObject(item[operation.method.toLowerCase()]) ? (item[operation.method.toLowerCase()] as Json) : {};
  const own = 'security' in raw ? raw.security : doc.root.security;
  if (Array.isArray(own) && own.length === 0) return [[]];
  return alternativesOf(own, schemes) ?? [[]];
}

/** Whether a scheme is a cookie the browser sends by itself (an apiKey in a cookie). */
export function isCookieScheme(scheme: SecurityScheme): boolean {
  return scheme.type === 'apiKey' && scheme.in === 'cookie';
}

/** The scheme as a reader names it: 'OAuth2PasswordBearer-like "OAuth2PasswordBearer" (oauth2, password flow)'. */
export function describeScheme(scheme: SecurityScheme): string {
  switch (scheme.type) {
    case 'http':
      return `"${scheme.name}" (http ${scheme.scheme})`;
    case 'apiKey':
      return `"${scheme.name}" (an API key in the ${scheme.in} ${scheme.key})`;
    case 'oauth2':
      return `"${scheme.name}" (OAuth2${scheme.passwordTokenUrl === null ? '' : `, password flow at ${scheme.passwordTokenUrl}`})`;
    default:
      return `"${scheme.name}" (${scheme.type})`;
  }
}

/** The frontend's credentials mode as the document implies it, and why: for the header of a run or an audit. */
export interface ImpliedCredentials {
  readonly mode: CredentialsMode;
  readonly why: string;
}

/**
 * The credentials mode a frontend of this API fetches with, from the
 * schemes its operations use: any cookie apiKey means credentials are
 * included (the browser sends the cookie only then); otherwise, when the
 * operations use only tokens (http bearer or basic, OAuth2,
 * openIdConnect, a header or query key), they are omitted; with no scheme
 * in use, they are included (a session cookie the document does not
 * declare is still possible).
 */
export function credentialsOf(doc: Pick<OpenApiDocument, 'root'>, operations: readonly Pick<Operation, 'method' | 'path'>[]): ImpliedCredentials {
  const schemes = securitySchemesOf(doc);
  const used = new Map<string, SecurityScheme>();
  for (const operation of operations) for (const alternative of securityOf(doc, operation, schemes)) for (const scheme of alternative) used.set(scheme.name, scheme);
  const cookie = [...used.values()].find(isCookieScheme);
  if (cookie !== undefined) return { mode: 'include', why: `the document signs in with the cookie scheme ${describeScheme(cookie)}` };
  const tokens = [...used.values()].filter((s) => s.type !== 'mutualTLS');
  if (tokens.length > 0) return { mode: 'omit', why: `the document signs in with ${tokens.map(describeScheme).join(', ')}, which a script sends itself, without credentials` };
  return { mode: 'include', why: 'the document declares no sign-in its operations use' };
}
