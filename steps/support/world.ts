/**
 * The World: everything one scenario knows. Steps declare `this: ConformanceWorld`.
 */
import { setDefaultTimeout, setWorldConstructor, World, type IWorldOptions } from '@cucumber/cucumber';
import { config as chaiConfig } from 'chai';
import { TargetClient, type Exchange, type OutgoingRequest } from '../../http/client';
import { formatHead, getCombined, type HeaderList } from '../../http/header-list';
import type { ScriptOutcome } from '../../http/script-fetch';
import { referenceServerUrl } from './reference-fixture';
import { DEFAULT_PARAMETERS, type ConformanceParameters } from '../../browser/parameters';
import { RESPONSE_HEAD_MEDIA_TYPE } from '../../http/media-type';

export class ConformanceWorld extends World<ConformanceParameters> {
  readonly settings: ConformanceParameters;
  readonly client: TargetClient;
  /** Headers every request of this scenario carries, clients' and scripts' alike (a Given step adds them). */
  readonly requestHeaders: [string, string][] = [];
  /** The last answer a plain (non-browser) client received. */
  response?: Exchange;
  /** What a script saw, for the last single fetch or for every route. */
  scripts: ScriptOutcome[] = [];
  /** A task id made for this scenario, never used before. */
  taskId?: string;
  /** The password the scenario submitted, to look for leaks. */
  submittedPassword?: string;
  /** How many checks ran; a scenario that checks nothing fails (see hooks.ts). */
  checks = 0;

  constructor(options: IWorldOptions<Partial<ConformanceParameters>>) {
    super(options as IWorldOptions<ConformanceParameters>);
    this.settings = { ...DEFAULT_PARAMETERS, ...options.parameters };
    const target = this.settings.target ?? referenceServerUrl();
    this.client = new TargetClient({ target, timeoutMs: this.settings.timeoutMs, extraHeaders: this.settings.headers, insecure: this.settings.insecure });
  }

  async send(request: OutgoingRequest): Promise<Exchange> {
    return this.client.send(request);
  }

  /** The request with the scenario's own request headers first: what a client sends, and what a script sets. */
  withRequestHeaders<T extends OutgoingRequest>(request: T): T & { readonly headers: HeaderList } {
    return { ...request, headers: [...this.requestHeaders, ...(request.headers ?? [])] };
  }

  /** A plain client's request, with the scenario's own request headers. */
  async call(request: OutgoingRequest): Promise<Exchange> {
    return this.client.send(this.withRequestHeaders(request));
  }

  /** The last plain response; a Then step before any When is a bug in the feature. */
  lastResponse(): Exchange {
    if (this.response === undefined) throw new Error('no response yet: a When step must call the server first');
    return this.response;
  }

  /** Records what scripts saw. A single script's response is also the last response, for the sentences about the response itself. */
  setScripts(outcomes: ScriptOutcome[]): void {
    this.scripts = outcomes;
    if (outcomes.length === 1 && outcomes[0].actual !== undefined) this.response = outcomes[0].actual;
  }

  lastScript(): ScriptOutcome {
    const last = this.scripts[this.scripts.length - 1];
    if (last === undefined) throw new Error('no script ran yet: a When step must run a script first');
    return last;
  }

  /**
   * Runs one check. A failure keeps its expected/actual message and attaches
   * the heads of the responses it was about, as received, so every report can
   * show what the server sent beside what was expected.
   */
  verify(about: Exchange | readonly Exchange[] | undefined, assertion: () => void): void {
    this.checks += 1;
    try {
      assertion();
    } catch (error) {
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

export function describeExchange(exchange: Exchange): string {
  const head = formatHead(exchange.status, exchange.headers).replace(/^/gm, '  ');
  return `response to ${exchange.request.method} ${exchange.request.url}:\n${head}`;
}

// Show actual values whole: a truncated header value or refusal reason hides the very thing that is wrong.
chaiConfig.truncateThreshold = 0;

// Each request has its own --timeout; a step that walks every route makes many, so the step itself may take longer.
setDefaultTimeout(120_000);

setWorldConstructor(ConformanceWorld);
