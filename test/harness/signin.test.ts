/**
 * A frontend that signs in (issue #26, "Done when"), against the example
 * app examples/signed-in/app.py: FastAPI with allow_origins=["*"] and
 * allow_credentials=True, and an OAuth2 password login, a bearer scheme or
 * a header API key. The command line is driven in process (its streams
 * passed in), in JSON, so every count is read from the report.
 *
 * How the signed-in calls are counted: the document's protected GET
 * operations are GET /api/me, /api/notes and /api/notes/{note_id}; the
 * document gives no value for note_id, but the list of notes, once called
 * signed in, does (the audit's values from the API, #27), so all three are
 * called signed in; without a sign-in none is. A call counts as signed in
 * when it answered 200: without the token the app answers 401.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { main, type CliStreams } from '../../runner/cli/index';
import { startListening, type StartedProcess } from '../../scripts/support/processes';
import { readSummary, reportDir } from '../support/cli';

const PASSWORD = 'looking-glass-42';
const TOKEN = 'demo-token-5e2a';
const ORIGIN = 'https://notes.example';

function captured(env: NodeJS.ProcessEnv = {}): CliStreams & { out: () => string; err: () => string } {
  const chunks = { out: [] as string[], err: [] as string[] };
  const sink = (into: string[]) => new Writable({ write: (chunk, _encoding, done) => (into.push(String(chunk)), done()) });
  return { stdout: sink(chunks.out), stderr: sink(chunks.err), env: { NO_COLOR: '1', ...env }, out: () => chunks.out.join(''), err: () => chunks.err.join('') };
}

interface Report {
  credentials: { mode: string; why: string };
  signIn?: { how: string[]; logout?: { method: string; path: string; status: number } };
  routes: { method: string; path: string; operation?: string | null; status: number; findings: { id: string; level: string }[] }[];
  notCalled: { method: string; operation: string; reason: string; flag: string | null; lacks?: string[] }[];
  findings: { id: string; level: string }[];
}

async function audit(target: string, flags: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; report: Report; out: string; err: string }> {
  const io = captured(env);
  const code = await main(['audit', '--target', target, '--origin', ORIGIN, '--no-browser', '--format', 'json', ...flags], io);
  return { code, report: io.out().trim() === '' ? (undefined as unknown as Report) : (JSON.parse(io.out()) as Report), out: io.out(), err: io.err() };
}

const PROTECTED_GETS = ['/api/me', '/api/notes', '/api/notes/{note_id}'];
/** The protected GET operations called and answered 200: called signed in. */
const signedInGets = (report: Report) => report.routes.filter((r) => r.method === 'GET' && PROTECTED_GETS.includes(r.operation ?? '') && r.status === 200).map((r) => r.operation);
const allFindings = (report: Report) => [...report.findings, ...report.routes.flatMap((r) => r.findings)];

const app = (scheme: string) => startListening('/usr/bin/python3', ['examples/signed-in/app.py', '--port', '0', '--scheme', scheme]);
const skip = !existsSync('/usr/bin/python3') && 'no /usr/bin/python3';

