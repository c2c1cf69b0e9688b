/** FastAPI "Response Headers": on the temporal response, and on a Response returned directly. */
import type { FastifyInstance } from 'fastify';

const message = { message: 'Hello World' };

export async function headerRoutes(app: FastifyInstance) {
  // The temporal response: set a header, return plain data, let the framework serialize it.
  app.get('/headers-and-object/', async (_request, reply) => {
    reply.header('X-Cat-Dog', 'alone in the world');
    return message;
  });

  // A Response returned directly: its headers go out as given; CORS headers are still added.
  app.get('/headers/', async () => {
    return new Response(JSON.stringify(message), {
      headers: { 'Content-Type': 'application/json', 'X-Cat-Dog': 'alone in the world', 'Content-Language': 'en-US' },
    });
  });

  // A custom header that is deliberately left out of the CORS exposed list.
  app.get('/hidden-header/', async (_request, reply) => {
    reply.header('X-Cat-Dog', 'alone in the world');
    reply.header('X-Hidden', 'not for browsers');
    return message;
  });
}
