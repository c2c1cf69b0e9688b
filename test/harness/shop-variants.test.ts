/**
 * The shop's mistakes for observe (issue 28): examples/own-api/app.py takes
 * --misconfig more than once and the mistakes compose; login-leaks-field
 * answers the login with a field its document does not declare; the broken
 * shops of examples/observe/broken-shops.ts each make their mistake as the
 * cookie model judges it; and the example's frontend test walks the page to
 * the end against each, every step ending as broken-shops.ts says.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PYTHON } from '../../examples/own-api/misconfigured';
import { BROKEN_SHOPS, CORRECT_SHOP, EXAMPLE_SHOP, expectOutcomes, frontendOrigin, shopArgs, type BrokenShop } from '../../examples/observe/broken-shops';
import { frontendTestEnv, playwrightArgs, SERVE_ARGS } from '../../examples/observe/frontend-test';
import { startListening, ROOT, type StartedProcess } from '../../scripts/support/processes';
import { fieldValues, fromRawHeaders, getCombined, type HeaderList } from '../../http/header-list';
import { sameSite } from '../../http/cookie-model';
import { cookieFindings, logoutKeepsCookie } from '../../rules/cookies';
import { chromiumAvailable } from '../../browser/chromium';

const DEV_ORIGIN = 'http://127.0.0.1:5173';
const LOGIN = JSON.stringify({ username: 'alice', password: 'wonderland-7c1f' });

interface Answer {
  readonly url: string;
  readonly method: string;
  readonly status: number;
  readonly headers: HeaderList;
  readonly body: string;
}

/**
 * One request on a connection of its own: uvicorn closes the connection
 * after the 500 of an unhandled exception without saying so (no
 * "Connection: close"), so a kept-alive socket would be reset under the next request.
 */
function call(base: string, method: string, pathAndQuery: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  const url = new URL(pathAndQuery, base).href;
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, method, headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) }) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ url, method, status: res.statusCode ?? 0, headers: fromRawHeaders(res.rawHeaders), body: text }));
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${url}: no answer in 10 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

async function withShop<T>(origin: string, args: readonly string[], body: (url: string) => Promise<T>): Promise<T> {
  const shop = await startListening(PYTHON, shopArgs({ args }, origin));
  try {
    return await body(shop.url);
  } finally {
    await shop.stop();
  }
}

const login = (url: string, origin = DEV_ORIGIN) => call(url, 'POST', '/api/login', { Origin: origin }, LOGIN);
/** A Set-Cookie field without its value: the attributes, which must not change. */
const attributesOf = (field: string) => field.replace(/^session=[^;]*/, 'session=…');

