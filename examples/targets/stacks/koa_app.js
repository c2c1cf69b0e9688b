// The contract in Koa with @koa/cors and @koa/router, configured as their
// docs say for one allowed origin with credentials:
//
//   node examples/targets/stacks/koa_app.js [--port 0] [--origin https://frontend.example]
//
// It prints "listening on http://127.0.0.1:PORT" once it accepts connections.
'use strict';
const { parseArgs } = require('node:util');
const Koa = require('koa');
const cors = require('@koa/cors');
const { Router } = require('@koa/router');

const HELLO = { message: 'Hello World' };
const DARK_SIDE = { message: 'Come to the dark side, we have cookies' };
// Koa's own cookie defaults (Path=/, HttpOnly): the contract asks nothing they do not give.
const COOKIE = {};

async function readBody(ctx) {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function signUp(raw) {
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    return [422, { detail: [{ loc: ['body'], msg: 'the body is not valid JSON' }] }];
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [422, { detail: [{ loc: ['body'], msg: 'must be an object' }] }];
  const problems = ['username', 'password', 'email'].flatMap((field) =>
    !(field in body) ? [{ loc: ['body', field], msg: 'field required' }] : typeof body[field] !== 'string' ? [{ loc: ['body', field], msg: 'must be a string' }] : [],
  );
  if (body.full_name !== undefined && body.full_name !== null && typeof body.full_name !== 'string') problems.push({ loc: ['body', 'full_name'], msg: 'must be a string or null' });
  if (problems.length > 0) return [422, { detail: problems }];
  return [200, { username: body.username, email: body.email, full_name: body.full_name ?? null }];
}

function createApp(allowedOrigin) {
  const app = new Koa();
  app.use(cors({ origin: allowedOrigin, credentials: true, exposeHeaders: ['X-Cat-Dog'] }));
  const router = new Router();

  router.get('/headers-and-object/', (ctx) => {
    ctx.set('X-Cat-Dog', 'alone in the world');
    ctx.body = HELLO;
  });
  router.get('/headers/', (ctx) => {
    ctx.set({ 'X-Cat-Dog': 'alone in the world', 'Content-Language': 'en-US' });
    ctx.body = HELLO;
  });
  router.get('/hidden-header/', (ctx) => {
    ctx.set({ 'X-Cat-Dog': 'alone in the world', 'X-Hidden': 'not for browsers' });
    ctx.body = HELLO;
  });
  const cookie = (ctx) => {
    ctx.cookies.set('fakesession', 'fake-cookie-session-value', COOKIE);
    ctx.body = DARK_SIDE;
  };
  router.post('/cookie-and-object/', cookie);
  router.post('/cookie/', cookie);
  router.get('/two-cookies/', (ctx) => {
    ctx.cookies.set('fakesession', 'fake-cookie-session-value', COOKIE);
    ctx.cookies.set('theme', 'dark', COOKIE);
    ctx.body = { message: 'Two cookies' };
  });

  const tasks = new Map([['foo', 'Listen to the Bar Fighters']]);
  router.put('/get-or-create-task/:taskId', (ctx) => {
    if (!tasks.has(ctx.params.taskId)) {
      tasks.set(ctx.params.taskId, "This didn't exist before");
      ctx.status = 201;
    }
    ctx.body = JSON.stringify(tasks.get(ctx.params.taskId));
    ctx.type = 'application/json';
  });

  router.post('/user/', async (ctx) => {
    const [status, body] = signUp(await readBody(ctx));
    ctx.status = status;
    if (status === 200) ctx.set('X-Cat-Dog', 'alone in the world');
    ctx.body = body;
  });

  const items = {
    foo: { name: 'Foo', price: 50.2 },
    bar: { name: 'Bar', description: 'The bartenders', price: 62, tax: 20.2 },
    baz: { name: 'Baz', description: null, price: 50.2, tax: 10.5, tags: [] },
  };
  router.get('/items/:itemId', (ctx) => {
    const item = Object.hasOwn(items, ctx.params.itemId) ? items[ctx.params.itemId] : undefined;
    if (item === undefined) {
      ctx.status = 404;
      ctx.body = { detail: 'Item not found' };
      return;
    }
    ctx.body = { description: null, tax: 10.5, tags: [], ...item };
  });

  // A route middleware plays the dependency: it writes to the same response.
  async function trackRequestSource(ctx, next) {
    ctx.set('X-Request-Source', 'dependency');
    ctx.cookies.set('tracked', 'yes', COOKIE);
    await next();
  }
  router.get('/dependency-headers/', trackRequestSource, (ctx) => {
    ctx.set('X-Cat-Dog', 'alone in the world');
    ctx.body = HELLO;
  });

  app.use(router.routes()).use(router.allowedMethods());
  return app;
}

if (require.main === module) {
  const { values } = parseArgs({ options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '0' }, origin: { type: 'string', default: 'https://frontend.example' } } });
  const server = createApp(values.origin).listen(Number(values.port), values.host, () => {
    const { address, port } = server.address();
    process.stdout.write(`listening on http://${address}:${port}\n`);
  });
  process.once('SIGTERM', () => server.close());
  process.once('SIGINT', () => server.close());
}

module.exports = { createApp };
