/**
 * What a browser script on an origin can do with the target's answers,
 * judged by the Fetch model (support/fetch-model.ts) on the real responses.
 * Every script fetch is credentialed, as the contract's frontend is.
 */
import { Then, When } from '@cucumber/cucumber';
import { expect } from 'chai';
import { CONTRACT_CALLS, withJson, type Endpoint } from './support/contract';
import { hasField, listIncludes } from '../http/header-list';
import { corsCheck, corsExposedHeaderNames, preflightVerdict, scriptReads } from '../http/fetch-model';
import { modelScript, type ScriptOutcome } from './support/script-model';
import type { ConformanceWorld } from './support/world';


export function originOf(world: ConformanceWorld, which: 'allowed' | 'other'): string {
  return which === 'allowed' ? world.settings.origin : world.settings.otherOrigin;
}

function exchangesOf(outcome: ScriptOutcome) {
  return [outcome.preflight, outcome.actual].filter((e) => e !== undefined);
}

/** Fails, saying why, unless the browser let the script read the response. */
function expectGranted(outcome: ScriptOutcome) {
  if (!outcome.view.ok) expect.fail(`the browser refuses the script the response (judged by ${outcome.judgedBy}): ${outcome.view.reason}`);
}

/** Runs a check about one script's outcome; a failure shows what the browser was sent. */
function verifyScript(world: ConformanceWorld, outcome: ScriptOutcome, assertion: () => void) {
  world.verify(exchangesOf(outcome), assertion);
}

When('a script on {scriptOrigin} calls {endpoint}', async function (this: ConformanceWorld, which: 'allowed' | 'other', endpoint: Endpoint) {
  this.scripts = [await modelScript((r) => this.send(r), originOf(this, which), endpoint)];
});

When('a script on {scriptOrigin} sends JSON with {endpoint}', async function (this: ConformanceWorld, which: 'allowed' | 'other', endpoint: Endpoint) {
  this.scripts = [await modelScript((r) => this.send(r), originOf(this, which), withJson(endpoint))];
});

When('a script on {scriptOrigin} calls every route of the contract', async function (this: ConformanceWorld, which: 'allowed' | 'other') {
  // The routes are independent: call them at once, as a page's scripts would (it matters against a remote target).
  this.scripts = await Promise.all(CONTRACT_CALLS.map((call) => modelScript((r) => this.send(r), originOf(this, which), call)));
});

Then('the script can read the response', function (this: ConformanceWorld) {
  const outcome = this.lastScript();
  verifyScript(this, outcome, () => expectGranted(outcome));
});

Then('the script sees the status {status}', function (this: ConformanceWorld, status: number) {
  const outcome = this.lastScript();
  verifyScript(this, outcome, () => {
    expectGranted(outcome);
    expect(outcome.view.ok && outcome.view.status, 'response.status').to.equal(status);
  });
});

Then('the script can read {header}', function (this: ConformanceWorld, name: string) {
  const outcome = this.lastScript();
  verifyScript(this, outcome, () => {
    expectGranted(outcome);
    expect(hasField(outcome.actual.headers, name), `the response has no ${name} header at all`).to.equal(true);
    const exposed = corsExposedHeaderNames(outcome.request, outcome.actual);
    expect(scriptReads(outcome.view, name), `headers.get("${name}") judged by ${outcome.judgedBy} (Access-Control-Expose-Headers lists: ${exposed.join(', ') || 'nothing'})`).to.not.equal(null);
  });
});

function cannotRead(this: ConformanceWorld, name: string) {
  const outcome = this.lastScript();
  verifyScript(this, outcome, () => {
    // Only meaningful when the server did send it, and the script could read the response at all.
    expectGranted(outcome);
    expect(hasField(outcome.actual.headers, name), `the response has no ${name} header, so hiding it proves nothing`).to.equal(true);
    expect(scriptReads(outcome.view, name), `headers.get("${name}") judged by ${outcome.judgedBy}`).to.equal(null);
  });
}
Then('the script cannot read {header}', cannotRead);
Then('the script never reads {header}', cannotRead);

Then('the script is refused', function (this: ConformanceWorld) {
  const outcome = this.lastScript();
  verifyScript(this, outcome, () => expect(outcome.view.ok, `${outcome.judgedBy} let a script on ${outcome.request.origin} read the response`).to.equal(false));
});

Then('the preflight lets it through', function (this: ConformanceWorld) {
  const outcome = this.lastScript();
  verifyScript(this, outcome, () => {
    expect(outcome.preflight, 'this request needs no preflight; the step is misused').to.not.equal(undefined);
    const verdict = preflightVerdict(outcome.request, outcome.preflight!);
    if (!verdict.ok) expect.fail(`the preflight refuses the request: ${verdict.reason}`);
  });
});

Then('the preflight refuses it', function (this: ConformanceWorld) {
  const outcome = this.lastScript();
  verifyScript(this, outcome, () => {
    expect(outcome.preflight, 'this request needs no preflight; the step is misused').to.not.equal(undefined);
    expect(preflightVerdict(outcome.request, outcome.preflight!).ok, `the preflight let a script on ${outcome.request.origin} through`).to.equal(false);
  });
});

/** Checks every route and reports every route that fails, not only the first. */
function verifyEveryRoute(world: ConformanceWorld, what: string, failure: (outcome: ScriptOutcome) => string | null) {
  const failures = world.scripts.map((outcome) => [outcome, failure(outcome)] as const).filter(([, why]) => why !== null);
  world.verify(failures.length > 0 ? exchangesOf(failures[0][0]) : undefined, () => {
    expect(world.scripts, 'no route was called').to.not.be.empty;
    if (failures.length === 0) return;
    const lines = failures.map(([outcome, why]) => `- ${outcome.label}: ${why}`);
    throw new Error(`${what} fails on ${failures.length} of ${world.scripts.length} routes:\n${lines.join('\n')}`);
  });
}

Then('every response grants the script access with credentials', function (this: ConformanceWorld) {
  verifyEveryRoute(this, 'credentialed access for the allowed origin', (o) => (o.view.ok ? null : o.view.reason));
});

Then('every response lists {header} as exposed', function (this: ConformanceWorld, name: string) {
  verifyEveryRoute(this, `${name} in Access-Control-Expose-Headers`, (o) => {
    const exposed = corsExposedHeaderNames(o.request, o.actual);
    return exposed.some((item) => item.toLowerCase() === name.toLowerCase()) ? null : `exposed: ${exposed.join(', ') || 'nothing'}`;
  });
});

Then('every response varies by Origin', function (this: ConformanceWorld) {
  verifyEveryRoute(this, 'Vary: Origin', (o) => {
    // `Vary: *` also keeps caches from serving one origin's answer to another (RFC 9110 §12.5.5).
    return listIncludes(o.actual.headers, 'Vary', 'Origin') || listIncludes(o.actual.headers, 'Vary', '*') ? null : 'Vary does not name Origin';
  });
});

Then('every response refuses the script', function (this: ConformanceWorld) {
  verifyEveryRoute(this, 'refusing the other origin', (o) => {
    if (!o.view.ok) return null;
    if (o.judgedBy === 'Chromium') return `Chromium let the script read it (status ${o.view.status})`;
    return corsCheck(o.request, o.actual).ok ? `granted to ${o.request.origin}` : null;
  });
});
