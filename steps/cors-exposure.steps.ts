/**
 * What a browser script on an origin can do with the target's answers,
 * judged by the rules (rules/: the Fetch model's view of the real
 * responses, the preflight's and Vary's rules). Every script fetch is
 * credentialed, as a frontend that holds a session is, unless the run
 * (--credentials omit) or a step says the frontend fetches without.
 */
import { CONTRACT_CALLS, JSON_CONTENT, withJson, type Endpoint } from './support/contract';
import { hasField } from '../http/header-list';
import type { OutgoingRequest } from '../http/client';
import { corsRequestFor, grantElsewhere, modelPreflight, modelScript, type ScriptOutcome } from '../http/script-fetch';
import { allowOriginOf, grantsWithoutVary, originGrant, varyOrigin, type GrantElsewhere, type VaryFailure } from '../rules/cors';
import { preflightLetsThrough } from '../rules/preflight';
import { exposedNames, readableBecause, scriptReads } from '../rules/script';
import type { ScriptOrigin } from './support/parameter-parsers';
import { checkJsonDocString } from './support/parameter-parsers';
import { aScriptOn, ensure, ensureGranted, exchangesOf, fail, failRule, mismatch, shown, shownStatus, theScriptsAnswer } from './support/verdict';
import { sentences } from './support/sentences';
import type { ConformanceWorld } from './support/world';
import { misuse } from './support/misuse';

const sentence = sentences('What a script can read (the Fetch model)');

export function originOf(world: ConformanceWorld, which: ScriptOrigin): string {
  if (typeof which === 'object') return which.literal;
  return which === 'allowed' ? world.settings.origin : world.settings.otherOrigin;
}

/** A script's call, judged by the Fetch model; the scenario's request headers are headers the script sets; credentials as the scenario says, unless this call says. */
function scriptCalls(world: ConformanceWorld, which: ScriptOrigin, call: OutgoingRequest & { label?: string }, credentials: 'include' | 'omit' = world.credentials): Promise<ScriptOutcome> {
  const origin = originOf(world, which);
  // With credentials, the request carries the cookies a browser on the origin sends, and its answer's cookies are kept as that browser keeps them;
  // without, it carries none and keeps none (Fetch §4.6).
  const send = credentials === 'include' ? (r: OutgoingRequest) => world.sendWithCookies(r, origin) : (r: OutgoingRequest) => world.send(r);
  return modelScript(send, origin, world.outgoing(call), credentials);
}

/** The script's own Authorization header for a bearer token: checked as a header value, never with CR, LF or NUL. */
export function bearerHeader(token: string): [string, string] {
  if (/[\r\n\0]/.test(token) || token.trim() === '') misuse('the token must be text without CR, LF or NUL');
  return ['Authorization', `Bearer ${token.trim()}`];
}

/** Only the preflight before a script's call (with the scenario's request headers and these header names). */
function scriptAsks(world: ConformanceWorld, which: ScriptOrigin, endpoint: Endpoint, unsafeHeaderNames?: string[]): Promise<ScriptOutcome> {
  const request = { ...corsRequestFor(originOf(world, which), world.outgoing(endpoint), world.credentials), ...(unsafeHeaderNames && { unsafeHeaderNames }) };
  return modelPreflight((r) => world.send(r), request, endpoint.path);
}

/** Runs a check about one script's outcome; a failure shows what the browser was sent. */
function verifyScript(world: ConformanceWorld, outcome: ScriptOutcome, assertion: () => void) {
  world.verify(exchangesOf(outcome), assertion);
}

sentence(
  'When',
  'a script on {scriptOrigin} calls {endpoint}',
  {
    summary:
      "A script on that origin calls fetch() with credentials (cookies), unless `--credentials omit` or a step says it fetches without. The Fetch model judges the server's real answers: its preflight, when the request needs one, and its response, which is then the response the sentences about the status, headers, cookies and body read. The scenario's request headers are headers the script sets.",
    example: 'When a script on "https://shop.example" calls "GET /api/items?page=1"',
  },
  async function (this: ConformanceWorld, which: ScriptOrigin, endpoint: Endpoint) {
    this.setScripts([await scriptCalls(this, which, endpoint)]);
  },
);

