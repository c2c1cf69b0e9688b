/**
 * Two builds of the command side by side, for a lever's before and after:
 * `node -r ./scripts/transpile-only.js scripts/bench/compare.ts --before DIR
 * [--scenarios 1,400,4000] [--runs 3] [--latency MS] [--parallel N]`.
 * DIR is a checkout of the earlier commit with its own `npm run build` (for
 * example `git worktree add /tmp/before HEAD~1`, then link node_modules and
 * build). Each size runs in both builds in turns, so load that comes and goes
 * falls on both, against the scale bench's API (scripts/bench/scale.ts), and
 * prints each median with its CPU time and peak memory. A benchmark: it
 * asserts nothing.
 */
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../support/processes';
import { SCALE_ORIGIN, scaleApi, sideBySide, timeNode, writeSuite } from './scale';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { before: { type: 'string' }, scenarios: { type: 'string', default: '1,400,4000' }, runs: { type: 'string', default: '3' }, latency: { type: 'string', default: '0' }, parallel: { type: 'string' } } });
  if (values.before === undefined) throw new Error('--before DIR: a built checkout of the earlier commit');
  const sizes = values.scenarios!.split(',').map(Number);
  const work = mkdtempSync(path.join(tmpdir(), 'rc-bench-compare-'));
  const api = await scaleApi(Number(values.latency));
  const builds = { before: path.resolve(values.before), after: ROOT };
  const flags = values.parallel === undefined ? [] : ['--parallel', values.parallel];
  console.log(`${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  try {
    for (const n of sizes) {
      const suite = writeSuite(path.join(work, `suite-${n}`), n);
      const run = (root: string) => () => timeNode(work, [path.join(root, 'bin', 'response-conformance.js'), '--target', api.url, '--origin', SCALE_ORIGIN, '--features', suite, '--no-browser', '--report-dir', path.join(work, 'reports'), ...flags]);
      const measured = await sideBySide(Number(values.runs), { before: run(builds.before), after: run(builds.after) }, () => undefined);
      for (const [which, m] of Object.entries(measured)) console.log(`${String(n).padStart(6)} scenarios  ${which.padEnd(6)}  ${m.ms} ms (runs ${m.runsMs.join(', ')}), CPU ${m.cpuMs} ms, peak ${m.maxRssMiB} MiB`);
    }
  } finally {
    await api.close();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
