import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { clientAddress } from '../http/rate-limits.js';
import type { Auth } from '../ports/auth.js';
import type { SignInGuard } from '../services/sign-in-guard.js';
import { Confirmation, Credentials, Jwks, RefreshRequest, SignUpResult, Tokens } from '../schemas/auth.js';
import { NoContent, errors } from '../schemas/common.js';

/** Credentials and tokens take a few KB at most: a larger body is refused before it is parsed. */
const AUTH_BODY_LIMIT = 16 * 1024;

export interface AuthRouteDeps {
  auth: Auth;
  /** Growing delays after wrong passwords; null when rate limits are off. */
  guard: SignInGuard | null;
}

export const authRoutes: FastifyPluginAsyncTypebox<AuthRouteDeps> = async (app, { auth, guard }) => {
  app.post(
    '/auth/signup',
    {
      config: { throttle: 'signup' },
      bodyLimit: AUTH_BODY_LIMIT,
      schema: { summary: 'Create an account', body: Credentials, response: { 201: SignUpResult, ...errors(400, 408, 409, 429) } },
    },
    async (request, reply) => reply.status(201).send(await auth.signUp(request.body.email, request.body.password)),
  );

  app.post(
    '/auth/confirm',
    {
      config: { throttle: 'signup' },
      bodyLimit: AUTH_BODY_LIMIT,
      schema: {
        summary: 'Confirm an account with the emailed code (Cognito)',
        body: Confirmation,
        response: { 204: NoContent, ...errors(400, 408, 401, 404, 429) },
      },
    },
    async (request, reply) => {
      await auth.confirm(request.body.email, request.body.code);
      return reply.status(204).send();
    },
  );

  app.post(
    '/auth/login',
    {
      config: { throttle: 'login' },
      bodyLimit: AUTH_BODY_LIMIT,
      schema: { summary: 'Sign in', body: Credentials, response: { 200: Tokens, ...errors(400, 408, 401, 403, 429) } },
    },
    async (request) => {
      const { email, password } = request.body;
      const signIn = () => auth.login(email, password);
      return guard ? guard.attempt(email, clientAddress(request), signIn) : signIn();
    },
  );

  app.post(
    '/auth/refresh',
    {
      config: { throttle: 'session' },
      bodyLimit: AUTH_BODY_LIMIT,
      schema: {
        summary: 'New tokens for a refresh token, which is spent: keep the new refresh token',
        body: RefreshRequest,
        response: { 200: Tokens, ...errors(400, 408, 401, 429) },
      },
    },
    async (request) => auth.refresh(request.body.refreshToken),
  );

  app.post(
    '/auth/logout',
    {
      config: { throttle: 'session' },
      bodyLimit: AUTH_BODY_LIMIT,
      schema: { summary: 'Revoke a refresh token', body: RefreshRequest, response: { 204: NoContent, ...errors(400, 408, 429) } },
    },
    async (request, reply) => {
      await auth.logout(request.body.refreshToken);
      return reply.status(204).send();
    },
  );

  app.get(
    '/.well-known/jwks.json',
    {
      bodyLimit: AUTH_BODY_LIMIT,
      schema: { summary: "The local token issuer's public keys", response: { 200: Jwks, ...errors(404) } },
    },
    async (_request, reply) => {
      const jwks = await auth.jwks();
      if (!jwks) return reply.status(404).send({ error: { code: 'not_found', message: 'This issuer publishes no keys here' } });
      return reply.header('cache-control', 'public, max-age=3600').send(jwks as { keys: Record<string, unknown>[] });
    },
  );
};
