/**
 * A feature signs in with a form, remembers the token, and calls a
 * protected route (issue #26's Done-when), on real FastAPI:
 * examples/signed-in/features/notes.feature against examples/signed-in/app.py.
 * It passes the app as it is; it fails, naming the step, a server whose token
 * answer names the token otherwise, and a server whose 401 does not challenge;
 * a name used before it is defined stops the run before any request (exit 2,
 * file:line); an environment variable that is not set is an error of the run
 * (exit 2) naming it, and so is a sign-in that fails (a wrong password); the
 * password read from the environment reaches no report.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startListening, type StartedProcess } from '../../scripts/support/processes';
import { cli, readSummary, reportDir } from '../support/cli';

/** The notes feature alone (the folder holds the cookie and token features too, proven by their own tests). */
const FEATURE = path.join('examples/signed-in/features', 'notes.feature');
const FEATURES = FEATURE;
const PASSWORD = 'looking-glass-42';
const SIGNED_IN = { RESPONSE_CONFORMANCE_LOGIN_PASSWORD: PASSWORD };
const run = (target: string, features: string, env: NodeJS.ProcessEnv = SIGNED_IN) => {
  const dir = reportDir();
  return cli(['--target', target, '--features', features, '--no-browser', '--report-dir', dir], env).then((outcome) => ({ ...outcome, dir }));
};

interface Planted {
  readonly url: string;
  readonly requests: string[];
  close(): Promise<void>;
}

