/**
 * A small server that answers each WPT-derived case as its WPT resource
 * does, and logs what arrives. It speaks HTTP/1.1 on raw sockets, one
 * request per connection, because the cases need what Node's HTTP server
 * will not do: methods such as NEW, chicken and patcH, and header values
 * with bytes such as 0x0B or 0x00 written as they are.
 *
 * The path is /case/<n>?<token>: the n-th case, a fresh token per run so no
 * preflight cache answers for the server.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { HeaderList } from '../../http/header-list';
import type { ArrivingRequest, WptCase } from './case';

export interface LoggedRequest extends ArrivingRequest {
  readonly path: string;
}

export interface WptServer {
  readonly url: string;
  /** What arrived for the n-th case, in order. */
  log(index: number): readonly LoggedRequest[];
  close(): Promise<void>;
}

const HEAD_END = '\r\n\r\n';

export async function startWptServer(cases: readonly WptCase[]): Promise<WptServer> {
  const logs = new Map<number, LoggedRequest[]>();
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('error', () => undefined); // a browser that gave up on the connection
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf(HEAD_END);
      if (end < 0) return;
      const [requestLine, ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
      const headers: HeaderList = lines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon), line.slice(colon + 1).replace(/^[\t ]+|[\t ]+$/g, '')];
      });
      const length = Number(headers.find(([name]) => name.toLowerCase() === 'content-length')?.[1] ?? 0);
      if (buffer.length < end + HEAD_END.length + length) return; // the body is still coming
      socket.removeAllListeners('data');
      const [method, path] = requestLine.split(' ');
      answer(socket, method, path, headers);
    });
  });

  function answer(socket: net.Socket, method: string, path: string, headers: HeaderList): void {
    const match = /^\/case\/(\d+)(\?|$)/.exec(path);
    const wptCase = match === null ? undefined : cases[Number(match[1])];
    if (match === null || wptCase === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const index = Number(match[1]);
    logs.set(index, [...(logs.get(index) ?? []), { method, path, headers }]);
    const response = wptCase.resource({ method, headers });
    const body = method === 'HEAD' ? '' : (response.body ?? '');
    const fields = [...response.headers];
    if (!fields.some(([name]) => name.toLowerCase() === 'content-length')) fields.push(['Content-Length', String(Buffer.byteLength(body, 'latin1'))]);
    fields.push(['Connection', 'close']);
    const head = [`HTTP/1.1 ${response.status} ${response.reason ?? 'WPT'}`, ...fields.map(([name, value]) => `${name}: ${value}`)].join('\r\n');
    socket.end(Buffer.from(`${head}\r\n\r\n${body}`, 'latin1'));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log: (index) => logs.get(index) ?? [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
