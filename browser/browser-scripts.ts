/**
 * Scripts in a real browser: a page whose origin is exactly the one asked
 * for (produced by request interception, so no DNS or certificate is
 * needed) runs a credentialed fetch() and reports what a script can see:
 * the status and every header name and value, or the TypeError when the
 * browser refuses. One browser per engine and run; one page per origin,
 * reused. The engines' drivers are chromium.ts (playwright-core) and
 * firefox.ts (puppeteer-core).
 */
import type { HeaderList } from '../http/header-list';
import { TargetTimedOut, TimeoutBreaker } from '../http/client';
import { patientTimeout } from '../http/patient-timeout';
import type { ScriptView } from '../http/fetch-model';

export interface ScriptFetch {
  readonly method: string;
  readonly url: string;
  readonly headers?: HeaderList;
  readonly body?: string;
  /** fetch()'s credentials mode; "include" unless said (a credentialed script, as the suite's scenarios are). */
  readonly credentials?: 'omit' | 'same-origin' | 'include';
  /** The run's --timeout: the fetch() is aborted after it, as a plain request is. */
  readonly timeoutMs: number;
  /** The run's timeout breaker (a browser serves every run that asked for its executable); left out, the fetch is counted by none. */
  readonly breaker?: TimeoutBreaker;
}

/** How much longer than the page's own deadline the harness waits for the page to report, before giving up on it. */
const PAGE_GRACE_MS = 2000;

/** How long after a fetch() the harness waits for Chromium's report of the response's cookies. */
const COOKIE_EVENT_GRACE_MS = 50;

const BLANK_PAGE = '<!doctype html><meta charset="utf-8"><title>response-conformance script page</title>';

/** A page a script runs in: what playwright's and puppeteer's pages both offer. */
export interface ScriptPage {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** The cookies the engine blocked since last asked, with its reasons (Chromium's DevTools blockedCookies); absent where the engine gives none (Firefox). */
  takeBlockedCookies?(): BlockedCookie[];
}

/** A cookie the browser keeps, as its cookie store lists it. */
export interface BrowserCookie {
  readonly name: string;
  readonly domain: string;
  readonly path: string;
}

/** A cookie the engine refused to store, with its reasons (Chromium's Network.SetCookieBlockedReason values). */
export interface BlockedCookie {
  readonly name: string;
  readonly reasons: readonly string[];
}

/** What the engine did with the cookies of the last fetch() from an origin: what it keeps now, and (Chromium) what it blocked and why. */
export interface CookieWitness {
  readonly engine: 'Chromium' | 'Firefox';
  readonly kept: readonly BrowserCookie[];
  /** null: the engine gives no reasons (Firefox). */
  readonly blocked: readonly BlockedCookie[] | null;
}

/** One engine's browser: pages on any origin, and closing it. */
export interface EnginePages {
  readonly name: 'Chromium' | 'Firefox';
  openPage(origin: string, html: string): Promise<ScriptPage>;
  close(): Promise<void>;
  /** Every cookie the browser keeps now. */
  cookies?(): Promise<BrowserCookie[]>;
  /** Forgets every cookie: a scenario's browser starts with none. */
  clearCookies?(): Promise<void>;
}

export class BrowserScripts {
  private readonly pages = new Map<string, Promise<ScriptPage>>();

  constructor(private readonly engine: EnginePages) {}

  get name(): 'Chromium' | 'Firefox' {
    return this.engine.name;
  }

  /**
   * What fetch(url, {credentials: 'include', ...}) gives a script on
   * `origin` (or the credentials mode asked for). Under the same rules as every request of a run: the fetch()
   * is aborted at --timeout (TargetTimedOut), and the run's timeout breaker
   * counts it and, once the target is taken to be hanging, stops it being sent.
   */
  async fetch(origin: string, request: ScriptFetch): Promise<ScriptView> {
    const breaker = request.breaker ?? new TimeoutBreaker();
    breaker.check(request.url, request.timeoutMs);
    const page = await this.pageFor(origin);
    page.takeBlockedCookies?.(); // what earlier fetches blocked is theirs
    // The headers as a list of pairs, in order, as the model has them: a name given twice is appended, not overwritten.
    const init = { method: request.method, headers: (request.headers ?? []).map(([name, value]) => [name, value]), body: request.body, credentials: request.credentials ?? 'include' };
    const inPage = page.evaluate(
      async ({ url, init, timeoutMs }) => {
        try {
          const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
          await response.arrayBuffer(); // read it whole, so the connection is free for the next fetch
          return { ok: true as const, status: response.status, headers: [...response.headers] as [string, string][] };
        } catch (error) {
          return { ok: false as const, timedOut: (error as Error).name === 'TimeoutError', reason: String(error) };
        }
      },
      { url: request.url, init, timeoutMs: request.timeoutMs },
    );
    // Should the page itself stop answering, the harness stops waiting for it too.
    let stop = (): void => undefined;
    const stalled = new Promise<'stalled'>((resolve) => (stop = patientTimeout(request.timeoutMs + PAGE_GRACE_MS, () => resolve('stalled'))));
    const seen = await Promise.race([inPage, stalled]).finally(() => stop());
    const timedOut = seen === 'stalled' || (!seen.ok && seen.timedOut);
    breaker.record(request.url, timedOut);
    if (timedOut) throw new TargetTimedOut(`timed out after ${request.timeoutMs} ms waiting for ${request.method} ${request.url} in ${this.name}`);
    return seen.ok ? { ok: true, status: seen.status, headers: seen.headers } : { ok: false, reason: `the browser's fetch() failed: ${seen.reason}`, kind: 'browser-refused' };
  }

  /** What the engine did with the cookies of the last fetch() from `origin`: the cookies it keeps now and, in Chromium, the ones it blocked and why. */
  async cookieWitness(origin: string): Promise<CookieWitness> {
    const page = await this.pageFor(origin);
    let blocked: BlockedCookie[] | null = null;
    if (page.takeBlockedCookies !== undefined) {
      // Chromium reports a response's cookies (Network.responseReceivedExtraInfo) apart from the response itself, at times just after it.
      await new Promise((resolve) => setTimeout(resolve, COOKIE_EVENT_GRACE_MS));
      blocked = page.takeBlockedCookies();
    }
    return { engine: this.name, kept: (await this.engine.cookies?.()) ?? [], blocked };
  }

  /** Forgets every cookie the browser keeps (a scenario's browser starts with none). */
  async clearCookies(): Promise<void> {
    await this.engine.clearCookies?.();
  }

  /** Opens the pages for these origins now, so that the first fetch from each does not wait for one. */
  prepare(origins: readonly string[]): Promise<void> {
    return Promise.all(origins.map((origin) => this.pageFor(origin))).then(() => undefined);
  }

  private pageFor(origin: string): Promise<ScriptPage> {
    let page = this.pages.get(origin);
    if (page === undefined) {
      page = this.engine.openPage(origin, BLANK_PAGE);
      this.pages.set(origin, page);
    }
    return page;
  }

  async close(): Promise<void> {
    await this.engine.close();
  }
}
