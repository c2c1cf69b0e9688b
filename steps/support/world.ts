/**
 * The World: everything one scenario knows. Steps declare `this: ConformanceWorld`.
 */
import { setDefaultTimeout, setWorldConstructor, World, type IWorldOptions } from '@cucumber/cucumber';
import { TargetClient, type Exchange, type OutgoingRequest } from '../../http/client';
import { formatHead, getCombined, type HeaderList } from '../../http/header-list';
import type { ScriptOutcome } from '../../http/script-fetch';
import { referenceServerUrl } from './reference-fixture';
import { aScriptOn, asCheckFailure } from './verdict';
import { misuse } from './misuse';
import { DEFAULT_PARAMETERS, type ConformanceParameters } from '../../browser/parameters';
import { runScopeOf, type RunScope } from '../../browser/run-scope';
import { RESPONSE_HEAD_MEDIA_TYPE } from '../../http/media-type';

/**
 * "The response", the answer the Then sentences about the status, the
 * headers, the cookies and the body read, or why there is none. One rule:
 * every When step that sends a request decides it afresh, so a Then never
 * reads an answer from an earlier step.
 */
type TheResponse = { readonly answer: Exchange } | { readonly none: string };

export class ConformanceWorld extends World<ConformanceParameters> {
  readonly settings: ConformanceParameters;
  /** The run this scenario is part of: its timeout breaker, shared by every request of the run and by no other run. */
  readonly run: RunScope;
  readonly client: TargetClient;
  /** Headers every request of this scenario carries, clients' and scripts' alike (a Given step adds them; outgoing() adds them to requests). */
  private readonly requestHeaders: [string, string][] = [];
  private theResponse: TheResponse = { none: 'no response yet: a When step must call the server first' };
  /** What a script saw, for the last single fetch or for every route. */
  scripts: ScriptOutcome[] = [];
  /** A task id made for this scenario, never used before. */
  taskId?: string;
  /** The password the scenario submitted, to look for leaks. */
  submittedPassword?: string;
  /** How many checks ran; a scenario that checks nothing fails (see hooks.ts). */
  checks = 0;
  /** The script sentences' fetch() credentials mode: the run's (--credentials), until a Given step says otherwise. */
  credentials: 'include' | 'omit';

  constructor(options: IWorldOptions<Partial<ConformanceParameters>>) {
    super(options as IWorldOptions<ConformanceParameters>);
    this.settings = { ...DEFAULT_PARAMETERS, ...options.parameters };
    const target = this.settings.target ?? referenceServerUrl();
    this.run = runScopeOf(this.settings);
    this.credentials = this.settings.credentials ?? 'include';
    this.client = new TargetClient({ target, timeoutMs: this.settings.timeoutMs, extraHeaders: this.settings.headers, insecure: this.settings.insecure, breaker: this.run.breaker });
  }

  /** Every later request of the scenario carries this header (`Given every request carries the header …`). */
  addRequestHeader(name: string, value: string): void {
    this.requestHeaders.push([name, value]);
  }

  /**
   * The one place the scenario's own request headers join a request: every
   * sentence that sends one builds it here, a plain client's, a set-up's and
   * a script's (the Fetch model's and the browser's, on one route or on every
   * route of the contract). For a script they are headers it sets, so they
   * count for its preflight, which names them but never carries them.
   */
  outgoing<T extends OutgoingRequest>(request: T): T & { readonly headers: HeaderList } {
    return { ...request, headers: [...this.requestHeaders, ...(request.headers ?? [])] };
  }

  /**
   * Sends a request exactly as given: for requests built by outgoing() and
   * the preflights a browser makes of them (see http/script-fetch.ts).
   */
  async send(request: OutgoingRequest): Promise<Exchange> {
    return this.client.send(request);
  }

  /** A plain client's request, with the scenario's own request headers; its answer is the response. */
  async call(request: OutgoingRequest): Promise<Exchange> {
    const answer = await this.send(this.outgoing(request));
    this.theResponse = { answer };
    return answer;
  }

  /** A set-up request (a Given step), with the scenario's own request headers; its answer is not the response. */
  async setUp(request: OutgoingRequest): Promise<Exchange> {
    return this.send(this.outgoing(request));
  }

  /** The response the Then sentences read; a misuse, saying why, when the last When step has none. */
  lastResponse(): Exchange {
    if ('none' in this.theResponse) misuse(this.theResponse.none);
    return this.theResponse.answer;
  }

  /**
   * Records what scripts saw, and the response by the same rule: after one
   * script's call, the answer to the request itself; after a preflight only
   * ("asks to call"), the preflight's answer; otherwise none, saying why.
   */
  setScripts(outcomes: ScriptOutcome[]): void {
    this.scripts = outcomes;
    this.theResponse = responseOf(outcomes);
  }

  lastScript(): ScriptOutcome {
    const last = this.scripts[this.scripts.length - 1];
    if (last === undefined) misuse('no script ran yet: a When step must run a script first');
    return last;
  }

  /**
   * Runs one check. A failure keeps its message (steps/support/verdict.ts) and attaches
   * the heads of the responses it was about, as received, so every report can
   * show what the server sent beside what was expected.
   */
  /** Runs one check on the response (the last When step's answer), as `verify` does. */
  checkResponse(check: (response: Exchange) => void): void {
    const response = this.lastResponse();
    this.verify(response, () => check(response));
  }

  verify(about: Exchange | readonly Exchange[] | undefined, assertion: () => void): void {
    this.checks += 1;
    try {
      assertion();
    } catch (thrown) {
      const error = asCheckFailure(thrown);
      const exchanges = about === undefined ? [] : Array.isArray(about) ? about : [about as Exchange];
      for (const exchange of exchanges) this.attach(describeExchange(exchange), RESPONSE_HEAD_MEDIA_TYPE);
      const redirect = exchanges.find((e) => e.status >= 300 && e.status < 400);
      if (redirect && error instanceof Error) {
        const location = getCombined(redirect.headers, 'Location') ?? 'nowhere (no Location)';
        error.message += `\n(${redirect.request.method} ${redirect.request.url} answered ${redirect.status}, a redirect to ${location}; redirects are not followed: point --target at the final URL)`;
      }
      throw error;
    }
  }
}

function responseOf(outcomes: readonly ScriptOutcome[]): TheResponse {
  if (outcomes.length !== 1) {
    return { none: `no single response: the last When step called ${outcomes.length} routes, each with its own answer; use the sentences about every response` };
  }
  const [outcome] = outcomes;
  if (outcome.actual !== undefined) return { answer: outcome.actual };
  if (outcome.preflight !== undefined) return { answer: outcome.preflight };
  return {
    none: `no response: "asks to call" sends only the preflight, and ${aScriptOn(outcome.request.origin)} needs none for ${outcome.label}, so nothing was sent; use "a script on … calls" to send the request itself`,
  };
}

export function describeExchange(exchange: Exchange): string {
  const head = formatHead(exchange.status, exchange.headers).replace(/^/gm, '  ');
  return `response to ${exchange.request.method} ${exchange.request.url}:\n${head}`;
}

// Each request has its own --timeout; a step that walks every route makes many, so the step itself may take longer.
setDefaultTimeout(120_000);

setWorldConstructor(ConformanceWorld);
