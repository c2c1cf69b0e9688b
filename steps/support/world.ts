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
import { NamedValues } from './named-values';
import { Secrets } from '../../http/secrets';
import { bodyStart } from '../../http/body-start';
import { cookieHeaderFor, store, type CookieJar, type StoreOutcome } from '../../http/cookie-model';
import { fieldValues, hasField } from '../../http/header-list';
import { receivedAt } from '../../http/set-cookie';
import type { CookieWitness } from '../../browser/browser-scripts';

/** What the scenario's jar did with one answer's Set-Cookie fields: who asked (a script's origin, or null for a plain client), the model's outcome, and a real browser's when one made the call. */
export interface CookieRecord {
  readonly origin: string | null;
  readonly outcome: StoreOutcome;
  browser?: CookieWitness;
}

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
  /** What never reaches a report: the --header fields and values, the target's userinfo, and the run's secrets met so far (RunScope.secrets). */
  readonly secrets: Secrets;
  /** Headers every request of this scenario carries, clients' and scripts' alike (a Given step adds them; outgoing() adds them to requests). */
  private readonly requestHeaders: [string, string][] = [];
  private theResponse: TheResponse = { none: 'no response yet: a When step must call the server first' };
  /** What a script saw, for the last single fetch or for every route. */
  scripts: ScriptOutcome[] = [];
  /** A task id made for this scenario, never used before. */
  taskId?: string;
  /** The passwords the scenario submitted (JSON fields or form fields at any depth whose name says password), to look for leaks. */
  readonly submittedPasswords: string[] = [];
  /** The scenario's named values (`{{name}}` in later steps): remembered from answers or read from the environment. */
  private readonly values = new NamedValues();
  /** The answer to the scenario's last request, a When's or a set-up's: what "the client remembers …" reads. */
  private lastExchange?: Exchange;
  /** How many checks ran; a scenario that checks nothing fails (see hooks.ts). */
  checks = 0;
  /**
   * The scenario's cookie jar, kept as a browser keeps it (http/cookie-model.ts,
   * RFC 6265bis): a plain client's requests as a same-site client's, a
   * script's as a browser's on the script's origin (credentials include).
   */
  cookieJar: CookieJar = [];
  /** What the jar did with each answer it saw. */
  readonly cookieRecords = new WeakMap<Exchange, CookieRecord>();
  /** The answer that last set each cookie the jar keeps, for the logout's verdict. */
  readonly cookieSetBy = new Map<string, Exchange>();
  /** Whether this scenario's browser has been cleared of earlier scenarios' cookies. */
  browserCookiesCleared = false;
  /** The script sentences' fetch() credentials mode: the run's (--credentials), until a Given step says otherwise. */
  credentials: 'include' | 'omit';

  constructor(options: IWorldOptions<Partial<ConformanceParameters>>) {
    super(options as IWorldOptions<ConformanceParameters>);
    this.settings = { ...DEFAULT_PARAMETERS, ...options.parameters };
    const target = this.settings.target ?? referenceServerUrl();
    this.run = runScopeOf(this.settings);
    this.secrets = new Secrets().addTarget(target).addAll(this.run.secrets);
    for (const [name, value] of this.settings.headers) this.secrets.addHeader(name, value);
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

  /**
   * Sends a request with the cookies the jar holds for it, as a plain client
   * (`origin` null) or a script on `origin` sends them, and keeps the
   * cookies its answer sets. A preflight carries none and sets none (Fetch
   * §4.8): it goes as it is. A request that names its own Cookie keeps it.
   */
  async sendWithCookies(request: OutgoingRequest, origin: string | null): Promise<Exchange> {
    if (hasField(request.headers ?? [], 'Access-Control-Request-Method')) return this.send(request);
    const cookie = cookieHeaderFor(this.cookieJar, this.client.urlFor(request.path), origin);
    const own = hasField(request.headers ?? [], 'Cookie');
    const answer = await this.send(cookie === null || own ? request : { ...request, headers: [...(request.headers ?? []), ['Cookie', cookie]] });
    this.keepCookies(answer, origin);
    return answer;
  }

  /** Keeps the cookies an answer sets, as a browser on `origin` (or a plain client, null) would. */
  keepCookies(answer: Exchange, origin: string | null): CookieRecord {
    const outcome = store(this.cookieJar, fieldValues(answer.headers, 'Set-Cookie'), { requestUrl: answer.request.url, frontendOrigin: origin, received: receivedAt(answer.headers) });
    this.cookieJar = outcome.jar;
    for (const name of outcome.kept) this.cookieSetBy.set(name, answer);
    const record: CookieRecord = { origin, outcome };
    this.cookieRecords.set(answer, record);
    return record;
  }

  /** A plain client's request, with the scenario's own request headers; its answer is the response. */
  async call(request: OutgoingRequest): Promise<Exchange> {
    const answer = await this.sendWithCookies(this.outgoing(request), null);
    this.theResponse = { answer };
    this.lastExchange = answer;
    return answer;
  }

  /** A set-up request (a Given step), with the scenario's own request headers; its answer is not the response. */
  async setUp(request: OutgoingRequest): Promise<Exchange> {
    return (this.lastExchange = await this.sendWithCookies(this.outgoing(request), null));
  }

  /** The answer to the scenario's last request, a When's or a set-up's (a Given's): what the remembering sentences read. */
  lastAnswer(): Exchange {
    if (this.lastExchange === undefined) misuse('no request was sent yet in this scenario: remembering reads the answer to the last request, so a step must call the server first');
    return this.lastExchange;
  }

  /**
   * Names a value for the later steps of the scenario (`{{name}}`). A secret
   * (a value read from the environment, a token, a cookie) is also recorded
   * for the run, so that its reports can mask it, and never shown in a
   * step's failure message (masked() puts back its name).
   */
  remember(name: string, value: string, { secret }: { readonly secret: boolean }): void {
    this.values.set(name, value, secret);
    if (secret) this.secret(value);
  }

  /** Records a secret value in the run's set (browser/run-scope.ts), which the reports mask. */
  secret(value: string): void {
    if (value !== '') this.run.secrets.add(value);
  }

  /**
   * The one place `{{name}}` is filled in: every sentence's parameters, doc
   * string and data table go through it before the step runs (steps/support/sentences.ts).
   * A name not defined before is a misuse; the feature check refuses it before the run.
   */
  substitute(text: string): string {
    return this.values.substitute(text);
  }

  /** A message with every secret value of the scenario shown as its {{name}}, never as itself. */
  masked(message: string): string {
    return this.values.masked(message);
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
    if ('answer' in this.theResponse) this.lastExchange = this.theResponse.answer;
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
      for (const exchange of exchanges) this.attach(describeExchange(exchange, this.secrets), RESPONSE_HEAD_MEDIA_TYPE);
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

/**
 * A response as a failure shows it: the head as received, its credential
 * fields and known secrets masked, then the start of the body, masked too
 * (http/body-start.ts: a few hundred bytes of text; other bodies described).
 */
export function describeExchange(exchange: Exchange, secrets: Secrets = new Secrets()): string {
  const head = formatHead(exchange.status, secrets.maskHead(exchange.headers)).replace(/^/gm, '  ');
  // Masked whole, then cut: a cut first could leave a secret's start unmasked.
  const body = bodyStart(exchange.headers, secrets.maskText(exchange.text));
  const shown = body === null ? '' : `\n\n${body.replace(/^/gm, '  ')}`;
  return `response to ${exchange.request.method} ${exchange.request.url}:\n${head}${shown}`;
}

// Each request has its own --timeout; a step that walks every route makes many, so the step itself may take longer.
setDefaultTimeout(120_000);

setWorldConstructor(ConformanceWorld);