sentence(
  'Given',
  "the frontend's scripts fetch without credentials",
  {
    summary:
      "Every script of the scenario after this step calls fetch() with `credentials: 'omit'`, as a frontend that signs in with a token in a header does: no cookies are sent, and the CORS check is the one for a request without credentials (`*` grants it; Fetch §4.9). In a `Background`, it says so for a whole feature; `--credentials omit` says it for the run.",
    example: "Given the frontend's scripts fetch without credentials",
  },
  function (this: ConformanceWorld) {
    this.credentials = 'omit';
  },
);

sentence(
  'Given',
  "the frontend's scripts fetch with credentials",
  {
    summary: "Every script of the scenario after this step calls fetch() with `credentials: 'include'` (cookies), whatever `--credentials` said: the CORS check is the one for a credentialed request, which `*` never passes.",
    example: "Given the frontend's scripts fetch with credentials",
  },
  function (this: ConformanceWorld) {
    this.credentials = 'include';
  },
);

sentence(
  'When',
  'a script on {scriptOrigin} calls {endpoint} without credentials',
  {
    summary: "As \"calls\", with `credentials: 'omit'` for this call: no cookies, and the CORS check for a request without credentials, where `*` grants the origin and `*` in Access-Control-Expose-Headers exposes every header.",
    example: 'When a script on "https://shop.example" calls "GET /api/notes" without credentials',
  },
  async function (this: ConformanceWorld, which: ScriptOrigin, endpoint: Endpoint) {
    this.setScripts([await scriptCalls(this, which, endpoint, 'omit')]);
  },
);

sentence(
  'When',
  'a script on {scriptOrigin} calls {endpoint} with the token {string}',
  {
    summary:
      "As \"calls\", the script sending the token itself, as `Authorization: Bearer <token>`, with the scenario's credentials mode. Authorization is never CORS-safelisted, so the browser sends a preflight first, and the server's answer to it must allow the header (Access-Control-Allow-Headers: Authorization; `*` does not cover Authorization). Give a token from the environment or a remembered value rather than a real one in the feature.",
    example: 'When a script on "https://shop.example" calls "GET /api/me" with the token "demo-token-5e2a"',
  },
  async function (this: ConformanceWorld, which: ScriptOrigin, endpoint: Endpoint, token: string) {
    this.setScripts([await scriptCalls(this, which, { ...endpoint, headers: [bearerHeader(token)] })]);
  },
);

sentence(
  'When',
  'a script on {scriptOrigin} calls {endpoint} with the JSON:',
  {
    summary: 'As above, with the doc string as a JSON body (`Content-Type: application/json`, so the browser sends a preflight first).',
    example: 'When a script on "https://shop.example" calls "POST /api/login" with the JSON:',
    docString: '{"username": "alice", "password": "wonderland-7c1f"}',
    checkDocString: checkJsonDocString,
  },
  async function (this: ConformanceWorld, which: ScriptOrigin, endpoint: Endpoint, json: string) {
    this.setScripts([await scriptCalls(this, which, { ...endpoint, headers: JSON_CONTENT, body: json })]);
  },
);

sentence(
  'When',
  'a script on {scriptOrigin} sends JSON with {endpoint}',
  { summary: 'As "calls", with `Content-Type: application/json` and the body `{}` where the method takes one: a request that needs a preflight.', example: 'When a script on the allowed origin sends JSON with "PUT /get-or-create-task/foo"' },
  async function (this: ConformanceWorld, which: ScriptOrigin, endpoint: Endpoint) {
    this.setScripts([await scriptCalls(this, which, withJson(endpoint))]);
  },
);

sentence(
  'When',
  'a script on {scriptOrigin} asks to call {endpoint}',
  {
    summary:
      "Only the preflight a browser sends before such a request (with the scenario's request headers): the request itself is never sent, so it is safe for a DELETE. Then use the preflight sentences; the sentences about the response read the preflight's answer. A request that needs no preflight is let through, and sends nothing: the sentences about the response then fail, saying so.",
    example: 'When a script on "https://shop.example" asks to call "DELETE /api/items/1"',
  },
  async function (this: ConformanceWorld, which: ScriptOrigin, endpoint: Endpoint) {
    this.setScripts([await scriptAsks(this, which, endpoint)]);
  },
);

sentence(
  'When',
  'a script on {scriptOrigin} asks to call {endpoint} with the headers {headerNames}',
  {
    summary: 'As above, for a script that also sets these headers, with values a browser does not safelist (so "Content-Type" means a JSON one): the preflight asks for each of them.',
    example: 'When a script on "https://shop.example" asks to call "GET /api/me" with the headers "Authorization"',
  },
  async function (this: ConformanceWorld, which: ScriptOrigin, endpoint: Endpoint, names: string[]) {
    this.setScripts([await scriptAsks(this, which, endpoint, names)]);
  },
);

