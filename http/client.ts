/**
 * Requests to the target, through supertest. Every answer is kept whole as an
 * Exchange (status, the header list as received, the body as text), so steps
 * compare meaning themselves and failure messages can show the head as it
 * arrived. Transport failures become TargetError with a stable code, telling
 * "timed out" from "unreachable" from "not HTTP" (after undici's errors).
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { ClientRequest } from 'node:http';
import request from 'supertest';
import { fromRawHeaders, type HeaderList } from './header-list';
import { basicCredentials } from './target';
import { COOKIE_TEST_HOST } from './cookie-model';
import { patientTimeout } from './patient-timeout';

export interface OutgoingRequest {
  readonly method: string;
  /** The contract path, e.g. "/headers/"; the target's own path prefix is added. */
  readonly path: string;
  readonly headers?: HeaderList;
  /** A string is sent as is; anything else as JSON. */
  readonly body?: unknown;
}

export interface Exchange {
  readonly request: { readonly method: string; readonly url: string };
  readonly status: number;
  readonly headers: HeaderList;
  readonly text: string;
}

export type TargetErrorCode = 'TARGET_TIMED_OUT' | 'TARGET_UNREACHABLE' | 'TARGET_PROTOCOL_ERROR' | 'TARGET_TLS_ERROR';

