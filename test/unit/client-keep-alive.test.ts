/**
 * The client's kept connections (ClientOptions.keepAlive, the audit's):
 * safe requests share a connection, an unsafe one has its own, and a kept
 * connection the server closed under a safe request is replaced once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { TargetClient } from '../../http/client';

const ANSWER = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok';

/**
 * A raw HTTP/1.1 server that answers `perConnection` requests on each
 * connection, then closes the connection when the next request arrives,
 * without a word (what a server whose idle timeout just ran out does).
 * Counts the connections and the requests it read.
 */
async function server(perConnection: number): Promise<{ url: string; connections: () => number; requests: string[]; close: () => Promise<void> }> {
  let connections = 0;
  const requests: string[] = [];
  const tcp: Server = createServer((socket) => {
    connections += 1;
    let answered = 0;
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n\r\n')) >= 0) {
        const head = buffered.slice(0, end);
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        buffered = buffered.slice(end + 4 + length);
        if (answered >= perConnection) {
          socket.destroy();
          return;
        }
        requests.push(head.split('\r\n')[0]);
        answered += 1;
        socket.write(ANSWER);
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(tcp.address() as AddressInfo).port}`,
    connections: () => connections,
    requests,
    close: () => new Promise((resolve) => tcp.close(() => resolve())),
  };
}

test('with keepAlive, safe requests share one connection', async () => {
  const api = await server(100);
  try {
    const client = new TargetClient({ target: api.url, timeoutMs: 5000, extraHeaders: [], keepAlive: true });
    for (let i = 0; i < 5; i++) assert.equal((await client.send({ method: i % 2 === 0 ? 'GET' : 'OPTIONS', path: `/r${i}` })).status, 200);
    client.close();
    assert.equal(api.connections(), 1);
  } finally {
    await api.close();
  }
});

test('without keepAlive, each request opens its own connection, as a suite run does', async () => {
  const api = await server(100);
  try {
    const client = new TargetClient({ target: api.url, timeoutMs: 5000, extraHeaders: [] });
    for (let i = 0; i < 3; i++) await client.send({ method: 'GET', path: `/r${i}` });
    assert.equal(api.connections(), 3);
  } finally {
    await api.close();
  }
});

test('with keepAlive, an unsafe request never goes on a kept connection', async () => {
  const api = await server(100);
  try {
    const client = new TargetClient({ target: api.url, timeoutMs: 5000, extraHeaders: [], keepAlive: true });
    await client.send({ method: 'GET', path: '/a' });
    await client.send({ method: 'POST', path: '/b', body: { name: 'tea' } });
    await client.send({ method: 'GET', path: '/c' });
    client.close();
    assert.equal(api.connections(), 2);
    assert.deepEqual(api.requests, ['GET /a HTTP/1.1', 'POST /b HTTP/1.1', 'GET /c HTTP/1.1']);
  } finally {
    await api.close();
  }
});

test('a kept connection the server closes under a GET is replaced once: the GET is answered, sent once to the server', async () => {
  const api = await server(1);
  try {
    const client = new TargetClient({ target: api.url, timeoutMs: 5000, extraHeaders: [], keepAlive: true });
    assert.equal((await client.send({ method: 'GET', path: '/first' })).status, 200);
    assert.equal((await client.send({ method: 'GET', path: '/second' })).status, 200);
    client.close();
    assert.deepEqual(api.requests, ['GET /first HTTP/1.1', 'GET /second HTTP/1.1']);
    assert.equal(api.connections(), 2);
  } finally {
    await api.close();
  }
});
