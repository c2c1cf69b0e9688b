#!/usr/bin/env node
// The observe example's frontend server: serves index.html and app.js, and
// nothing else, so the page has an origin of its own (http://HOST:PORT), as a
// dev server gives a frontend. node:http only, no build step.
//
//   node examples/observe/serve.mjs [--port 5173] [--host 127.0.0.1]
//
// --port 0 (the default) picks a free port. It prints
// "listening on http://HOST:PORT" once it accepts connections, and stops on
// SIGINT or SIGTERM.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The only files served: read once, at start, so no request path ever reaches the file system. */
const FILES = new Map([
  ['/', { file: 'index.html', type: 'text/html; charset=utf-8' }],
  ['/index.html', { file: 'index.html', type: 'text/html; charset=utf-8' }],
  ['/app.js', { file: 'app.js', type: 'text/javascript; charset=utf-8' }],
].map(([path, { file, type }]) => [path, { body: readFileSync(join(HERE, file)), type }]));

function usage(message) {
  process.stderr.write(`serve.mjs: ${message}\nusage: node examples/observe/serve.mjs [--port PORT] [--host HOST]\n`);
  process.exit(2);
}

let options;
try {
  options = parseArgs({ options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } } }).values;
} catch (error) {
  usage(error.message);
}
const port = Number(options.port);
if (!/^\d+$/.test(options.port) || port > 65535) usage(`--port must be a number from 0 to 65535, not ${JSON.stringify(options.port)}`);

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://frontend.invalid').pathname;
  const found = FILES.get(path);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    return response.end('method not allowed\n');
  }
  if (found === undefined) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    return response.end('not found\n');
  }
  response.writeHead(200, { 'Content-Type': found.type, 'Content-Length': found.body.length, 'Cache-Control': 'no-store' });
  response.end(request.method === 'HEAD' ? undefined : found.body);
});

server.on('error', (error) => {
  process.stderr.write(`serve.mjs: cannot listen on ${options.host}:${port}: ${error.message}\n`);
  process.exit(1);
});
server.listen(port, options.host, () => {
  const { address, port: bound } = server.address();
  const host = address.includes(':') ? `[${address}]` : address;
  process.stdout.write(`listening on http://${host}:${bound}\n`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
