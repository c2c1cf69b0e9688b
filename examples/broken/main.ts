/** `npm run broken-server -- NAME [--port 8000]`: serve one broken server, to see what the suite says about it. */
import { parseArgs } from 'node:util';
import { BROKEN_SERVERS } from './catalogue';
import { startFaultyServer } from './fault-proxy';

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { port: { type: 'string', default: '0' }, origin: { type: 'string' } } });
  const broken = BROKEN_SERVERS.find((b) => b.name === positionals[0]);
  if (broken === undefined) {
    process.stderr.write(`usage: npm run broken-server -- NAME [--port 8000]\n\nNAME is one of:\n${BROKEN_SERVERS.map((b) => `  ${b.name.padEnd(36)} ${b.breaks}`).join('\n')}\n`);
    process.exit(2);
  }
  const server = await startFaultyServer(broken.fault, { port: Number(values.port), allowedOrigin: values.origin });
  process.stdout.write(`listening on ${server.url} (${broken.name}: ${broken.breaks}; must fail ${broken.fails.join(', ')})\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`broken-server: ${error.message}\n`);
  process.exit(2);
});
