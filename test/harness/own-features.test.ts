/**
 * Your API, your features. A feature written from docs/STEPS.md alone runs
 * against an API the suite has never seen and judges it: it passes the API
 * as it is and fails, naming the right scenarios, each broken variant of it.
 * Every sentence that checks something can fail. The worked example,
 * examples/own-api/ on real FastAPI, passes its own features, browser
 * included. Runs use the default configuration (the browser on).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runSuite } from '../../runner/run/index';
import { startListening, type StartedProcess } from '../../scripts/support/processes';
import { allSentences } from '../../steps/vocabulary';
import { cli, readSummary, reportDir } from '../support/cli';
import { runOptions } from '../support/options';

const UNSEEN = 'test/fixtures/unseen-api';
const LIBRARY = path.join(UNSEEN, 'library.feature');
const CATCHES = 'test/fixtures/vocabulary/catches.feature';
/** The one scenario of catches.feature that is not judged: its Then reads a response the last When step never had. */
const NO_RESPONSE = 'catch-response-without-preflight';
const startUnseen = (...args: string[]) => startListening(process.execPath, [path.join(UNSEEN, 'server.js'), '--port', '0', ...args]);
const failedIds = (summary: { scenarios: readonly { id: string; status: string }[] }) => summary.scenarios.filter((s) => s.status === 'failed').map((s) => s.id).sort();