describe('a frontend that sends its token itself: the credentials mode follows the document', { skip }, () => {
  for (const scheme of ['bearer', 'apikey']) {
    describe(`--scheme ${scheme}`, () => {
      let api: StartedProcess;
      before(async () => {
        api = await app(scheme);
      });
      after(() => api.stop());

      it('by default, judges a frontend without credentials: no MUST finding for the wildcard, and it says why', async () => {
        const { code, report, err } = await audit(api.url, ['--token', TOKEN]);
        assert.equal(code, 0, err);
        assert.equal(report.credentials.mode, 'omit');
        assert.match(report.credentials.why, scheme === 'bearer' ? /http bearer/ : /API key in the header X-API-Key/);
        assert.deepEqual(allFindings(report).filter((f) => f.level === 'MUST'), []);
        assert.deepEqual(signedInGets(report), ['/api/me', '/api/notes', '/api/notes/{note_id}']);
      });

      it('says so in the table: "without credentials", and a note on the rules that do not apply', async () => {
        const io = captured();
        const code = await main(['audit', '--target', api.url, '--origin', ORIGIN, '--no-browser', '--token', TOKEN], io);
        assert.equal(code, 0, io.err());
        assert.match(io.out(), /^audit of \S+ for a script on https:\/\/notes\.example, without credentials \(the document signs in with /m);
        assert.match(io.out(), /^note: the frontend sends no credentials .*wildcard-origin-with-credentials/m);
      });

      it("the browsers' fetch() goes without credentials too, with the token: Chromium and Firefox agree with the Fetch model", { skip: !existsSync('/usr/bin/chromium-headless-shell') && !existsSync('/usr/bin/chromium') && 'no Chromium' }, async () => {
        const engines = existsSync('/usr/bin/firefox-esr') ? 'chromium,firefox' : 'chromium';
        const io = captured();
        const code = await main(['audit', '--target', api.url, '--origin', ORIGIN, '--browsers', engines, '--token', TOKEN, '--format', 'json'], io);
        assert.equal(code, 0, io.err());
        const report = JSON.parse(io.out()) as { routes: { operation: string; granted: boolean; browsers: { engine: string; granted: boolean; disagreements: string[] }[] }[] };
        const me = report.routes.find((r) => r.operation === '/api/me')!;
        assert.equal(me.browsers.length, engines.split(',').length);
        for (const view of me.browsers) assert.deepEqual([view.engine, view.granted, view.disagreements], [view.engine, true, []]);
      });

      it('with --credentials include, reports wildcard-origin-with-credentials (MUST): exit 1', async () => {
        const { code, report } = await audit(api.url, ['--token', TOKEN, '--credentials', 'include']);
        assert.equal(code, 1);
        assert.equal(report.credentials.mode, 'include');
        assert.ok(report.routes.every((r) => r.findings.some((f) => f.id === 'wildcard-origin-with-credentials' && f.level === 'MUST')), JSON.stringify(report.routes.map((r) => r.findings)));
      });

      it('a token-header call is preflighted: never "sent without a preflight"', async () => {
        const { report } = await audit(api.url, ['--token', TOKEN]);
        for (const operation of ['/api/me', '/api/notes']) {
          const route = report.routes.find((r) => r.operation === operation) as unknown as { preflight: { ok: boolean } | null };
          assert.equal(route.preflight?.ok, true, operation);
        }
        // Only an operation without a scheme (the token form) may be sent without one; the logout is not sent after --token alone.
        const unpreflighted = report.notCalled.filter((n) => /without a preflight/.test(n.reason)).map((n) => `${n.method} ${n.operation}`);
        assert.deepEqual(unpreflighted, ['POST /api/token']);
        assert.match(report.notCalled.find((n) => n.operation === '/api/session/logout')?.reason ?? '', /a logout: not sent, since it would end a session the audit did not open/);
      });
    });
  }
});

describe('OAuth2 password login (examples/signed-in, --scheme oauth2)', { skip }, () => {
  let api: StartedProcess;
  before(async () => {
    api = await app('oauth2');
  });
  after(() => api.stop());

  it('without a sign-in, the protected operations are not called, each saying which scheme it lacked (a note, not a finding)', async () => {
    const { code, report } = await audit(api.url, []);
    assert.equal(code, 0);
    assert.deepEqual(signedInGets(report), []);
    const lacking = report.notCalled.filter((n) => n.lacks !== undefined);
    assert.deepEqual(lacking.map((n) => n.operation), ['/api/me', '/api/notes']);
    for (const n of lacking) {
      assert.deepEqual(n.lacks, ['OAuth2PasswordBearer']);
      assert.match(n.reason, /not called for want of a sign-in: it needs "OAuth2PasswordBearer" \(OAuth2, password flow at \/api\/token\)/);
      assert.match(n.flag ?? '', /--login-user NAME --login-password PASSWORD, or --token TOKEN/);
    }
    // The cookie login is only preflighted without --unsafe: the note says how to judge the cookies it sets.
    const session = report.notCalled.find((n) => n.method === 'POST' && n.operation === '/api/session');
    assert.match(session?.reason ?? '', /looks like a sign-in: to judge the cookies it sets .* sign in with it/);
    assert.equal(session?.flag, '--login "POST /api/session" --login-body BODY, or --unsafe');
    // An unsafe operation that is no sign-in keeps the plain note; the logout is never called among the others.
    assert.equal(report.notCalled.find((n) => n.operation === '/api/token')?.flag, '--unsafe');
  });

  it('--login-user and --login-password: the protected GET operations are called signed in (note_id from the list of notes, or --param note_id=1)', async () => {
    const plain = await audit(api.url, ['--login-user', 'alice', '--login-password', PASSWORD]);
    assert.equal(plain.code, 0, plain.err);
    assert.deepEqual(signedInGets(plain.report), ['/api/me', '/api/notes', '/api/notes/{note_id}']);
    const note = plain.report.routes.find((r) => r.operation === '/api/notes/{note_id}') as unknown as { values: { name: string; from: string }[] };
    assert.deepEqual(note.values.map((v) => `${v.name}: ${v.from}`), ['note_id: answer of GET /api/notes at /0/id']);
    assert.match(plain.report.signIn?.how.join() ?? '', /the OAuth2 password flow \(POST \/api\/token\)/);
    const all = await audit(api.url, ['--login-user', 'alice', '--login-password', PASSWORD, '--param', 'note_id=1']);
    assert.deepEqual(signedInGets(all.report), ['/api/me', '/api/notes', '/api/notes/{note_id}']);
  });

  it('the same from RESPONSE_CONFORMANCE_LOGIN_USER and RESPONSE_CONFORMANCE_LOGIN_PASSWORD', async () => {
    const { code, report } = await audit(api.url, [], { RESPONSE_CONFORMANCE_LOGIN_USER: 'alice', RESPONSE_CONFORMANCE_LOGIN_PASSWORD: PASSWORD });
    assert.equal(code, 0);
    assert.deepEqual(signedInGets(report), ['/api/me', '/api/notes', '/api/notes/{note_id}']);
  });

  it('--token (and RESPONSE_CONFORMANCE_TOKEN): the protected GET operations are called signed in', async () => {
    const flag = await audit(api.url, ['--token', TOKEN, '--param', 'note_id=2']);
    assert.deepEqual(signedInGets(flag.report), ['/api/me', '/api/notes', '/api/notes/{note_id}']);
    const env = await audit(api.url, [], { RESPONSE_CONFORMANCE_TOKEN: TOKEN });
    assert.deepEqual(signedInGets(env.report), ['/api/me', '/api/notes', '/api/notes/{note_id}']);
  });

  it('a wrong password is exit 2, with one line naming the token operation and the status', async () => {
    const { code, out, err } = await audit(api.url, ['--login-user', 'alice', '--login-password', 'not-the-password']);
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.equal(err.split('\n').filter(Boolean).length, 1, err);
    assert.match(err, /^response-conformance audit: sign-in failed: POST \/api\/token \(.*\) answered 401 Unauthorized: \{"detail":"Incorrect username or password"\}\n$/);
    assert.doesNotMatch(err, /not-the-password|at \S+\.ts:\d+/);
  });

  it('no secret reaches the output: the password, the token and the access token obtained', async () => {
    const io = captured();
    const code = await main(['audit', '--target', api.url, '--origin', ORIGIN, '--no-browser', '--login-user', 'alice', '--login-password', PASSWORD, '--format', 'json'], io);
    assert.equal(code, 0);
    assert.doesNotMatch(io.out() + io.err(), new RegExp(PASSWORD));
    const withToken = captured();
    await main(['audit', '--target', api.url, '--origin', ORIGIN, '--no-browser', '--token', TOKEN], withToken);
    assert.doesNotMatch(withToken.out() + withToken.err(), new RegExp(TOKEN));
  });

  it('a cookie session (--login with --login-body): the cookie is sent back, and the logout found by its path is sent last', async () => {
    const body = JSON.stringify({ username: 'alice', password: PASSWORD });
    const { code, report, out } = await audit(api.url, ['--login', 'POST /api/session', '--login-body', body]);
    assert.ok(code === 0 || code === 1, out);
    assert.equal(report.credentials.mode, 'include');
    assert.equal(report.routes.find((r) => r.path === '/api/session/me')?.status, 200);
    assert.deepEqual(report.signIn?.logout, { method: 'POST', path: '/api/session/logout', status: 204 });
    assert.ok(!report.notCalled.some((n) => n.operation === '/api/session/logout'), 'the logout is sent, not listed as not called');
    assert.doesNotMatch(out, new RegExp(PASSWORD));
  });

  it('--login-body is sent as a form where the operation takes one (the token form answers 200), as JSON where it takes JSON', async () => {
    const form = await audit(api.url, ['--login', 'POST /api/token', '--login-body', `username=alice&password=${PASSWORD}`]);
    assert.notEqual(form.code, 2, form.err);
    assert.deepEqual(form.report.signIn?.how, ['POST /api/token (its cookies sent back)']);
    // The cookie login takes JSON: the same body as a form would be refused (422), and is not sent as one.
    const json = await audit(api.url, ['--login', 'POST /api/session', '--login-body', `username=alice&password=${PASSWORD}`]);
    assert.equal(json.code, 2);
    assert.match(json.err, /sign-in failed: POST \/api\/session \(--login\) answered 422 Unprocessable Content/);
    assert.doesNotMatch(json.err, new RegExp(PASSWORD));
  });

  for (const [how, flags, env] of [
    ['--token', ['--token', TOKEN], { RESPONSE_CONFORMANCE_TOKEN: TOKEN }],
    ['the OAuth2 password flow', ['--login-user', 'alice', '--login-password', PASSWORD], { RESPONSE_CONFORMANCE_LOGIN_USER: 'alice', RESPONSE_CONFORMANCE_LOGIN_PASSWORD: PASSWORD }],
  ] as const) {
    it(`a written feature signs in as the audit did (${how}), from the environment, holds no secret, and passes against the API`, async () => {
      const { mkdtempSync, readFileSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const path = await import('node:path');
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'signin-')), 'written.feature');
      const io = captured();
      assert.equal(await main(['audit', '--target', api.url, '--origin', ORIGIN, '--no-browser', ...flags, '--write-feature', file], io), 0, io.err());
      const feature = readFileSync(file, 'utf8');
      assert.match(feature, /^ {4}Given the frontend's scripts fetch without credentials$/m);
      assert.match(feature, how === '--token' ? /^ {4}And the value "token" comes from the environment variable "RESPONSE_CONFORMANCE_TOKEN"$/m : /^ {4}And a client has called "POST \/api\/token" with the form:$/m);
      // The protected operations are written, their scenarios sending the token as {{token}}.
      assert.match(feature, /Rule: GET \/api\/me\b/);
      assert.match(feature, /^ {6}Given every request carries the header "Authorization" with the value "Bearer \{\{token\}\}"$/m);
      // GET /api/session/me (a cookie the document does not declare as a scheme) answers 401 without a session: not pinned.
      assert.doesNotMatch(feature, /^\s+Then the server answers 401 Unauthorized/m);
      for (const secret of [TOKEN, PASSWORD]) assert.doesNotMatch(feature, new RegExp(secret));
      // Run with the environment the audit's flags came from, it passes the API it was written from.
      // (The feature's steps read the process's environment: the run is in this process.)
      const run = captured(env);
      Object.assign(process.env, env);
      const code = await main(['--target', api.url, '--origin', ORIGIN, '--features', file, '--report-dir', reportDir()], run).finally(() => {
        for (const name of Object.keys(env)) delete process.env[name];
      });
      assert.equal(code, 0, run.out() + run.err());
      // Without that environment it cannot sign in: an error of the run (exit 2), never a failure of the API.
      const bare = captured();
      assert.equal(await main(['--target', api.url, '--origin', ORIGIN, '--features', file, '--report-dir', reportDir()], bare), 2, bare.out());
    });
  }
});

