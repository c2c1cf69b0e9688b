/**
 * Requests to the target, through supertest. Every answer is kept whole as an
 * Exchange (status, the header list as received, the body as text), so steps
 * compare meaning themselves and failure messages can show the head as it
 * arrived. Transport failures become TargetError with a stable code, telling
 * "timed out" from "unreachable" from "not HTTP" (after undici's errors).
 */
import request from 'supertest';
import { fromRawHeaders, type HeaderList } from './header-list';

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

export type TargetErrorCode = 'TARGET_TIMED_OUT' | 'TARGET_UNREACHABLE' | 'TARGET_PROTOCOL_ERROR';

export class TargetError extends Error {
  constructor(
    readonly code: TargetErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

export interface ClientOptions {
  /** Base URL of the target; a path prefix in it is kept. */
  readonly target: string;
  readonly timeoutMs: number;
  /** Sent with every request (e.g. an API key); values are never printed. */
  readonly extraHeaders: HeaderList;
}

export class TargetClient {
  private readonly base: string;
  private readonly prefix: string;
  private readonly sentWithEvery: HeaderList;

  constructor(private readonly options: ClientOptions) {
    const url = new URL(options.target);
    this.base = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, '');
    // Userinfo in the target is sent as Basic credentials, as curl does, and never shown.
    const basic: HeaderList =
      url.username || url.password
        ? [['Authorization', `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`]]
        : [];
    const explicit = options.extraHeaders.some(([name]) => name.toLowerCase() === 'authorization');
    this.sentWithEvery = [...(explicit ? [] : basic), ...options.extraHeaders];
  }

  /** The URL as shown in messages: no userinfo, no query. */
  urlFor(path: string): string {
    return `${this.base}${this.prefix}${path}`;
  }

  async send(outgoing: OutgoingRequest): Promise<Exchange> {
    const url = this.urlFor(outgoing.path);
    const agent = request(this.base);
    const method = outgoing.method.toLowerCase() as 'get' | 'post' | 'put' | 'options' | 'head' | 'delete' | 'patch';
    if (typeof agent[method] !== 'function') throw new TypeError(`unsupported method ${outgoing.method}`);
    let test = agent[method](`${this.prefix}${outgoing.path}`)
      .ok(() => true) // every status is an answer to judge, not an error
      .redirects(0)
      .timeout({ response: this.options.timeoutMs, deadline: this.options.timeoutMs })
      .buffer(true)
      .parse(collectText as unknown as (res: request.Response, callback: (err: Error | null, body: unknown) => void) => void);
    for (const [name, value] of [...this.sentWithEvery, ...(outgoing.headers ?? [])]) test = test.set(name, value);
    if (outgoing.body !== undefined) test = test.send(outgoing.body as string | object);
    try {
      const response = await test;
      return {
        request: { method: outgoing.method, url },
        status: response.status,
        // superagent keeps Node's IncomingMessage as `res`: its rawHeaders hold every field as received.
        headers: fromRawHeaders((response as unknown as { res: { rawHeaders: string[] } }).res.rawHeaders),
        text: typeof response.body === 'string' ? response.body : '',
      };
    } catch (error) {
      throw describeTransportError(error as NodeJS.ErrnoException & { timeout?: number }, outgoing.method, url, this.options.timeoutMs);
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

function describeTransportError(error: NodeJS.ErrnoException & { timeout?: number }, method: string, url: string, timeoutMs: number): TargetError {
  const what = `${method} ${url}`;
  const code = error.code ?? (error.cause as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (error.timeout !== undefined || code === 'ECONNABORTED' || code === 'ETIME' || code === 'ETIMEDOUT') {
    return new TargetError('TARGET_TIMED_OUT', `timed out after ${timeoutMs} ms waiting for ${what}`);
  }
  const unreachable = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'];
  const named = unreachable.find((c) => c === code || error.message.includes(c) || error.message.startsWith(c.slice(1)));
  if (named || /Connection refused/i.test(error.message)) {
    return new TargetError('TARGET_UNREACHABLE', `cannot reach ${what}: ${named ?? 'connection refused'}`);
  }
  return new TargetError('TARGET_PROTOCOL_ERROR', `${what} did not get an HTTP answer: ${code ? `${code} ` : ''}${error.message}`);
}
