#!/usr/bin/env node
// The published command. It runs the JavaScript compiled into dist/: shipped
// in the package (built by `prepack`), or built in a checkout by `npm run
// build` (which `npm test` runs). It starts in a fraction of the time TypeScript needs. In a
// checkout where dist/ is missing or older than the sources (a developer
// mid-edit), it runs the TypeScript itself through ts-node, without
// type-checking: slower, never stale. The installed package has no sources.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const SOURCES = ['http', 'openapi', 'rules', 'browser', 'runner', 'steps', 'reference-server'];

function newestSourceMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest; // the installed package: dist/ only
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function compiledIsFresh() {
  try {
    const built = fs.statSync(path.join(root, 'dist', 'runner', 'cli', 'index.js')).mtimeMs;
    return SOURCES.every((dir) => newestSourceMtime(path.join(root, dir)) <= built);
  } catch {
    return false;
  }
}

let cli;
if (process.env.RESPONSE_CONFORMANCE_FROM_SOURCE !== '1' && compiledIsFresh()) {
  process.env.RESPONSE_CONFORMANCE_COMPILED = '1'; // cucumber.js then loads dist/steps
  cli = require('../dist/runner/cli');
} else {
  process.env.RESPONSE_CONFORMANCE_COMPILED = '0';
  process.env.TS_NODE_TRANSPILE_ONLY = 'true';
  process.env.TS_NODE_PROJECT ??= path.join(root, 'tsconfig.json');
  require('ts-node/register');
  cli = require('../runner/cli/index');
}

// Output piped into `head` and closed early is not an error of the run.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

cli.main(process.argv.slice(2)).then(
  // Exit now: an interrupted run may still have requests in flight.
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`response-conformance: harness failure: ${error && error.message}\n`);
    process.exitCode = 2;
  },
);
