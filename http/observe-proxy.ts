/**
 * The observe proxy's forwarding core (issue 28, sections 1 and 4): a reverse
 * proxy that the frontend, or its tests, uses as the API's address. It
 * forwards every request to one target only, forwards the answer back, and
 * records each exchange as an ObservedExchange (http/observed.ts), handed to
 * `onExchange` once the exchange has ended, off the forwarding path.
 *
 * What it guarantees:
 * - Forwarding unchanged. The method, the request target (path and query),
 *   the header fields (names in their case, repeated fields apart) and the
 *   body bytes go on as received, both ways. Nothing is added (no
 *   X-Forwarded-*, no Via, no Date) and only what RFC 9110 §7.6.1 requires of
 *   an intermediary is removed: Connection and the fields it names,
 *   Keep-Alive, Proxy-Connection, TE, Trailer, Upgrade (outside an upgrade);
 *   Transfer-Encoding is re-framed by Node on each hop (chunked stays
 *   chunked, Content-Length stays as sent). Node then writes its own
 *   Connection (and, to the client, Keep-Alive) for its own connections: they
 *   are hop-by-hop and describe the hop they travel on. One limit: a request
 *   field name that repeats is sent with its occurrences together, at the
 *   place and in the case of the first one (Node's ClientRequest keeps fields
 *   by name); answers keep every field exactly.
 * - Streaming both ways: nothing is buffered beyond the recorded prefix
 *   (`maxBodyBytes`, 1 MiB by default); the head of an answer is flushed as
 *   soon as it arrives, so Server-Sent Events and chunked answers stream.
 * - It answers nothing itself: a CORS preflight is forwarded like any request.
 * - Never an open proxy: an absolute-form request target ("GET
 *   http://other.example/") or a Host naming neither the proxy itself nor the
 *   target is refused with 400 and one line of text/plain; nothing is sent.
 * - Gateway errors, never a crash: the target refuses → 502; it resets
 *   before its head → 502, after it → the client's connection is closed;
 *   it does not answer within `timeoutMs` → 504. Each is recorded with its
 *   failure kind and one plain sentence.
 * - WebSocket upgrades pass through (recorded as passThrough 'websocket'
 *   once the connection closes, with the target's 101 head and no body;
 *   any other Upgrade is refused with 400); an answer of type
 *   text/event-stream streams and is recorded as passThrough 'event-stream'
 *   (its prefix only, like any body).
 * - `onExchange` runs in a setImmediate after the exchange ended; what it
 *   throws is caught and counted (`listenerErrors`), never seen by the
 *   forwarding. Nothing is kept per exchange once it was handed over.
 *
 * What http-proxy-3 does for it (native HTTP/1.1 path): it builds the
 * outgoing request towards the target (joins the target's base path and the
 * request target, sets TLS verification from `secure`, uses our keep-alive
 * agent), pipes the request body, relays request errors and aborts (a client
 * that goes away destroys the outgoing request), and runs the whole WebSocket
 * upgrade (the outgoing upgrade request, the 101 head, the two-way pipe). It
 * would also strip Trailer from requests and, for DELETE and OPTIONS without
 * a body, add Content-Length: 0; it copies `req.headers` (lower-cased,
 * repeated fields joined). What we do instead: a pass placed before its
 * `stream` pass rebuilds the outgoing fields from `req.rawHeaders` (case and
 * repetition kept, hop-by-hop removed, nothing added), and with
 * `selfHandleResponse` we write the answer's head ourselves from the
 * target's `rawHeaders` (its own outgoing passes would lower-case and join
 * them and add Connection) and pipe its body, tapping a copy of the prefix.
 * The WebSocket upgrade request keeps http-proxy-3's own header handling
 * (Node's lower-cased names), since its upgrade logic reads them by those.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { createProxyServer } from 'http-proxy-3';
import { patientTimeout } from './patient-timeout';
import { fromRawHeaders, listElements, type HeaderList } from './header-list';
import { DEFAULT_MAX_BODY_BYTES, type ObservedBody, type ObservedExchange, type ObservedFailure, type ObservedResponse } from './observed';

export interface ObserveProxyOptions {
  /** The API's base URL (http: or https:), the only place the proxy forwards to. */
  readonly target: string;
  /** The address to listen on; 127.0.0.1 unless told otherwise. */
  readonly host?: string;
  /** The port to listen on; 0 (any free port) by default. */
  readonly port?: number;
  /** The prefix of each body kept for judging; 1 MiB by default. */
  readonly maxBodyBytes?: number;
  /** The target's time to answer (to send its head), 30000 ms by default; then 504. */
  readonly timeoutMs?: number;
  /** Called once per exchange, after it ended, from a setImmediate; what it throws is caught and counted. */
  readonly onExchange: (exchange: ObservedExchange) => void;
  /** Accept the target's self-signed certificate. */
  readonly insecure?: boolean;
}

