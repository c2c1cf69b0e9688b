/**
 * The contract's routes and fixed data in one place, for steps that walk
 * every route. The contract's route table (docs/reading-the-spec.md) and the features say the same.
 */
import type { OutgoingRequest } from '../../http/client';
import { JSON_CONTENT } from '../../http/media-type';
import type { Endpoint } from '../../http/endpoint';

export type { Endpoint } from '../../http/endpoint';

export { JSON_CONTENT };

/** The route called with a JSON Content-Type, and a JSON body where the method takes one. */
export function withJson(endpoint: Endpoint): OutgoingRequest {
  const body = endpoint.method === 'GET' || endpoint.method === 'HEAD' ? undefined : '{}';
  return { ...endpoint, headers: JSON_CONTENT, body };
}

/** A valid sign-up for POST /user/; the password is distinctive so a leak is easy to find. */
export const SAMPLE_USER = {
  username: 'johndoe',
  password: 'conformance-secret-5f0e2c',
  email: 'john@example.com',
} as const;

/** What a script sends on every route of the contract: JSON bodies where the route reads one. */
export const CONTRACT_CALLS: readonly (OutgoingRequest & { readonly label: string })[] = [
  { label: 'GET /headers-and-object/', method: 'GET', path: '/headers-and-object/' },
  { label: 'GET /headers/', method: 'GET', path: '/headers/' },
  { label: 'GET /hidden-header/', method: 'GET', path: '/hidden-header/' },
  { label: 'POST /cookie-and-object/', method: 'POST', path: '/cookie-and-object/' },
  { label: 'POST /cookie/', method: 'POST', path: '/cookie/' },
  { label: 'GET /two-cookies/', method: 'GET', path: '/two-cookies/' },
  { label: 'PUT /get-or-create-task/foo', ...withJson({ method: 'PUT', path: '/get-or-create-task/foo' }) },
  { label: 'POST /user/', method: 'POST', path: '/user/', headers: JSON_CONTENT, body: JSON.stringify(SAMPLE_USER) },
  { label: 'GET /items/foo', method: 'GET', path: '/items/foo' },
  { label: 'GET /dependency-headers/', method: 'GET', path: '/dependency-headers/' },
];
