import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Auth } from '../ports/auth.js';
import type { Clock } from '../ports/clock.js';
import { requireUser } from '../http/authenticate.js';
import { presentShare } from '../http/share-presenter.js';
import { NoContent, Ref, errors } from '../schemas/common.js';
import { PhotoParams } from '../schemas/photo.js';
import { CreatedShare, NewShare, ShareList, ShareParams } from '../schemas/share.js';
import type { ShareService } from '../services/share-service.js';

export interface ShareRouteDeps {
  auth: Auth;
  shares: ShareService;
  clock: Clock;
}

export const shareRoutes: FastifyPluginAsyncTypebox<ShareRouteDeps> = async (app, { auth, shares, clock }) => {
  requireUser(app, auth);

  app.post(
    '/photos/:photoId/share',
    {
      schema: {
        summary: 'Share a ready photo through a public link',
        params: PhotoParams,
        body: NewShare,
        response: { 201: Ref(CreatedShare), ...errors(400, 401, 403, 404, 408, 409) },
      },
    },
    async (request, reply) => {
      const { share, url } = await shares.create(request.userId, request.params.photoId, request.body ?? {});
      return reply.status(201).send({ ...presentShare(share, clock), url });
    },
  );

  app.get(
    '/photos/:photoId/shares',
    {
      schema: {
        summary: "The photo's share links, newest first",
        params: PhotoParams,
        response: { 200: ShareList, ...errors(400, 401, 404) },
      },
    },
    async (request) => ({
      items: (await shares.listForPhoto(request.userId, request.params.photoId)).map((share) => presentShare(share, clock)),
    }),
  );

  app.delete(
    '/shares/:shareId',
    {
      schema: {
        summary: 'Revoke a share link at once',
        params: ShareParams,
        response: { 204: NoContent, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await shares.revoke(request.userId, request.params.shareId);
      return reply.status(204).send();
    },
  );
};
