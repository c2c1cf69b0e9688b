/**
 * The script sentences "in the browser": the same questions as the Fetch
 * model's, answered by headless Chromium (or the run's other engine, Firefox). The page's fetch() is the
 * evidence; a plain request with the same Origin is sent afterwards only to
 * show the server's answer in failure messages and preconditions. Then steps
 * are the script sentences of cors-exposure.steps.ts.
 */
import { randomUUID } from 'node:crypto';
import { CONTRACT_CALLS, JSON_CONTENT, withJson, type Endpoint } from './support/contract';
import { browserScripts } from '../browser/pool';
import { browserUnavailable } from '../browser/availability';
import { SKIP_REASON_MEDIA_TYPE } from '../http/media-type';
import type { OutgoingRequest } from '../http/client';
import { hasField } from '../http/header-list';
import { corsRequestFor, labelOf, withOrigin, type ScriptOutcome } from '../http/script-fetch';
import type { ScriptOrigin } from './support/parameter-parsers';
import { checkJsonDocString } from './support/parameter-parsers';
import { sentences } from './support/sentences';
import type { ConformanceWorld } from './support/world';
import { bearerHeader, originOf } from './cors-exposure.steps';
import { misuse } from './support/misuse';

const sentence = sentences('What a script can read (a real browser)');


/** A page's fetch() in the browser; the scenario's request headers are headers the page's script sets (World.outgoing). */
async function browserScript(world: ConformanceWorld, which: ScriptOrigin, scriptCall: OutgoingRequest & { label?: string }, credentials: 'include' | 'omit' = world.credentials): Promise<ScriptOutcome> {
  const origin = originOf(world, which);
  const call = world.outgoing(scriptCall);
  if (origin === 'null') misuse('a page in the browser cannot be given an opaque origin here: use the Fetch model\'s sentence, "a script on an opaque origin calls …"');
  const body = typeof call.body === 'string' ? call.body : call.body === undefined ? undefined : JSON.stringify(call.body);
  // --header values are not sent from the page: a script's own headers would change what needs a preflight.
  const browser = await browserScripts(world.settings.engine ?? 'chromium', world.settings.enginePaths);
  // The scenario's browser starts with no cookies of earlier scenarios, as its jar does.
  if (!world.browserCookiesCleared) {
    await browser.clearCookies();
    world.browserCookiesCleared = true;
  }
  const view = await browser.fetch(origin, { method: call.method, url: world.client.urlFor(call.path), headers: call.headers, body, credentials, timeoutMs: world.settings.timeoutMs, breaker: world.run.breaker });
  // The same call again, for the model's jar and the messages: the browser's cookies are the browser's own.
  // A fetch() without credentials sends no cookie and keeps none (Fetch §4.6): the jar is left as it is.
  const actual = credentials === 'include' ? await world.sendWithCookies(withOrigin(origin, call), origin) : await world.send(withOrigin(origin, call));
  const record = world.cookieRecords.get(actual);
  // What the browser kept of them, read only when the answer sets cookies (before the scenario's next fetch).
  if (record !== undefined && hasField(actual.headers, 'Set-Cookie')) record.browser = await browser.cookieWitness(origin);
  return { label: labelOf(call), request: corsRequestFor(origin, call, credentials), call, actual, view, judgedBy: browser.name };
}

/** Runs the browser scripts, or skips the scenario saying why the browser cannot run. */
async function inBrowser(world: ConformanceWorld, run: () => Promise<ScriptOutcome[]>): Promise<'skipped' | undefined> {
  const unavailable = browserUnavailable(world.settings);
  if (unavailable !== null) {
    world.attach(unavailable, SKIP_REASON_MEDIA_TYPE);
    return 'skipped';
  }
  world.setScripts(await run());
  return undefined;
}

