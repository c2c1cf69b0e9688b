/**
 * A conformant mock of a document: Stoplight Prism's mock (the answers its
 * document promises, with their examples or generated from their schemas)
 * with correct CORS in front.
 *
 * Prism's own CORS is wrong for a credentialed frontend (it echoes any
 * origin and `*` headers with credentials), so it is turned off and this
 * front answers as a correct CORSMiddleware would (Starlette's, configured
 * with one allowed origin and allow_credentials): the allowed origin echoed
 * and no other, `Access-Control-Allow-Credentials: true`, `Vary: Origin`,
 * the headers of the answer exposed, preflights answered for the allowed
 * origin only (400 otherwise, as Starlette does).
 *
 * Prism runs in this process: a server per document costs milliseconds,
 * where a `prism mock` process costs seconds.
 */
import { createRequire } from 'node:module';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

// Prism's programmatic packages are prism-cli's own (pinned by the package's overrides), not top-level dependencies.
const fromPrism = createRequire(require.resolve('@stoplight/prism-cli/package.json'));

interface PrismServer {
  listen(port: number, address?: string): Promise<string>;
  close(): Promise<void>;
}
interface PrismHttp {
  getHttpOperationsFromSpec(specFilePathOrObject: string | object): Promise<unknown[]>;
}
interface PrismHttpServer {
  createServer(operations: unknown[], opts: { cors: boolean; config: object; components: { logger: unknown } }): PrismServer;
}
interface PrismCore {
  createLogger(name: string, options?: object, destination?: NodeJS.WritableStream): unknown;
}

let prismModules: { http: PrismHttp; server: PrismHttpServer; core: PrismCore } | undefined;
function prism() {
  prismModules ??= {
    http: fromPrism('@stoplight/prism-http') as PrismHttp,
    server: fromPrism('@stoplight/prism-http-server') as PrismHttpServer,
    core: fromPrism('@stoplight/prism-core') as PrismCore,
  };
  return prismModules;
}

/** Prism's logs go nowhere: a sweep of thousands of documents would print millions of lines. */
const silent = new (require('node:stream').Writable)({ write: (_chunk: unknown, _enc: unknown, done: () => void) => done() });

export interface Mock {
  /** The front's URL: the audit's target. */
  readonly url: string;
  readonly close: () => Promise<void>;
  /** Prism's own error answers so far (problem+json of type https://stoplight.io/prism/errors#…), by type: the mock answered, not the document. */
  readonly prismErrors: () => Map<string, number>;
}

/** Why a mock could not be started: Prism refused the document (no operations, a $ref it cannot resolve). */
export class MockError extends Error {
  override readonly name = 'MockError';
}

/** How long the front waits for Prism's answer. */
const MOCK_ANSWER_MS = 4000;

/**
 * Prism's exceptions thrown outside its handler's promise (seen: its
 * header deserializer on a missing array header) reach the process; the
 * sweep's worker counts them here instead of dying. True when it was Prism's.
 */
export function isPrismCrash(error: unknown): boolean {
  return error instanceof Error && /node_modules\/@stoplight\//.test(error.stack ?? '');
}

/** The live mocks' answers to a crash of Prism's: each answers its exchange in flight. */
const crashHandlers = new Set<() => void>();

/** Prism crashed (isPrismCrash): the exchange each mock has in flight is answered with a 502 now, not after MOCK_ANSWER_MS. */
export function prismCrashed(): void {
  for (const handler of crashHandlers) handler();
}

/** The request headers a correct CORSMiddleware allows: those the preflight asks for (Starlette with allow_headers=["*"]). */
const PREFLIGHT_HEADERS = 'access-control-request-headers';

/** What a correct CORSMiddleware adds to an answer for the allowed origin, with credentials; nothing for another. */
export function grantOf(origin: string, allowed: boolean): Record<string, string> {
  return allowed ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' } : {};
}

/**
 * Answers a CORS preflight as Starlette's CORSMiddleware does with one
 * allowed origin and allow_headers=["*"]: the allowed origin's granted (200,
 * every method, the headers it asks for), any other's refused (400).
 * False, and nothing written, when `req` is no preflight.
 */
export function answerPreflight(req: http.IncomingMessage, res: http.ServerResponse, origin: string): boolean {
  const from = req.headers.origin;
  if (req.method !== 'OPTIONS' || from === undefined || req.headers['access-control-request-method'] === undefined) return false;
  if (from !== origin) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', Vary: 'Origin' }).end('Disallowed CORS origin');
    return true;
  }
  const asked = req.headers[PREFLIGHT_HEADERS];
  res.writeHead(200, {
    ...grantOf(origin, true),
    Vary: 'Origin',
    'Access-Control-Allow-Methods': 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT',
    'Access-Control-Max-Age': '600',
    ...(asked === undefined ? {} : { 'Access-Control-Allow-Headers': asked }),
    'Content-Length': '0',
  }).end();
  return true;
}