/** The target did not give a usable HTTP answer; subclasses say how (their names reach cucumber's messages). */
export class TargetError extends Error {
  constructor(
    readonly code: TargetErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
export class TargetTimedOut extends TargetError {
  constructor(message: string) {
    super('TARGET_TIMED_OUT', message);
  }
}
export class TargetUnreachable extends TargetError {
  constructor(message: string) {
    super('TARGET_UNREACHABLE', message);
  }
}
export class TargetProtocolError extends TargetError {
  constructor(message: string) {
    super('TARGET_PROTOCOL_ERROR', message);
  }
}
export class TargetTlsError extends TargetError {
  constructor(message: string) {
    super('TARGET_TLS_ERROR', message);
  }
}

/**
 * After this many timeouts in a row, the target is taken to be hanging and
 * further requests fail at once, so a run against a server that never
 * answers ends in bounded time instead of paying the timeout for every request.
 */
const TIMEOUTS_BEFORE_GIVING_UP = 3;

/**
 * The timeouts in a row, per origin, of one run (or one audit): the run
 * makes it and hands it to every client and every browser fetch it makes,
 * its shards alike; another run has its own. Every request asks it before
 * it is sent and tells it how it ended.
 */
export class TimeoutBreaker {
  private readonly timeouts = new Map<string, number>();

  /** Throws, without sending, when the origin of `url` is taken to be hanging. */
  check(url: string, timeoutMs: number): void {
    const timeouts = this.timeouts.get(originOf(url)) ?? 0;
    if (timeouts >= TIMEOUTS_BEFORE_GIVING_UP) {
      throw new TargetTimedOut(`not sent: the target timed out on ${timeouts} requests in a row (each after ${timeoutMs} ms), so it is taken to be hanging`);
    }
  }

  /** How a request ended: a timeout, or anything else (an answer, or another failure). */
  record(url: string, timedOut: boolean): void {
    const origin = originOf(url);
    this.timeouts.set(origin, timedOut ? (this.timeouts.get(origin) ?? 0) + 1 : 0);
  }
}

/** A URL's origin, remembered for the few URLs a run asks about (its target, usually): parsed once, not twice a request. */
const ORIGINS = new Map<string, string>();
function originOf(url: string): string {
  let origin = ORIGINS.get(url);
  if (origin === undefined) {
    origin = new URL(url).origin;
    if (ORIGINS.size < 1000) ORIGINS.set(url, origin);
  }
  return origin;
}

export interface ClientOptions {
  /** Base URL of the target; a path prefix in it is kept. */
  readonly target: string;
  readonly timeoutMs: number;
  /** Sent with every request (e.g. an API key); values are never printed. */
  readonly extraHeaders: HeaderList;
  /** Accept any TLS certificate (--insecure). */
  readonly insecure?: boolean;
  /** The run's timeout breaker, shared by all its clients and browsers; left out, the client has one of its own. */
  readonly breaker?: TimeoutBreaker;
  /**
   * Keep connections open and send the next requests on them (the audit:
   * thousands of requests to one API). Left out, each request opens its own
   * connection and closes it, as a suite run always has. An unsafe request
   * always has a connection of its own. Measured on the
   * 2-core machine, 2026-12-02: the audit of 5,000 operations (15,000
   * requests) spent 16% of its samples in connect() alone.
   */
  readonly keepAlive?: boolean;
}

export class TargetClient {
  private readonly base: string;
  private readonly prefix: string;
  private readonly sentWithEvery: HeaderList;
  private readonly breaker: TimeoutBreaker;
  /** The target is the cookie scenarios' named host, which is loopback by another name. */
  private readonly cookieTestHost: boolean;
  /** The connections kept open, with keepAlive; undefined: one connection per request. */
  private readonly agent: HttpAgent | undefined;

  constructor(private readonly options: ClientOptions) {
    const url = new URL(options.target);
    this.base = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, '');
    // Userinfo in the target is sent as Basic credentials, as curl does, and never shown.
    const credentials = basicCredentials(options.target);
    const basic: HeaderList = credentials === undefined ? [] : [['Authorization', `Basic ${credentials}`]];
    const explicit = options.extraHeaders.some(([name]) => name.toLowerCase() === 'authorization');
    this.sentWithEvery = [...(explicit ? [] : basic), ...options.extraHeaders];
    this.breaker = options.breaker ?? new TimeoutBreaker();
    this.cookieTestHost = url.hostname === COOKIE_TEST_HOST;
    this.agent = options.keepAlive ? (url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true })) : undefined;
  }

  /** Closes the connections kept open (they never keep the process alive: Node unrefs an idle one). */
  close(): void {
    this.agent?.destroy();
  }

  /** The URL as shown in messages: no userinfo, no query. */
  urlFor(path: string): string {
    return `${this.base}${this.prefix}${path}`;
  }

  async send(outgoing: OutgoingRequest): Promise<Exchange> {
    this.breaker.check(this.base, this.options.timeoutMs);
    // Only a safe request goes on a kept connection: it alone may be sent again if that connection was closed under it.
    return this.sendOnce(outgoing, /^(GET|HEAD|OPTIONS)$/i.test(outgoing.method) ? this.agent : undefined);
  }

  private async sendOnce(outgoing: OutgoingRequest, agent: HttpAgent | undefined): Promise<Exchange> {
    const url = this.urlFor(outgoing.path);
    const supertest = request(this.base);
    const method = outgoing.method.toLowerCase() as 'get' | 'post' | 'put' | 'options' | 'head' | 'delete' | 'patch';
    if (typeof supertest[method] !== 'function') throw new TypeError(`unsupported method ${outgoing.method}`);
    let sent: ClientRequest | undefined;
    let timedOut = false;
    let stopTimer = (): void => undefined;
    let test = supertest[method](`${this.prefix}${outgoing.path}`)
      .ok(() => true) // every status is an answer to judge, not an error
      .redirects(0)
      .buffer(true)
      .parse(collectText as unknown as (res: request.Response, callback: (err: Error | null, body: unknown) => void) => void)
      // The timeout is ours (patientTimeout), not superagent's: it destroys the request, whose error ends the test.
      .on('request', (r: { req: ClientRequest }) => {
        sent = r.req;
        stopTimer = patientTimeout(this.options.timeoutMs, () => {
          timedOut = true;
          r.req.destroy(new Error('timed out'));
        });
      });
    // superagent's default is a connection per request; an agent keeps them open.
    if (agent !== undefined) test = test.agent(agent);
    if (this.options.insecure) test = test.disableTLSCerts();
    // The cookie scenarios' named host is loopback by another name, as the engines resolve it (http/cookie-model.ts).
    if (this.cookieTestHost) test = test.connect({ [COOKIE_TEST_HOST]: '127.0.0.1' });
    for (const [name, value] of [...this.sentWithEvery, ...(outgoing.headers ?? [])]) test = test.set(name, value);
    if (outgoing.body !== undefined) test = test.send(outgoing.body as string | object);
    try {
      const response = await test;
      this.breaker.record(this.base, false);
      return {
        request: { method: outgoing.method, url },
        status: response.status,
        // superagent keeps Node's IncomingMessage as `res`: its rawHeaders hold every field as received.
        headers: fromRawHeaders((response as unknown as { res: { rawHeaders: string[] } }).res.rawHeaders),
        text: typeof response.body === 'string' ? response.body : '',
      };
    } catch (error) {
      // A kept connection the server closed as it was reused fails before any answer: sent again once on a new
      // connection, as browsers do (the server never saw the request). A failure on a new connection is the answer.
      if (!timedOut && agent !== undefined && sent?.reusedSocket === true && isClosedConnection(error as NodeJS.ErrnoException)) return this.sendOnce(outgoing, undefined);
      const described = timedOut
        ? new TargetTimedOut(`timed out after ${this.options.timeoutMs} ms waiting for ${outgoing.method} ${url}`)
        : describeTransportError(error as NodeJS.ErrnoException & { timeout?: number }, outgoing.method, url, this.options.timeoutMs);
      this.breaker.record(this.base, described instanceof TargetTimedOut);
      throw described;
    } finally {
      stopTimer();
    }
  }
}