sentence(
  'When',
  'a script in the browser on {scriptOrigin} calls {endpoint}',
  {
    summary:
      'A page on that origin in headless Chromium calls fetch() with credentials (unless `--credentials omit` or a step says without), and the script sentences (the Then steps above) judge what Chromium gave it. Skipped, and saying why, when Chromium is not installed or with --no-browser; failed under --browser when it is missing.',
    example: 'When a script in the browser on "https://shop.example" calls "GET /api/items?page=1"',
  },
  async function (this: ConformanceWorld, which: ScriptOrigin, endpoint: Endpoint) {
    return inBrowser(this, async () => [await browserScript(this, which, endpoint)]);
  },
);

sentence(
  'When',
  'a script in the browser on {scriptOrigin} calls {endpoint} without credentials',
  {
    summary: "As above, the page calling fetch() with `credentials: 'omit'`: the browser sends no cookies and makes the CORS check for a request without credentials.",
    example: 'When a script in the browser on "https://shop.example" calls "GET /api/notes" without credentials',
  },
  async function (this: ConformanceWorld, which: ScriptOrigin, endpoint: Endpoint) {
    return inBrowser(this, async () => [await browserScript(this, which, endpoint, 'omit')]);
  },
);

sentence(
  'When',
  'a script in the browser on {scriptOrigin} calls {endpoint} with the token {string}',
  {
    summary: "As above, the page's script sending `Authorization: Bearer <token>` itself, with the scenario's credentials mode: the browser sends its own preflight first, which must allow Authorization.",
    example: 'When a script in the browser on "https://shop.example" calls "GET /api/me" with the token "demo-token-5e2a"',
  },
  async function (this: ConformanceWorld, which: ScriptOrigin, endpoint: Endpoint, token: string) {
    return inBrowser(this, async () => [await browserScript(this, which, { ...endpoint, headers: [bearerHeader(token)] })]);
  },
);

sentence(
  'When',
  'a script in the browser on {scriptOrigin} calls {endpoint} with the JSON:',
  {
    summary: 'As above, with the doc string as a JSON body: Chromium sends its own preflight first.',
    example: 'When a script in the browser on "https://shop.example" calls "POST /api/login" with the JSON:',
    docString: '{"username": "alice", "password": "wonderland-7c1f"}',
    checkDocString: checkJsonDocString,
  },
  async function (this: ConformanceWorld, which: ScriptOrigin, endpoint: Endpoint, json: string) {
    return inBrowser(this, async () => [await browserScript(this, which, { ...endpoint, headers: JSON_CONTENT, body: json })]);
  },
);

sentence(
  'When',
  'a script in the browser on {scriptOrigin} sends JSON with {endpoint}',
  { summary: 'As "calls", with `Content-Type: application/json` and the body `{}` where the method takes one.', example: 'When a script in the browser on the allowed origin sends JSON with "PUT /get-or-create-task/foo"' },
  async function (this: ConformanceWorld, which: ScriptOrigin, endpoint: Endpoint) {
    return inBrowser(this, async () => [await browserScript(this, which, withJson(endpoint))]);
  },
);

sentence(
  'When',
  'a script in the browser on the allowed origin puts a new task as JSON',
  { summary: 'PUT /get-or-create-task/{id} with a new id, as JSON, from a page on the allowed origin.', example: 'When a script in the browser on the allowed origin puts a new task as JSON', contract: true },
  async function (this: ConformanceWorld) {
    const path = `/get-or-create-task/conformance-${randomUUID()}`;
    return inBrowser(this, async () => [await browserScript(this, 'allowed', withJson({ method: 'PUT', path }))]);
  },
);

sentence(
  'When',
  'a script in the browser on {scriptOrigin} calls every route of the contract',
  { summary: 'Every route of the contract, from a page on that origin.', example: 'When a script in the browser on another origin calls every route of the contract', contract: true },
  async function (this: ConformanceWorld, which: ScriptOrigin) {
    return inBrowser(this, () => Promise.all(CONTRACT_CALLS.map((call) => browserScript(this, which, call))));
  },
);
