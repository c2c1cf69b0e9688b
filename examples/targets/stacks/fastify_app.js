// The contract in Fastify with @fastify/cors and @fastify/cookie, configured as
// their docs say for one allowed origin with credentials, and @fastify/swagger
// generating the OpenAPI document from the routes' schemas:
//
//   node examples/targets/stacks/fastify_app.js [--port 0] [--origin https://frontend.example] [--no-coercion]
//
// It prints "listening on http://127.0.0.1:PORT" once it accepts connections.
// --no-coercion is the configured row of the compatibility table: Fastify's
// Ajv coerces types by default (coerceTypes: 'array'), so a JSON null where a
// string belongs becomes "" and passes; ajv.customOptions turns that off.
// Each route declares its response schema per status, as Fastify users do: the
// serializer writes only the declared fields (the response model) and fills
// their defaults; GET /openapi.json serves fastify.swagger().
'use strict';
const { parseArgs } = require('node:util');
const Fastify = require('fastify');
const cors = require('@fastify/cors');
const cookie = require('@fastify/cookie');
const swagger = require('@fastify/swagger');

const HELLO = { message: 'Hello World' };
const DARK_SIDE = { message: 'Come to the dark side, we have cookies' };
// @fastify/cookie writes no Path unless told (only SameSite=Lax); its README's examples say path: '/'.
const COOKIE = { path: '/' };

const message = { type: 'object', properties: { message: { type: 'string' } } };
const notFound = { description: 'Not found', type: 'object', properties: { detail: { type: 'string' } } };
const item = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    description: { type: ['string', 'null'], default: null },
    price: { type: 'number' },
    tax: { type: 'number', default: 10.5 },
    tags: { type: 'array', items: { type: 'string' }, default: [] },
  },
};
const product = { type: 'object', required: ['name', 'price'], properties: { name: { type: 'string' }, price: { type: 'number' } } };