/** superagent parser: keep the body as text whatever its Content-Type, so steps decide how to read it. */
function collectText(res: NodeJS.ReadableStream & { setEncoding(e: string): void }, done: (err: Error | null, body: string) => void) {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (text += chunk));
  res.on('end', () => done(null, text));
  res.on('error', (error: Error) => done(error, text));
}

/** The connection was closed under the request (a kept connection the server had just closed). */
function isClosedConnection(error: NodeJS.ErrnoException & { response?: unknown }): boolean {
  return error.response === undefined && (error.code === 'ECONNRESET' || error.code === 'EPIPE' || /socket hang up/i.test(error.message));
}

const UNREACHABLE = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'];
const UNTRUSTED_CERTIFICATE = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID)$/;

/** One clear sentence per way a request can fail without an HTTP answer. */
function describeTransportError(error: NodeJS.ErrnoException & { timeout?: number }, method: string, url: string, timeoutMs: number): TargetError {
  const what = `${method} ${url}`;
  const code = error.code ?? (error.cause as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (error.timeout !== undefined || code === 'ECONNABORTED' || code === 'ETIME' || code === 'ETIMEDOUT') {
    return new TargetTimedOut(`timed out after ${timeoutMs} ms waiting for ${what}`);
  }
  const unreachable = UNREACHABLE.find((c) => c === code || error.message.includes(c));
  if (unreachable || /Connection refused/i.test(error.message)) return new TargetUnreachable(`cannot reach ${what}: ${unreachable ?? 'ECONNREFUSED'}`);
  if (UNTRUSTED_CERTIFICATE.test(code)) {
    return new TargetTlsError(`the TLS certificate of ${url} is not trusted (${code}: ${error.message}); pass --insecure to accept it`);
  }
  if (code === 'HPE_HEADER_OVERFLOW') return new TargetProtocolError(`${what}: the response's header section is larger than the 16 KiB an HTTP client accepts (${code})`);
  if (code.startsWith('HPE_')) return new TargetProtocolError(`${what}: the response is not valid HTTP/1.1 (${code}: ${error.message})`);
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up|aborted/i.test(error.message)) {
    return new TargetProtocolError(`${what}: the connection was closed before the response was complete (${code || error.message})`);
  }
  return new TargetProtocolError(`${what} did not get an HTTP answer: ${code ? `${code} ` : ''}${error.message}`);
}