/** A server in front of the app that forwards every request and lets `change` alter an answer: a broken variant of the app, or (with no upstream) a server that only counts. */
async function plant(upstream: string | undefined, change: (path: string, answer: { status: number; headers: [string, string][]; body: string }) => void = () => undefined): Promise<Planted> {
  const requests: string[] = [];
  const server: Server = createServer(async (request: IncomingMessage, response) => {
    requests.push(`${request.method} ${request.url}`);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (upstream === undefined) return void response.writeHead(404).end();
    const headers = Object.entries(request.headers).flatMap(([name, value]) => (name === 'host' || value === undefined ? [] : [[name, String(value)] as [string, string]]));
    const answered = await fetch(`${upstream}${request.url}`, { method: request.method, headers, body: chunks.length === 0 ? undefined : Buffer.concat(chunks) });
    const answer = { status: answered.status, headers: [...answered.headers].filter(([name]) => !['content-length', 'content-encoding', 'transfer-encoding'].includes(name)), body: await answered.text() };
    change(new URL(request.url ?? '/', 'http://x').pathname, answer);
    response.writeHead(answer.status, answer.headers.flat()).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const statuses = (summary: { scenarios: readonly { id: string; status: string }[] }) => Object.fromEntries(summary.scenarios.map((s) => [s.id, s.status]));

describe('a feature signs in with a form, remembers the token, and calls the protected routes', { skip: !existsSync('/usr/bin/python3') && 'no /usr/bin/python3' }, () => {
  let app: StartedProcess;
  before(async () => {
    app = await startListening('/usr/bin/python3', ['examples/signed-in/app.py', '--port', '0']);
  });
  after(() => app?.stop());

  it('passes the app as it is: every scenario, exit 0 under --strict', async () => {
    const dir = reportDir();
    const { code, stdout, stderr } = await cli(['--target', app.url, '--features', FEATURES, '--no-browser', '--strict', '--report-dir', dir], SIGNED_IN);
    assert.equal(code, 0, stdout + stderr);
    const summary = readSummary(dir);
    assert.deepEqual(statuses(summary), { 'notes-token': 'passed', 'notes-token-password': 'passed', 'notes-me': 'passed', 'notes-list': 'passed', 'notes-one': 'passed', 'notes-challenge': 'passed' });
    assert.equal(summary.warnings, undefined, 'every scenario has a level and an id');
    // The password comes from the environment: the feature never holds it, and no report or output does either.
    assert.ok(!readFileSync(FEATURE, 'utf8').includes(PASSWORD));
    assert.ok(!(stdout + stderr).includes(PASSWORD));
    for (const file of readdirSync(dir)) assert.ok(!readFileSync(path.join(dir, file), 'utf8').includes(PASSWORD), `${file} holds the password`);
  });

  it('fails every scenario, at the step that remembers it, when the token answer names the token otherwise', async () => {
    const broken = await plant(app.url, (route, answer) => {
      if (route === '/api/token' && answer.status === 200) answer.body = answer.body.replace('"access_token"', '"token"');
    });
    try {
      const { code, stdout, stderr, dir } = await run(broken.url, FEATURES);
      assert.equal(code, 1, stdout + stderr);
      const summary = readSummary(dir);
      assert.deepEqual(new Set(Object.values(statuses(summary))), new Set(['failed']));
      const messages = new Set(summary.scenarios.map((s: { message: string }) => s.message));
      assert.deepEqual([...messages], ['the answer to POST /api/token (200) has no field "access_token" to remember as "token": the body has no field "access_token" (its fields: token, token_type)']);
    } finally {
      await broken.close();
    }
  });

  it('fails only the challenge when a 401 does not say it wants a bearer token', async () => {
    const broken = await plant(app.url, (_, answer) => {
      answer.headers = answer.headers.filter(([name]) => name !== 'www-authenticate');
    });
    try {
      const { code, stdout, stderr, dir } = await run(broken.url, FEATURES);
      assert.equal(code, 1, stdout + stderr);
      const failed = readSummary(dir).scenarios.filter((s: { status: string }) => s.status !== 'passed').map((s: { id: string }) => s.id);
      assert.deepEqual(failed, ['notes-challenge']);
    } finally {
      await broken.close();
    }
  });

  it('a name used before it is defined stops the run before any request: exit 2, the file and the line, the names known there', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rc-undefined-name-'));
    const file = path.join(dir, 'notes.feature');
    const text = readFileSync(FEATURE, 'utf8').replace('"GET /api/notes/{{note}}"', '"GET /api/notes/{{note_id}}"');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('{{note_id}}')) + 1;
    const counting = await plant(undefined);
    try {
      const { code, stdout, stderr } = await run(counting.url, dir);
      assert.equal(code, 2, stdout + stderr);
      assert.ok(
        stderr.includes(`${file}:${line}: "{{note_id}}" names no value defined before this step in "A note found in the list can be fetched by its id" (its Background included); the names known here: password, token, note\n    When a client calls "GET /api/notes/{{note_id}}"`),
        stderr,
      );
      assert.deepEqual(counting.requests, [], 'nothing was sent');
    } finally {
      await counting.close();
    }
  });

  it('an environment variable that is not set is an error of the run (exit 2) that names it, never a failure', async () => {
    const { code, stdout, stderr, dir } = await run(app.url, FEATURES, { RESPONSE_CONFORMANCE_LOGIN_PASSWORD: '' });
    assert.equal(code, 2, stdout + stderr);
    const summary = readSummary(dir);
    assert.deepEqual(new Set(Object.values(statuses(summary))), new Set(['error']));
    assert.deepEqual([...new Set(summary.scenarios.map((s: { message: string }) => s.message))], ['the environment variable RESPONSE_CONFORMANCE_LOGIN_PASSWORD is empty, so "{{password}}" has no value: set RESPONSE_CONFORMANCE_LOGIN_PASSWORD for the run']);
  });

  it('remembers a cookie the answer sets and sends it back by name; a cookie the answer does not set fails, naming those it sets', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rc-cookie-name-'));
    const scenario = (id: string, cookie: string) => `
  @MUST @id:${id}
  Scenario: The session cookie ${cookie} signs the next call in
    When a client calls "POST /api/session" with the JSON:
      """
      {"username": "alice", "password": "{{password}}"}
      """
    Then the client remembers the cookie "${cookie}" of the answer as "session"
    And every request carries the header "Cookie" with the value "session={{session}}"
    When a client calls "GET /api/session/me"
    Then the server answers 200 OK
`;
    writeFileSync(
      path.join(dir, 'cookie.feature'),
      `Feature: A cookie remembered by name
  Source: RFC 6265bis §5.6 (https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/).

  Background:
    Given the value "password" comes from the environment variable "RESPONSE_CONFORMANCE_LOGIN_PASSWORD"
${scenario('cookie-kept', 'session')}${scenario('cookie-missing', 'sid')}`,
    );
    const { code, stdout, stderr, dir: reports } = await run(app.url, dir);
    assert.equal(code, 1, stdout + stderr);
    assert.deepEqual(
      readSummary(reports).scenarios.map((s: { id: string; status: string; message?: string | null }) => [s.id, s.status, s.message ?? null]),
      [
        ['cookie-kept', 'passed', null],
        ['cookie-missing', 'failed', 'the answer to POST /api/session (200) sets no cookie "sid" to remember as "session" (it sets session)'],
      ],
    );
  });

  it('a wrong password is a sign-in that failed: an error of the run (exit 2) naming the call, the status and the body, never the password', async () => {
    const wrong = 'not-the-password-9d1';
    const { code, stdout, stderr, dir } = await run(app.url, FEATURES, { RESPONSE_CONFORMANCE_LOGIN_PASSWORD: wrong });
    assert.equal(code, 2, stdout + stderr);
    const summary = readSummary(dir);
    assert.deepEqual(new Set(Object.values(statuses(summary))), new Set(['error']));
    assert.deepEqual([...new Set(summary.scenarios.map((s: { message: string }) => s.message))], ['set-up failed: POST /api/token answered 401 Unauthorized: {"detail":"Incorrect username or password"}']);
    assert.ok(!(stdout + stderr).includes(wrong));
    for (const file of readdirSync(dir)) assert.ok(!readFileSync(path.join(dir, file), 'utf8').includes(wrong), `${file} holds the password`);
  });
});
