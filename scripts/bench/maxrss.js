// Preloaded (node -r) into processes the benchmark measures: at exit, append
// this process's peak resident memory in KiB to $BENCH_MAXRSS_FILE and, when
// asked, its CPU time (user and system, in microseconds) to $BENCH_CPU_FILE:
// on a shared machine the CPU time says what the process cost, the wall time
// also what the others made it wait.
'use strict';
const fs = require('node:fs');
process.on('exit', () => {
  const usage = process.resourceUsage();
  if (process.env.BENCH_MAXRSS_FILE) fs.appendFileSync(process.env.BENCH_MAXRSS_FILE, `${usage.maxRSS}\n`);
  if (process.env.BENCH_CPU_FILE) fs.appendFileSync(process.env.BENCH_CPU_FILE, `${usage.userCPUTime + usage.systemCPUTime}\n`);
});
