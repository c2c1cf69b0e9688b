/** `npm run reference-server -- [--port 8000] [--host 127.0.0.1] [--origin URL]`: serve the contract for curl, a browser or another tool. */
import { parseArgs } from 'node:util';
import { DEFAULT_ALLOWED_ORIGIN } from './app';
import { serveInForeground, startReferenceServer } from './server';

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8000' },
      host: { type: 'string', default: '127.0.0.1' },
      origin: { type: 'string', default: DEFAULT_ALLOWED_ORIGIN },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('usage: npm run reference-server -- [--port 8000] [--host 127.0.0.1] [--origin https://frontend.example]\n');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`);
  const server = await startReferenceServer({ port, host: values.host, allowedOrigin: values.origin });
  process.stdout.write(`listening on ${server.url} (reference server, allowed origin ${values.origin})\n`);
  return server;
}

serveInForeground('reference-server', main);
