/**
 * A deliberately broken server: the reference server behind a proxy that
 * rewrites each answer through one fault. The proxy sees every exchange,
 * preflights included, as plain data (status, header list, body), so a fault
 * is a small function and the reference server itself stays correct.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startReferenceServer, type RunningServer } from '../../reference-server/server';
import { fromRawHeaders, sameName } from '../../http/header-list';

export interface ProxiedRequest {
  readonly method: string;
  /** Path and query as received, e.g. "/items/foo". */
  readonly path: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

export interface ProxiedResponse {
  status: number;
  headers: [string, string][];
  body: string;
}

/** Changes one thing about the reference server's answer to `request`. */
export type Fault = (request: ProxiedRequest, response: ProxiedResponse) => void;

// Framing and connection fields are the proxy's own business, never the fault's.
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'content-length'];

export async function startFaultyServer(fault: Fault, options: { allowedOrigin?: string; port?: number; delayMs?: number; upstream?: string } = {}): Promise<RunningServer> {
  // In front of the reference server, or of another running target (`upstream`), which is then not ours to close.
  const reference = options.upstream === undefined ? await startReferenceServer({ allowedOrigin: options.allowedOrigin }) : { url: options.upstream, close: async () => undefined };
  const upstream = new URL(reference.url);
  const agent = new http.Agent({ keepAlive: true });

  const proxy = http.createServer(async (req, res) => {
    try {
      const body = await readAll(req);
      const headers = pairs(req.rawHeaders).filter(([name]) => !HOP_BY_HOP.includes(name.toLowerCase()));
      const request: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers, body: body.toString('utf8') };
      const response = await forward(upstream, agent, request);
      fault(request, response);
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs)); // a remote target's latency
      const payload = Buffer.from(response.body, 'utf8');
      const out = response.headers.filter(([name]) => !HOP_BY_HOP.includes(name.toLowerCase()));
      out.push(['Content-Length', String(payload.length)]);
      res.writeHead(response.status, out.flat());
      res.end(payload);
    } catch (error) {
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`fault proxy: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => proxy.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      agent.destroy();
      await reference.close();
    },
  };
}

function forward(upstream: URL, agent: http.Agent, request: ProxiedRequest): Promise<ProxiedResponse> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(request.body, 'utf8');
    const headers = [...request.headers, ['Content-Length', String(body.length)]].flat();
    const outgoing = http.request(
      { host: upstream.hostname, port: upstream.port, method: request.method, path: request.path, headers, agent },
      async (incoming) => {
        try {
          const body = await readAll(incoming);
          resolve({ status: incoming.statusCode ?? 502, headers: pairs(incoming.rawHeaders), body: body.toString('utf8') });
        } catch (error) {
          reject(error);
        }
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** A mutable copy of a raw header list, for faults to edit. */
function pairs(raw: readonly string[]): [string, string][] {
  return fromRawHeaders(raw).map(([name, value]) => [name, value]);
}

// Small edits faults are made of.

export function removeHeader(response: ProxiedResponse, name: string): void {
  response.headers = response.headers.filter(([n]) => !sameName(n, name));
}

export function setHeader(response: ProxiedResponse, name: string, value: string): void {
  removeHeader(response, name);
  response.headers.push([name, value]);
}

export function requestHeader(request: ProxiedRequest, name: string): string | undefined {
  return request.headers.find(([n]) => sameName(n, name))?.[1];
}

/** Rewrites the JSON body; bodies that are not JSON are left alone. */
export function editJson(response: ProxiedResponse, edit: (value: Record<string, unknown>) => unknown): void {
  try {
    response.body = JSON.stringify(edit(JSON.parse(response.body) as Record<string, unknown>));
  } catch {
    // not JSON: nothing to edit
  }
}
