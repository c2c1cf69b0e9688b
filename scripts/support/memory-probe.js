// Preloaded into a server only by `npm run load` (node --expose-gc -r ...):
// on SIGUSR2, collect garbage and print the process's memory as one line.
'use strict';
process.on('SIGUSR2', () => {
  if (global.gc) global.gc();
  process.stdout.write(`memory ${JSON.stringify(process.memoryUsage())}\n`);
});
