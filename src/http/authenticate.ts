import type { FastifyInstance, FastifyRequest } from 'fastify';
import { unauthorized } from '../domain/errors.js';
import type { Auth } from '../ports/auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    userId: string;
  }
}

/**
 * Registers an onRequest hook on every route of the calling plugin: a request
 * without a valid access token ends in 401 before its body or query is even
 * looked at.
 */
export function requireUser(app: FastifyInstance, auth: Auth): void {
  if (!app.hasRequestDecorator('userId')) app.decorateRequest('userId', '');
  // The OpenAPI document (api-docs.ts) says so for every route the hook guards.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, security: [{ bearer: [] }] };
  });
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    if (!match?.[1]) throw unauthorized('Send an access token: Authorization: Bearer <token>');
    const principal = await auth.verify(match[1]);
    request.userId = principal.userId;
  });
}
