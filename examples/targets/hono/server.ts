/**
 * The response-conformance contract in Hono, with its own cors middleware and
 * cookie helper, and zod schemas as the input and response models, as a Hono
 * user would write it:
 *
 *   node -r ./scripts/transpile-only.js examples/targets/hono/server.ts [--port 0] [--origin https://frontend.example]
 *
 * It prints "listening on http://127.0.0.1:PORT" once it accepts connections.
 */
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { cors } from 'hono/cors';
import { serialize } from 'hono/utils/cookie';
import { z } from 'zod';

const UserIn = z.object({
  username: z.string(),
  password: z.string(),
  email: z.string(),
  full_name: z.string().nullish(),
});

// The response model: parsing strips every key it does not declare, so the password never leaves.
const UserOut = z.object({
  username: z.string(),
  email: z.string(),
  full_name: z.string().nullable().default(null),
});

const Item = z.object({
  name: z.string(),
  description: z.string().nullable().default(null),
  price: z.number(),
  tax: z.number().default(10.5),
  tags: z.array(z.string()).default([]),
});

const items: Record<string, unknown> = {
  foo: { name: 'Foo', price: 50.2 },
  bar: { name: 'Bar', description: 'The bartenders', price: 62, tax: 20.2 },
  baz: { name: 'Baz', description: null, price: 50.2, tax: 10.5, tags: [] },
};

// hono/cookie defaults to Path=/; SameSite=Lax matches FastAPI's set_cookie().
const cookieOptions = { sameSite: 'Lax' } as const;

export function createApp(allowedOrigin: string): Hono {
  const app = new Hono();
  app.use('*', cors({ origin: [allowedOrigin], credentials: true, allowMethods: ['GET', 'HEAD', 'POST', 'PUT'], exposeHeaders: ['X-Cat-Dog'] }));

  app.get('/headers-and-object/', (c) => {
    c.header('X-Cat-Dog', 'alone in the world');
    return c.json({ message: 'Hello World' });
  });

  // A Response returned directly, headers and all.
  app.get('/headers/', () =>
    Response.json({ message: 'Hello World' }, { headers: { 'X-Cat-Dog': 'alone in the world', 'Content-Language': 'en-US' } }),
  );

  app.get('/hidden-header/', (c) => {
    c.header('X-Cat-Dog', 'alone in the world');
    c.header('X-Hidden', 'not for browsers');
    return c.json({ message: 'Hello World' });
  });

  app.post('/cookie-and-object/', (c) => {
    setCookie(c, 'fakesession', 'fake-cookie-session-value', cookieOptions);
    return c.json({ message: 'Come to the dark side, we have cookies' });
  });

  // A Response returned directly, its cookie serialized by Hono's own cookie utility.
  app.post('/cookie/', () => {
    const response = Response.json({ message: 'Come to the dark side, we have cookies' });
    response.headers.append('Set-Cookie', serialize('fakesession', 'fake-cookie-session-value', { path: '/', ...cookieOptions }));
    return response;
  });

  app.get('/two-cookies/', (c) => {
    setCookie(c, 'fakesession', 'fake-cookie-session-value', cookieOptions);
    setCookie(c, 'theme', 'dark', cookieOptions);
    return c.json({ message: 'Two cookies' });
  });

  const tasks = new Map([['foo', 'Listen to the Bar Fighters']]);
  app.put('/get-or-create-task/:taskId', (c) => {
    const taskId = c.req.param('taskId');
    if (tasks.has(taskId)) return c.json(tasks.get(taskId));
    tasks.set(taskId, "This didn't exist before");
    return c.json(tasks.get(taskId), 201);
  });

  app.post('/user/', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ detail: [{ loc: ['body'], msg: 'the body is not valid JSON' }] }, 422);
    }
    const parsed = UserIn.safeParse(body);
    // zod's issues say where and why, never the submitted value.
    if (!parsed.success) return c.json({ detail: parsed.error.issues.map((i) => ({ loc: ['body', ...i.path], msg: i.message })) }, 422);
    c.header('X-Cat-Dog', 'alone in the world');
    return c.json(UserOut.parse(parsed.data));
  });

  app.get('/items/:itemId', (c) => {
    const item = Object.hasOwn(items, c.req.param('itemId')) ? items[c.req.param('itemId')] : undefined;
    if (item === undefined) return c.json({ detail: 'Item not found' }, 404);
    return c.json(Item.parse(item));
  });

  // A middleware plays the dependency, writing to the same response the handler writes to.
  app.get(
    '/dependency-headers/',
    async (c, next) => {
      c.header('X-Request-Source', 'dependency');
      setCookie(c, 'tracked', 'yes', cookieOptions);
      await next();
    },
    (c) => {
      c.header('X-Cat-Dog', 'alone in the world');
      return c.json({ message: 'Hello World' });
    },
  );
  return app;
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      origin: { type: 'string', default: 'https://frontend.example' },
    },
  });
  const server = serve({ fetch: createApp(values.origin).fetch, hostname: values.host, port: Number(values.port) }, (info) => {
    process.stdout.write(`listening on http://${info.address}:${info.port}\n`);
  });
  process.once('SIGTERM', () => server.close());
  process.once('SIGINT', () => server.close());
}
