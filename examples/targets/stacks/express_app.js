// The contract in Express 5 with the `cors` package, configured as its docs say
// for one allowed origin with credentials, cookies by res.cookie, and an
// OpenAPI document written by hand (express_openapi.json) served as it is:
//
//   node examples/targets/stacks/express_app.js [--port 0] [--origin https://frontend.example]
//
// It prints "listening on http://127.0.0.1:PORT" once it accepts connections.
// Express has no response model: each handler picks what it sends, and
// nothing holds the answers to the document.
'use strict';
const path = require('node:path');
const { parseArgs } = require('node:util');
const express = require('express');
const cors = require('cors');

const HELLO = { message: 'Hello World' };
const DARK_SIDE = { message: 'Come to the dark side, we have cookies' };
// res.cookie's own defaults (Path=/): the contract asks nothing they do not give.
const COOKIE = {};

function createApp(allowedOrigin) {
  const app = express();
  app.use(cors({ origin: allowedOrigin, credentials: true, exposedHeaders: ['X-Cat-Dog', 'X-Total-Count'] }));

  app.get('/openapi.json', (req, res) => res.sendFile(path.join(__dirname, 'express_openapi.json')));

  app.get('/headers-and-object/', (req, res) => {
    res.set('X-Cat-Dog', 'alone in the world');
    res.json(HELLO);
  });
  app.get('/headers/', (req, res) => {
    res.set({ 'X-Cat-Dog': 'alone in the world', 'Content-Language': 'en-US' }).json(HELLO);
  });
  app.get('/hidden-header/', (req, res) => {
    res.set({ 'X-Cat-Dog': 'alone in the world', 'X-Hidden': 'not for browsers' }).json(HELLO);
  });
  const setSession = (req, res) => {
    res.cookie('fakesession', 'fake-cookie-session-value', COOKIE).json(DARK_SIDE);
  };
  app.post('/cookie-and-object/', setSession);
  app.post('/cookie/', setSession);
  app.get('/two-cookies/', (req, res) => {
    res.cookie('fakesession', 'fake-cookie-session-value', COOKIE).cookie('theme', 'dark', COOKIE).json({ message: 'Two cookies' });
  });

  const tasks = new Map([['foo', 'Listen to the Bar Fighters']]);
  app.put('/get-or-create-task/:taskId', (req, res) => {
    if (!tasks.has(req.params.taskId)) {
      tasks.set(req.params.taskId, "This didn't exist before");
      res.status(201);
    }
    res.json(tasks.get(req.params.taskId));
  });

  app.post('/user/', express.json(), (req, res) => {
    const problems = signUpProblems(req.body);
    if (problems.length > 0) return res.status(422).json({ detail: problems });
    const { username, email, full_name = null } = req.body; // never the password
    res.set('X-Cat-Dog', 'alone in the world').json({ username, email, full_name });
  });

  const items = {
    foo: { name: 'Foo', price: 50.2 },
    bar: { name: 'Bar', description: 'The bartenders', price: 62, tax: 20.2 },
    baz: { name: 'Baz', description: null, price: 50.2, tax: 10.5, tags: [] },
  };
  app.get('/items/:itemId', (req, res) => {
    const item = Object.hasOwn(items, req.params.itemId) ? items[req.params.itemId] : undefined;
    if (item === undefined) return res.status(404).json({ detail: 'Item not found' });
    res.json({ description: null, tax: 10.5, tags: [], ...item });
  });

  // A route middleware plays the dependency: it writes to the same response.
  function trackRequestSource(req, res, next) {
    res.set('X-Request-Source', 'dependency').cookie('tracked', 'yes', COOKIE);
    next();
  }
  app.get('/dependency-headers/', trackRequestSource, (req, res) => {
    res.set('X-Cat-Dog', 'alone in the world').json(HELLO);
  });

  // The document's routes, written the plain Express way: the stored record is
  // sent as it is, supplier_cost too, whatever the document says.
  const inventory = {
    hammer: { name: 'Hammer', price: 9.5, supplier_cost: 4.1 },
    saw: { name: 'Saw', price: 14, supplier_cost: 6.2 },
  };
  app.get('/inventory/', (req, res) => {
    const all = Object.values(inventory);
    res.set('X-Total-Count', String(all.length)).json(all);
  });
  app.get('/inventory/:itemId', (req, res) => {
    const item = Object.hasOwn(inventory, req.params.itemId) ? inventory[req.params.itemId] : undefined;
    if (item === undefined) return res.status(404).json({ detail: 'Item not found' });
    res.json(item);
  });

  // Malformed JSON is the client's error: 422 like FastAPI's, never the parser's message (it may quote the body).
  app.use((error, req, res, next) => {
    if (error.type === 'entity.parse.failed') return res.status(422).json({ detail: [{ loc: ['body'], msg: 'the body is not valid JSON' }] });
    next(error);
  });
  return app;
}

function signUpProblems(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [{ loc: ['body'], msg: 'must be an object' }];
  const problems = ['username', 'password', 'email'].flatMap((field) =>
    !(field in body) ? [{ loc: ['body', field], msg: 'field required' }] : typeof body[field] !== 'string' ? [{ loc: ['body', field], msg: 'must be a string' }] : [],
  );
  if (body.full_name !== undefined && body.full_name !== null && typeof body.full_name !== 'string') problems.push({ loc: ['body', 'full_name'], msg: 'must be a string or null' });
  return problems;
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
