import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Clock } from '../ports/clock.js';
import { requireUser, type RequestAuthenticator } from '../http/authenticate.js';
import { presentShare } from '../http/share-presenter.js';
import { NoContent, Ref, errors } from '../schemas/common.js';
import { MAX_LIVE_SHARES } from '../domain/share.js';
import { PhotoParams } from '../schemas/photo.js';
import { AlbumParams } from '../schemas/album.js';
import { CreatedShare, DEFAULT_SHARE_PAGE, NewShare, ShareList, ShareListQuery, ShareParams } from '../schemas/share.js';
import type { ShareService } from '../services/share-service.js';

export interface ShareRouteDeps {
  auth: RequestAuthenticator;
  shares: ShareService;
  clock: Clock;
}

export const shareRoutes: FastifyPluginAsyncTypebox<ShareRouteDeps> = async (app, { auth, shares, clock }) => {
  requireUser(app, auth);

  app.post(
    '/photos/:photoId/share',
    {
      config: { scope: 'shares:write' },
      schema: {
        summary: 'Share a ready photo through a public link',
        description: `A photo has at most ${MAX_LIVE_SHARES} live links (revoked and expired ones do not count); one more is 409 \`too_many_shares\`.`,
        params: PhotoParams,
        body: NewShare,
        response: { 201: Ref(CreatedShare), ...errors(400, 401, 403, 404, 408, 409) },
      },
    },
    async (request, reply) => {
      const { share, url } = await shares.create(request.userId, request.params.photoId, request.body ?? {});
      return reply.status(201).send({ ...presentShare(share, clock, url), url });
    },
  );

  app.get(
    '/photos/:photoId/shares',
    {
      config: { scope: 'shares:read' },
      schema: {
        summary: "The photo's share links in every state, newest first, a page at a time",
        params: PhotoParams,
        querystring: ShareListQuery,
        response: { 200: ShareList, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { limit = DEFAULT_SHARE_PAGE, cursor } = request.query;
      const page = await shares.listForPhoto(request.userId, request.params.photoId, { limit, cursor });
      return { items: page.items.map((share) => presentShare(share, clock, shares.urlOf(share))), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/albums/:albumId/share',
    {
      config: { scope: 'shares:write' },
      schema: {
        summary: 'Share an album through a public link',
        description: `The link shows the album's photos in the library as they are when visited (photos added later included, removed or trashed ones not), with the same options as a photo link but \`variant\`. An album has at most ${MAX_LIVE_SHARES} live links.`,
        params: AlbumParams,
        body: NewShare,
        response: { 201: Ref(CreatedShare), ...errors(400, 401, 404, 408, 409) },
      },
    },
    async (request, reply) => {
      const { share, url } = await shares.createForAlbum(request.userId, request.params.albumId, request.body ?? {});
      return reply.status(201).send({ ...presentShare(share, clock, url), url });
    },
  );

  app.get(
    '/albums/:albumId/shares',
    {
      config: { scope: 'shares:read' },
      schema: {
        summary: "The album's share links in every state, newest first, a page at a time",
        params: AlbumParams,
        querystring: ShareListQuery,
        response: { 200: ShareList, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { limit = DEFAULT_SHARE_PAGE, cursor } = request.query;
      const page = await shares.listForAlbum(request.userId, request.params.albumId, { limit, cursor });
      return { items: page.items.map((share) => presentShare(share, clock, shares.urlOf(share))), nextCursor: page.nextCursor };
    },
  );

  app.delete(
    '/shares/:shareId',
    {
      config: { scope: 'shares:write' },
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
