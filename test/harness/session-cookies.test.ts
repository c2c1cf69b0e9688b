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
import { TargetClient, type Exchange } from '../../http/client';
import { COOKIE_TEST_HOST } from '../../http/cookie-model';
import { cookieRules, logoutKeepsCookie } from '../../rules/cookies';
import { runOptions } from '../support/options';

const FEATURES = ['examples/signed-in/features/session-cookie.feature'];
/** The frontend is on http: an https page may not fetch http://api.cookie-test (mixed content; only loopback is exempt). */
const FRONTEND = 'http://notes.example';
const LOGIN = { method: 'POST', path: '/api/session', headers: [['Content-Type', 'application/json'], ['Origin', FRONTEND]] as [string, string][], body: '{"username": "alice", "password": "looking-glass-42"}' };

const startApp = (...args: string[]) => startListening('/usr/bin/python3', ['examples/signed-in/app.py', '--port', '0', ...args]);
const named = (url: string) => url.replace('127.0.0.1', COOKIE_TEST_HOST);

async function run(target: string, features: readonly string[] = FEATURES) {
  const { summary } = await runSuite(runOptions({ target, origin: FRONTEND, features, browsers: ['chromium', 'firefox'], strict: true }));
  return summary;
}

const failed = (summary: Awaited<ReturnType<typeof run>>) =>
  Object.fromEntries(summary.scenarios.filter((s) => s.status !== 'passed').map((s) => [s.id, `${s.status}: ${s.message ?? ''}`]));

async function loginAnswer(target: string): Promise<Exchange> {
  return new TargetClient({ target, timeoutMs: 5000, extraHeaders: [] }).send(LOGIN);
}

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

    it('the audit finds nothing wrong with its cookie', async () => {
      assert.deepEqual(cookieRules(await loginAnswer(app.url), FRONTEND, new Set()), []);
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

  /** Each mistake: how to run it, the scenarios it fails with the words each must say, and the audit's finding. */
  const MISTAKES: { name: string; args: string[]; viaNamedHost?: boolean; fails: Record<string, RegExp>; audit: RegExp | null }[] = [
    {
      name: 'SameSite=None without Secure',
      args: ['--cookie-fault', 'samesite-none-insecure'],
      fails: {
        'session-cookie-1': /by the cookie model: SameSiteNoneInsecure .*\[samesite-none-without-secure\]/,
        'session-cookie-2': /does not keep the cookie session/,
        'session-cookie-4': /SameSiteNoneInsecure .*; Chromium refuses it: SameSiteNoneInsecure \[samesite-none-without-secure\]/,
        'session-cookie-4@firefox': /SameSiteNoneInsecure .*; Firefox did not store it \(it gives no reason\) \[samesite-none-without-secure\]/,
        'session-cookie-5': /the browser refuses a script on http:\/\/notes\.example the response/,
        'session-cookie-5@firefox': /the browser refuses a script on http:\/\/notes\.example the response/,
      },
      audit: /^samesite-none-without-secure$/,
    },
    {
      name: 'Secure over http (a named host, not loopback)',
      args: [],
      viaNamedHost: true,
      fails: {
        'session-cookie-1': /SecureOnly.*\[cookie-refused\]/,
        'session-cookie-2': /does not keep the cookie session/,
        'session-cookie-4': /SecureOnly .*; Chromium refuses it: SecureOnly \[cookie-refused\]/,
        'session-cookie-4@firefox': /SecureOnly .*; Firefox did not store it .*\[cookie-refused\]/,
        'session-cookie-5': /the browser refuses a script on http:\/\/notes\.example the response/,
        'session-cookie-5@firefox': /the browser refuses a script on http:\/\/notes\.example the response/,
      },
      audit: /^cookie-refused:SecureOnly$/,
    },
    {
      name: 'a Domain the API is not in',
      args: ['--cookie-fault', 'domain-mismatch'],
      fails: {
        'session-cookie-1': /InvalidDomain.*\[cookie-refused\]/,
        'session-cookie-2': /does not keep the cookie session/,
        'session-cookie-4': /InvalidDomain .*; Chromium refuses it: InvalidDomain \[cookie-refused\]/,
        'session-cookie-4@firefox': /InvalidDomain .*; Firefox did not store it .*\[cookie-refused\]/,
        'session-cookie-5': /the browser refuses a script on http:\/\/notes\.example the response/,
        'session-cookie-5@firefox': /the browser refuses a script on http:\/\/notes\.example the response/,
      },
      audit: /^cookie-refused:InvalidDomain$/,
    },
    {
      name: 'a Lax cookie set in answer to a cross-site fetch()',
      args: ['--cookie-fault', 'lax-cross-site'],
      fails: {
        'session-cookie-1': /SameSiteLax.*\[cookie-not-sent-cross-site\]/,
        'session-cookie-2': /does not keep the cookie session/,
        'session-cookie-4': /SameSiteLax .*; Chromium refuses it: (Schemeful)?SameSiteLax \[cookie-not-sent-cross-site\]/,
        'session-cookie-4@firefox': /SameSiteLax .*; Firefox did not store it .*\[cookie-not-sent-cross-site\]/,
        'session-cookie-5': /the browser refuses a script on http:\/\/notes\.example the response/,
        'session-cookie-5@firefox': /the browser refuses a script on http:\/\/notes\.example the response/,
      },
      audit: /^cookie-not-sent-cross-site:SameSiteLax$/,
    },
    {
      name: 'a logout that deletes another Path',
      args: ['--cookie-fault', 'logout-other-path'],
      fails: {
        'session-cookie-3': /still keeps the cookie session: it was set with Path=\/api, and the answer clears Path=\/.*\[logout-keeps-cookie\]/,
        'session-cookie-6': /\[logout-keeps-cookie\]/,
        'session-cookie-6@firefox': /\[logout-keeps-cookie\]/,
      },
      audit: null,
    },
  ];

  for (const mistake of MISTAKES) {
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
        const target = mistake.viaNamedHost ? named(app.url) : app.url;
        const login = await loginAnswer(target);
        if (mistake.audit !== null) {
          const findings = cookieRules(login, FRONTEND, new Set()).map((f) => ('reason' in f.facts && f.rule === 'cookie-refused' ? `${f.rule}:${f.facts.reason}` : f.rule === 'cookie-not-sent-cross-site' ? `${f.rule}:${f.facts.reason}` : f.rule));
          assert.equal(findings.length, 1, findings.join(', '));
          assert.match(findings[0], mistake.audit);
          return;
        }
        const logout = await new TargetClient({ target, timeoutMs: 5000, extraHeaders: [] }).send({ method: 'POST', path: '/api/session/logout', headers: [['Origin', FRONTEND]] });
        const findings = logoutKeepsCookie(login, logout, FRONTEND);
        assert.deepEqual(findings.map((f) => [f.rule, f.kind]), [['logout-keeps-cookie', 'path']]);
      });
    });
  }
});
