/**
 * A call as a person writes it: a method and a path with its query,
 * "GET /api/items?page=1". Features, the audit's --route and the document's
 * operations all name calls this way; each refusal says what to write instead.
 */

export interface Endpoint {
  readonly method: string;
  readonly path: string;
}

export class EndpointError extends Error {
  override name = 'EndpointError';
}

/** RFC 9110 §9: the methods a request in a feature may use. Methods are case-sensitive. */
export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export function parseEndpoint(text: string): Endpoint {
  const match = /^(\S+) (\S+)$/.exec(text);
  if (match === null) throw new EndpointError(`"${text}" is not a call: write the method and the path, such as "GET /api/items?page=1"`);
  const [, method, path] = match;
  if (!METHODS.includes(method)) {
    const upper = method.toUpperCase();
    throw new EndpointError(
      METHODS.includes(upper)
        ? `"${text}": methods are case-sensitive (RFC 9110 §9.1); did you mean "${upper} ${path}"?`
        : `"${text}": ${method} is not a method the suite sends (${METHODS.join(', ')})`,
    );
  }
  if (!path.startsWith('/')) throw new EndpointError(`"${text}": the path must start with "/", such as "${method} /${path}"`);
  if (path.includes('#')) throw new EndpointError(`"${text}": a fragment (#…) is never sent to the server; leave it out`);
  return { method, path };
}

