import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireUser, type RequestAuthenticator } from '../http/authenticate.js';
import type { PhotoPresenter } from '../http/photo-presenter.js';
import { NoContent, Ref, errors } from '../schemas/common.js';
import { DEFAULT_PAGE, Photo, PhotoParams } from '../schemas/photo.js';
import { TrashEmptied, TrashListQuery, TrashPage } from '../schemas/trash.js';
import { MAX_EMPTY, type TrashService } from '../services/trash-service.js';

export interface TrashRouteDeps {
  auth: RequestAuthenticator;
  trash: TrashService;
  presenter: PhotoPresenter;
}

/** The trash: what DELETE /photos/:id moved there, until it is restored or purged. */
export const trashRoutes: FastifyPluginAsyncTypebox<TrashRouteDeps> = async (app, { auth, trash, presenter }) => {
  requireUser(app, auth);

  app.get(
    '/trash',
    {
      config: { scope: 'photos:read' },
      schema: {
        summary: 'Your trash, most recently trashed first',
        querystring: TrashListQuery,
        response: { 200: TrashPage, ...errors(400, 401) },
      },
    },
    async (request) => {
      const { limit = DEFAULT_PAGE, cursor } = request.query;
      const page = await trash.list(request.userId, { limit, cursor });
      return {
        items: page.items.map((photo) => presenter.presentTrashed(photo, trash.purgeAt(photo))),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.post(
    '/trash/:photoId/restore',
    {
      config: { scope: 'photos:delete' },
      schema: {
        summary: 'Put a photo back in the library',
        description:
          'It returns to its albums; the share links it had stay revoked. 409 `being_purged` once a purge of it has begun.',
        params: PhotoParams,
        response: { 200: Ref(Photo), ...errors(400, 401, 404, 409) },
      },
    },
    async (request) => presenter.present(await trash.restore(request.userId, request.params.photoId)),
  );

  app.delete(
    '/trash/:photoId',
    {
      config: { scope: 'photos:delete' },
      schema: {
        summary: 'Delete a photo in the trash for good, now',
        params: PhotoParams,
        response: { 204: NoContent, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await trash.purge(request.userId, request.params.photoId);
      return reply.status(204).send();
    },
  );

  app.delete(
    '/trash',
    {
      config: { scope: 'photos:delete' },
      schema: {
        summary: 'Empty the trash: delete every photo in it for good',
        description: `204 once the trash is empty. One call purges at most ${MAX_EMPTY} photos: with more, it answers 202 \`{purged, more: true}\`; call again.`,
        response: { 202: TrashEmptied, 204: NoContent, ...errors(401) },
      },
    },
    async (request, reply) => {
      const { purged, more } = await trash.empty(request.userId);
      if (more) return reply.status(202).send({ purged, more });
      return reply.status(204).send();
    },
  );
};
