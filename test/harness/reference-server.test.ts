/** The reference server against bad input: 4xx, never 500; no header built from input; a graceful SIGTERM. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { startReferenceServer, type RunningServer } from '../../reference-server/server';
import { ROOT } from '../../scripts/support/processes';
import { WELL_BEFORE_A_HANG_MS } from '../support/bounds';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  raw: string[];
  body: string;
}

function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: res.rawHeaders, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = { 'Content-Type': 'application/json' };
const user = { username: 'johndoe', password: 'hunter2-secret', email: 'john@example.com' };

describe('the reference server', () => {
  let server: RunningServer;
  before(async () => {
    server = await startReferenceServer();
  });
  after(() => server.close());

  const invalid: [string, Record<string, string>, string][] = [
    ['a body that is not JSON', json, '{"username": '],
    ['an empty JSON body', json, ''],
    ['JSON that is not an object', json, '["johndoe"]'],
    ['a number where a string belongs', json, JSON.stringify({ ...user, email: { at: 'example.com' } })],
    ['missing fields', json, JSON.stringify({ password: user.password })],
    ['null for a required field', json, JSON.stringify({ ...user, username: null })],
    ['deeply nested JSON', json, `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ];
  for (const [what, headers, body] of invalid) {
    it(`answers ${what} with 422 and a JSON error that does not echo the password`, async () => {
      const answer = await request(`${server.url}/user/`, { method: 'POST', headers, body });
      assert.equal(answer.status, 422, answer.body);
      assert.match(String(answer.headers['content-type']), /^application\/json/);
      assert.ok(Array.isArray(JSON.parse(answer.body).detail));
      assert.equal(answer.body.includes(user.password), false);
    });
  }

  it('answers a body of another media type with a 4xx, not a 500', async () => {
    const answer = await request(`${server.url}/user/`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'johndoe' });
    assert.ok(answer.status >= 400 && answer.status < 500, String(answer.status));
  });

  it('answers a body over 1 MiB with 413, as JSON', async () => {
    const body = JSON.stringify({ ...user, full_name: 'x'.repeat(1024 * 1024) });
    const answer = await request(`${server.url}/user/`, { method: 'POST', headers: json, body });
    assert.equal(answer.status, 413);
    assert.match(String(answer.headers['content-type']), /^application\/json/);
  });

  it('answers an unknown route with 404, as JSON', async () => {
    const answer = await request(`${server.url}/no/such/route`, {});
    assert.equal(answer.status, 404);
    assert.equal(typeof JSON.parse(answer.body), 'object');
  });

  it('answers an unknown item with 404, as JSON', async () => {
    const answer = await request(`${server.url}/items/nope`, {});
    assert.equal(answer.status, 404);
    assert.equal(JSON.parse(answer.body).detail, 'Item not found');
  });

  it('builds no header from the request: CR LF in a task id or query injects nothing', async () => {
    const answer = await request(`${server.url}/get-or-create-task/a%0D%0AX-Injected:%20yes%0D%0A%0D%0Abody?x=%0D%0ASet-Cookie:%20evil=1`, { method: 'PUT' });
    assert.ok(answer.status === 200 || answer.status === 201, String(answer.status));
    assert.equal(answer.headers['x-injected'], undefined);
    assert.equal(answer.headers['set-cookie'], undefined);
    assert.ok(answer.raw.every((field) => !/[\r\n]/.test(field)));
  });

  it('reflects no Origin but the allowed one, however odd the Origin header', async () => {
    for (const origin of ['https://frontend.example.evil.test', 'null', 'https://FRONTEND.example', 'https://frontend.example/']) {
      const answer = await request(`${server.url}/headers/`, { headers: { Origin: origin } });
      assert.equal(answer.headers['access-control-allow-origin'], undefined, origin);
    }
  });
});

it('closing does not wait out a connection that never carried a request (as browsers keep spare ones)', async () => {
  const server = await startReferenceServer();
  const { port } = new URL(server.url);
  const spare = net.connect(Number(port), '127.0.0.1');
  await new Promise((resolve) => spare.once('connect', resolve));
  const started = Date.now();
  await server.close();
  // Left alone, Node would wait out its 60 s headers timeout; a slow machine still closes far sooner.
  assert.ok(Date.now() - started < WELL_BEFORE_A_HANG_MS, `close took ${Date.now() - started} ms`);
  spare.destroy();
});

it('SIGTERM finishes the request in flight, then exits 0', async () => {
  const child = spawn(process.execPath, ['-r', './scripts/transpile-only.js', 'reference-server/main.ts', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error(out)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Send half a body, stop the server, then send the rest: the request must still be answered.
  const body = JSON.stringify(user);
  const answer = new Promise<Answer>((resolve, reject) => {
    const req = http.request(`${url}/user/`, { method: 'POST', headers: { ...json, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: res.rawHeaders, body: text }));
    });
    req.on('error', reject);
    req.write(body.slice(0, 10));
    setTimeout(() => {
      child.kill('SIGTERM');
      setTimeout(() => req.end(body.slice(10)), 300);
    }, 300);
  });
  assert.equal((await answer).status, 200);
  assert.equal(await exited, 0);
});
