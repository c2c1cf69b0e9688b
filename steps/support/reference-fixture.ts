/**
 * The bundled reference server, started once per process when no target was
 * given. This is process-wide by nature (one server for all scenarios, the
 * way a fixture is), so it lives here rather than in the World.
 */
import { AfterAll, BeforeAll } from '@cucumber/cucumber';
// Loaded only when it is the target: a run against --target never loads Fastify.
import type { RunningServer } from '../../reference-server/server';

let server: RunningServer | undefined;

export function referenceServerUrl(): string {
  if (server === undefined) throw new Error('no --target was given and the reference server is not running');
  return server.url;
}

BeforeAll(async function (this: { parameters: { target?: string; origin?: string } }) {
  if (this.parameters.target) return;
  server = await (await import('../../reference-server/server')).startReferenceServer({ port: 0, allowedOrigin: this.parameters.origin });
});

AfterAll(async function () {
  await server?.close();
  server = undefined;
});