describe('an API the suite has never seen, judged by a feature written from docs/STEPS.md', () => {
  let api: StartedProcess;
  before(async () => {
    api = await startUnseen();
  });
  after(() => api.stop());

  it('passes the API as it is: exit 0 under --strict, all 12 scenarios', async () => {
    const dir = reportDir();
    const { code, stdout, stderr } = await cli(['--target', api.url, '--features', LIBRARY, '--strict', '--report-dir', dir]);
    assert.equal(code, 0, stdout + stderr);
    const summary = readSummary(dir);
    assert.equal(summary.counts.passed, 12);
    assert.equal(summary.warnings, undefined, 'the feature gives every scenario a level and an id');
    assert.deepEqual([...new Set(summary.scenarios.map((s: { area: string }) => s.area))], ['library']);
  });

  let used: Set<string>;
  let messages: Map<string, string>;
  it('every sentence that checks something fails when what it states is false', async () => {
    // The unseen API serves no document: this one mis-describes it, so the document sentences fail on a broken promise, not on a missing file.
    const { summary, messages: stream } = await runSuite(runOptions({ target: api.url, features: [CATCHES], openapi: 'test/fixtures/openapi-sentences/library-wrong.json' }));
    const envelopes = stream.envelopes();
    const patterns = new Map(envelopes.flatMap((e) => (e.stepDefinition ? [[e.stepDefinition.id, e.stepDefinition.pattern.source] as const] : [])));
    used = new Set(envelopes.flatMap((e) => e.testCase?.testSteps.flatMap((step) => (step.stepDefinitionIds ?? []).map((id) => patterns.get(id)!)) ?? []));
    // A Then after a preflight that sent nothing has no response to read, never an earlier one: a misuse, an error of the run.
    const misused = summary.scenarios.filter((s) => s.id === NO_RESPONSE);
    assert.deepEqual(misused.map((s) => [s.status, s.outcome, s.message]), [
      ['error', 'harness', 'no response: "asks to call" sends only the preflight, and a script on https://reader.example needs none for GET /v2/books, so nothing was sent; use "a script on … calls" to send the request itself'],
    ]);
    const wrong = summary.scenarios.filter((s) => s.id !== NO_RESPONSE && (s.status !== 'failed' || s.outcome !== 'assertion')).map((s) => `${s.id}: ${s.status} ${s.message}`);
    assert.deepEqual(wrong, []);
    assert.equal(summary.conformant, false);
    messages = new Map(summary.scenarios.filter((s) => s.id !== NO_RESPONSE).map((s) => [s.id, s.message ?? '']));
  });

  it("every failure ends with its explanation, never the assertion library's tail", () => {
    // chai's tails: "expected null to not equal null", "expected 'a' to deeply equal 'b'", "expected [] to be an object".
    const tails = [...messages].filter(([, message]) => /\bexpected .* (not )?to (not )?(deeply )?(equal|be|match|include|have)\b/.test(message));
    assert.deepEqual(tails, []);
  });

  it('every failure about a script names the origin the script was on', () => {
    const scripts = [...readFileSync(CATCHES, 'utf8').matchAll(/@id:(\S+).*\n.*\n\s+When a script (?:in the browser )?on "([^"]+)" (?:calls|asks to call)/g)].map(([, id, origin]) => [id, origin] as const);
    assert.ok(scripts.length >= 11, `${scripts.length} script scenarios`);
    assert.deepEqual(scripts.filter(([id, origin]) => !messages.get(id)!.includes(`a script on ${origin}`)).map(([id]) => `${id}: ${messages.get(id)}`), []);
  });

  it('catches.feature uses every general Then sentence (the rest are the contract\'s, caught by its broken servers)', () => {
    // Caught elsewhere: the contract's features use them, and the broken-server catalogue kills them; the unseen API
    // varies by Origin everywhere, so "the response varies by Origin" is failed by one-judge.test.ts's grant without Vary.
    const elsewhere = ['the answer does not reveal the password', 'the error is described in JSON', 'each cookie arrives in its own Set-Cookie field', 'the response varies by Origin'];
    // The cookies a browser keeps need a cookie session: session-cookies.test.ts fails each on the signed-in app's broken variants.
    elsewhere.push('the browser keeps the cookie {string}', 'the browser refuses the cookie {string}', 'the browser refuses the cookie {string} because {string}', 'the browser sends the cookie {string} with the next call to {endpoint}', 'the browser no longer keeps the cookie {string}');
    const unused = allSentences()
      .filter((s) => s.keyword === 'Then' && !s.contract && !elsewhere.includes(s.pattern) && !used.has(s.pattern))
      .map((s) => s.pattern);
    assert.deepEqual(unused, []);
  });

  it('works with the gate as the contract does: --parallel, --write-expectations, then --expect', async () => {
    const broken = await startUnseen('--fault', 'any-origin');
    try {
      const baseline = path.join(reportDir(), 'baseline.json');
      const first = await cli(['--target', broken.url, '--features', LIBRARY, '--parallel', '2', '--write-expectations', baseline, '--report-dir', reportDir()]);
      assert.equal(first.code, 1, first.stdout);
      assert.match(readFileSync(baseline, 'utf8'), /"id": "library-5"/);
      const dir = reportDir();
      const gated = await cli(['--target', broken.url, '--features', LIBRARY, '--parallel', '2', '--expect', baseline, '--report-dir', dir]);
      assert.equal(gated.code, 0, gated.stdout);
      assert.deepEqual(readSummary(dir).scenarios.filter((s: { status: string }) => s.status !== 'passed').map((s: { id: string; status: string }) => `${s.id} ${s.status}`), ['library-5 expected-failure']);
    } finally {
      await broken.stop();
    }
  });

  describe('each broken variant fails exactly the scenarios of the rule it breaks', () => {
    const variants: Record<string, string[]> = {
      'rate-limit-not-exposed': ['library-2'],
      'any-origin': ['library-5'],
      'theme-cookie-lax': ['library-10'],
      'delete-not-allowed': ['library-9'],
      'loan-without-location': ['library-8'],
      'internal-notes-leak': ['library-3'],
    };
    for (const [fault, fails] of Object.entries(variants)) {
      it(fault, async () => {
        const broken = await startUnseen('--fault', fault);
        try {
          const { summary } = await runSuite(runOptions({ target: broken.url, features: [LIBRARY], strict: true }));
          assert.deepEqual(failedIds(summary), fails);
        } finally {
          await broken.stop();
        }
      });
    }
  });
});

describe('examples/own-api: a FastAPI shop judged by its own features', { skip: !existsSync('/usr/bin/python3') && 'no /usr/bin/python3' }, () => {
  let shop: StartedProcess;
  before(async () => {
    shop = await startListening('/usr/bin/python3', ['examples/own-api/app.py', '--port', '0']);
  });
  after(() => shop.stop());

  it('passes its features under --strict, the browser scenarios included: exit 0', async () => {
    const dir = reportDir();
    const { code, stdout, stderr } = await cli(['--target', shop.url, '--origin', 'https://shop.example', '--features', 'examples/own-api/features', '--strict', '--report-dir', dir]);
    assert.equal(code, 0, stdout + stderr);
    const summary = readSummary(dir);
    assert.equal(summary.counts.failed, 0);
    assert.ok(summary.counts.passed >= 26, `${summary.counts.passed} passed`);
    assert.deepEqual(summary.scenarios.filter((s: { id: string; status: string }) => s.id === 'items-12' && s.status !== 'passed'), []);
  });
});
