/**
 * Servers that misbehave below HTTP, for the harness's hardening tests. Each
 * listens on a loopback port and answers every connection the same wrong way.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

export interface Hostile {
  readonly url: string;
  /** Settles when the first request's head has arrived: the client is running, whatever the machine's load. */
  readonly firstRequest: Promise<void>;
  close(): Promise<void>;
}

async function listen(server: net.Server, scheme = 'http', firstRequest: Promise<void> = new Promise(() => undefined)): Promise<Hostile> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    firstRequest,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads each request, then answers with `respond`. */
function answering(respond: (socket: net.Socket) => void): Promise<Hostile> {
  let requested = (): void => undefined;
  const firstRequest = new Promise<void>((resolve) => (requested = resolve));
  return listen(
    net.createServer((socket) => {
      socket.on('error', () => undefined);
      let seen = '';
      socket.on('data', (chunk) => {
        seen += chunk.toString('latin1');
        if (seen.includes('\r\n\r\n')) {
          seen = '';
          requested();
          respond(socket);
        }
      });
    }),
    'http',
    firstRequest,
  );
}

/** Accepts connections and never says a word. */
export const hangingServer = () => answering(() => undefined);

/** Sends a valid response one byte a second. */
export const tricklingServer = () =>
  answering((socket) => {
    const bytes = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
    let i = 0;
    const timer = setInterval(() => (socket.destroyed || i >= bytes.length ? clearInterval(timer) : socket.write(bytes.subarray(i, ++i))), 1000);
    socket.on('close', () => clearInterval(timer));
  });

/** Promises 100 bytes of body, sends 10, and resets the connection. */
export const resettingServer = () =>
  answering((socket) => {
    socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"message"');
    setTimeout(() => socket.resetAndDestroy(), 20);
  });

/** Answers with a status line that is not HTTP. */
export const garbageServer = () => answering((socket) => socket.end('SMTP 220 hello there\r\n\r\n'));

/** Answers with a header line that has no colon. */
export const malformedHeaderServer = () => answering((socket) => socket.end('HTTP/1.1 200 OK\r\nThis is not a header\r\nContent-Length: 0\r\n\r\n'));

/** Answers with a 1 MiB header section. */
export const hugeHeaderServer = () =>
  answering((socket) => socket.end(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(1024 * 1024)}\r\nContent-Length: 0\r\n\r\n`));

/** Answers everything with a 200 HTML page: a server that speaks HTTP but not JSON. */
export const htmlServer = () =>
  answering((socket) => {
    const body = `<!doctype html><html><head><title>Welcome to nginx!</title></head><body>${'<p>filler</p>'.repeat(40)}</body></html>`;
    socket.write(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });

/** Redirects every request to /elsewhere/. */
export const redirectingServer = () => answering((socket) => socket.write('HTTP/1.1 301 Moved Permanently\r\nLocation: /elsewhere/\r\nContent-Length: 0\r\n\r\n'));

/** Terminates TLS with a self-signed certificate and passes the bytes on to `upstream` (http://host:port). */
export async function selfSignedFront(upstream: string): Promise<Hostile> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], { keySize: 2048 });
  const { hostname, port } = new URL(upstream);
  const server = tls.createServer({ key: pems.private, cert: pems.cert }, (clear) => {
    const plain = net.connect(Number(port), hostname);
    clear.on('error', () => plain.destroy());
    plain.on('error', () => clear.destroy());
    clear.pipe(plain).pipe(clear);
  });
  return listen(server, 'https');
}
