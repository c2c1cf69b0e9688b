#!/usr/bin/env node
// The published command. TypeScript runs through ts-node without type-checking
// (types are checked by `tsc --noEmit` in `npm test`).
'use strict';
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
process.env.TS_NODE_PROJECT ??= require('node:path').join(__dirname, '..', 'tsconfig.json');
require('ts-node/register');
// Output piped into `head` and closed early is not an error of the run.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
require('../runner/cli')
  .main(process.argv.slice(2))
  .then(
    // Exit now: an interrupted run may still have requests in flight.
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`response-conformance: harness failure: ${error && error.message}\n`);
      process.exitCode = 2;
    },
  );
