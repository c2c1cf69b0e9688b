// Preloaded (node -r) into processes the benchmark measures: at exit, append
// this process's peak resident memory in KiB to $BENCH_MAXRSS_FILE.
'use strict';
const fs = require('node:fs');
process.on('exit', () => {
  if (process.env.BENCH_MAXRSS_FILE) fs.appendFileSync(process.env.BENCH_MAXRSS_FILE, `${process.resourceUsage().maxRSS}\n`);
});
