/**
 * FastAPI "Response Model - Return Type": the declared response schema is
 * the filter. The handler returns the whole stored user, password included;
 * serialization writes only the schema's properties and fills its defaults.
 */
import type { FastifyInstance } from 'fastify';

const userIn = {
  type: 'object',
  properties: {
    username: { type: 'string' },
    password: { type: 'string' },
    email: { type: 'string' },
    full_name: { type: ['string', 'null'] },
  },
  required: ['username', 'password', 'email'],
} as const;

const userOut = {
  type: 'object',
  properties: {
    username: { type: 'string' },
    email: { type: 'string' },
    full_name: { type: ['string', 'null'], default: null },
  },
  required: ['username', 'email'],
} as const;

const item = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    description: { type: ['string', 'null'], default: null },
    price: { type: 'number' },
    tax: { type: 'number', default: 10.5 },
    tags: { type: 'array', items: { type: 'string' }, default: [] },
  },
  required: ['name', 'price'],
} as const;

interface UserIn {
  username: string;
  password: string;
  email: string;
  full_name?: string | null;
}

// As stored: only what was given. The schema supplies the rest on the way out.
const items: Record<string, Record<string, unknown>> = {
  foo: { name: 'Foo', price: 50.2 },
  bar: { name: 'Bar', description: 'The bartenders', price: 62, tax: 20.2 },
  baz: { name: 'Baz', description: null, price: 50.2, tax: 10.5, tags: [] },
};

export async function responseModelRoutes(app: FastifyInstance) {
  app.post<{ Body: UserIn }>('/user/', { schema: { body: userIn, response: { 200: userOut } } }, async (request, reply) => {
    reply.header('X-Cat-Dog', 'alone in the world');
    return request.body; // password and all: the response schema drops it
  });

  app.get<{ Params: { itemId: string } }>(
    '/items/:itemId',
    { schema: { response: { 200: item } } },
    async (request, reply) => {
      const found = Object.hasOwn(items, request.params.itemId) ? items[request.params.itemId] : undefined;
      if (found === undefined) return reply.code(404).send({ detail: 'Item not found' });
      return found;
    },
  );
}