describe('the sentences of a frontend without credentials and with a token (examples/signed-in/features)', { skip }, () => {
  let api: StartedProcess;
  before(async () => {
    api = await app('oauth2');
  });
  after(() => api.stop());

  const featureFile = async (name: string, lines: string[]) => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'signin-')), name);
    writeFileSync(file, [...lines, ''].join('\n'));
    return file;
  };
  const run = async (flags: string[]) => {
    const io = captured();
    const code = await main(['--target', api.url, '--origin', 'https://notes.example', '--report-dir', reportDir(), ...flags], io);
    return { code, out: io.out(), err: io.err() };
  };

  it('token-frontend.feature passes: "*" grants a script without credentials, and the token is preflighted and allowed', async () => {
    const dir = reportDir();
    const io = captured();
    const code = await main(['--target', api.url, '--origin', 'https://notes.example', '--features', 'examples/signed-in/features/token-frontend.feature', '--report-dir', dir], io);
    assert.equal(code, 0, io.out() + io.err());
    const summary = readSummary(dir);
    assert.equal(summary.counts.failed, 0);
    assert.ok(summary.counts.passed >= 3, `${summary.counts.passed} passed`);
  });

  it('the same API fails a frontend that fetches with credentials: "*" never grants it, whatever --credentials says', async () => {
    const file = await featureFile('credentialed.feature', [
      'Feature: A credentialed frontend',
      '  @MUST @id:credentialed-1',
      '  Scenario: A credentialed script reads an open route',
      "    Given the frontend's scripts fetch with credentials",
      '    When a script on "https://notes.example" calls "GET /api/health"',
      '    Then the script can read the response',
    ]);
    const include = await run(['--features', file, '--no-browser']);
    assert.equal(include.code, 1, include.out + include.err);
    assert.match(include.out, /Access-Control-Allow-Origin is "\*", which never grants a request with credentials/);
    const omit = await run(['--features', file, '--no-browser', '--credentials', 'omit']);
    assert.equal(omit.code, 1);
    assert.match(omit.out, /fetch\(\) without credentials \(--credentials\)$/m);
  });

  it('--credentials omit judges the script sentences without credentials for the whole run; "calls … without credentials" for one call', async () => {
    const file = await featureFile('plain.feature', ['Feature: A frontend', '  @MUST @id:plain-1', '  Scenario: A script reads an open route', '    When a script on "https://notes.example" calls "GET /api/health"', '    Then the script can read the response']);
    assert.equal((await run(['--features', file, '--no-browser'])).code, 1);
    const omit = await run(['--features', file, '--no-browser', '--credentials', 'omit']);
    assert.equal(omit.code, 0, omit.out);
    // With --openapi, the run's default follows the document (OAuth2: a token, so without credentials), and the header says so.
    const fromDocument = await run(['--features', file, '--no-browser', '--openapi', `${api.url}/openapi.json`]);
    assert.equal(fromDocument.code, 0, fromDocument.out);
    assert.match(fromDocument.out, /· fetch\(\) without credentials \(the document's security schemes\)$/m);
    const one = await featureFile('one.feature', ['Feature: A frontend', '  @MUST @id:one-1', '  Scenario: A script reads an open route', '    When a script on "https://notes.example" calls "GET /api/health" without credentials', '    Then the script can read the response']);
    assert.equal((await run(['--features', one, '--no-browser'])).code, 0);
  });
});
