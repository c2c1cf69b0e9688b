/**
 * The observe proxy's forwarding core (http/observe-proxy.ts, issue 28
 * sections 1 and 4): it forwards requests and answers unchanged and
 * streaming, answers nothing itself, is never an open proxy, turns the
 * target's failures into a gateway's answers without crashing, passes
 * WebSockets and Server-Sent Events through, and hands each exchange to
 * onExchange once, off the forwarding path. Every server listens on port 0;
 * no test waits on a timer to prove an order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { startObserveProxy, type ObserveProxy, type ObserveProxyOptions } from '../../http/observe-proxy';
import type { ObservedExchange } from '../../http/observed';
import { selfSignedFront } from '../support/hostile-servers';

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);
const withoutHopByHop = (raw: readonly string[]): string[] => {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (!HOP.has(raw[i].toLowerCase())) out.push(raw[i], raw[i + 1]);
  return out;
};

interface Target {
  readonly url: string;
  readonly port: number;
  readonly server: http.Server;
  close(): Promise<void>;
}

async function listen(server: http.Server | net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function httpTarget(handler: http.RequestListener): Promise<Target> {
  const server = http.createServer(handler);
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A proxy whose exchanges are collected; `next()` resolves with the next one handed over. */
async function observe(target: string, extra: Partial<ObserveProxyOptions> = {}): Promise<{ proxy: ObserveProxy; exchanges: ObservedExchange[]; next: () => Promise<ObservedExchange> }> {
  const exchanges: ObservedExchange[] = [];
  const waiting: ((e: ObservedExchange) => void)[] = [];
  let handed = 0;
  const proxy = await startObserveProxy({
    target,
    onExchange: (exchange) => {
      exchanges.push(exchange);
      waiting.shift()?.(exchange);
    },
    ...extra,
  });
  const next = (): Promise<ObservedExchange> => {
    const index = handed++;
    if (index < exchanges.length) return Promise.resolve(exchanges[index]);
    return new Promise((resolve) => waiting.push(resolve));
  };
  return { proxy, exchanges, next };
}

interface Answer {
  readonly status: number;
  readonly statusMessage: string;
  readonly rawHeaders: string[];
  readonly body: Buffer;
}

function request(url: string, init: { method?: string; path?: string; headers?: string[] | http.OutgoingHttpHeaders; body?: Buffer | string; agent?: http.Agent | false } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const base = new URL(url);
    const req = http.request(
      { host: base.hostname, port: base.port, method: init.method ?? 'GET', path: init.path ?? '/', headers: init.headers as http.OutgoingHttpHeaders, agent: init.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Sends raw bytes and reads until the server closes the connection. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
  });
}

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

test('forwards the method, the path and query, the request fields as sent and the body, adding none', async () => {
  let seen: { method?: string; url?: string; rawHeaders: string[]; body: Buffer } = { rawHeaders: [], body: Buffer.alloc(0) };
  const target = await httpTarget((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen = { method: req.method, url: req.url, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) };
      res.end();
    });
  });
  const { proxy, next } = await observe(target.url);
  const port = new URL(proxy.url).port;
  try {
    await request(proxy.url, {
      method: 'PATCH',
      path: '/api/a%2Fb/c?x=1&y=%20&x=2',
      headers: [
        'Host', `127.0.0.1:${port}`,
        'X-Mixed-CASE', 'one',
        'Accept', 'text/plain',
        'Accept', 'application/json',
        'Content-Type', 'text/plain',
        'Content-Length', '5',
        'Connection', 'keep-alive, X-Only-This-Hop',
        'X-Only-This-Hop', 'secret',
        'Keep-Alive', 'timeout=5',
      ],
      body: 'hello',
    });
    assert.equal(seen.method, 'PATCH');
    assert.equal(seen.url, '/api/a%2Fb/c?x=1&y=%20&x=2');
    assert.equal(seen.body.toString(), 'hello');
    assert.deepEqual(withoutHopByHop(seen.rawHeaders), [
      'Host', `127.0.0.1:${port}`,
      'X-Mixed-CASE', 'one',
      'Accept', 'text/plain',
      'Accept', 'application/json',
      'Content-Type', 'text/plain',
      'Content-Length', '5',
    ]);
    const exchange = await next();
    assert.equal(exchange.seq, 1);
    assert.equal(exchange.request.method, 'PATCH');
    assert.equal(exchange.request.target, '/api/a%2Fb/c?x=1&y=%20&x=2');
    assert.deepEqual(exchange.request.headers.slice(0, 2), [['Host', `127.0.0.1:${port}`], ['X-Mixed-CASE', 'one']]);
    assert.equal(exchange.request.body.prefix.toString(), 'hello');
    assert.equal(exchange.request.body.size, 5);
    assert.equal(exchange.request.body.truncated, false);
  } finally {
    await proxy.close();
    await target.close();
  }
});

