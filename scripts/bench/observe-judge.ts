/**
 * What the observe bench does with each exchange in onExchange, as the
 * observe command does (runner/observe/index.ts): judge it, then hand it to
 * the traffic's spool (for the HAR); and what it measures of that: the
 * exchanges counted, the judge's CPU time, the delay from the answer's end
 * to onExchange. A stand-in judge (the bench's first, before the command's
 * own judge landed) is kept to compare with, named "stand-in" wherever used.
 */
import { getCombined, hasField } from '../../http/header-list';
import type { ObservedExchange } from '../../http/observed';

/** The bare API's one route and its one answer (a small JSON object), shared by the bench and its children. */
export const API_PATH = '/api/items/1';
export const API_BODY = '{"id":1,"name":"tea","price":3.5,"tags":["green","loose"]}';

export type Judge = (exchange: ObservedExchange) => void;

export const STAND_IN_JUDGED_BY = 'stand-in (reads the CORS fields and the Cookie, JSON.parse of the answer\'s prefix; not the rules)';

/** What a child process of the bench reports when asked ('stats'). */
export interface ChildStats {
  /** The process's CPU time so far (user and system). */
  readonly cpuMs: number;
  /** After a GC when the process runs with --expose-gc. */
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** Exchanges handed to onExchange so far (observe only; 0 elsewhere). */
  readonly exchanges: number;
  readonly listenerErrors: number;
  /** CPU time spent judging since the last 'stats'. */
  readonly judgeMs: number;
  /** From the answer's end (as the record says) to onExchange, since the last 'stats': whole milliseconds (Date's). */
  readonly handOverMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly judgedBy: string;
}

/**
 * A stand-in for the judge: what any judge must do with an exchange (find
 * the route, read the request's Origin, Cookie and Sec-Fetch-Mode and the
 * answer's CORS fields, parse a JSON answer), without the rules. Its result
 * is kept so that the work cannot be optimised away.
 */
let standInSink = 0;
export function standInJudge(exchange: ObservedExchange): void {
  const request = exchange.request.headers;
  const answer = exchange.response?.headers ?? [];
  const origin = getCombined(request, 'origin');
  const credentialed = hasField(request, 'cookie');
  const mode = getCombined(request, 'sec-fetch-mode') ?? 'cors';
  const allowOrigin = getCombined(answer, 'access-control-allow-origin');
  const allowCredentials = getCombined(answer, 'access-control-allow-credentials') === 'true';
  const readable = origin === null || mode !== 'cors' || (allowOrigin === '*' && !credentialed) || (allowOrigin === origin && (!credentialed || allowCredentials));
  let fields = 0;
  const type = getCombined(answer, 'content-type') ?? '';
  const body = exchange.response?.body;
  if (body && !body.truncated && /json/i.test(type)) {
    try {
      const value: unknown = JSON.parse(body.prefix.toString('utf8'));
      fields = value !== null && typeof value === 'object' ? Object.keys(value).length : 0;
    } catch {
      fields = -1;
    }
  }
  standInSink = (standInSink + fields + (readable ? 1 : 0)) % 1_000_003;
}

/** Where observe hands each exchange after the judge (runner/observe/index.ts TrafficSink). */
export interface Sink {
  add(exchange: ObservedExchange): void;
}

/** Does with each exchange what observe's onExchange does (judge, then spool), and measures it. */
export class ExchangeHandler {
  private count = 0;
  private judgeNs = 0n;
  /** Hand-over delays in whole ms, 0..999 (the last bucket holds the rest): bounded whatever the traffic. */
  private handOver = new Array<number>(1000).fill(0);

  constructor(
    private readonly judge?: Judge,
    private readonly sink?: Sink,
  ) {}

  take(exchange: ObservedExchange): void {
    const ended = Date.parse(exchange.startedAt) + exchange.durationMs;
    this.handOver[Math.min(999, Math.max(0, Date.now() - ended))] += 1;
    this.count += 1;
    if (this.judge) {
      const started = process.hrtime.bigint();
      this.judge(exchange);
      this.judgeNs += process.hrtime.bigint() - started;
    }
    this.sink?.add(exchange);
  }

  /** The figures since the last call (the exchange count is cumulative). */
  stats(): Pick<ChildStats, 'exchanges' | 'judgeMs' | 'handOverMs'> {
    const handOverMs = histogramPercentiles(this.handOver);
    const judgeMs = Number(this.judgeNs) / 1e6;
    this.handOver = new Array<number>(1000).fill(0);
    this.judgeNs = 0n;
    return { exchanges: this.count, judgeMs, handOverMs };
  }
}

/** p50, p99 and max of a histogram of whole values (index = value); zeros when it is empty. */
export function histogramPercentiles(counts: readonly number[]): { p50: number; p99: number; max: number } {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return { p50: 0, p99: 0, max: 0 };
  const at = (q: number): number => {
    const rank = Math.ceil(q * total);
    let seen = 0;
    for (let value = 0; value < counts.length; value++) {
      seen += counts[value];
      if (seen >= rank) return value;
    }
    return counts.length - 1;
  };
  let max = 0;
  counts.forEach((c, value) => {
    if (c > 0) max = value;
  });
  return { p50: at(0.5), p99: at(0.99), max };
}
