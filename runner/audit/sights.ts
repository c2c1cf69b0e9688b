/**
 * What each engine's script sees of a call: the browsers' second opinion,
 * asked once per CORS situation rather than once per call. A browser's
 * verdict on a fetch (granted, and the header names a script can read) is a
 * function of the request (method, headers, body, credentials mode), of the
 * preflight's answer and of the answer's status, header names and
 * Access-Control-* values, all of which the model saw too: two calls alike
 * in all of them get the same verdict, so the second takes the first's
 * fetch. Not shared: an answer that redirects (a browser follows it, the
 * model does not) or sets a cookie (the browser keeps it, and every later
 * fetch may carry it: the calls after it are a new situation).
 * Measured on the 2-core machine, 2026-12-02: the audit of 200 generated
 * operations spent about 3.5 s of its 5 s in 200 Chromium fetches.
 */
import type { BrowserScripts } from '../../browser/browser-scripts';
import type { HeaderList } from '../../http/header-list';
import type { TimeoutBreaker } from '../../http/client';
import { engineName, type Engine } from '../../browser/engines';
import type { EngineSight } from './gathered';
import type { RouteEvidence } from './inspect';
import type { PlannedCall } from './plan';

export interface SightsOptions {
  readonly engines: readonly Engine[];
  readonly scripts: (engine: Engine) => Promise<BrowserScripts>;
  /** At most this many fetches at once, every engine's together. */
  readonly gate: <T>(task: () => Promise<T>) => Promise<T>;
  readonly origin: string;
  readonly urlFor: (path: string) => string;
  readonly credentials: 'include' | 'omit';
  readonly timeoutMs: number;
  readonly breaker: TimeoutBreaker;
}

const CORS_FIELD = /^access-control-/i;

function corsFields(headers: HeaderList): [string, string][] {
  return headers.filter(([name]) => CORS_FIELD.test(name)).map(([name, value]) => [name.toLowerCase(), value]);
}

/**
 * The call's CORS situation, as a key: what a browser's verdict depends on.
 * Undefined for an answer no other call may share (a redirect, a Set-Cookie).
 */
export function corsSituation(call: PlannedCall, evidence: RouteEvidence, credentials: 'include' | 'omit'): string | undefined {
  const { actual, preflight, request } = evidence;
  if (actual.status >= 300 && actual.status < 400) return undefined;
  const names = [...new Set(actual.headers.map(([name]) => name.toLowerCase()))].sort();
  if (names.includes('set-cookie')) return undefined;
  return JSON.stringify([call.route.method, request.headers, call.route.body ?? null, credentials, actual.status, names, corsFields(actual.headers), preflight === undefined ? null : [preflight.status, corsFields(preflight.headers)]]);
}

/** The engines' sights of calls, one set of fetches per CORS situation. */
export class BrowserSights {
  private readonly seen = new Map<string, Promise<EngineSight[]>>();
  /** Bumped by each answer that sets a cookie: the browser's cookie jar, and so every later fetch, may differ from then on. */
  private cookies = 0;

  constructor(private readonly options: SightsOptions) {}

  of(call: PlannedCall, evidence: RouteEvidence): Promise<EngineSight[]> {
    const situation = corsSituation(call, evidence, this.options.credentials);
    if (situation === undefined) {
      if (evidence.actual.headers.some(([name]) => name.toLowerCase() === 'set-cookie')) this.cookies += 1;
      return this.fetch(call, evidence);
    }
    const key = `${this.cookies} ${situation}`;
    let sights = this.seen.get(key);
    if (sights === undefined) {
      sights = this.fetch(call, evidence);
      this.seen.set(key, sights);
    }
    return sights;
  }

  private fetch(call: PlannedCall, evidence: RouteEvidence): Promise<EngineSight[]> {
    const { engines, scripts, gate, origin, urlFor, credentials, timeoutMs, breaker } = this.options;
    return Promise.all(
      engines.map((engine) =>
        gate(async (): Promise<EngineSight> => {
          const view = await (await scripts(engine)).fetch(origin, { method: call.route.method, url: urlFor(call.route.path), headers: evidence.request.headers, body: call.route.body, credentials, timeoutMs, breaker });
          return { engine: engineName(engine), granted: view.ok, readable: view.ok ? [...new Set(view.headers.map(([name]) => name))] : [] };
        }),
      ),
    );
  }
}
