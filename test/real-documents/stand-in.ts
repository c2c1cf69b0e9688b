/**
 * A stand-in for the documents Prism cannot mock (no operations it can
 * serve, or a build that does not end in time): a server that answers every
 * request `200 {}` as JSON, behind the same correct CORS as the mock's front
 * (the allowed origin echoed with credentials, its preflight answered, any
 * other origin's refused). It conforms to no document, so its findings say
 * nothing about the document; what it shows is that the audit of each
 * document ends, with exit 0 or 1 and reports that parse.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerPreflight, grantOf, type Mock } from './mock';

export async function startStandIn(_document: string | object, origin: string): Promise<Mock> {
  const server = http.createServer((req, res) => {
    if (answerPreflight(req, res, origin)) return;
    req.resume();
    req.on('end', () => res.writeHead(200, { ...grantOf(origin, req.headers.origin === origin), Vary: 'Origin', 'Content-Type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    prismErrors: () => new Map(),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
