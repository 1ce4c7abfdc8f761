import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, TooManyRequestsError } from '../domain/errors.js';
import { pagePolicy, wantsHtml } from './html-page.js';
import { notFoundPage } from './not-found-page.js';
import { isClientAbort } from './request-log.js';

const codeFor = (status: number): string =>
  ({
    400: 'bad_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    406: 'not_acceptable',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'too_many_requests',
  })[status] ?? 'error';

/** Every error leaves as `{"error": {"code", "message"}}`; a 5xx never shows internals. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    // Refused before its body was read (429, 401, 413 …): close rather than read the rest only to drop it.
    if (!request.raw.complete && !request.raw.destroyed) reply.header('connection', 'close');
    if (err instanceof AppError) {
      if (err instanceof TooManyRequestsError) reply.header('retry-after', String(err.retryAfterSeconds));
      return reply.status(err.status).send({ error: { code: err.code, message: err.message }, ...err.extra });
    }
    if (err.validation) {
      return reply.status(400).send({ error: { code: 'invalid_request', message: err.message } });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = status === 413 ? 'payload_too_large' : codeFor(status);
      return reply.status(status).send({ error: { code, message: err.message } });
    }
    if (isClientAbort(err, request.raw.destroyed)) {
      request.log.info({ reason: err.message }, 'the client went away before the answer');
      return reply.status(400).send({ error: { code: 'client_aborted', message: 'The request was not received whole' } });
    }
    request.log.error({ err }, 'request failed');
    return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on our side' } });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404);
    // A browser that followed a bad link or typed a wrong address: a page, not the envelope.
    if (request.method === 'GET' && wantsHtml(request)) {
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', pagePolicy())
        .send(notFoundPage());
    }
    return reply.send({ error: { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}` } });
  });
}