/**
 * Serves `document` (a path or a parsed document) with Prism's mock behind a
 * CORS front that allows `origin` with credentials.
 */
export async function startMock(document: string | object, origin: string): Promise<Mock> {
  const { http: prismHttp, server: prismServer, core } = prism();
  let operations: unknown[];
  try {
    operations = await prismHttp.getHttpOperationsFromSpec(document);
  } catch (error) {
    throw new MockError(`Prism cannot read the document: ${(error as Error).message.split('\n')[0]}`);
  }
  if (operations.length === 0) throw new MockError('Prism finds no operations in the document');
  const logger = core.createLogger('MOCK', { level: 'silent' }, silent);
  const mock = prismServer.createServer(operations, {
    cors: false,
    config: { mock: { dynamic: false }, validateRequest: true, validateResponse: false, checkSecurity: true, errors: false, upstreamProxy: undefined, isProxy: false },
    components: { logger },
  });
  const inner = new URL(await mock.listen(0, '127.0.0.1'));
  const prismErrors = new Map<string, number>();
  const front = http.createServer((req, res) => {
    const allowed = req.headers.origin === origin;
    if (answerPreflight(req, res, origin)) return;
    queue.push(() => forward(req, res, allowed));
    if (queue.length === 1) queue[0]();
  });
  /**
   * One exchange at a time reaches Prism (it runs in this process, so
   * concurrency would buy no CPU): a crash of Prism's (prismCrashed(), from the
   * worker's uncaughtException) is then the exchange in flight's, answered
   * with a 502 at once instead of after MOCK_ANSWER_MS.
   */
  const queue: (() => void)[] = [];
  let inFlight: (() => void) | undefined;
  const next = (): void => {
    queue.shift();
    inFlight = undefined;
    queue[0]?.();
  };
  const forward = (req: http.IncomingMessage, res: http.ServerResponse, allowed: boolean): void => {
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      clearTimeout(unanswered);
      next();
    };
    const mockFailed = (type: string, text: string): void => {
      if (!res.headersSent) prismErrors.set(type, (prismErrors.get(type) ?? 0) + 1);
      // Still answered inside the CORS front, as a correct API's error is: the frontend can read that the mock failed.
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8', Vary: 'Origin', ...grantOf(origin, allowed) });
      res.end(text);
      release();
    };
    // A connection per request (no keep-alive agent): closing Prism's server never waits on an idle socket.
    const toPrism = http.request({ host: inner.hostname, port: inner.port, method: req.method, path: req.url, headers: req.headers, agent: false }, (answer) => {
      release();
      const headers = { ...answer.headers };
      // Prism's own violation report is no header of the API's.
      delete headers['sl-violations'];
      const vary = headers.vary === undefined ? 'Origin' : `${headers.vary}, Origin`;
      headers.vary = vary;
      if (allowed) {
        headers['access-control-allow-origin'] = origin;
        headers['access-control-allow-credentials'] = 'true';
        // Set-Cookie is a forbidden response-header name (Fetch §2.2.2): listing it exposes nothing, and a correct CORSMiddleware leaves it out.
        const exposed = Object.keys(headers).filter((name) => !name.startsWith('access-control-') && name !== 'set-cookie' && name !== 'set-cookie2');
        if (exposed.length > 0) headers['access-control-expose-headers'] = exposed.join(', ');
      }
      res.writeHead(answer.statusCode ?? 502, headers);
      if (String(headers['content-type']).startsWith('application/problem+json')) {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const type = /"type":"https:\/\/stoplight\.io\/prism\/errors#([A-Z_]+)"/.exec(Buffer.concat(chunks).toString('utf8'))?.[1];
          if (type !== undefined) prismErrors.set(type, (prismErrors.get(type) ?? 0) + 1);
        });
      }
      answer.pipe(res);
    });
    // Prism can throw outside its handler's promise (a header it cannot deserialize), and then never answers: the mock did not answer, as a 502.
    // A timer on the whole exchange, not the socket's idleness: a Prism that crashed may never accept the connection at all.
    const unanswered = setTimeout(() => {
      toPrism.destroy();
      mockFailed('NO_ANSWER', 'the mock did not answer');
    }, MOCK_ANSWER_MS);
    inFlight = () => {
      toPrism.destroy();
      mockFailed('CRASHED', 'the mock crashed on this request');
    };
    res.on('close', release);
    // After a 502 of the timer's or the crash's, the error is their own destroy(): counted once.
    toPrism.on('error', (error) => mockFailed('FORWARD_ERROR', `mock unreachable: ${error.message}`));
    req.pipe(toPrism);
  };
  const onCrash = (): void => inFlight?.();
  crashHandlers.add(onCrash);
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const { port } = front.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    prismErrors: () => new Map(prismErrors),
    close: async () => {
      crashHandlers.delete(onCrash);
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await mock.close().catch(() => undefined);
    },
  };
}
