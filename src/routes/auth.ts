import type { FastifyPluginAsync } from 'fastify';
import type { Auth } from '../ports/auth.js';

const credentials = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', minLength: 3, maxLength: 254 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
  },
} as const;

const refreshBody = {
  type: 'object',
  required: ['refreshToken'],
  additionalProperties: false,
  properties: { refreshToken: { type: 'string', minLength: 1, maxLength: 4096 } },
} as const;

const tokens = {
  type: 'object',
  properties: {
    accessToken: { type: 'string' },
    idToken: { type: 'string' },
    refreshToken: { type: 'string' },
    expiresIn: { type: 'integer' },
    tokenType: { type: 'string' },
  },
} as const;

export const authRoutes: FastifyPluginAsync<{ auth: Auth }> = async (app, { auth }) => {
  app.post<{ Body: { email: string; password: string } }>(
    '/auth/signup',
    {
      schema: {
        body: credentials,
        response: { 201: { type: 'object', properties: { userId: { type: 'string' }, confirmationRequired: { type: 'boolean' } } } },
      },
    },
    async (request, reply) => reply.status(201).send(await auth.signUp(request.body.email, request.body.password)),
  );

  app.post<{ Body: { email: string; code: string } }>(
    '/auth/confirm',
    {
      schema: {
        body: {
          type: 'object',
          required: ['email', 'code'],
          properties: { email: { type: 'string', maxLength: 254 }, code: { type: 'string', maxLength: 64 } },
        },
      },
    },
    async (request, reply) => {
      await auth.confirm(request.body.email, request.body.code);
      return reply.status(204).send();
    },
  );

  app.post<{ Body: { email: string; password: string } }>(
    '/auth/login',
    { schema: { body: credentials, response: { 200: tokens } } },
    async (request) => auth.login(request.body.email, request.body.password),
  );

  app.post<{ Body: { refreshToken: string } }>(
    '/auth/refresh',
    { schema: { body: refreshBody, response: { 200: tokens } } },
    async (request) => auth.refresh(request.body.refreshToken),
  );

  app.post<{ Body: { refreshToken: string } }>('/auth/logout', { schema: { body: refreshBody } }, async (request, reply) => {
    await auth.logout(request.body.refreshToken);
    return reply.status(204).send();
  });

  app.get('/.well-known/jwks.json', async (_request, reply) => {
    const jwks = await auth.jwks();
    if (!jwks) return reply.status(404).send({ error: { code: 'not_found', message: 'This issuer publishes no keys here' } });
    return reply.header('cache-control', 'public, max-age=3600').send(jwks);
  });
};
