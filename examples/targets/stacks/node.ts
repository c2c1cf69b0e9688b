/** The Node stacks of the compatibility table: npm packages, this project's dev dependencies. */
import { npmNeeds, type Stack } from './stack';

/** The rule a stack breaks when its answer carries a field its document's response schema does not declare. */
const NO_CONTENT = 'OpenAPI 3.1 §4.8.17, the Response Object: `content` describes the response\'s payload, and a response declared without it is "a response with no return value" (the specification\'s own example); a body where none is declared is content-type-mismatch';
const RESPONSE_SCHEMA = 'the document\'s response schema is the promise (OpenAPI 3.0 §4.7.17, the Response Object); FastAPI docs, "Response Model": only the model\'s fields are sent, so a field the model leaves out (a password, a cost price) never reaches the client';

const fastifyPackages = ['fastify', '@fastify/cors', '@fastify/cookie', '@fastify/swagger'];

export const NODE_STACKS: readonly Stack[] = [
  {
    slug: 'koa',
    name: 'Koa + @koa/cors',
    configuration: 'as its docs say: `cors({ origin, credentials: true, exposeHeaders: ["X-Cat-Dog"] })`, routes on @koa/router, Koa\'s own cookie defaults',
    source: 'examples/targets/stacks/koa_app.js',
    command: process.execPath,
    args: ['examples/targets/stacks/koa_app.js', '--port', '0'],
    packages: [],
    npmPackages: ['koa', '@koa/cors', '@koa/router'],
    needs: npmNeeds(['koa', '@koa/cors', '@koa/router']),
    fails: [],
  },
  {
    slug: 'fastify',
    name: 'Fastify + @fastify/cors + @fastify/cookie',
    configuration: 'as their docs say: `cors({ origin, credentials: true, methods: ["GET", "HEAD", "POST", "PUT"], exposedHeaders: ["X-Cat-Dog", "X-Total-Count"] })` (its default methods are GET, HEAD, POST), `reply.setCookie(name, value, { path: "/" })`, a response schema per status on every route (the serializer is the response model), `setErrorHandler` answering validation errors 422 as Fastify\'s docs show; @fastify/swagger\'s document at GET /openapi.json',
    source: 'examples/targets/stacks/fastify_app.js',
    command: process.execPath,
    args: ['examples/targets/stacks/fastify_app.js', '--port', '0'],
    packages: [],
    npmPackages: fastifyPackages,
    needs: npmNeeds(fastifyPackages),
    fails: [
      {
        id: 'model-13',
        does: 'accepts a sign-up with `"username": null` and answers 200 with `"username": ""`: Fastify 5 runs Ajv with `coerceTypes: "array"` by default, which turns null into "" for a `type: "string"` property before the body is validated',
        rule: 'FastAPI docs, "Request Body" and "Handling Errors" (RequestValidationError): a body that does not fit the declared model, null for a required string among it, is refused with 422 (RFC 9110 §15.5.21)',
        fix: '`Fastify({ ajv: { customOptions: { coerceTypes: false } } })` (Fastify\'s "Validation and Serialization" docs), or a validator compiler with coercion off for the body only',
      },
    ],
    document: { findings: [] },
  },
  {
    slug: 'fastify-no-coercion',
    name: 'Fastify + @fastify/cors + @fastify/cookie',
    configuration: 'configured: `Fastify({ ajv: { customOptions: { coerceTypes: false } } })`, so that a null where a string belongs is refused',
    source: 'examples/targets/stacks/fastify_app.js',
    command: process.execPath,
    args: ['examples/targets/stacks/fastify_app.js', '--port', '0', '--no-coercion'],
    packages: [],
    npmPackages: fastifyPackages,
    needs: npmNeeds(fastifyPackages),
    fails: [],
    document: { findings: [] },
  },
  {
    slug: 'express-cors',
    name: 'Express + cors',
    configuration: 'as its docs say: `cors({ origin, credentials: true, exposedHeaders: ["X-Cat-Dog", "X-Total-Count"] })`, `res.cookie` with its defaults, `express.json()` with an error handler answering malformed JSON 422; an OpenAPI document written by hand (express_openapi.json), sent by `res.sendFile` at GET /openapi.json',
    source: 'examples/targets/stacks/express_app.js',
    command: process.execPath,
    args: ['examples/targets/stacks/express_app.js', '--port', '0'],
    packages: [],
    npmPackages: ['express', 'cors'],
    needs: npmNeeds(['express', 'cors']),
    fails: [],
    document: {
      findings: ['GET /inventory/', 'GET /inventory/{item_id}'].map((operation) => ({
        id: 'undeclared-field',
        operation,
        does: 'sends the stored records as they are, supplier_cost included (`res.json(record)`): Express has no response model, and nothing holds its answers to the hand-written document',
        rule: RESPONSE_SCHEMA,
        fix: 'send only the declared fields (`({ name, price }) => ({ name, price })`), or validate the answers against the document (express-openapi-validator with `validateResponses: true`)',
      })),
    },
  },
  {
    slug: 'nestjs',
    name: 'NestJS (Express platform)',
    configuration: 'as its docs say: `app.enableCors({ origin, credentials: true, exposedHeaders: ["X-Cat-Dog", "X-Total-Count"] })`, `res.cookie` through `@Res({ passthrough: true })`, `@Header()`, `@HttpCode(200)` on the POSTs (Nest answers a POST 201 unless told), a zod schema pipe answering 422 and an exception filter answering malformed JSON 422; @nestjs/swagger\'s document at GET /openapi.json. In plain JavaScript, the decorators applied as functions: this project\'s tsconfig has no experimentalDecorators',
    source: 'examples/targets/stacks/nestjs_app.js',
    command: process.execPath,
    args: ['examples/targets/stacks/nestjs_app.js', '--port', '0'],
    packages: [],
    npmPackages: ['@nestjs/core', '@nestjs/common', '@nestjs/platform-express', '@nestjs/swagger'],
    needs: npmNeeds(['@nestjs/core', '@nestjs/common', '@nestjs/platform-express', '@nestjs/swagger', 'reflect-metadata', 'rxjs', 'zod']),
    fails: [],
    document: {
      findings: [
        ...['GET /inventory', 'GET /inventory/{item_id}'].map((operation) => ({
          id: 'undeclared-field' as const,
          operation,
          does: 'returns the stored record, supplier_cost included: @nestjs/swagger documents the `Product` class ({name, price}) but filters nothing, and Nest serializes whatever the handler returns (its routes lose their trailing slash, so the operation is GET /inventory)',
          rule: RESPONSE_SCHEMA,
          fix: 'return class instances under `ClassSerializerInterceptor` with `@Exclude()` on supplier_cost (Nest\'s "Serialization" docs), or pick `{ name, price }` in the handler',
        })),
        ...['GET /dependency-headers', 'GET /headers', 'GET /headers-and-object', 'GET /hidden-header', 'GET /two-cookies'].map((operation) => ({
          id: 'content-type-mismatch' as const,
          operation,
          does: 'answers a JSON body from a handler with no `@ApiOkResponse`: @nestjs/swagger then documents `200: {description: ""}` with no content, a response with no return value, and a client generated from the document expects no body',
          rule: NO_CONTENT,
          fix: 'declare what the handler returns with `@ApiOkResponse({ type: … })` (or `@ApiResponse`), or turn on the @nestjs/swagger CLI plugin, which documents return types',
        })),
      ],
    },
  },
];
