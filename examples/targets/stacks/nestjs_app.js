// The contract in NestJS on its Express platform, with CORS by
// app.enableCors({...}) and cookies by res.cookie, as Nest's docs say, and
// @nestjs/swagger generating the OpenAPI document (GET /openapi.json):
//
//   node examples/targets/stacks/nestjs_app.js [--port 0] [--origin https://frontend.example]
//
// It prints "listening on http://127.0.0.1:PORT" once it accepts connections.
// @nestjs/swagger documents what the decorators say; nothing in Nest holds the
// answers to it (no response model: a handler sends what it returns).
//
// Plain JavaScript: this project's tsconfig has no experimentalDecorators, and
// TypeScript's standard decorators have no parameter decorators (@Res(),
// @Body()), so the decorators are applied as the functions they are, the way
// TypeScript's own output (__decorate, __param) applies them.
'use strict';
require('reflect-metadata');
const { parseArgs } = require('node:util');
const { BaseExceptionFilter, NestFactory } = require('@nestjs/core');
const { BadRequestException, Body, Catch, Controller, Get, Header, HttpCode, Module, NotFoundException, Param, Post, Put, Res, UnprocessableEntityException, UseInterceptors, UsePipes } = require('@nestjs/common');
const { ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiProperty, DocumentBuilder, SwaggerModule } = require('@nestjs/swagger');
const { z } = require('zod');

/** `@decorator … method()`, by hand: the method decorators, then each parameter's at its index. */
function decorate(controller, method, decorators, params = []) {
  const proto = controller.prototype;
  params.forEach((decorator, index) => decorator?.(proto, method, index));
  Reflect.decorate(decorators, proto, method, Object.getOwnPropertyDescriptor(proto, method));
}

const HELLO = { message: 'Hello World' };
const DARK_SIDE = { message: 'Come to the dark side, we have cookies' };
// res.cookie's own defaults (Path=/): the contract asks nothing they do not give.
const COOKIE = {};

// The sign-up, validated by a schema pipe as Nest's "Pipes" docs show (with
// zod); the contract answers 422 where that example answers 400.
const signUp = z.object({ username: z.string(), password: z.string(), email: z.string(), full_name: z.string().nullish() });
class SchemaPipe {
  constructor(schema) {
    this.schema = schema;
  }
  transform(value) {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    // Where and why, never the input (it holds a password).
    throw new UnprocessableEntityException({ detail: parsed.error.issues.map((issue) => ({ loc: ['body', ...issue.path], msg: issue.message })) });
  }
}

// Nest answers a body that is not JSON 400, with the parser's message; the
// contract (like FastAPI) says 422, so an exception filter, as Nest's
// "Exception filters" docs write them, says it and hands the rest on.
class MalformedJsonFilter extends BaseExceptionFilter {
  catch(exception, host) {
    if (!(exception.cause instanceof SyntaxError)) return super.catch(exception, host);
    host.switchToHttp().getResponse().status(422).json({ detail: [{ loc: ['body'], msg: 'the body is not valid JSON' }] });
  }
}
Reflect.decorate([Catch(BadRequestException)], MalformedJsonFilter);

const items = {
  foo: { name: 'Foo', price: 50.2 },
  bar: { name: 'Bar', description: 'The bartenders', price: 62, tax: 20.2 },
  baz: { name: 'Baz', description: null, price: 50.2, tax: 10.5, tags: [] },
};

// The dependency: an interceptor on the route, which writes to the same response before the handler runs.
class TrackRequestSource {
  intercept(context, next) {
    context.switchToHttp().getResponse().set('X-Request-Source', 'dependency').cookie('tracked', 'yes', COOKIE);
    return next.handle();
  }
}

class ContractController {
  constructor() {
    this.tasks = new Map([['foo', 'Listen to the Bar Fighters']]);
  }
  headersAndObject() {
    return HELLO;
  }
  // A response returned directly: Express's own res, which Nest then leaves alone.
  headers(res) {
    res.set({ 'X-Cat-Dog': 'alone in the world', 'Content-Language': 'en-US' }).json(HELLO);
  }
  hiddenHeader() {
    return HELLO;
  }
  cookieAndObject(res) {
    res.cookie('fakesession', 'fake-cookie-session-value', COOKIE);
    return DARK_SIDE;
  }
  cookie(res) {
    res.cookie('fakesession', 'fake-cookie-session-value', COOKIE).json(DARK_SIDE);
  }
  twoCookies(res) {
    res.cookie('fakesession', 'fake-cookie-session-value', COOKIE).cookie('theme', 'dark', COOKIE);
    return { message: 'Two cookies' };
  }
  // Nest sends a returned string as text/html: the JSON string goes out by res.json.
  getOrCreateTask(taskId, res) {
    const created = !this.tasks.has(taskId);
    if (created) this.tasks.set(taskId, "This didn't exist before");
    res.status(created ? 201 : 200).json(this.tasks.get(taskId));
  }
  createUser(user, res) {
    res.set('X-Cat-Dog', 'alone in the world');
    const { username, email, full_name = null } = user; // no response model: the public fields by hand
    return { username, email, full_name };
  }
  readItem(itemId) {
    const item = Object.hasOwn(items, itemId) ? items[itemId] : undefined;
    if (item === undefined) throw new NotFoundException({ detail: 'Item not found' });
    return { description: null, tax: 10.5, tags: [], ...item };
  }
  dependencyHeaders(res) {
    res.set('X-Cat-Dog', 'alone in the world');
    return HELLO;
  }
}

