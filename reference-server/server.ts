/** Starting and stopping the reference server on a loopback port. */
import type { FastifyInstance } from 'fastify';
import { buildReferenceApp, type ReferenceAppOptions } from './app';

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

export interface ListenOptions extends ReferenceAppOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
}

export async function startReferenceServer(options: ListenOptions = {}): Promise<RunningServer> {
  return listen(await buildReferenceApp(options), options);
}

export async function listen(app: FastifyInstance, options: Pick<ListenOptions, 'port' | 'host'> = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the reference server has no TCP address');
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${shownHost}:${address.port}`, close: () => closeGracefully(app) };
}

/** How long a shutdown waits for requests in flight before it drops the connections left. */
const GRACE_MS = 1000;

/**
 * Stops accepting, lets requests in flight finish, then closes. A client may
 * hold a connection that never carried a request (browsers open spare ones),
 * which Node does not count as idle: after GRACE_MS such connections are dropped,
 * rather than waiting out Node's 60 s headers timeout.
 */
async function closeGracefully(app: FastifyInstance): Promise<void> {
  const force = setTimeout(() => app.server.closeAllConnections(), GRACE_MS);
  try {
    await app.close();
  } finally {
    clearTimeout(force);
  }
}

/**
 * Runs a command-line server in the foreground: `start` serves, SIGINT or
 * SIGTERM closes it gracefully and exits 0, and a failure to start exits 2
 * with one line naming the command. The reference server and the broken
 * servers both run this way.
 */
export function serveInForeground(command: string, start: () => Promise<RunningServer | undefined>): void {
  start().then(
    (server) => {
      if (server === undefined) return;
      const stop = () => void server.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: Error) => {
      process.stderr.write(`${command}: ${error.message}\n`);
      process.exit(2);
    },
  );
}