sentence(
  'When',
  'a script on {scriptOrigin} calls every route of the contract',
  { summary: 'The script calls each route of the contract at once, as a page\'s scripts would. Then use the sentences about every response: there is no single response for the others to read.', example: 'When a script on the allowed origin calls every route of the contract', contract: true },
  async function (this: ConformanceWorld, which: ScriptOrigin) {
    // The routes are independent: call them at once, as a page's scripts would (it matters against a remote target).
    this.setScripts(await Promise.all(CONTRACT_CALLS.map((call) => scriptCalls(this, which, call))));
  },
);

sentence(
  'Then',
  'the script can read the response',
  { summary: 'The browser grants the script the response: it passes the CORS check for its credentials mode (Fetch §4.9), after its preflight if it needed one.', example: 'Then the script can read the response' },
  function (this: ConformanceWorld) {
    const outcome = this.lastScript();
    verifyScript(this, outcome, () => ensureGranted(outcome));
  },
);

sentence(
  'Then',
  'the script sees the status {status}',
  { summary: 'The script is granted the response, and response.status is this status.', example: 'Then the script sees the status 200 OK' },
  function (this: ConformanceWorld, status: number) {
    const outcome = this.lastScript();
    verifyScript(this, outcome, () => {
      theScriptsAnswer(outcome);
      ensureGranted(outcome);
      const seen = outcome.view.ok ? outcome.view.status : 0;
      ensure(seen === status, () => mismatch(`response.status for ${aScriptOn(outcome.request.origin)}`, shownStatus(status), shownStatus(seen)));
    });
  },
);

sentence(
  'Then',
  'the script can read {header}',
  {
    summary:
      'The server sent the header, and the script can read it: it is CORS-safelisted (Cache-Control, Content-Language, Content-Length, Content-Type, Expires, Last-Modified, Pragma) or listed in Access-Control-Expose-Headers, where `*` counts for nothing with credentials.',
    example: 'Then the script can read "X-Total-Count"',
  },
  function (this: ConformanceWorld, name: string) {
    const outcome = this.lastScript();
    verifyScript(this, outcome, () => {
      const actual = theScriptsAnswer(outcome);
      ensureGranted(outcome);
      ensure(hasField(actual.headers, name), () => `the response to ${aScriptOn(outcome.request.origin)} has no ${name} header at all`);
      ensure(scriptReads(outcome.view, name) !== null, () => `${aScriptOn(outcome.request.origin)} cannot read ${name}: headers.get("${name}") is null, judged by ${outcome.judgedBy} (${readableBecause(outcome.request, actual, name)})`);
    });
  },
);

sentence(
  'Then',
  'the script reads {header} as {string}',
  { summary: 'The script can read the header, and headers.get() gives this value (repeated fields joined with ", ").', example: 'Then the script reads "X-Total-Count" as "5"' },
  function (this: ConformanceWorld, name: string, value: string) {
    const outcome = this.lastScript();
    verifyScript(this, outcome, () => {
      const actual = theScriptsAnswer(outcome);
      ensureGranted(outcome);
      const read = scriptReads(outcome.view, name);
      const script = aScriptOn(outcome.request.origin);
      if (read === null) {
        fail(
          hasField(actual.headers, name)
            ? `${script} cannot read ${name}: headers.get("${name}") is null, judged by ${outcome.judgedBy} (${readableBecause(outcome.request, actual, name)})`
            : `the response to ${script} has no ${name} header at all`,
        );
      }
      ensure(read === value, () => mismatch(`headers.get("${name}") for ${script}`, shown(value), shown(read)));
    });
  },
);

