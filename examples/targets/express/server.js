// The response-conformance contract in Express 5 with the `cors` package, as
// an Express user would write it:
//
//   node examples/targets/express/server.js [--port 0] [--origin https://frontend.example]
//
// It prints "listening on http://127.0.0.1:PORT" once it accepts connections.
'use strict';
const { parseArgs } = require('node:util');
const express = require('express');
const cors = require('cors');

function createApp(allowedOrigin) {
  const app = express();

  // The CORS middleware answers preflights and grants the one allowed origin,
  // with credentials. Custom headers are hidden from scripts unless exposed.
  app.use(
    cors({
      origin: [allowedOrigin],
      credentials: true,
      methods: ['GET', 'HEAD', 'POST', 'PUT'],
      exposedHeaders: ['X-Cat-Dog'],
    }),
  );

  const hello = { message: 'Hello World' };
  const darkSide = { message: 'Come to the dark side, we have cookies' };
  // FastAPI's set_cookie() defaults, said out loud: Path=/ (Express's default too) and SameSite=lax.
  const cookieOptions = { path: '/', sameSite: 'lax' };

  app.get('/headers-and-object/', (req, res) => {
    res.set('X-Cat-Dog', 'alone in the world');
    res.json(hello);
  });

  app.get('/headers/', (req, res) => {
    res.set({ 'X-Cat-Dog': 'alone in the world', 'Content-Language': 'en-US' }).json(hello);
  });

  app.get('/hidden-header/', (req, res) => {
    res.set({ 'X-Cat-Dog': 'alone in the world', 'X-Hidden': 'not for browsers' }).json(hello);
  });

  app.post('/cookie-and-object/', (req, res) => {
    res.cookie('fakesession', 'fake-cookie-session-value', cookieOptions);
    res.json(darkSide);
  });

  app.post('/cookie/', (req, res) => {
    res.cookie('fakesession', 'fake-cookie-session-value', cookieOptions).json(darkSide);
  });

  app.get('/two-cookies/', (req, res) => {
    res.cookie('fakesession', 'fake-cookie-session-value', cookieOptions);
    res.cookie('theme', 'dark', cookieOptions);
    res.json({ message: 'Two cookies' });
  });

  const tasks = new Map([['foo', 'Listen to the Bar Fighters']]);
  app.put('/get-or-create-task/:taskId', (req, res) => {
    if (!tasks.has(req.params.taskId)) {
      tasks.set(req.params.taskId, "This didn't exist before");
      res.status(201);
    }
    res.json(tasks.get(req.params.taskId));
  });

  // No response model in Express: the handler picks the public fields itself.
  app.post('/user/', express.json(), (req, res) => {
    const problems = validateUser(req.body);
    if (problems.length > 0) return res.status(422).json({ detail: problems });
    const { username, email, full_name = null } = req.body;
    res.set('X-Cat-Dog', 'alone in the world').json({ username, email, full_name });
  });

  const items = {
    foo: { name: 'Foo', price: 50.2 },
    bar: { name: 'Bar', description: 'The bartenders', price: 62, tax: 20.2 },
    baz: { name: 'Baz', description: null, price: 50.2, tax: 10.5, tags: [] },
  };
  const itemDefaults = { description: null, tax: 10.5, tags: [] };
  app.get('/items/:itemId', (req, res) => {
    const item = Object.hasOwn(items, req.params.itemId) ? items[req.params.itemId] : undefined;
    if (item === undefined) return res.status(404).json({ detail: 'Item not found' });
    res.json({ ...itemDefaults, ...item });
  });

  // A route middleware plays the dependency: it writes to the same response.
  function trackRequestSource(req, res, next) {
    res.set('X-Request-Source', 'dependency');
    res.cookie('tracked', 'yes', cookieOptions);
    next();
  }
  app.get('/dependency-headers/', trackRequestSource, (req, res) => {
    res.set('X-Cat-Dog', 'alone in the world').json(hello);
  });

  // Malformed JSON is the client's error: 422, never the parser's message (it may quote the body).
  app.use((error, req, res, next) => {
    if (error.type === 'entity.parse.failed') return res.status(422).json({ detail: [{ loc: ['body'], msg: 'the body is not valid JSON' }] });
    if (error.status >= 400 && error.status < 500) return res.status(error.status).json({ detail: error.expose ? error.message : 'Bad Request' });
    next(error);
  });
  return app;
}

function validateUser(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [{ loc: ['body'], msg: 'must be an object' }];
  const problems = [];
  for (const field of ['username', 'password', 'email']) {
    if (!(field in body)) problems.push({ loc: ['body', field], msg: 'field required' });
    else if (typeof body[field] !== 'string') problems.push({ loc: ['body', field], msg: 'must be a string' });
  }
  if (body.full_name !== undefined && body.full_name !== null && typeof body.full_name !== 'string') {
    problems.push({ loc: ['body', 'full_name'], msg: 'must be a string or null' });
  }
  return problems;
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      origin: { type: 'string', default: 'https://frontend.example' },
    },
  });
  const server = createApp(values.origin).listen(Number(values.port), values.host, () => {
    const { address, port } = server.address();
    process.stdout.write(`listening on http://${address}:${port}\n`);
  });
  process.once('SIGTERM', () => server.close());
  process.once('SIGINT', () => server.close());
}

module.exports = { createApp };
