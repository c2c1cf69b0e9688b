/**
 * `npm run load [-- --connections 50 --duration 10]`: drives the reference
 * server, in its own process, with autocannon over a mix of contract routes,
 * and reports requests per second, latency percentiles, errors, unexpected
 * statuses and the server's memory before, right after, and after a rest.
 * A benchmark, not a test: it asserts only that nothing went wrong (exit 1
 * on any error or non-2xx answer) and writes reports/load.json.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { writeAtomically } from '../runner/reports';
import { ROOT, startListening } from './support/processes';

const ORIGIN = 'https://frontend.example';
const user = JSON.stringify({ username: 'johndoe', password: 'conformance-secret', email: 'john@example.com' });

const MIX: autocannon.Request[] = [
  { method: 'GET', path: '/headers-and-object/', headers: { origin: ORIGIN } },
  { method: 'GET', path: '/headers/', headers: { origin: ORIGIN } },
  { method: 'GET', path: '/hidden-header/' },
  { method: 'POST', path: '/cookie-and-object/' },
  { method: 'POST', path: '/cookie/', headers: { origin: ORIGIN } },
  { method: 'GET', path: '/two-cookies/' },
  { method: 'OPTIONS', path: '/get-or-create-task/foo', headers: { origin: ORIGIN, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' } },
  { method: 'PUT', path: '/get-or-create-task/foo', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: '{}' },
  { method: 'POST', path: '/user/', headers: { 'content-type': 'application/json' }, body: user },
  { method: 'GET', path: '/items/foo' },
  { method: 'GET', path: '/items/bar' },
  { method: 'GET', path: '/dependency-headers/', headers: { origin: ORIGIN } },
];

interface Memory {
  readonly heapUsedMiB: number;
  readonly rssMiB: number;
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Asks the server (preloaded with memory-probe.js) to collect garbage and say how much memory it holds. */
function memoryOf(child: ChildProcess): Promise<Memory> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk;
      const match = /memory (\{.*\})\n/.exec(text);
      if (!match) return;
      child.stdout!.off('data', onData);
      const usage = JSON.parse(match[1]) as NodeJS.MemoryUsage;
      resolve({ heapUsedMiB: mib(usage.heapUsed), rssMiB: mib(usage.rss) });
    };
    child.stdout!.on('data', onData);
    if (!child.kill('SIGUSR2')) reject(new Error('the server is gone'));
  });
}

async function main() {
  const { values } = parseArgs({ options: { connections: { type: 'string', default: '50' }, duration: { type: 'string', default: '10' } } });
  const server = await startListening(process.execPath, ['--expose-gc', '-r', './scripts/support/memory-probe.js', '-r', './scripts/transpile-only.js', 'reference-server/main.ts', '--port', '0']);
  try {
    // A short warm-up, so "before" is the server at work, not the server at start-up.
    await autocannon({ url: server.url, connections: 4, duration: 1, requests: MIX });
    const before = await memoryOf(server.child);
    const result = await autocannon({ url: server.url, connections: Number(values.connections), duration: Number(values.duration), requests: MIX });
    const after = await memoryOf(server.child);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const rested = await memoryOf(server.child);
    const figures = {
      connections: result.connections,
      durationS: result.duration,
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average),
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      memoryMiB: { before, afterLoad: after, afterRest: rested }, // heap used after a full GC, and resident set
    };
    await writeAtomically(path.join(ROOT, 'reports', 'load.json'), `${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(
      [
        `load: ${figures.connections} connections for ${figures.durationS} s over ${MIX.length} requests of the contract (reference server, its own process)`,
        `  requests     ${figures.requests} (${figures.requestsPerSecond}/s)`,
        `  latency ms   p50 ${figures.latencyMs.p50}  p90 ${figures.latencyMs.p90}  p99 ${figures.latencyMs.p99}  max ${figures.latencyMs.max}`,
        `  errors       ${figures.errors} (timeouts ${figures.timeouts}), non-2xx answers ${figures.non2xx}`,
        `  heap MiB     before ${before.heapUsedMiB}, right after ${after.heapUsedMiB}, after 5 s rest ${rested.heapUsedMiB} (used, after a full GC)`,
        `  RSS MiB      before ${before.rssMiB}, right after ${after.rssMiB}, after 5 s rest ${rested.rssMiB}`,
        `  written      reports/load.json`,
        '',
      ].join('\n'),
    );
    process.exitCode = figures.errors === 0 && figures.timeouts === 0 && figures.non2xx === 0 ? 0 : 1;
  } finally {
    await server.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`load: ${error.message}\n`);
  process.exitCode = 2;
});
