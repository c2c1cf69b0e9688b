/** `npm run broken-server -- NAME [--port 8000]`: serve one broken server, to see what the suite says about it. */
import { parseArgs } from 'node:util';
import { BROKEN_SERVERS } from './catalogue';
import { startFaultyServer } from './fault-proxy';
import { serveInForeground } from '../../reference-server/server';

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { port: { type: 'string', default: '0' }, origin: { type: 'string' } } });
  const broken = BROKEN_SERVERS.find((b) => b.name === positionals[0]);
  if (broken === undefined) {
    process.stderr.write(`usage: npm run broken-server -- NAME [--port 8000]\n\nNAME is one of:\n${BROKEN_SERVERS.map((b) => `  ${b.name.padEnd(36)} ${b.breaks}`).join('\n')}\n`);
    process.exit(2);
  }
  const server = await startFaultyServer(broken.fault, { port: Number(values.port), allowedOrigin: values.origin });
  process.stdout.write(`listening on ${server.url} (${broken.name}: ${broken.breaks}; must fail ${broken.fails.join(', ')})\n`);
  return server;
}

serveInForeground('broken-server', main);