export interface ObserveProxy {
  /** The proxy's own base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** How many times onExchange threw (caught and ignored). */
  readonly listenerErrors: number;
  /** Stops listening, closes every open socket (clients' and the target's) and resolves. */
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** RFC 9110 §7.6.1: fields meant for one connection only, never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade', 'transfer-encoding']);

/**
 * The fields to send on, from a raw header list: hop-by-hop ones removed, and
 * those the Connection field names; Transfer-Encoding is kept on requests
 * only, where Node reads it to frame the outgoing body the same way.
 */
export function forwardableFields(raw: readonly string[], keepTransferEncoding: boolean): string[] {
  const list = fromRawHeaders(raw);
  const named = new Set(listElements(list, 'connection').map((name) => name.toLowerCase()));
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    if (lower === 'transfer-encoding' && keepTransferEncoding) {
      out.push(raw[i], raw[i + 1]);
      continue;
    }
    if (HOP_BY_HOP.has(lower) || named.has(lower)) continue;
    out.push(raw[i], raw[i + 1]);
  }
  return out;
}

/** The raw fields as an object Node's ClientRequest sends in key order, with the names' case and repeated fields as separate lines. */
function asOrderedHeaders(raw: readonly string[]): Record<string, string | string[]> {
  const byLower = new Map<string, { name: string; values: string[] }>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    const entry = byLower.get(lower);
    if (entry) entry.values.push(raw[i + 1]);
    else byLower.set(lower, { name: raw[i], values: [raw[i + 1]] });
  }
  const headers: Record<string, string | string[]> = {};
  for (const { name, values } of byLower.values()) headers[name] = values.length === 1 ? values[0] : values;
  return headers;
}

/** Keeps the first `max` bytes of a stream of chunks and counts them all. */
class BodyTap {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private seen = 0;
  constructor(private readonly max: number) {}
  add(chunk: Buffer): void {
    this.seen += chunk.length;
    if (this.kept < this.max) {
      const part = chunk.length <= this.max - this.kept ? chunk : chunk.subarray(0, this.max - this.kept);
      // A copy, so the prefix does not hold on to a larger pooled buffer.
      this.chunks.push(Buffer.from(part));
      this.kept += part.length;
    }
  }
  /** The whole body, when every byte was kept: what a request sent again needs. */
  whole(): Buffer | undefined {
    return this.seen === this.kept ? Buffer.concat(this.chunks) : undefined;
  }
  body(complete: boolean): ObservedBody {
    return { prefix: Buffer.concat(this.chunks), size: complete ? this.seen : undefined, truncated: this.seen > this.kept || !complete };
  }
}

interface HostPort { readonly hostname: string; readonly port: string }