test('forwards the answer as sent: status, reason, fields in their case and order, repeated fields apart, the body', async () => {
  const target = await httpTarget((_req, res) => {
    res.sendDate = false;
    res.writeHead(201, 'Made Here', [
      'X-B', '1',
      'set-cookie', 'a=1',
      'X-B-Other', 'z',
      'Set-Cookie', 'b=2',
      'Content-Length', '2',
      'Connection', 'keep-alive, X-Hop',
      'X-Hop', 'h',
    ]);
    res.end('ok');
  });
  const { proxy, next } = await observe(target.url);
  try {
    const answer = await request(proxy.url);
    assert.equal(answer.status, 201);
    assert.equal(answer.statusMessage, 'Made Here');
    assert.equal(answer.body.toString(), 'ok');
    assert.deepEqual(withoutHopByHop(answer.rawHeaders), ['X-B', '1', 'set-cookie', 'a=1', 'X-B-Other', 'z', 'Set-Cookie', 'b=2', 'Content-Length', '2']);
    const exchange = await next();
    assert.equal(exchange.response?.status, 201);
    assert.equal(exchange.response?.statusText, 'Made Here');
    assert.deepEqual(exchange.response?.headers.filter(([n]) => /cookie/i.test(n)), [['set-cookie', 'a=1'], ['Set-Cookie', 'b=2']]);
    assert.equal(exchange.response?.body.prefix.toString(), 'ok');
    assert.equal(exchange.failure, undefined);
  } finally {
    await proxy.close();
    await target.close();
  }
});

