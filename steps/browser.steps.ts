/**
 * @browser scenarios: the same questions as cors-exposure, answered by
 * headless Chromium instead of the Fetch model. The page's fetch() is the
 * evidence; a plain request with the same Origin is sent afterwards only to
 * show the server's answer in failure messages and preconditions.
 */
import { randomUUID } from 'node:crypto';
import { When } from '@cucumber/cucumber';
import { CONTRACT_CALLS, withJson, type Endpoint } from './support/contract';
import { browserScripts } from './support/browser-pool';
import type { OutgoingRequest } from '../http/client';
import { corsRequestFor, type ScriptOutcome } from './support/script-model';
import type { ConformanceWorld } from './support/world';
import { originOf } from './cors-exposure.steps';


async function browserScript(world: ConformanceWorld, which: 'allowed' | 'other', call: OutgoingRequest & { label?: string }): Promise<ScriptOutcome> {
  const origin = originOf(world, which);
  const body = typeof call.body === 'string' ? call.body : call.body === undefined ? undefined : JSON.stringify(call.body);
  // --header values are not sent from the page: a script's own headers would change what needs a preflight.
  const view = await (await browserScripts()).fetch(origin, { method: call.method, url: world.client.urlFor(call.path), headers: call.headers, body });
  const actual = await world.send({ ...call, headers: [['Origin', origin], ...(call.headers ?? [])] });
  return { label: call.label ?? `${call.method} ${call.path}`, request: corsRequestFor(origin, call), actual, view, judgedBy: 'Chromium' };
}

When('a script in the browser on {scriptOrigin} calls {endpoint}', async function (this: ConformanceWorld, which: 'allowed' | 'other', endpoint: Endpoint) {
  this.scripts = [await browserScript(this, which, endpoint)];
});

When('a script in the browser on {scriptOrigin} sends JSON with {endpoint}', async function (this: ConformanceWorld, which: 'allowed' | 'other', endpoint: Endpoint) {
  this.scripts = [await browserScript(this, which, withJson(endpoint))];
});

When('a script in the browser on the allowed origin puts a new task as JSON', async function (this: ConformanceWorld) {
  const path = `/get-or-create-task/conformance-${randomUUID()}`;
  this.scripts = [await browserScript(this, 'allowed', withJson({ method: 'PUT', path }))];
});

When('a script in the browser on {scriptOrigin} calls every route of the contract', async function (this: ConformanceWorld, which: 'allowed' | 'other') {
  this.scripts = await Promise.all(CONTRACT_CALLS.map((call) => browserScript(this, which, call)));
});