/** A Host field's value as host name and port ('' for the scheme's default), or undefined when it is not one. */
function parseAuthority(value: string, defaultPort: string): HostPort | undefined {
  try {
    const url = new URL(`http://${value}`);
    if (url.host === '' || url.pathname !== '/' || url.search !== '' || url.username !== '' || value.includes('/') || value.includes('@')) return undefined;
    return { hostname: url.hostname.toLowerCase(), port: url.port === '' ? defaultPort : url.port };
  } catch {
    return undefined;
  }
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * Why a request is not forwarded, as one line, or undefined when it may be:
 * its target must be in origin form ("/path?query") and its Host, when there
 * is one, must name the proxy itself or the target.
 */
function refusal(req: http.IncomingMessage, own: { host: string; port: string }, target: URL): string | undefined {
  const url = req.url ?? '';
  if (!url.startsWith('/')) {
    return `observe forwards only to its target: the request target ${JSON.stringify(url.slice(0, 200))} is not a path (absolute-form and authority-form requests are refused)`;
  }
  const hostFields = req.rawHeaders.filter((name, i) => i % 2 === 0 && name.toLowerCase() === 'host').length;
  // RFC 9112 §3.2: a request with more than one Host field is answered 400.
  if (hostFields > 1) return `observe forwards only to its target: the request has ${hostFields} Host fields`;
  const hosts = req.headers.host;
  // An HTTP/1.0 request without Host goes to the target, which Node names in the Host it adds.
  if (hosts === undefined) return undefined;
  const authority = parseAuthority(hosts, '80');
  if (!authority) return `observe forwards only to its target: the Host ${JSON.stringify(hosts.slice(0, 200))} is not a host and port`;
  const targetPort = target.port !== '' ? target.port : target.protocol === 'https:' ? '443' : '80';
  if (authority.hostname === target.hostname.toLowerCase() && authority.port === targetPort) return undefined;
  if (authority.port === own.port) {
    const ownHost = own.host.toLowerCase();
    if (WILDCARDS.has(ownHost)) return undefined;
    const ownName = ownHost.includes(':') && !ownHost.startsWith('[') ? `[${ownHost}]` : ownHost;
    if (authority.hostname === ownName) return undefined;
    if (LOOPBACK_NAMES.has(ownName) && LOOPBACK_NAMES.has(authority.hostname)) return undefined;
  }
  return `observe forwards only to its target: the Host ${JSON.stringify(hosts.slice(0, 200))} names neither this proxy nor the target`;
}

/** What is known of one exchange while it is under way; dropped once handed to onExchange. */
interface Exchange {
  readonly seq: number;
  readonly started: number;
  readonly startedAt: string;
  readonly req: http.IncomingMessage;
  readonly requestBody: BodyTap;
  requestEnded: boolean;
  proxyReq?: http.ClientRequest;
  proxyRes?: http.IncomingMessage;
  responseBody?: BodyTap;
  responseEnded: boolean;
  failure?: ObservedFailure;
  passThrough?: 'websocket' | 'event-stream';
  /** Stops the timeout (patientTimeout's stop). */
  stopTimer?: () => void;
  timedOut: boolean;
  done: boolean;
  /** Sent again once, on a new connection, after a kept one was found closed. */
  retried?: boolean;
}

const EXCHANGE = Symbol('observe-exchange');
type WithExchange = http.IncomingMessage & { [EXCHANGE]?: Exchange };

export async function startObserveProxy(options: ObserveProxyOptions): Promise<ObserveProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new Error(`observe: the target must be an http: or https: URL, not ${JSON.stringify(options.target)}`);
  }
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const agent =
    target.protocol === 'https:'
      ? new https.Agent({ keepAlive: true, rejectUnauthorized: !options.insecure })
      : new http.Agent({ keepAlive: true });
  const proxy = createProxyServer({
    target: options.target,
    agent,
    secure: !options.insecure,
    changeOrigin: false,
    xfwd: false,
    selfHandleResponse: true,
    ws: true,
  });

  let seq = 0;
  let listenerErrors = 0;
  const own = { host: options.host ?? '127.0.0.1', port: '' };

  const hand = (exchange: Exchange): void => {
    if (exchange.done) return;
    exchange.done = true;
    exchange.stopTimer?.();
    const record = toObserved(exchange);
    setImmediate(() => {
      try {
        options.onExchange(record);
      } catch {
        listenerErrors += 1;
      }
    });
  };

  // Rebuilds the outgoing fields from rawHeaders, after http-proxy-3's
  // deleteLength pass and before its stream pass (see the file's top).
  proxy.before('web', 'stream', (req: http.IncomingMessage) => {
    req.headers = asOrderedHeaders(forwardableFields(req.rawHeaders, true)) as http.IncomingHttpHeaders;
  });

  // Every error is handled through the callbacks given to web() and ws();
  // this listener only makes sure no path of http-proxy-3's can crash the process.
  proxy.on('error', () => undefined);

  proxy.on('proxyReq', (proxyReq: http.ClientRequest, req: http.IncomingMessage) => {
    const exchange = (req as WithExchange)[EXCHANGE];
    if (exchange) exchange.proxyReq = proxyReq;
  });

  // A WebSocket upgrade's answer (the 101, or the answer of a target that
  // refused to upgrade) is recorded as its head, with no body.
  proxy.on('proxyReqWs', (proxyReq: http.ClientRequest, req: http.IncomingMessage) => {
    const exchange = (req as WithExchange)[EXCHANGE];
    if (!exchange) return;
    const seen = (proxyRes: http.IncomingMessage): void => {
      exchange.proxyRes = proxyRes;
      exchange.responseBody = new BodyTap(0);
    };
    proxyReq.once('upgrade', seen);
    proxyReq.once('response', seen);
  });

  proxy.on('proxyRes', (proxyRes: http.IncomingMessage, req: http.IncomingMessage, res: http.ServerResponse) => {
    const exchange = (req as WithExchange)[EXCHANGE];
    if (!exchange || exchange.done || res.headersSent) {
      // Already answered (504 by the timer before the outgoing request was
      // known, or the client went away): the late answer is read and dropped.
      proxyRes.resume();
      return;
    }
    exchange.stopTimer?.();
    exchange.proxyRes = proxyRes;
    exchange.responseBody = new BodyTap(maxBody);
    const type = proxyRes.headers['content-type'];
    if (typeof type === 'string' && /^\s*text\/event-stream\s*(;|$)/i.test(type)) exchange.passThrough = 'event-stream';
    res.writeHead(proxyRes.statusCode ?? 502, proxyRes.statusMessage, forwardableFields(proxyRes.rawHeaders, false));
    // The head goes out with the body's first bytes when they are already here (one write, not two: most answers
    // arrive whole), and on its own at once otherwise (an event stream, a long poll): the client never waits for it.
    let bodyBegun = false;
    proxyRes.once('data', () => {
      bodyBegun = true;
    });
    setImmediate(() => {
      if (!bodyBegun && !res.writableEnded && !res.destroyed) res.flushHeaders();
    });
    // A reset mid-answer is handled on 'close' below; the error itself needs no more.
    proxyRes.on('error', () => undefined);
    proxyRes.on('data', (chunk: Buffer) => exchange.responseBody?.add(chunk));
    proxyRes.on('end', () => {
      exchange.responseEnded = true;
    });
    proxyRes.on('close', () => {
      if (!proxyRes.complete) {
        // The target reset after its head: the head is already on its way,
        // so the only honest signal left to the client is a closed connection.
        exchange.failure ??= { kind: 'target-reset', message: 'the target closed the connection in the middle of its answer' };
        res.destroy();
        hand(exchange);
      }
    });
    proxyRes.pipe(res);
  });

  const onError = (err: Error & { code?: string }, req: http.IncomingMessage, res: http.ServerResponse | Socket): void => {
    const exchange = (req as WithExchange)[EXCHANGE];
    if (!exchange || exchange.done) return;
    if (!(res instanceof http.ServerResponse)) return;
    // A kept-alive connection the target had closed (uvicorn closes one after an unhandled 500 without
    // "Connection: close"): the request never reached it. Sent again once, on a new connection, as a
    // browser does (Node's docs on request.reusedSocket); the body is sent as received, only when it was
    // received whole. Any other failure is the gateway's answer below.
    const whole = exchange.requestEnded ? exchange.requestBody.whole() : undefined;
    if (!exchange.retried && !exchange.timedOut && !res.headersSent && exchange.proxyReq?.reusedSocket === true && (err.code === 'ECONNRESET' || err.code === 'EPIPE') && whole !== undefined) {
      exchange.retried = true;
      exchange.proxyReq = undefined;
      proxy.web(req, res, { buffer: Readable.from([whole]) } as never, onError as never);
      return;
    }
    if (res.headersSent) {
      exchange.failure ??= { kind: 'target-reset', message: `the target's answer failed after its head was sent (${err.code ?? err.message})` };
      res.destroy();
      hand(exchange);
      return;
    }
    let failure: ObservedFailure;
    if (exchange.timedOut) {
      failure = { kind: 'target-timed-out', message: `the target did not answer within ${timeoutMs} ms`, answeredWith: 504 };
    } else if (err.code === 'ECONNREFUSED') {
      failure = { kind: 'target-refused', message: `the target ${target.host} refused the connection`, answeredWith: 502 };
    } else if (err.code === 'ECONNRESET' || err.code === 'EPIPE') {
      failure = { kind: 'target-reset', message: `the target closed the connection before answering (${err.code})`, answeredWith: 502 };
    } else if (/CERT|SSL|TLS/.test(err.code ?? '')) {
      failure = { kind: 'target-refused', message: `the target ${target.host}'s certificate was not accepted (${err.code}); a self-signed one is accepted only when insecure`, answeredWith: 502 };
    } else {
      failure = { kind: 'target-refused', message: `the target ${target.host} could not be reached (${err.code ?? err.message})`, answeredWith: 502 };
    }
    exchange.failure = failure;
    gatewayAnswer(res, failure.answeredWith ?? 502, failure.message);
    res.on('close', () => hand(exchange));
  };

  /** The record of an exchange that starts now, attached to its request. */
  const begin = (req: http.IncomingMessage, bodyBytes: number, passThrough?: 'websocket'): Exchange => {
    const now = Date.now();
    const exchange: Exchange = {
      seq: ++seq,
      started: now,
      startedAt: new Date(now).toISOString(),
      req,
      requestBody: new BodyTap(bodyBytes),
      requestEnded: passThrough !== undefined,
      responseEnded: false,
      timedOut: false,
      done: false,
      ...(passThrough === undefined ? {} : { passThrough }),
    };
    (req as WithExchange)[EXCHANGE] = exchange;
    return exchange;
  };

  const server = http.createServer((req, res) => {
    const exchange = begin(req, maxBody);
    req.on('data', (chunk: Buffer) => exchange.requestBody.add(chunk));
    req.on('end', () => {
      exchange.requestEnded = true;
    });
    res.sendDate = false;
    res.on('close', () => hand(exchange));

    const why = refusal(req, own, target);
    if (why !== undefined) {
      exchange.failure = { kind: 'not-forwarded', message: why, answeredWith: 400 };
      res.shouldKeepAlive = false;
      gatewayAnswer(res, 400, why);
      req.resume();
      return;
    }
    // The client's timeout's rule (http/client.ts): a timer that fires late because this process was busy waits again, briefly.
    exchange.stopTimer = patientTimeout(timeoutMs, () => {
      if (exchange.proxyRes || exchange.done) return;
      exchange.timedOut = true;
      if (exchange.proxyReq) exchange.proxyReq.destroy();
      else onError(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }), req, res);
    });
    proxy.web(req, res, {}, onError as never);
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
    const exchange = begin(req, 0, 'websocket');
    socket.on('error', () => undefined);
    const upgrade = req.headers.upgrade ?? '';
    const why =
      refusal(req, own, target) ??
      (req.method !== 'GET' || upgrade.toLowerCase() !== 'websocket'
        ? `observe passes through WebSocket upgrades only, not ${req.method} with Upgrade: ${JSON.stringify(upgrade.slice(0, 100))}`
        : undefined);
    if (why !== undefined) {
      exchange.failure = { kind: 'not-forwarded', message: why, answeredWith: 400 };
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(why) + 1}\r\nConnection: close\r\n\r\n${why}\n`);
      hand(exchange);
      return;
    }
    socket.on('close', () => hand(exchange));
    proxy.ws(req, socket, head, {}, ((err: Error & { code?: string }) => {
      exchange.failure ??= {
        kind: err.code === 'ECONNREFUSED' ? 'target-refused' : 'target-reset',
        message: `the WebSocket upgrade could not be forwarded (${err.code ?? err.message})`,
      };
    }) as never);
  });

  // Sockets, for close(): Node's closeAllConnections covers HTTP connections,
  // not upgraded ones.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, own.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  own.port = String(address.port);
  const urlHost = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    get listenerErrors() {
      return listenerErrors;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        agent.destroy();
        proxy.close();
      }),
  };
}

/** The proxy's own answer (400, 502, 504): one line of text/plain and nothing else. */
function gatewayAnswer(res: http.ServerResponse, status: number, line: string): void {
  if (res.headersSent || res.destroyed) return;
  const body = `${line}\n`;
  res.writeHead(status, ['Content-Type', 'text/plain; charset=utf-8', 'Content-Length', String(Buffer.byteLength(body))]);
  res.end(body);
}

function toObserved(exchange: Exchange): ObservedExchange {
  const { req } = exchange;
  const headers: HeaderList = fromRawHeaders(req.rawHeaders);
  const proxyRes = exchange.proxyRes;
  const response: ObservedResponse | undefined =
    proxyRes && exchange.responseBody
      ? {
          status: proxyRes.statusCode ?? 0,
          statusText: proxyRes.statusMessage ?? '',
          headers: fromRawHeaders(proxyRes.rawHeaders),
          body: exchange.responseBody.body(exchange.responseEnded),
        }
      : undefined;
  return {
    seq: exchange.seq,
    startedAt: exchange.startedAt,
    durationMs: Date.now() - exchange.started,
    request: {
      method: req.method ?? 'GET',
      target: req.url ?? '',
      httpVersion: req.httpVersion,
      headers,
      body: exchange.requestBody.body(exchange.requestEnded),
    },
    ...(response ? { response } : {}),
    ...(exchange.failure ? { failure: exchange.failure } : {}),
    ...(exchange.passThrough ? { passThrough: exchange.passThrough } : {}),
  };
}
