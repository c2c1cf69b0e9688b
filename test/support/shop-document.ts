/**
 * The small OpenAPI 3.0 document the promise tests judge answers against:
 * GET /api/items/{item_id} with a JSON Item, a required X-Total-Count, an
 * X-Request-Id, a declared Set-Cookie and a 4XX range; GET /api/any with a
 * default. Each test gives its own schemas (the Item it needs) and paths.
 */
export function shopDocument(schemas: Readonly<Record<string, object>>, extraPaths: Readonly<Record<string, object>> = {}): object {
  return {
    openapi: '3.0.2',
    info: { title: 'Shop', version: '1' },
    paths: {
      '/api/items/{item_id}': {
        get: {
          responses: {
            '200': {
              description: 'ok',
              headers: {
                'X-Total-Count': { required: true, schema: { type: 'integer', minimum: 0 } },
                'X-Request-Id': { schema: { type: 'string', format: 'uuid' } },
                'Set-Cookie': { schema: { type: 'string' } },
              },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
            },
            '4XX': { description: 'a client error', content: { 'application/problem+json': { schema: { type: 'object' } } } },
          },
        },
      },
      '/api/any': { get: { responses: { default: { description: 'anything' } } } },
      ...extraPaths,
    },
    components: { schemas },
  };
}