const passthrough = Res({ passthrough: true }); // Nest still sends what the handler returns
Reflect.decorate([Controller()], ContractController);
decorate(ContractController, 'headersAndObject', [Get('headers-and-object/'), Header('X-Cat-Dog', 'alone in the world')]);
decorate(ContractController, 'headers', [Get('headers/')], [Res()]);
decorate(ContractController, 'hiddenHeader', [Get('hidden-header/'), Header('X-Cat-Dog', 'alone in the world'), Header('X-Hidden', 'not for browsers')]);
// A POST answers 201 in Nest unless told: the contract's answer 200.
decorate(ContractController, 'cookieAndObject', [Post('cookie-and-object/'), HttpCode(200)], [passthrough]);
decorate(ContractController, 'cookie', [Post('cookie/'), HttpCode(200)], [Res()]);
decorate(ContractController, 'twoCookies', [Get('two-cookies/')], [passthrough]);
decorate(ContractController, 'getOrCreateTask', [Put('get-or-create-task/:taskId')], [Param('taskId'), Res()]);
decorate(ContractController, 'createUser', [Post('user/'), HttpCode(200), UsePipes(new SchemaPipe(signUp))], [Body(), passthrough]);
decorate(ContractController, 'readItem', [Get('items/:itemId')], [Param('itemId')]);
decorate(ContractController, 'dependencyHeaders', [Get('dependency-headers/'), UseInterceptors(TrackRequestSource)], [passthrough]);

// The document's routes. The stored records carry supplier_cost, which the
// documented Product leaves out; the handlers return the records as they are.
const inventory = {
  hammer: { name: 'Hammer', price: 9.5, supplier_cost: 4.1 },
  saw: { name: 'Saw', price: 14, supplier_cost: 6.2 },
};
class Product {}
Reflect.decorate([ApiProperty({ type: String })], Product.prototype, 'name');
Reflect.decorate([ApiProperty({ type: Number })], Product.prototype, 'price');
class NotFound {}
Reflect.decorate([ApiProperty({ type: String, example: 'Item not found' })], NotFound.prototype, 'detail');

class InventoryController {
  list(res) {
    const all = Object.values(inventory);
    res.set('X-Total-Count', String(all.length));
    return all;
  }
  read(itemId) {
    const item = Object.hasOwn(inventory, itemId) ? inventory[itemId] : undefined;
    if (item === undefined) throw new NotFoundException({ detail: 'Item not found' });
    return item;
  }
}
Reflect.decorate([Controller('inventory')], InventoryController);
decorate(InventoryController, 'list', [Get('/'), ApiOkResponse({ type: Product, isArray: true, headers: { 'X-Total-Count': { description: 'How many items there are', schema: { type: 'integer' } } } })], [passthrough]);
decorate(InventoryController, 'read', [Get(':item_id'), ApiParam({ name: 'item_id', type: String, example: 'hammer' }), ApiOkResponse({ type: Product }), ApiNotFoundResponse({ type: NotFound })], [Param('item_id')]);

class AppModule {}
Reflect.decorate([Module({ controllers: [ContractController, InventoryController] })], AppModule);

async function createApp(allowedOrigin) {
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  app.useGlobalFilters(new MalformedJsonFilter(app.getHttpAdapter()));
  app.enableCors({ origin: allowedOrigin, credentials: true, exposedHeaders: ['X-Cat-Dog', 'X-Total-Count'] });
  // As the "OpenAPI" docs say, with the JSON document where FastAPI has it and no Swagger UI.
  const config = new DocumentBuilder().setTitle('response-conformance contract (NestJS)').setVersion('1.0.0').build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), { ui: false, raw: ['json'], jsonDocumentUrl: 'openapi.json' });
  return app;
}

if (require.main === module) {
  const { values } = parseArgs({ options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '0' }, origin: { type: 'string', default: 'https://frontend.example' } } });
  createApp(values.origin).then(async (app) => {
    await app.listen(Number(values.port), values.host);
    const { address, port } = app.getHttpServer().address();
    process.stdout.write(`listening on http://${address}:${port}\n`);
    process.once('SIGTERM', () => app.close());
    process.once('SIGINT', () => app.close());
  });
}

module.exports = { createApp };