describe('the shop: --misconfig more than once, and login-leaks-field', () => {
  it("login-leaks-field: the login answers is_admin, a field the document's User does not declare, and sets the same session cookie as the shop as it is", async () => {
    const [leaky, plain] = await Promise.all([
      withShop(DEV_ORIGIN, ['--misconfig', 'login-leaks-field'], async (url) => ({ answer: await login(url), document: JSON.parse((await call(url, 'GET', '/openapi.json')).body) })),
      withShop(DEV_ORIGIN, [], async (url) => ({ answer: await login(url), document: JSON.parse((await call(url, 'GET', '/openapi.json')).body) })),
    ]);
    assert.equal(leaky.answer.status, 200);
    assert.deepEqual(JSON.parse(leaky.answer.body), { username: 'alice', full_name: 'Alice Liddell', is_admin: false });
    assert.deepEqual(JSON.parse(plain.answer.body), { username: 'alice', full_name: 'Alice Liddell' });
    // The document still promises User, and User has no is_admin.
    assert.deepEqual(leaky.document, plain.document);
    assert.equal(leaky.document.paths['/api/login'].post.responses['200'].content['application/json'].schema.$ref, '#/components/schemas/User');
    assert.deepEqual(Object.keys(leaky.document.components.schemas.User.properties).sort(), ['full_name', 'username']);
    assert.deepEqual(fieldValues(leaky.answer.headers, 'Set-Cookie').map(attributesOf), fieldValues(plain.answer.headers, 'Set-Cookie').map(attributesOf));
    assert.equal(getCombined(leaky.answer.headers, 'Access-Control-Allow-Origin'), DEV_ORIGIN);
  });

  it('two mistakes at once: GET /api/me answers 500 outside CORS and the login leaks is_admin', () =>
    withShop(DEV_ORIGIN, ['--misconfig', 'error-not-readable', '--misconfig', 'login-leaks-field'], async (url) => {
      const me = await call(url, 'GET', '/api/me', { Origin: DEV_ORIGIN, Authorization: 'Bearer demo-token-3b9d' });
      assert.equal(me.status, 500);
      assert.equal(getCombined(me.headers, 'Access-Control-Allow-Origin'), null);
      const items = await call(url, 'GET', '/api/items', { Origin: DEV_ORIGIN });
      assert.equal(getCombined(items.headers, 'Access-Control-Allow-Origin'), DEV_ORIGIN);
      assert.ok('is_admin' in JSON.parse((await login(url)).body));
    }));

  it('two wrapping layers compose: without Vary, and with a second Access-Control-Allow-Origin', () =>
    withShop(DEV_ORIGIN, ['--misconfig', 'vary-origin-missing', '--misconfig', 'allow-origin-list'], async (url) => {
      const items = await call(url, 'GET', '/api/items', { Origin: DEV_ORIGIN });
      assert.equal(items.status, 200);
      assert.deepEqual(fieldValues(items.headers, 'Vary'), []);
      assert.deepEqual(fieldValues(items.headers, 'Access-Control-Allow-Origin'), [DEV_ORIGIN, 'https://admin.shop.example']);
    }));

  it('one mistake alone still answers as before: vary-origin-missing keeps a single Access-Control-Allow-Origin', () =>
    withShop(DEV_ORIGIN, ['--misconfig', 'vary-origin-missing'], async (url) => {
      const items = await call(url, 'GET', '/api/items', { Origin: DEV_ORIGIN });
      assert.deepEqual(fieldValues(items.headers, 'Vary'), []);
      assert.deepEqual(fieldValues(items.headers, 'Access-Control-Allow-Origin'), [DEV_ORIGIN]);
    }));

  it('an unknown mistake is refused with a usage line and exit 2, never a stack trace', async () => {
    const child = spawn(PYTHON, ['examples/own-api/app.py', '--port', '0', '--misconfig', 'error-not-readable', '--misconfig', 'no-such-mistake'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 2);
    assert.match(stderr, /argument --misconfig: invalid choice: 'no-such-mistake'/);
    assert.doesNotMatch(stderr, /Traceback/);
  });
});

describe('the broken shops (examples/observe/broken-shops.ts)', () => {
  it('one broken shop per kind observe must find, each with its own finding', () => {
    assert.deepEqual(BROKEN_SHOPS.map((s) => s.finding), ['error-not-readable', 'undeclared-field', 'cookie-not-sent-cross-site', 'logout-keeps-cookie']);
    assert.equal(expectOutcomes(BROKEN_SHOPS[0]), 'items=ok,signin=ok,me=error,signout=ok');
  });

  for (const shop of BROKEN_SHOPS) {
    const crossSite = shop.finding === 'cookie-not-sent-cross-site';
    it(`${shop.name}: the frontend is ${crossSite ? 'on another site than' : 'on the same site as'} the API (schemeful site)`, () => {
      assert.equal(sameSite(frontendOrigin(shop, 5173), 'http://127.0.0.1:8000/api/login'), !crossSite);
    });
  }

  /** The login and the logout a script on the shop's frontend origin makes, judged by the cookie rules. */
  async function cookieVerdicts(shop: Pick<BrokenShop, 'args' | 'frontendHost'>): Promise<string[]> {
    const origin = frontendOrigin(shop, 5173);
    return withShop(origin, shop.args, async (url) => {
      const signedIn = await login(url, origin);
      const signedOut = await call(url, 'DELETE', '/api/session', { Origin: origin });
      assert.equal(signedIn.status, 200);
      assert.equal(signedOut.status, 204);
      const found = [...cookieFindings({ request: { url: signedIn.url, method: 'POST' }, headers: signedIn.headers }, origin, origin, []).failures, ...logoutKeepsCookie({ request: { url: signedIn.url }, headers: signedIn.headers }, { request: { url: signedOut.url, method: 'DELETE' }, headers: signedOut.headers }, origin)];
      return found.map((f) => f.rule);
    });
  }

  for (const shop of BROKEN_SHOPS.filter((s) => s.finding === 'cookie-not-sent-cross-site' || s.finding === 'logout-keeps-cookie')) {
    it(`${shop.name}: the sign-in and the sign-out, judged by the cookie rules, give ${shop.finding} and nothing else`, async () => {
      assert.deepEqual(await cookieVerdicts(shop), [shop.finding]);
    });
  }

  it('the shop as it is, its frontend on its own site: the cookie rules find nothing', async () => {
    assert.deepEqual(await cookieVerdicts(CORRECT_SHOP), []);
  });
});

describe("the example's frontend test (Playwright on Debian's Chromium), straight against each shop", { skip: !chromiumAvailable() && 'no Chromium' }, () => {
  let page: StartedProcess;
  let outputs: string;
  before(async () => {
    page = await startListening(process.execPath, SERVE_ARGS);
    outputs = mkdtempSync(path.join(tmpdir(), 'observe-example-'));
  });
  after(async () => {
    await page?.stop();
    if (outputs) rmSync(outputs, { recursive: true, force: true });
  });

  /** Runs the Playwright test against the shop, from the shop's frontend origin; its exit code and output. */
  async function walk(shop: Pick<BrokenShop, 'args' | 'frontendHost' | 'pageShows'>, expect = expectOutcomes(shop)): Promise<{ code: number | null; output: string }> {
    const origin = frontendOrigin(shop, Number(new URL(page.url).port));
    return withShop(origin, shop.args, async (api) => {
      const child = spawn(process.execPath, playwrightArgs(mkdtempSync(path.join(outputs, 'run-'))), {
        cwd: ROOT,
        env: { ...process.env, ...frontendTestEnv(api, origin, shop), EXPECT_OUTCOMES: expect },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      clearTimeout(guard);
      return { code, output };
    });
  }

  for (const shop of [CORRECT_SHOP, ...BROKEN_SHOPS, EXAMPLE_SHOP]) {
    it(`${shop.name}: the page walks to the end, each step as expected (${expectOutcomes(shop)})`, async () => {
      const { code, output } = await walk(shop);
      assert.equal(code, 0, output);
      assert.match(output, /1 passed/);
    });
  }

  it('the test is not vacuous: a step that ends otherwise than expected fails it, naming the step', async () => {
    const { code, output } = await walk(CORRECT_SHOP, 'items=ok,signin=ok,me=error,signout=ok');
    assert.equal(code, 1, output);
    assert.match(output, /EXPECT_OUTCOMES says the me step ends "error"; the page shows: Signed in: Alice Liddell/);
  });
});
