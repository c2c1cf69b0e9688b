/**
 * The reference implementation of the contract: the model answer for anyone
 * implementing it in another framework. Each FastAPI idiom maps onto a
 * Fastify one:
 *
 *   FastAPI                              Fastify (this server)
 *   `response: Response` parameter   ->  `reply.header()` / `reply.setCookie()` before returning data
 *   returning a Response directly    ->  returning a Fetch API `Response`
 *   `status_code=` / `response.status_code` -> `reply.code()`
 *   `response_model=`                ->  a declared response schema (serialization filters and fills defaults)
 *   `Depends()` writing the Response ->  a `preHandler` hook writing the same reply
 *   `CORSMiddleware(expose_headers=)`->  `@fastify/cors` with `exposedHeaders`
 */
import { DEFAULTS } from '../http/defaults';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import { headerRoutes } from './routes/headers';
import { cookieRoutes } from './routes/cookies';
import { statusCodeRoutes } from './routes/status-codes';
import { responseModelRoutes } from './routes/response-model';
import { dependencyRoutes } from './routes/dependencies';

export const DEFAULT_ALLOWED_ORIGIN = DEFAULTS.origin;

export interface ReferenceAppOptions {
  /** The one browser origin granted credentialed CORS access. */
  readonly allowedOrigin?: string;
  readonly logger?: boolean;
}

export async function buildReferenceApp(options: ReferenceAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024, // larger bodies answer 413
    // Validate, never coerce: by default Ajv would turn a null username into "" and accept it, where FastAPI answers 422.
    ajv: { customOptions: { coerceTypes: false } },
  });

  await app.register(fastifyCors, {
    // A list, not a string: the origin is echoed only when it is on the list, with `Vary: Origin`.
    origin: [options.allowedOrigin ?? DEFAULT_ALLOWED_ORIGIN],
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT'],
    // Custom headers are hidden from browser scripts unless listed here (FastAPI "Response Headers").
    exposedHeaders: ['X-Cat-Dog'],
  });
  await app.register(fastifyCookie);

  app.setErrorHandler(answerClientErrors);

  await app.register(headerRoutes);
  await app.register(cookieRoutes);
  await app.register(statusCodeRoutes);
  await app.register(responseModelRoutes);
  await app.register(dependencyRoutes);
  return app;
}

/**
 * A body that fails to parse or to validate is the client's error: 422 with
 * a FastAPI-shaped `{"detail": [...]}`. The detail is built from where and
 * why validation failed, never from the submitted values, so a password in
 * a rejected body is not echoed back.
 */
function answerClientErrors(error: FastifyError, _request: unknown, reply: import('fastify').FastifyReply) {
  if (error.validation) {
    const detail = error.validation.map((issue) => ({
      loc: [error.validationContext ?? 'body', ...issue.instancePath.split('/').filter(Boolean), ...missingProperty(issue.params)],
      msg: issue.message ?? 'is invalid',
      type: issue.keyword,
    }));
    return reply.code(422).send({ detail });
  }
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return reply.code(422).send({ detail: [{ loc: ['body'], msg: 'the body is not valid JSON', type: 'json_invalid' }] });
  }
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) reply.log.error(error);
  return reply.code(status).send({ detail: status === 500 ? 'Internal Server Error' : error.message });
}

function missingProperty(params: Record<string, unknown>): string[] {
  return typeof params.missingProperty === 'string' ? [params.missingProperty] : [];
}
