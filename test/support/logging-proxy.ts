/**
 * A logging proxy for the audit's harness tests: every request sent to it
 * is forwarded unchanged to `upstream`, and recorded as "METHOD /path?query"
 * in `seen`, in the order it arrived. A test reads `seen` to prove what the
 * audit sent, and never sent (an unsafe method, a value it should not use).
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoggingProxy {
  readonly url: string;
  /** The requests forwarded so far; a test may empty it (`seen.length = 0`) between runs. */
  readonly seen: string[];
  close(): Promise<void>;
}

export async function startLoggingProxy(upstream: string): Promise<LoggingProxy> {
  const target = new URL(upstream);
  const seen: string[] = [];
  const proxy = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const forward = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => proxy.close(() => resolve())),
  };
}
