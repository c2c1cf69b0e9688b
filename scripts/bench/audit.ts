/**
 * The audit from a document at scale, for `npm run bench`: a generated
 * document of N GET operations (each with a response model and a declared,
 * exposed X-Total-Count) served by a local node:http API that keeps every
 * promise, audited by the command as a user runs it (`audit --target
 * --origin`, the Fetch model and Chromium). Timed from the outside, with the
 * Node process's peak memory; never asserted in a test.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/processes';

const ORIGIN = 'https://app.example';

export function generatedDocument(operations: number): object {
  const item = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } };
  const paths = Object.fromEntries(
    Array.from({ length: operations }, (_, i) => [
      `/api/r${i}`,
      {
        get: {
          operationId: `list_r${i}`,
          responses: {
            '200': {
              description: 'The items',
              headers: { 'X-Total-Count': { schema: { type: 'integer' } } },
              content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Item' } } } },
            },
          },
        },
      },
    ]),
  );
  return { openapi: '3.1.0', info: { title: `A generated API of ${operations} operations`, version: '1.0.0' }, paths, components: { schemas: { Item: item } } };
}

/** An API that keeps every promise of the generated document. */
export async function generatedApi(operations: number): Promise<{ url: string; close: () => Promise<void> }> {
  const document = JSON.stringify(generatedDocument(operations));
  const server: Server = createServer((request, response) => {
    if (request.url === '/openapi.json') return response.writeHead(200, { 'content-type': 'application/json' }).end(document);
    const granted = request.headers.origin === ORIGIN;
    const cors: Record<string, string> = granted ? { 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'X-Total-Count' } : {};
    if (!/^\/api\/r\d+$/.test(request.url ?? '')) return response.writeHead(404, { 'content-type': 'application/json', vary: 'Origin', ...cors }).end('{"detail":"Not Found"}');
    response.writeHead(200, { 'content-type': 'application/json', 'x-total-count': '2', vary: 'Origin', ...cors }).end('[{"id":1,"name":"tea"},{"id":2,"name":"cake"}]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface AuditTimed {
  readonly operations: number;
  readonly ms: number;
  readonly maxRssMiB: number;
  readonly code: number | null;
}

/** One audit of the generated API by the command, with the browser as asked. */
export async function timeAudit(operations: number, browser: boolean): Promise<AuditTimed> {
  const api = await generatedApi(operations);
  const work = mkdtempSync(path.join(tmpdir(), 'rc-bench-audit-'));
  const rssFile = path.join(work, 'rss');
  writeFileSync(rssFile, '');
  try {
    const started = process.hrtime.bigint();
    const code = await new Promise<number | null>((resolve, reject) => {
      const args = ['-r', path.join(ROOT, 'scripts', 'bench', 'maxrss.js'), path.join(ROOT, 'bin', 'response-conformance.js'), 'audit', '--target', api.url, '--origin', ORIGIN, '--format', 'json', ...(browser ? [] : ['--no-browser'])];
      const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, BENCH_MAXRSS_FILE: rssFile } });
      child.on('error', reject);
      child.on('exit', resolve);
    });
    const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
    const kib = Math.max(0, ...readFileSync(rssFile, 'utf8').split('\n').filter(Boolean).map(Number));
    return { operations, ms, maxRssMiB: Math.round(kib / 102.4) / 10, code };
  } finally {
    await api.close();
  }
}

/** The median of `runs` audits of `operations` operations. */
export async function medianAudit(operations: number, browser: boolean, runs: number): Promise<AuditTimed> {
  const results: AuditTimed[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await timeAudit(operations, browser);
    if (result.code !== 0) throw new Error(`the audit of ${operations} operations exited ${result.code}, not 0: the API keeps every promise, so the figures would mean nothing`);
    results.push(result);
  }
  return results.sort((a, b) => a.ms - b.ms)[Math.floor(results.length / 2)];
}

if (require.main === module) {
  (async () => {
    const at200 = await medianAudit(200, true, 3);
    const at200NoBrowser = await medianAudit(200, false, 3);
    const at5000 = await medianAudit(5000, true, 1);
    process.stdout.write(`${JSON.stringify({ at200, at200NoBrowser, at5000 }, null, 2)}\n`);
  })().catch((error: Error) => {
    process.stderr.write(`bench audit: ${error.message}\n`);
    process.exitCode = 1;
  });
}
