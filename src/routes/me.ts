import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireUser, type RequestAuthenticator } from '../http/authenticate.js';
import type { Auth } from '../ports/auth.js';
import { errors } from '../schemas/common.js';
import { Me } from '../schemas/me.js';
import type { PhotoService } from '../services/photo-service.js';

export interface MeRouteDeps {
  auth: RequestAuthenticator;
  identity: Auth;
  photos: PhotoService;
}

export const meRoutes: FastifyPluginAsyncTypebox<MeRouteDeps> = async (app, { auth, identity, photos }) => {
  requireUser(app, auth);

  app.get(
    '/me',
    {
      config: { scope: 'photos:read' },
      schema: {
        summary: 'Who you are, what your library holds, and its quota',
        response: { 200: Me, ...errors(401) },
      },
    },
    async (request) => {
      const [email, { usage, quotaBytes }] = await Promise.all([
        identity.emailOf(request.userId, request.accessToken),
        photos.usage(request.userId),
      ]);
      return { userId: request.userId, email, usage, quotaBytes };
    },
  );
};
