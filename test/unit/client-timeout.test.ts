/**
 * The client's timeout (patientTimeout): a target that never answers is
 * timed out; an answer that arrived while this process was busy (a schema
 * compile blocking Node's event loop past the timeout) is read, never
 * called a timeout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { TargetClient, TargetTimedOut } from '../../http/client';
import { patientTimeout } from '../../http/patient-timeout';

const ANSWER = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok';

/** Holds this process's event loop for `ms`, as a long synchronous compile does. */
function block(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

/** A raw server: on each request, `answer` decides what to do with the socket. */
async function server(answer: (socket: import('node:net').Socket) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const tcp = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => answer(socket));
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(tcp.address() as AddressInfo).port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => tcp.close(() => resolve()));
    },
  };
}

test('a target that never answers is timed out', async () => {
  const api = await server(() => undefined);
  try {
    const client = new TargetClient({ target: api.url, timeoutMs: 200, extraHeaders: [] });
    await assert.rejects(client.send({ method: 'GET', path: '/hangs' }), (error: unknown) => {
      assert.ok(error instanceof TargetTimedOut, String(error));
      assert.match((error as Error).message, /^timed out after 200 ms waiting for GET http:\/\/127\.0\.0\.1:\d+\/hangs$/);
      return true;
    });
  } finally {
    await api.close();
  }
});

test('an answer that arrived while the event loop was blocked past the timeout is read, not timed out', async () => {
  // The server answers at once, then holds the (shared) event loop for three times the client's timeout:
  // the answer waits on the client's socket while the client's timer is overdue.
  const api = await server((socket) => {
    socket.end(ANSWER);
    block(600);
  });
  try {
    const client = new TargetClient({ target: api.url, timeoutMs: 200, extraHeaders: [] });
    const exchange = await client.send({ method: 'GET', path: '/answered' });
    assert.equal(exchange.status, 200);
    assert.equal(exchange.text, 'ok');
  } finally {
    await api.close();
  }
});

test('patientTimeout fires once when nothing holds the loop, and never once stopped', async () => {
  let fired = 0;
  patientTimeout(20, () => (fired += 1));
  const stop = patientTimeout(20, () => (fired += 100));
  stop();
  await new Promise((resolve) => setTimeout(resolve, 120));
  assert.equal(fired, 1);
});

test('patientTimeout waits again after a late firing, then fires', async () => {
  let fired = 0;
  patientTimeout(20, () => (fired += 1));
  block(300); // its first firing is 280 ms late: the loop was busy, so it waits its grace (20 ms here) again
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(fired, 0);
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.equal(fired, 1);
});