test("a chunked answer's first chunk reaches the client before the target ends it", { timeout: 20_000 }, async () => {
  let clientGotFirst!: () => void;
  const firstArrived = new Promise<void>((resolve) => (clientGotFirst = resolve));
  const target = await httpTarget((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('first;');
    // The target ends only once the client has the first chunk.
    void firstArrived.then(() => res.end('last'));
  });
  const { proxy, next } = await observe(target.url);
  try {
    const body = await new Promise<string>((resolve, reject) => {
      http.get(`${proxy.url}/stream`, { agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
          clientGotFirst();
        });
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    assert.equal(body, 'first;last');
    const exchange = await next();
    assert.equal(exchange.response?.body.prefix.toString(), 'first;last');
    assert.equal(exchange.passThrough, undefined);
  } finally {
    await proxy.close();
    await target.close();
  }
});

test('Server-Sent Events stream through and are recorded as passThrough event-stream', { timeout: 20_000 }, async () => {
  let clientGotFirst!: () => void;
  const firstArrived = new Promise<void>((resolve) => (clientGotFirst = resolve));
  const target = await httpTarget((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.write('data: one\n\n');
    void firstArrived.then(() => res.end('data: two\n\n'));
  });
  const { proxy, next } = await observe(target.url);
  try {
    const body = await new Promise<string>((resolve, reject) => {
      http.get(`${proxy.url}/events`, { agent: false, headers: { Accept: 'text/event-stream' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
          if (text.includes('data: one')) clientGotFirst();
        });
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    assert.equal(body, 'data: one\n\ndata: two\n\n');
    const exchange = await next();
    assert.equal(exchange.passThrough, 'event-stream');
  } finally {
    await proxy.close();
    await target.close();
  }
});

test('a 10 MiB request body and a 10 MiB answer pass through whole; the record keeps maxBodyBytes of each', { timeout: 60_000 }, async () => {
  const size = 10 * 1024 * 1024;
  const upload = randomBytes(size);
  const download = randomBytes(size);
  let receivedHash = '';
  const target = await httpTarget((req, res) => {
    const hash = createHash('sha256');
    req.on('data', (c: Buffer) => hash.update(c));
    req.on('end', () => {
      receivedHash = hash.digest('hex');
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      // Written in pieces, without Content-Length: chunked.
      for (let at = 0; at < size; at += 1024 * 1024) res.write(download.subarray(at, at + 1024 * 1024));
      res.end();
    });
  });
  const { proxy, next } = await observe(target.url, { maxBodyBytes: 64 * 1024 });
  try {
    const answer = await request(proxy.url, { method: 'PUT', path: '/blob', headers: { 'Content-Type': 'application/octet-stream' }, body: upload });
    assert.equal(receivedHash, sha(upload));
    assert.equal(sha(answer.body), sha(download));
    const exchange = await next();
    assert.equal(exchange.request.body.prefix.length, 64 * 1024);
    assert.ok(exchange.request.body.prefix.equals(upload.subarray(0, 64 * 1024)));
    assert.equal(exchange.request.body.size, size);
    assert.equal(exchange.request.body.truncated, true);
    assert.equal(exchange.response?.body.prefix.length, 64 * 1024);
    assert.ok(exchange.response?.body.prefix.equals(download.subarray(0, 64 * 1024)));
    assert.equal(exchange.response?.body.size, size);
    assert.equal(exchange.response?.body.truncated, true);
  } finally {
    await proxy.close();
    await target.close();
  }
});

test("a CORS preflight is forwarded and the target's answer returned as it is", async () => {
  let preflights = 0;
  let seenRaw: string[] = [];
  const target = await httpTarget((req, res) => {
    preflights += req.method === 'OPTIONS' ? 1 : 0;
    seenRaw = req.rawHeaders;
    res.sendDate = false;
    res.writeHead(403, 'Forbidden', ['Vary', 'Origin', 'Content-Length', '0']);
    res.end();
  });
  const { proxy, next } = await observe(target.url);
  try {
    const answer = await request(proxy.url, {
      method: 'OPTIONS',
      path: '/api/items',
      headers: ['Host', new URL(proxy.url).host, 'Origin', 'https://app.example', 'Access-Control-Request-Method', 'PUT', 'Access-Control-Request-Headers', 'x-token'],
    });
    assert.equal(preflights, 1);
    assert.equal(answer.status, 403);
    assert.deepEqual(withoutHopByHop(answer.rawHeaders), ['Vary', 'Origin', 'Content-Length', '0']);
    // Nothing added on the way: not even the Content-Length: 0 http-proxy-3 adds to a body-less OPTIONS.
    assert.deepEqual(
      withoutHopByHop(seenRaw).filter((_, i, all) => i % 2 === 0 && all[i] !== 'Host'),
      ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers'],
    );
    const exchange = await next();
    assert.equal(exchange.request.method, 'OPTIONS');
    assert.equal(exchange.response?.status, 403);
  } finally {
    await proxy.close();
    await target.close();
  }
});

test('an absolute-form request is refused with 400 and one line of text, and nothing reaches the target', async () => {
  let reached = 0;
  const target = await httpTarget((_req, res) => {
    reached += 1;
    res.end('ok');
  });
  const { proxy, next } = await observe(target.url);
  try {
    const port = Number(new URL(proxy.url).port);
    const text = await rawExchange(port, 'GET http://other.example/secret HTTP/1.1\r\nHost: other.example\r\nConnection: close\r\n\r\n');
    const [head, body] = text.split('\r\n\r\n');
    assert.match(head, /^HTTP\/1\.1 400 /);
    assert.match(head, /\r\nContent-Type: text\/plain/i);
    assert.match(body, /^observe forwards only to its target: the request target "http:\/\/other\.example\/secret" is not a path[^\n]*\n$/);
    assert.equal(reached, 0);
    const exchange = await next();
    assert.equal(exchange.failure?.kind, 'not-forwarded');
    assert.equal(exchange.failure?.answeredWith, 400);
    assert.equal(exchange.response, undefined);
  } finally {
    await proxy.close();
    await target.close();
  }
});

test("a Host naming another site is refused with 400; the proxy's own and the target's are forwarded", async () => {
  let reached = 0;
  const target = await httpTarget((_req, res) => {
    reached += 1;
    res.end('ok');
  });
  const { proxy, next } = await observe(target.url);
  const port = new URL(proxy.url).port;
  try {
    const refused = await request(proxy.url, { headers: { Host: 'other.example' } });
    assert.equal(refused.status, 400);
    assert.match(refused.body.toString(), /^observe forwards only to its target: the Host "other\.example" names neither this proxy nor the target\n$/);
    assert.equal(reached, 0);
    assert.equal((await next()).failure?.kind, 'not-forwarded');
    const otherPort = await request(proxy.url, { headers: { Host: `127.0.0.1:1` } });
    assert.equal(otherPort.status, 400);
    assert.equal((await next()).failure?.answeredWith, 400);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, new URL(target.url).host]) {
      const answer = await request(proxy.url, { headers: { Host: host } });
      assert.equal(answer.status, 200, host);
      assert.equal((await next()).failure, undefined);
    }
    assert.equal(reached, 3);
  } finally {
    await proxy.close();
    await target.close();
  }
});

test('a target that refuses the connection gives 502; once it listens the next request is forwarded', async () => {
  const probe = http.createServer();
  const port = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const { proxy, next } = await observe(`http://127.0.0.1:${port}`);
  const revived = http.createServer((_req, res) => res.end('back'));
  try {
    const answer = await request(proxy.url);
    assert.equal(answer.status, 502);
    assert.match(answer.body.toString(), /refused the connection\n$/);
    const exchange = await next();
    assert.equal(exchange.failure?.kind, 'target-refused');
    assert.equal(exchange.failure?.answeredWith, 502);
    await new Promise<void>((resolve) => revived.listen(port, '127.0.0.1', resolve));
    const after = await request(proxy.url);
    assert.equal(after.status, 200);
    assert.equal(after.body.toString(), 'back');
  } finally {
    await proxy.close();
    revived.closeAllConnections();
    await new Promise<void>((resolve) => (revived.listening ? revived.close(() => resolve()) : resolve()));
  }
});

/** A raw target: /reset-before destroys the connection unanswered, /reset-after after a partial answer, /hang never answers, else 200 "fine". */
async function misbehavingTarget(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const path = buffered.split(' ')[1];
      buffered = buffered.slice(end + 4);
      if (path === '/reset-before') socket.resetAndDestroy();
      else if (path === '/reset-after') {
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\npartial', () => socket.resetAndDestroy());
      } else if (path === '/hang') {
        // never answers
      } else socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nfine');
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

test('a target that resets before its head gives 502 target-reset; the next request is forwarded', { timeout: 20_000 }, async () => {
  const target = await misbehavingTarget();
  const { proxy, next } = await observe(target.url);
  try {
    const answer = await request(proxy.url, { path: '/reset-before' });
    assert.equal(answer.status, 502);
    const exchange = await next();
    assert.equal(exchange.failure?.kind, 'target-reset');
    assert.equal(exchange.failure?.answeredWith, 502);
    const after = await request(proxy.url, { path: '/ok' });
    assert.equal(after.body.toString(), 'fine');
  } finally {
    await proxy.close();
    await target.close();
  }
});

test("a target that resets mid-answer closes the client's connection; the next request is forwarded", { timeout: 20_000 }, async () => {
  const target = await misbehavingTarget();
  const { proxy, next } = await observe(target.url);
  try {
    const outcome = await new Promise<string>((resolve) => {
      http.get(`${proxy.url}/reset-after`, { agent: false }, (res) => {
        assert.equal(res.statusCode, 200);
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.complete ? 'complete' : 'incomplete'));
        res.on('error', () => resolve('incomplete'));
        res.on('close', () => resolve(res.complete ? 'complete' : 'incomplete'));
      }).on('error', () => resolve('incomplete'));
    });
    assert.equal(outcome, 'incomplete');
    const exchange = await next();
    assert.equal(exchange.failure?.kind, 'target-reset');
    assert.equal(exchange.failure?.answeredWith, undefined);
    assert.equal(exchange.response?.status, 200);
    assert.equal(exchange.response?.body.truncated, true);
    const after = await request(proxy.url, { path: '/ok' });
    assert.equal(after.body.toString(), 'fine');
  } finally {
    await proxy.close();
    await target.close();
  }
});

test('a target that does not answer gives 504 after timeoutMs; the next request is forwarded', { timeout: 20_000 }, async () => {
  const target = await misbehavingTarget();
  const { proxy, next } = await observe(target.url, { timeoutMs: 100 });
  try {
    const answer = await request(proxy.url, { path: '/hang' });
    assert.equal(answer.status, 504);
    assert.equal(answer.body.toString(), 'the target did not answer within 100 ms\n');
    const exchange = await next();
    assert.equal(exchange.failure?.kind, 'target-timed-out');
    assert.equal(exchange.failure?.answeredWith, 504);
    const after = await request(proxy.url, { path: '/ok' });
    assert.equal(after.body.toString(), 'fine');
  } finally {
    await proxy.close();
    await target.close();
  }
});

test('a WebSocket upgrade passes through: a raw echo over the upgraded socket works end to end', { timeout: 20_000 }, async () => {
  const target = await httpTarget((_req, res) => res.end());
  target.server.on('upgrade', (_req: http.IncomingMessage, socket: net.Socket) => {
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    socket.pipe(socket);
  });
  const { proxy, next } = await observe(target.url);
  try {
    const echoed = await new Promise<string>((resolve, reject) => {
      const req = http.request(`${proxy.url}/ws`, { agent: false, headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
      req.on('upgrade', (res, socket) => {
        assert.equal(res.statusCode, 101);
        let text = '';
        socket.on('data', (c: Buffer) => {
          text += c.toString();
          if (text === 'ping') {
            socket.end();
            resolve(text);
          }
        });
        socket.write('ping');
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(echoed, 'ping');
    const exchange = await next();
    assert.equal(exchange.passThrough, 'websocket');
    assert.equal(exchange.request.target, '/ws');
    assert.equal(exchange.response?.status, 101);
    assert.deepEqual(exchange.response?.headers, [['Upgrade', 'websocket'], ['Connection', 'Upgrade']]);
  } finally {
    await proxy.close();
    await target.close();
  }
});

test('onExchange is called once per exchange, after the answer ended; what it throws is counted and never reaches the forwarding', async () => {
  const target = await httpTarget((_req, res) => res.end('ok'));
  const calls: number[] = [];
  let clientEnded = 0;
  const endedBeforeCall: boolean[] = [];
  const proxy = await startObserveProxy({
    target: target.url,
    onExchange: (exchange) => {
      calls.push(exchange.seq);
      endedBeforeCall.push(exchange.response?.body.size === 2);
      throw new Error('a judge that fails');
    },
  });
  try {
    for (let i = 0; i < 3; i++) {
      const answer = await request(proxy.url);
      assert.equal(answer.body.toString(), 'ok');
      clientEnded += 1;
    }
    // Let the setImmediate of the last exchange run.
    while (calls.length < 3) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(calls, [1, 2, 3]);
    assert.deepEqual(endedBeforeCall, [true, true, true]);
    assert.equal(proxy.listenerErrors, 3);
    assert.equal(clientEnded, 3);
  } finally {
    await proxy.close();
    await target.close();
  }
});

test('close() ends listening and closes open sockets, kept-alive and upgraded ones alike', { timeout: 20_000 }, async () => {
  const target = await httpTarget((_req, res) => res.end('ok'));
  target.server.on('upgrade', (_req: http.IncomingMessage, socket: net.Socket) => {
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    socket.pipe(socket);
  });
  const { proxy } = await observe(target.url);
  const agent = new http.Agent({ keepAlive: true });
  try {
    await request(proxy.url, { agent });
    const upgraded = await new Promise<net.Socket>((resolve, reject) => {
      const req = http.request(`${proxy.url}/ws`, { agent: false, headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
      req.on('upgrade', (_res, socket) => resolve(socket));
      req.on('error', reject);
      req.end();
    });
    const upgradedClosed = new Promise<void>((resolve) => upgraded.on('close', () => resolve()));
    upgraded.on('error', () => undefined);
    await proxy.close();
    await upgradedClosed;
    await assert.rejects(request(proxy.url), /ECONNREFUSED/);
  } finally {
    agent.destroy();
    await target.close();
  }
});

test('a request with two Host fields, or an upgrade to anything but WebSocket, is refused with 400 and not forwarded', async () => {
  let reached = 0;
  const target = await httpTarget((_req, res) => {
    reached += 1;
    res.end('ok');
  });
  target.server.on('upgrade', (_req: http.IncomingMessage, socket: net.Socket) => {
    reached += 1;
    socket.destroy();
  });
  const { proxy, next } = await observe(target.url);
  const host = new URL(proxy.url).host;
  try {
    const port = Number(new URL(proxy.url).port);
    const twoHosts = await rawExchange(port, `GET / HTTP/1.1\r\nHost: ${host}\r\nHost: other.example\r\nConnection: close\r\n\r\n`);
    assert.match(twoHosts, /^HTTP\/1\.1 400 [^]*\r\n\r\nobserve forwards only to its target: the request has 2 Host fields\n$/);
    assert.equal((await next()).failure?.kind, 'not-forwarded');
    const h2c = await rawExchange(port, `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n`);
    assert.match(h2c, /^HTTP\/1\.1 400 [^]*observe passes through WebSocket upgrades only, not GET with Upgrade: "h2c"\n$/);
    const exchange = await next();
    assert.equal(exchange.failure?.kind, 'not-forwarded');
    assert.equal(exchange.failure?.answeredWith, 400);
    assert.equal(reached, 0);
  } finally {
    await proxy.close();
    await target.close();
  }
});

test("an https target with a self-signed certificate is forwarded to only when insecure; otherwise 502", { timeout: 30_000 }, async () => {
  const target = await httpTarget((_req, res) => res.end('over tls'));
  const front = await selfSignedFront(target.url);
  const strict = await observe(front.url);
  const insecure = await observe(front.url, { insecure: true });
  try {
    const refused = await request(strict.proxy.url);
    assert.equal(refused.status, 502);
    const failure = (await strict.next()).failure;
    assert.equal(failure?.kind, 'target-refused');
    assert.match(failure?.message ?? '', /certificate was not accepted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
    const answer = await request(insecure.proxy.url);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.toString(), 'over tls');
  } finally {
    await strict.proxy.close();
    await insecure.proxy.close();
    await front.close();
    await target.close();
  }
});

test('a client that goes away mid-answer ends the request to the target; the exchange is handed over once and the next request is forwarded', { timeout: 20_000 }, async () => {
  let targetSawClose!: () => void;
  const closed = new Promise<void>((resolve) => (targetSawClose = resolve));
  const target = await httpTarget((req, res) => {
    if (req.url === '/ok') {
      res.end('fine');
      return;
    }
    res.on('close', () => targetSawClose());
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('first');
  });
  const { proxy, exchanges, next } = await observe(target.url);
  try {
    await new Promise<void>((resolve, reject) => {
      const req = http.get(`${proxy.url}/slow`, { agent: false }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
    });
    await closed;
    const exchange = await next();
    assert.equal(exchange.request.target, '/slow');
    assert.equal(exchange.response?.status, 200);
    assert.equal(exchange.response?.body.size, undefined);
    assert.equal(exchange.response?.body.truncated, true);
    const after = await request(proxy.url, { path: '/ok' });
    assert.equal(after.body.toString(), 'fine');
    await next();
    assert.deepEqual(exchanges.map((e) => e.seq), [1, 2]);
  } finally {
    await proxy.close();
    await target.close();
  }
});

/**
 * A target that closes a kept-alive connection without saying so (uvicorn
 * after an unhandled 500): it answers the first request on a connection with
 * keep-alive, then resets the connection when a second request arrives on
 * it, unanswered. `sendsAgain` counts the requests that reached it whole.
 */
async function closesKeptConnections(): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let answered = false;
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) return;
      const head = buffered.slice(0, end);
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      const body = buffered.slice(end + 4, end + 4 + length);
      buffered = '';
      if (answered) {
        socket.resetAndDestroy();
        return;
      }
      answered = true;
      requests.push(`${head.split(' ').slice(0, 2).join(' ')} ${body}`);
      socket.write(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok`);
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

test('a kept connection the target closed unannounced: the request is sent again once, on a new connection, body and all; never a false 502', { timeout: 20_000 }, async () => {
  const target = await closesKeptConnections();
  const { proxy, next } = await observe(target.url);
  try {
    const first = await request(proxy.url, { method: 'POST', path: '/api/login', headers: { 'content-type': 'application/json' }, body: '{"n":1}' });
    assert.equal(first.status, 200);
    await next();
    // The proxy's kept connection is reused for this one, and reset: it must reach the target on a new one.
    const second = await request(proxy.url, { method: 'POST', path: '/api/login', headers: { 'content-type': 'application/json' }, body: '{"n":2}' });
    assert.equal(second.status, 200, second.body.toString());
    const recorded = await next();
    assert.equal(recorded.failure, undefined);
    assert.equal(recorded.response?.status, 200);
    assert.deepEqual(target.requests, ['POST /api/login {"n":1}', 'POST /api/login {"n":2}']);
  } finally {
    await proxy.close();
    await target.close();
  }
});

test("an answer's head reaches the client before its body when the target sends the body only later (a long poll)", { timeout: 20_000 }, async () => {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const target = await httpTarget((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.flushHeaders();
    // The body only once the client has the head: without the head forwarded at once, this never ends.
    void released.then(() => res.end('late'));
  });
  const { proxy } = await observe(target.url);
  try {
    const body = await new Promise<string>((resolve, reject) => {
      const base = new URL(proxy.url);
      const req = http.request({ host: base.hostname, port: base.port, path: '/poll', agent: false }, (res) => {
        release();
        let text = '';
        res.on('data', (c: Buffer) => (text += c));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(body, 'late');
  } finally {
    await proxy.close();
    await target.close();
  }
});
