/**
 * An exchange observed in a frontend's own traffic (issue 28, `observe`):
 * what the observe proxy records of each request it forwards and of the
 * answer it forwards back, or what a HAR entry says of them. The proxy and
 * the HAR reader produce it; the judge (rules/, through runner/observe/)
 * reads it; the HAR writer writes it. Heads are kept as received (names in
 * their case, repeated fields apart); of each body only a bounded prefix is
 * kept (the whole body streams through the proxy untouched).
 */
import type { HeaderList } from './header-list';

/** How much of each body is kept for judging unless told otherwise (observe's --max-body): the proxy's and the HAR reader's. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface ObservedBody {
  /** The first bytes of the body, at most the proxy's --max-body (1 MiB by default). */
  readonly prefix: Buffer;
  /** The body's whole size in bytes, as it streamed through (undefined when a HAR does not say). */
  readonly size: number | undefined;
  /** The prefix is not the whole body. */
  readonly truncated: boolean;
}

export interface ObservedRequest {
  readonly method: string;
  /** The request target as the frontend sent it to the proxy: a path and a query ("/api/items?limit=5"). */
  readonly target: string;
  readonly httpVersion: string;
  readonly headers: HeaderList;
  readonly body: ObservedBody;
}

export interface ObservedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeaderList;
  readonly body: ObservedBody;
}

/**
 * Why an exchange has no answer from the target: the proxy's own answer
 * (502, 504, or 400 for a request it refuses to forward), or, in a HAR, a
 * request the browser blocked or that failed.
 */
export interface ObservedFailure {
  readonly kind: 'target-refused' | 'target-timed-out' | 'target-reset' | 'not-forwarded' | 'browser-failed';
  /** One plain sentence: "the target did not answer within 30000 ms". */
  readonly message: string;
  /** The status the proxy answered the client with (502, 504, 400), when it answered. */
  readonly answeredWith?: number;
}

export interface ObservedExchange {
  /** In the order the requests arrived, from 1. */
  readonly seq: number;
  /** When the request arrived (ISO 8601). */
  readonly startedAt: string;
  /** Milliseconds from the request's arrival to the answer's end, or to the failure. */
  readonly durationMs: number;
  readonly request: ObservedRequest;
  /** The target's answer as forwarded; undefined when there was none (see failure). */
  readonly response?: ObservedResponse;
  readonly failure?: ObservedFailure;
  /** Passed through unjudged: a WebSocket upgrade, or Server-Sent Events (text/event-stream). */
  readonly passThrough?: 'websocket' | 'event-stream';
}