function cannotRead(this: ConformanceWorld, name: string) {
  const outcome = this.lastScript();
  verifyScript(this, outcome, () => {
    const actual = theScriptsAnswer(outcome);
    // Only meaningful when the server did send it, and the script could read the response at all.
    ensureGranted(outcome);
    const script = aScriptOn(outcome.request.origin);
    ensure(hasField(actual.headers, name), () => `the response to ${script} has no ${name} header, so hiding it proves nothing`);
    const read = scriptReads(outcome.view, name);
    ensure(read === null, () => `${script} reads ${name}: headers.get("${name}") is ${shown(read)}, judged by ${outcome.judgedBy} (${readableBecause(outcome.request, actual, name)})`);
  });
}
sentence(
  'Then',
  'the script cannot read {header}',
  { summary: 'The script is granted the response, the server sent the header, and the script cannot read it: it is neither safelisted nor exposed.', example: 'Then the script cannot read "X-Debug-Query-Time"' },
  cannotRead,
);
sentence(
  'Then',
  'the script never reads {header}',
  { summary: 'The same check, worded for a header no script may ever read, such as Set-Cookie.', example: 'Then the script never reads "Set-Cookie"' },
  cannotRead,
);

sentence(
  'Then',
  'the script is refused',
  { summary: 'The browser refuses the script the response: fetch() rejects (no grant for its origin, or a preflight that refuses).', example: 'Then the script is refused' },
  function (this: ConformanceWorld) {
    const outcome = this.lastScript();
    verifyScript(this, outcome, () => ensure(!outcome.view.ok, () => `${outcome.judgedBy} let ${aScriptOn(outcome.request.origin)} read the response${outcome.view.ok && outcome.view.status > 0 ? ` (status ${shownStatus(outcome.view.status)})` : ''}`));
  },
);

sentence(
  'Then',
  'the preflight lets it through',
  { summary: 'The request needs a preflight, and the server\'s answer to it lets the request through (Fetch §4.8): the origin granted with credentials, an ok status, and the method and the request headers allowed.', example: 'Then the preflight lets it through' },
  function (this: ConformanceWorld) {
    const outcome = this.lastScript();
    verifyScript(this, outcome, () => {
      const failed = preflightLetsThrough(outcome.request, preflightOf(outcome));
      if (failed !== null) failRule(failed, `the preflight refuses ${outcome.label} for ${aScriptOn(outcome.request.origin)}: ${failed.facts.reason}`);
    });
  },
);

sentence(
  'Then',
  'the preflight refuses it',
  { summary: 'The request needs a preflight, and the server\'s answer to it does not let the request through.', example: 'Then the preflight refuses it' },
  function (this: ConformanceWorld) {
    const outcome = this.lastScript();
    verifyScript(this, outcome, () => {
      const preflight = preflightOf(outcome);
      ensure(preflightLetsThrough(outcome.request, preflight) !== null, () => `the preflight lets ${outcome.label} through for ${aScriptOn(outcome.request.origin)} (status ${shownStatus(preflight.status)})`);
    });
  },
);

/** The preflight a step about the preflight judges; a request that needs none makes the step a misuse. */
function preflightOf(outcome: ScriptOutcome) {
  if (outcome.preflight === undefined) misuse(`${aScriptOn(outcome.request.origin)} needs no preflight for ${outcome.label}, so none was sent: the step is misused`);
  return outcome.preflight;
}

/** Checks every route and reports every route that fails, not only the first. */
function verifyEveryRoute(world: ConformanceWorld, what: string, failure: (outcome: ScriptOutcome & { actual: NonNullable<ScriptOutcome['actual']> }) => string | null) {
  const failures = world.scripts.map((outcome) => [outcome, failure({ ...outcome, actual: theScriptsAnswer(outcome) })] as const).filter(([, why]) => why !== null);
  world.verify(failures.length > 0 ? exchangesOf(failures[0][0]) : undefined, () => {
    ensure(world.scripts.length > 0, 'no route was called');
    if (failures.length === 0) return;
    const lines = failures.map(([outcome, why]) => `- ${outcome.label}: ${why}`);
    fail(`${what} fails on ${failures.length} of ${world.scripts.length} routes for ${aScriptOn(world.scripts[0].request.origin)}:\n${lines.join('\n')}`);
  });
}

const EVERY_ROUTE = { contract: true } as const;

sentence(
  'Then',
  'every response grants the script access with credentials',
  { ...EVERY_ROUTE, summary: 'After "every route of the contract": each route passes the CORS check with credentials.', example: 'Then every response grants the script access with credentials' },
  function (this: ConformanceWorld) {
    if (this.scripts.some((o) => o.request.credentials !== 'include')) misuse('the scripts fetched without credentials (--credentials omit, or a step said so): this sentence judges access with credentials');
    verifyEveryRoute(this, 'credentialed access for the allowed origin', (o) => (o.view.ok ? null : o.view.reason));
  },
);

