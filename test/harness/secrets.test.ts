/**
 * Secrets never reach an output, and masking them never breaks one. A server
 * of the test's own echoes every request header into its head and its JSON
 * body (whose values are `true`, `null`, `1000` and "application/json") and
 * sets a session cookie. The suite (test/fixtures/secrets/echo.feature, two
 * scenarios failing on purpose so heads and bodies are shown) and the audit
 * run against it with secrets planted by --header and in the target's
 * userinfo: the common words `true`, `null`, `1000`, `application/json`,
 * and realistic tokens. Then: the realistic secrets and the cookie's value
 * appear in no file of the report folder, nor on stdout or stderr; the
 * common words never appear where a secret was carried (the echoed header
 * fields, the echoed body's fields); every report parses (JSON, each line of
 * messages.ndjson, JUnit against test/fixtures/junit.xsd, HTML well-formed);
 * and the exit code is the one the same run gets with harmless values.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { ROOT, startListening, type StartedProcess } from '../../scripts/support/processes';
import { cli, reportDir, type Outcome } from '../support/cli';

const ORIGIN = 'https://app.example';
const FEATURE = 'test/fixtures/secrets/echo.feature';
const TOKEN = 'tok-9f3b2c71e4a8d6b05e';
const API_KEY = 'key-5d1e88a0c3f7';
const PASSWORD = 'pw-77c1e0d94b';
const COOKIE_VALUE = 'cookie-c0ffee51d2';
/** Secrets that must appear nowhere at all. */
const REALISTIC = [TOKEN, API_KEY, PASSWORD, COOKIE_VALUE];
/** Header name → a common word given as its value: these words occur in every report, but never where the secret was carried. */
const COMMON: Record<string, string> = { 'X-Debug': 'true', 'X-Nothing': 'null', 'X-Limit': '1000', 'X-Format': 'application/json' };

let server: Server;
let url: string;

before(async () => {
  server = createServer((req, res) => {
    const echoed = Object.fromEntries(Object.entries(req.headers).filter(([name]) => name.startsWith('x-') || name === 'authorization'));
    const origin = req.headers.origin;
    if (origin === ORIGIN) {
      res.setHeader('Access-Control-Allow-Origin', ORIGIN);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      if (origin === ORIGIN) {
        res.setHeader('Access-Control-Allow-Methods', 'GET');
        res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '');
      }
      res.writeHead(204).end();
      return;
    }
    for (const [name, value] of Object.entries(echoed)) res.setHeader(`X-Echo-${name}`, String(value));
    res.setHeader('Set-Cookie', `session=${COOKIE_VALUE}; Path=/; HttpOnly; SameSite=Lax`);
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ granted: true, nothing: null, limit: 1000, type: 'application/json', headers: echoed }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** --header flags: the common words under their names, then `more`. */
function headerFlags(values: Record<string, string>, more: readonly string[]): string[] {
  return [...Object.entries(values).flatMap(([name, value]) => ['--header', `${name}: ${value}`]), ...more.flatMap((h) => ['--header', h])];
}

/** The same header names with values nobody would mistake for anything else, for the exit code without the secrets. */
const HARMLESS = Object.fromEntries(Object.keys(COMMON).map((name, i) => [name, `harmless-${i}`]));

function withUserinfo(target: string): string {
  return target.replace('http://', `http://robot:${PASSWORD}@`);
}

interface Outputs {
  readonly run: Outcome;
  readonly files: Record<string, string>;
}

async function outputsOf(args: readonly string[]): Promise<Outputs> {
  const dir = reportDir();
  const run = await cli([...args, '--report-dir', dir]);
  const files = Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
  return { run, files };
}

/** Tags closed in order, nothing left open, no stray "<" in text: what a renderer that escapes everything writes. */
function assertWellFormedHtml(name: string, html: string): void {
  const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
  const body = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<!DOCTYPE[^>]*>/i, '').replace(/<(style|script)\b[^>]*>[\s\S]*?<\/\1>/gi, '');
  const open: string[] = [];
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  for (const [, closing, rawName, rest] of body.matchAll(tag)) {
    const tagName = rawName.toLowerCase();
    if (VOID.has(tagName) || rest.endsWith('/')) continue;
    if (closing === '') open.push(tagName);
    else assert.equal(open.pop(), tagName, `${name}: </${tagName}> closes another element`);
  }
  assert.deepEqual(open, [], `${name}: elements left open`);
  assert.doesNotMatch(body.replace(tag, ''), /</, `${name}: a "<" outside a tag`);
}

async function assertValidJunit(name: string, xml: string): Promise<void> {
  const result = await validateXML({ xml: [{ fileName: name, contents: xml }], schema: [{ fileName: 'junit.xsd', contents: readFileSync(path.join(ROOT, 'test', 'fixtures', 'junit.xsd'), 'utf8') }] });
  assert.deepEqual(result.errors.map((e) => e.message), [], name);
}

/** Every file parses as its kind says; returns the kinds seen, so a test knows each was checked. */
async function assertEveryReportParses(files: Record<string, string>): Promise<string[]> {
  const kinds: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const ext = path.extname(name);
    if (ext === '.json') JSON.parse(text);
    else if (ext === '.ndjson') text.split('\n').filter((line) => line !== '').forEach((line, i) => assert.doesNotThrow(() => JSON.parse(line), `${name}:${i + 1}`));
    else if (ext === '.xml') await assertValidJunit(name, text);
    else if (ext === '.html') assertWellFormedHtml(name, text);
    else if (ext !== '.md') assert.fail(`an unexpected report: ${name}`);
    kinds.push(ext);
  }
  return kinds.sort();
}