async function createApp(allowedOrigin, { coercion = true } = {}) {
  const app = Fastify(coercion ? {} : { ajv: { customOptions: { coerceTypes: false } } });
  await app.register(swagger, { openapi: { info: { title: 'response-conformance contract (Fastify)', version: '1.0.0' } } });
  await app.register(cors, { origin: allowedOrigin, credentials: true, methods: ['GET', 'HEAD', 'POST', 'PUT'], exposedHeaders: ['X-Cat-Dog', 'X-Total-Count'] });
  await app.register(cookie);

  // Fastify's validation answers 400; the contract (like FastAPI) says 422, which
  // Fastify's "Validation and Serialization" docs show how to say. A body that is
  // not JSON is the same refusal; the message never quotes the body.
  app.setErrorHandler((error, request, reply) => {
    if (error.validation) return reply.code(422).send({ detail: error.validation.map((e) => ({ loc: [error.validationContext, ...e.instancePath.split('/').filter(Boolean)], msg: e.message })) });
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return reply.code(422).send({ detail: [{ loc: ['body'], msg: 'the body is not valid JSON' }] });
    reply.send(error);
  });

  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  app.get('/headers-and-object/', { schema: { response: { 200: message } } }, async (request, reply) => {
    reply.header('X-Cat-Dog', 'alone in the world');
    return HELLO;
  });
  app.get('/headers/', { schema: { response: { 200: message } } }, async (request, reply) => {
    reply.headers({ 'X-Cat-Dog': 'alone in the world', 'Content-Language': 'en-US' });
    return HELLO;
  });
  app.get('/hidden-header/', { schema: { response: { 200: message } } }, async (request, reply) => {
    reply.headers({ 'X-Cat-Dog': 'alone in the world', 'X-Hidden': 'not for browsers' });
    return HELLO;
  });
  const setSession = async (request, reply) => {
    reply.setCookie('fakesession', 'fake-cookie-session-value', COOKIE);
    return DARK_SIDE;
  };
  app.post('/cookie-and-object/', { schema: { response: { 200: message } } }, setSession);
  app.post('/cookie/', { schema: { response: { 200: message } } }, setSession);
  app.get('/two-cookies/', { schema: { response: { 200: message } } }, async (request, reply) => {
    reply.setCookie('fakesession', 'fake-cookie-session-value', COOKIE).setCookie('theme', 'dark', COOKIE);
    return { message: 'Two cookies' };
  });

  const tasks = new Map([['foo', 'Listen to the Bar Fighters']]);
  const taskParams = { type: 'object', properties: { taskId: { type: 'string' } } };
  app.put('/get-or-create-task/:taskId', { schema: { params: taskParams, response: { 200: { type: 'string' }, 201: { type: 'string' } } } }, async (request, reply) => {
    const { taskId } = request.params;
    if (!tasks.has(taskId)) {
      tasks.set(taskId, "This didn't exist before");
      reply.code(201);
    }
    // A string sent as it is would go out as text/plain: send it as the JSON its schema says.
    return reply.type('application/json').send(reply.serialize(tasks.get(taskId)));
  });

  // The body schema validates the sign-up; the 200 schema is the response model,
  // so returning the whole body sends no password.
  const signUp = {
    type: 'object',
    required: ['username', 'password', 'email'],
    properties: { username: { type: 'string' }, password: { type: 'string' }, email: { type: 'string' }, full_name: { type: ['string', 'null'] } },
  };
  const user = { type: 'object', properties: { username: { type: 'string' }, email: { type: 'string' }, full_name: { type: ['string', 'null'], default: null } } };
  app.post('/user/', { schema: { body: signUp, response: { 200: user } } }, async (request, reply) => {
    reply.header('X-Cat-Dog', 'alone in the world');
    return request.body;
  });

  const items = {
    foo: { name: 'Foo', price: 50.2 },
    bar: { name: 'Bar', description: 'The bartenders', price: 62, tax: 20.2 },
    baz: { name: 'Baz', description: null, price: 50.2, tax: 10.5, tags: [] },
  };
  const itemParams = { type: 'object', properties: { itemId: { type: 'string' } } };
  app.get('/items/:itemId', { schema: { params: itemParams, response: { 200: item, 404: notFound } } }, async (request, reply) => {
    const found = Object.hasOwn(items, request.params.itemId) ? items[request.params.itemId] : undefined;
    if (found === undefined) return reply.code(404).send({ detail: 'Item not found' });
    return found;
  });

  // A preHandler hook plays the dependency: it writes to the same reply.
  async function trackRequestSource(request, reply) {
    reply.header('X-Request-Source', 'dependency');
    reply.setCookie('tracked', 'yes', COOKIE);
  }
  app.get('/dependency-headers/', { preHandler: trackRequestSource, schema: { response: { 200: message } } }, async (request, reply) => {
    reply.header('X-Cat-Dog', 'alone in the world');
    return HELLO;
  });

  // The document's routes: the stored records carry supplier_cost, which the
  // response schemas leave out, so the serializer drops it.
  const inventory = {
    hammer: { name: 'Hammer', price: 9.5, supplier_cost: 4.1 },
    saw: { name: 'Saw', price: 14, supplier_cost: 6.2 },
  };
  app.get('/inventory/', {
    schema: { response: { 200: { description: 'The items', type: 'array', items: product, headers: { 'X-Total-Count': { type: 'integer' } } } } },
  }, async (request, reply) => {
    const all = Object.values(inventory);
    reply.header('X-Total-Count', String(all.length));
    return all;
  });
  app.get('/inventory/:item_id', {
    schema: {
      params: { type: 'object', required: ['item_id'], properties: { item_id: { type: 'string', examples: ['hammer'] } } },
      response: { 200: { description: 'The item', ...product }, 404: notFound },
    },
  }, async (request, reply) => {
    const found = Object.hasOwn(inventory, request.params.item_id) ? inventory[request.params.item_id] : undefined;
    if (found === undefined) return reply.code(404).send({ detail: 'Item not found' });
    return found;
  });

  return app;
}

if (require.main === module) {
  const { values } = parseArgs({ options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '0' }, origin: { type: 'string', default: 'https://frontend.example' }, 'no-coercion': { type: 'boolean', default: false } } });
  createApp(values.origin, { coercion: !values['no-coercion'] }).then(async (app) => {
    await app.listen({ host: values.host, port: Number(values.port) });
    const { address, port } = app.server.address();
    process.stdout.write(`listening on http://${address}:${port}\n`);
    process.once('SIGTERM', () => app.close());
    process.once('SIGINT', () => app.close());
  });
}

module.exports = { createApp };