sentence(
  'Then',
  'every response lists {header} as exposed',
  { ...EVERY_ROUTE, summary: 'After "every route of the contract": each response lists the header in Access-Control-Expose-Headers.', example: 'Then every response lists "X-Cat-Dog" as exposed' },
  function (this: ConformanceWorld, name: string) {
    verifyEveryRoute(this, `${name} in Access-Control-Expose-Headers`, (o) => {
      const exposed = exposedNames(o.request, o.actual);
      return exposed.some((item) => item.toLowerCase() === name.toLowerCase()) ? null : `exposed: ${exposed.join(', ') || 'nothing'}`;
    });
  },
);

sentence(
  'Then',
  'every response varies by Origin',
  {
    ...EVERY_ROUTE,
    summary:
      'After "every route of the contract": each response\'s Vary names Origin (or is `*`), unless the grant is static: the same Access-Control-Allow-Origin goes to a request without an Origin and to one from another origin, which Fetch §3.2.3 allows without Vary (an answer that grants without Vary is asked for again both ways, to see). An answer that grants nothing needs none.',
    example: 'Then every response varies by Origin',
  },
  async function (this: ConformanceWorld) {
    // Only an answer that grants without Vary costs the two more requests.
    const elsewhere = new Map(await Promise.all(this.scripts.map(async (outcome) => [outcome.label, await grantsElsewhere(this, outcome)] as const)));
    verifyEveryRoute(this, 'Vary: Origin', (o) => {
      const failed = varyOrigin(o.actual, elsewhere.get(o.label) ?? []);
      return failed === null ? null : `${varyInWords(failed)} [${failed.rule}]`;
    });
  },
);

sentence(
  'Then',
  'the response varies by Origin',
  {
    summary:
      "After a script's call: its response's Vary names Origin (or is `*`), unless the grant is static: the same Access-Control-Allow-Origin goes to a request without an Origin and to one from another origin, which Fetch §3.2.3 allows without Vary (an answer that grants without Vary is asked for again both ways, to see). An answer that grants nothing needs none.",
    example: 'Then the response varies by Origin',
  },
  async function (this: ConformanceWorld) {
    const outcome = this.lastScript();
    const actual = theScriptsAnswer(outcome);
    const elsewhere = await grantsElsewhere(this, outcome);
    verifyScript(this, outcome, () => {
      const failed = varyOrigin(actual, elsewhere);
      if (failed !== null) failRule(failed, `the response to ${aScriptOn(outcome.request.origin)} (${outcome.label}): ${varyInWords(failed)}`);
    });
  },
);

/**
 * Fetch §3.2.3's question, asked of the server: the script's call again
 * without an Origin and from another origin, when its answer grants without
 * Vary (the grant may be static); nothing otherwise.
 */
async function grantsElsewhere(world: ConformanceWorld, outcome: ScriptOutcome): Promise<GrantElsewhere[]> {
  const { actual, call } = outcome;
  if (actual === undefined || call === undefined || !grantsWithoutVary(actual)) return [];
  const asked = await Promise.all([null, world.settings.otherOrigin].map((origin) => grantElsewhere((request) => world.send(request), call, origin)));
  return asked.map(({ origin, exchange }) => ({ origin, allowOrigin: allowOriginOf(exchange.headers) }));
}

function varyInWords(failed: VaryFailure): string {
  const described = (value: string | null) => (value === null ? 'Access-Control-Allow-Origin is absent' : `Access-Control-Allow-Origin is ${shown(value)}`);
  const other = failed.facts.differs;
  const differs = other === undefined ? 'it was not asked again' : other.origin === null ? `without an Origin, ${described(other.allowOrigin)}` : `for ${other.origin}, ${described(other.allowOrigin)}`;
  return `Vary does not name Origin, and the grant is not static: ${differs}`;
}

sentence(
  'Then',
  'every response refuses the script',
  { ...EVERY_ROUTE, summary: 'After "every route of the contract": no route grants the script its response.', example: 'Then every response refuses the script' },
  function (this: ConformanceWorld) {
    verifyEveryRoute(this, 'refusing the other origin', (o) => {
      if (!o.view.ok) return null;
      if (o.judgedBy !== 'the Fetch model') return `${o.judgedBy} let the script read it (status ${o.view.status})`;
      return originGrant(o.request, o.actual) === null ? `granted to ${o.request.origin}` : null;
    });
  },
);
