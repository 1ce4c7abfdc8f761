import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Auth } from '../ports/auth.js';
import { Confirmation, Credentials, Jwks, RefreshRequest, RefreshedTokens, SignUpResult, Tokens } from '../schemas/auth.js';
import { NoContent, errors } from '../schemas/common.js';

export const authRoutes: FastifyPluginAsyncTypebox<{ auth: Auth }> = async (app, { auth }) => {
  app.post(
    '/auth/signup',
    { schema: { summary: 'Create an account', body: Credentials, response: { 201: SignUpResult, ...errors(400, 409, 429) } } },
    async (request, reply) => reply.status(201).send(await auth.signUp(request.body.email, request.body.password)),
  );

  app.post(
    '/auth/confirm',
    {
      schema: {
        summary: 'Confirm an account with the emailed code (Cognito)',
        body: Confirmation,
        response: { 204: NoContent, ...errors(400, 401, 404, 429) },
      },
    },
    async (request, reply) => {
      await auth.confirm(request.body.email, request.body.code);
      return reply.status(204).send();
    },
  );

  app.post(
    '/auth/login',
    { schema: { summary: 'Sign in', body: Credentials, response: { 200: Tokens, ...errors(400, 401, 403, 429) } } },
    async (request) => auth.login(request.body.email, request.body.password),
  );

  app.post(
    '/auth/refresh',
    {
      schema: {
        summary: 'New access and ID tokens for a refresh token',
        body: RefreshRequest,
        response: { 200: RefreshedTokens, ...errors(400, 401, 429) },
      },
    },
    async (request) => auth.refresh(request.body.refreshToken),
  );

  app.post(
    '/auth/logout',
    { schema: { summary: 'Revoke a refresh token', body: RefreshRequest, response: { 204: NoContent, ...errors(400, 429) } } },
    async (request, reply) => {
      await auth.logout(request.body.refreshToken);
      return reply.status(204).send();
    },
  );

  app.get(
    '/.well-known/jwks.json',
    { schema: { summary: "The local token issuer's public keys", response: { 200: Jwks, ...errors(404) } } },
    async (_request, reply) => {
      const jwks = await auth.jwks();
      if (!jwks) return reply.status(404).send({ error: { code: 'not_found', message: 'This issuer publishes no keys here' } });
      return reply.header('cache-control', 'public, max-age=3600').send(jwks as { keys: Record<string, unknown>[] });
    },
  );
};