/** No realistic secret anywhere; no common word where a secret was carried (the echoed fields, in the head and in the body). */
function assertNothingLeaks(outputs: Outputs, also: readonly string[] = []): void {
  const all = { stdout: outputs.run.stdout, stderr: outputs.run.stderr, ...outputs.files };
  for (const [name, text] of Object.entries(all)) {
    for (const secret of [...REALISTIC, ...also]) assert.equal(text.includes(secret), false, `${name} holds ${secret}`);
    for (const [header, word] of Object.entries(COMMON)) {
      const lower = header.toLowerCase();
      // A JSON report holds the attachment's text escaped once more: look at both spellings.
      const carried = [`X-Echo-${lower}: ${word}`, `"${lower}": "${word}"`, `\\"${lower}\\": \\"${word}\\"`, `"${lower}":"${word}"`, `\\"${lower}\\":\\"${word}\\"`];
      for (const where of carried) assert.equal(text.includes(where), false, `${name} shows ${header}'s secret: ${where}`);
    }
  }
}

describe('secrets in the suite', () => {
  const suite = (target: string, values: Record<string, string>, more: readonly string[]) =>
    outputsOf(['--target', target, '--origin', ORIGIN, '--features', FEATURE, '--no-browser', ...headerFlags(values, more)]);

  it('appear in no report, stdout or stderr; every report parses; the exit code is the one harmless values get', async () => {
    const harmless = await suite(url, HARMLESS, ['X-Api-Key: harmless-key']);
    const secret = await suite(withUserinfo(url), COMMON, [`X-Api-Key: ${API_KEY}`]);
    assert.equal(harmless.run.code, 1, harmless.run.stdout + harmless.run.stderr);
    assert.equal(secret.run.code, harmless.run.code, secret.run.stdout + secret.run.stderr);
    assert.deepEqual(Object.keys(secret.files).sort(), ['junit.xml', 'messages.ndjson', 'report.html', 'summary.json', 'summary.md']);
    assert.deepEqual(await assertEveryReportParses(secret.files), ['.html', '.json', '.md', '.ndjson', '.xml']);
    assertNothingLeaks(secret, [Buffer.from(`robot:${PASSWORD}`).toString('base64')]);
    const summary = JSON.parse(secret.files['summary.json']);
    assert.deepEqual(summary.counts, JSON.parse(harmless.files['summary.json']).counts, 'the same verdicts');
    // What the failure shows: the head with its credential fields masked, and the start of the body, masked too.
    const response: string = summary.scenarios.find((s: { id: string }) => s.id === 'secrets-2').response;
    assert.match(response, /^ {2}X-Echo-x-api-key: \[REDACTED\]$/m);
    assert.match(response, /^ {2}X-Echo-authorization: Basic \[REDACTED\]$/m, 'the Basic credentials made of the userinfo');
    assert.match(response, /^ {2}Set-Cookie: session=\[REDACTED\]; Path=\/; HttpOnly; SameSite=Lax$/m, "the cookie's name and attributes stay");
    assert.match(response, /^ {2}\{"granted":\[REDACTED\],"nothing":\[REDACTED\],"limit":\[REDACTED\],"type":"\[REDACTED\]"/m, 'the body, its common words masked inside the report\'s string');
    // With harmless values, the body's words are shown as they are; the --header values are masked all the same.
    const plain: string = JSON.parse(harmless.files['summary.json']).scenarios.find((s: { id: string }) => s.id === 'secrets-2').response;
    assert.match(plain, /^ {2}\{"granted":true,"nothing":null,"limit":1000,"type":"application\/json","headers":\{"x-debug":"\[REDACTED\]"/m);
    assert.match(plain, /^ {2}Content-Type: application\/json$/m);
    // The start of the body is in every report that shows a failure: the terminal, the HTML and JUnit (escaped as each needs).
    for (const [name, text] of [['stdout', harmless.run.stdout], ['report.html', harmless.files['report.html']], ['junit.xml', harmless.files['junit.xml']]]) {
      assert.match(text, /granted(?:"|&quot;|&#34;):true,(?:"|&quot;|&#34;)nothing(?:"|&quot;|&#34;):null/, `${name} shows the start of the body`);
    }
    // The terminal shows the same, masked.
    assert.match(secret.run.stdout, /Set-Cookie: session=\[REDACTED\]; Path=\/; HttpOnly/);
  });

  it('a bearer token given with --header never appears, nor "Bearer" followed by it', async () => {
    const secret = await suite(url, COMMON, [`Authorization: Bearer ${TOKEN}`]);
    assert.equal(secret.run.code, 1, secret.run.stdout + secret.run.stderr);
    await assertEveryReportParses(secret.files);
    assertNothingLeaks(secret);
    assert.match(JSON.parse(secret.files['summary.json']).scenarios.find((s: { id: string }) => s.id === 'secrets-2').response, /^ {2}X-Echo-authorization: \[REDACTED\]$/m);
  });
});

describe('secrets in the audit', () => {
  const audit = (target: string, values: Record<string, string>, more: readonly string[], format: 'json' | 'text') =>
    outputsOf(['audit', '--target', target, '--origin', ORIGIN, '--route', 'GET /echo', '--no-browser', '--format', format, ...headerFlags(values, more)]);

  for (const format of ['json', 'text'] as const) {
    it(`--format ${format}: appear in no report, stdout or stderr; every report parses; the exit code is the one harmless values get`, async () => {
      const harmless = await audit(url, HARMLESS, ['Authorization: Bearer harmless-token'], format);
      const secret = await audit(withUserinfo(url), COMMON, [`Authorization: Bearer ${TOKEN}`, `X-Api-Key: ${API_KEY}`], format);
      assert.equal(secret.run.code, harmless.run.code, secret.run.stdout + secret.run.stderr);
      assert.notEqual(secret.run.code, 2, secret.run.stderr);
      assert.deepEqual(Object.keys(secret.files).sort(), ['audit.html', 'audit.json', 'junit.xml']);
      assert.deepEqual(await assertEveryReportParses(secret.files), ['.html', '.json', '.xml']);
      assertNothingLeaks(secret);
      if (format === 'json') {
        const shown = JSON.parse(secret.run.stdout);
        assert.deepEqual(shown.routes.map((r: { status: number; granted: boolean }) => [r.status, r.granted]), JSON.parse(harmless.run.stdout).routes.map((r: { status: number; granted: boolean }) => [r.status, r.granted]));
      }
    });
  }
});

/**
 * Secrets given by the environment, and what a sign-in obtains: the
 * signed-in example (examples/signed-in/app.py) behind a recording proxy of
 * the test's own, which learns every access token and session cookie the
 * app hands out, so the test knows each value that must never appear. The
 * audit signs in from RESPONSE_CONFORMANCE_LOGIN_USER and
 * RESPONSE_CONFORMANCE_LOGIN_PASSWORD, then with RESPONSE_CONFORMANCE_TOKEN,
 * and the suite runs the notes feature, whose password comes from the
 * environment: no password, token or cookie value in any output, and every
 * report parses.
 */
describe('secrets from the environment and from a sign-in', { skip: !existsSync('/usr/bin/python3') && 'no /usr/bin/python3' }, () => {
  const LOGIN_PASSWORD = 'looking-glass-42';
  const DEMO_TOKEN = 'demo-token-5e2a';
  let app: StartedProcess;
  let proxy: Server;
  let proxied: string;
  const obtained = new Set<string>();

  before(async () => {
    app = await startListening('/usr/bin/python3', ['examples/signed-in/app.py', '--port', '0']);
    const upstream = new URL(app.url);
    proxy = createServer((req, res) => {
      const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          const token = /"access_token":"([^"]+)"/.exec(body.toString('utf8'))?.[1];
          if (token !== undefined) obtained.add(token);
          for (const cookie of [answer.headers['set-cookie'] ?? []].flat()) {
            const value = /^[^=]+=([^;]*)/.exec(cookie)?.[1]?.replace(/^"|"$/g, '');
            if (value) obtained.add(value); // a deletion's empty value is no secret
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers).end(body);
        });
      });
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxied = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    await app.stop();
  });

  async function withEnv(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Outputs> {
    const dir = reportDir();
    const run = await cli([...args, '--report-dir', dir], env);
    const files = Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
    return { run, files };
  }

  function assertNone(outputs: Outputs, secrets: readonly string[]): void {
    for (const [name, text] of Object.entries({ stdout: outputs.run.stdout, stderr: outputs.run.stderr, ...outputs.files })) {
      for (const secret of secrets) assert.equal(text.includes(secret), false, `${name} holds ${secret}`);
    }
  }

  it('the audit signed in from the environment (the password flow, then the token): no password, token or cookie in any output; every report parses', async () => {
    const feature = path.join(reportDir(), 'written.feature');
    const login = await withEnv(['audit', '--target', proxied, '--origin', 'https://notes.example', '--no-browser', '--format', 'json', '--login', 'POST /api/session', '--login-body', JSON.stringify({ username: 'alice', password: LOGIN_PASSWORD }), '--write-feature', feature], {
      RESPONSE_CONFORMANCE_LOGIN_USER: 'alice',
      RESPONSE_CONFORMANCE_LOGIN_PASSWORD: LOGIN_PASSWORD,
    });
    assert.notEqual(login.run.code, 2, login.run.stderr);
    assert.ok(obtained.size >= 2, `the sign-in obtained an access token and a session cookie: ${obtained.size}`);
    assert.deepEqual(await assertEveryReportParses(login.files), ['.html', '.json', '.xml']);
    assertNone({ ...login, files: { ...login.files, 'written.feature': readFileSync(feature, 'utf8') } }, [LOGIN_PASSWORD, ...obtained]);
    JSON.parse(login.run.stdout);

    const token = await withEnv(['audit', '--target', proxied, '--origin', 'https://notes.example', '--no-browser', '--format', 'text'], { RESPONSE_CONFORMANCE_TOKEN: DEMO_TOKEN });
    assert.notEqual(token.run.code, 2, token.run.stderr);
    await assertEveryReportParses(token.files);
    assertNone(token, [DEMO_TOKEN, LOGIN_PASSWORD, ...obtained]);
  });

  it('the suite, signed in by a feature whose password comes from the environment: no password, token or cookie in any output; every report parses', async () => {
    const before = obtained.size;
    const run = await withEnv(['--target', proxied, '--origin', 'https://notes.example', '--features', 'examples/signed-in/features/notes.feature', '--no-browser'], { RESPONSE_CONFORMANCE_LOGIN_PASSWORD: LOGIN_PASSWORD });
    assert.equal(run.run.code, 0, run.run.stdout + run.run.stderr);
    assert.ok(obtained.size > before, 'the feature signed in');
    assert.deepEqual(await assertEveryReportParses(run.files), ['.html', '.json', '.md', '.ndjson', '.xml']);
    assertNone(run, [LOGIN_PASSWORD, ...obtained]);
  });
});
