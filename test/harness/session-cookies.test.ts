/**
 * The cookies a browser keeps, on a real FastAPI cookie session
 * (examples/signed-in/app.py): the feature that logs in with a cookie,
 * checks the browser keeps it, sends it back and drops it at logout passes
 * in the cookie model, in Chromium and in Firefox; each cookie mistake (a
 * broken variant of the app) fails the sentence with the browser's reason
 * and the audit's finding (rules/cookies.ts, the audit's one judge, on the
 * same answer). The engines are installed here: these tests never skip.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { runSuite } from '../../runner/run/index';
import { closeBrowser } from '../../browser/pool';
import { startListening, type StartedProcess } from '../../scripts/support/processes';
import { COOKIE_MISTAKES, COOKIE_FEATURES as FEATURES, COOKIE_FRONTEND as FRONTEND, viaNamedHost as named } from '../../examples/signed-in/cookie-mistakes';
import { cookieAuditFindings } from '../../scripts/matrix/cookies';
import { runOptions } from '../support/options';


const startApp = (...args: string[]) => startListening('/usr/bin/python3', ['examples/signed-in/app.py', '--port', '0', ...args]);

async function run(target: string, features: readonly string[] = FEATURES) {
  const { summary } = await runSuite(runOptions({ target, origin: FRONTEND, features, browsers: ['chromium', 'firefox'], strict: true }));
  return summary;
}

const failed = (summary: Awaited<ReturnType<typeof run>>) =>
  Object.fromEntries(summary.scenarios.filter((s) => s.status !== 'passed').map((s) => [s.id, `${s.status}: ${s.message ?? ''}`]));


describe('a cookie session (examples/signed-in), in the cookie model, Chromium and Firefox', { skip: !existsSync('/usr/bin/python3') && 'no /usr/bin/python3' }, () => {
  after(() => closeBrowser());

  describe('the app as it is', () => {
    let app: StartedProcess;
    before(async () => {
      app = await startApp();
    });
    after(() => app.stop());

    it('passes every scenario, in the model and in both engines: the browser keeps the cookie, sends it back, drops it at logout', async () => {
      const summary = await run(app.url);
      assert.deepEqual(failed(summary), {});
      const ids = summary.scenarios.map((s) => s.id).sort();
      // Three model scenarios, three @browser ones in Chromium and again in Firefox.
      assert.deepEqual(ids.filter((id) => id.endsWith('@firefox')).length, 3, ids.join(' '));
      assert.equal(summary.counts.passed, 9);
    });

    it('the audit finds nothing wrong with its cookie, at login or logout', async () => {
      assert.deepEqual(await cookieAuditFindings(app.url), []);
    });
  });

  describe('the sentences that say a browser refuses a cookie, and why', () => {
    const REFUSAL = ['test/fixtures/cookies/refusal.feature'];
    it('pass where the browser refuses it for that reason, and fail naming the reason where it refuses it for another', async () => {
      const app = await startApp('--cookie-fault', 'samesite-none-insecure');
      try {
        const got = failed(await run(app.url, REFUSAL));
        assert.deepEqual(Object.keys(got).sort(), ['refusal-4', 'refusal-4@firefox']);
        assert.match(got['refusal-4'], /the cookie model refuses the cookie session for SameSiteNoneInsecure .*, not SecureOnly/);
      } finally {
        await app.stop();
      }
    });
    it('fail where the browser keeps the cookie', async () => {
      const app = await startApp();
      try {
        const got = failed(await run(app.url, REFUSAL));
        assert.deepEqual(Object.keys(got).sort(), ['refusal-1', 'refusal-2', 'refusal-3', 'refusal-3@firefox', 'refusal-4', 'refusal-4@firefox']);
        assert.match(got['refusal-1'], /a browser on http:\/\/notes\.example keeps the cookie session, by the cookie model/);
      } finally {
        await app.stop();
      }
    });
  });

  for (const mistake of COOKIE_MISTAKES) {
    describe(mistake.name, () => {
      let app: StartedProcess;
      before(async () => {
        app = await startApp(...mistake.args);
      });
      after(() => app.stop());

      it('fails exactly its scenarios, each with the reason', async () => {
        const summary = await run(mistake.viaNamedHost ? named(app.url) : app.url);
        const got = failed(summary);
        assert.deepEqual(Object.keys(got).sort(), Object.keys(mistake.fails).sort(), JSON.stringify(got, null, 2));
        for (const [id, pattern] of Object.entries(mistake.fails)) assert.match(got[id], pattern, id);
      });

      it('fails the audit\'s finding, with the reason', async () => {
        const findings = await cookieAuditFindings(mistake.viaNamedHost ? named(app.url) : app.url);
        assert.deepEqual(findings, [mistake.finding]);
      });
    });
  }
});
