/** FastAPI "Response Cookies": on the temporal response, and on a Response returned directly. */
import type { FastifyInstance } from 'fastify';

// FastAPI's set_cookie() defaults: Path=/ and SameSite=lax.
const cookieOptions = { path: '/', sameSite: 'lax' } as const;
const darkSide = { message: 'Come to the dark side, we have cookies' };

export async function cookieRoutes(app: FastifyInstance) {
  app.post('/cookie-and-object/', async (_request, reply) => {
    reply.setCookie('fakesession', 'fake-cookie-session-value', cookieOptions);
    return darkSide;
  });

  app.post('/cookie/', async () => {
    const response = new Response(JSON.stringify(darkSide), { headers: { 'Content-Type': 'application/json' } });
    response.headers.append('Set-Cookie', app.serializeCookie('fakesession', 'fake-cookie-session-value', cookieOptions));
    return response;
  });

  // Each cookie in its own Set-Cookie field: the plugin never folds them into one line.
  app.get('/two-cookies/', async (_request, reply) => {
    reply.setCookie('fakesession', 'fake-cookie-session-value', cookieOptions);
    reply.setCookie('theme', 'dark', cookieOptions);
    return { message: 'Two cookies' };
  });
}
