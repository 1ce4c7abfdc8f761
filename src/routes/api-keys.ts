import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ApiKey } from '../domain/api-key.js';
import { requireUser, type RequestAuthenticator } from '../http/authenticate.js';
import { ApiKeyList, ApiKeyParams, CreatedApiKey, NewApiKey } from '../schemas/api-key.js';
import { NoContent, errors } from '../schemas/common.js';
import type { ApiKeyService } from '../services/api-key-service.js';
import { MAX_API_KEYS_PER_USER } from '../domain/api-key.js';

export interface ApiKeyRouteDeps {
  auth: RequestAuthenticator;
  apiKeys: ApiKeyService;
}

const present = ({ keyId, name, scopes, createdAt, expiresAt, lastUsedAt }: ApiKey) => ({
  keyId,
  name,
  scopes,
  createdAt,
  expiresAt,
  lastUsedAt,
});

/** Managing keys takes a signed-in user: these routes have no scope, so no API key can call them. */
export const apiKeyRoutes: FastifyPluginAsyncTypebox<ApiKeyRouteDeps> = async (app, { auth, apiKeys }) => {
  requireUser(app, auth);

  app.post(
    '/api-keys',
    {
      schema: {
        summary: 'Make an API key for a script or an app',
        description: `At most ${MAX_API_KEYS_PER_USER} keys; a create past that is 409 \`too_many_api_keys\`.`,
        body: NewApiKey,
        response: { 201: CreatedApiKey, ...errors(400, 408, 409) },
      },
    },
    async (request, reply) => {
      const { apiKey, secret } = await apiKeys.create(request.userId, request.body);
      return reply.status(201).send({ ...present(apiKey), key: secret });
    },
  );

  app.get(
    '/api-keys',
    {
      schema: { summary: 'Your API keys, newest first (never the keys themselves)', response: { 200: ApiKeyList, ...errors() } },
    },
    async (request) => ({ items: (await apiKeys.list(request.userId)).map(present) }),
  );

  app.delete(
    '/api-keys/:keyId',
    {
      schema: {
        summary: 'Revoke an API key: refused from the next request on',
        params: ApiKeyParams,
        response: { 204: NoContent, ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      await apiKeys.revoke(request.userId, request.params.keyId);
      return reply.status(204).send();
    },
  );
};
