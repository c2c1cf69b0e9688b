/**
 * FastAPI "Response Headers" and "Response Cookies": a dependency may declare
 * the Response too and set headers and cookies on it. Here the dependency is
 * a preHandler hook writing to the same reply the handler then writes to.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

async function trackRequestSource(_request: FastifyRequest, reply: FastifyReply) {
  reply.header('X-Request-Source', 'dependency');
  reply.setCookie('tracked', 'yes', { path: '/', sameSite: 'lax' });
}

export async function dependencyRoutes(app: FastifyInstance) {
  app.get('/dependency-headers/', { preHandler: trackRequestSource }, async (_request, reply) => {
    reply.header('X-Cat-Dog', 'alone in the world');
    return { message: 'Hello World' };
  });
}
