import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireUser, type RequestAuthenticator } from '../http/authenticate.js';
import { sendEncoded, type PageCache } from '../http/page-cache.js';
import type { PhotoPresenter } from '../http/photo-presenter.js';
import { NoContent, Redirect, Ref, errors } from '../schemas/common.js';
import {
  DEFAULT_PAGE,
  ExistingCheck,
  ExistingPhotos,
  OriginalUrl,
  Photo,
  PhotoEdit,
  PhotoListQuery,
  PhotoPage,
  PhotoParams,
} from '../schemas/photo.js';
import type { PhotoService } from '../services/photo-service.js';
import type { TrashService } from '../services/trash-service.js';

export interface PhotoRouteDeps {
  auth: RequestAuthenticator;
  photos: PhotoService;
  trash: TrashService;
  presenter: PhotoPresenter;
  /** Listing pages already built, reused while the user's library version and the URL window hold. */
  pages: PageCache;
}

export const photoRoutes: FastifyPluginAsyncTypebox<PhotoRouteDeps> = async (app, { auth, photos, trash, presenter, pages }) => {
  requireUser(app, auth);

  app.get(
    '/photos',
    {
      config: { scope: 'photos:read' },
      schema: {
        summary: 'Your library, newest (uploaded, or taken) first: all of it, or what matches a search',
        description:
          'Filters combine: every one given must hold. With a filter, a page in aws mode may come back short (even empty) with a `nextCursor`: one request reads at most 1,000 photos there.',
        querystring: PhotoListQuery,
        response: { 200: PhotoPage, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const {
        limit = DEFAULT_PAGE,
        order = 'uploaded',
        cursor,
        tag,
        favorite = false,
        q,
        label,
        camera,
        from,
        to,
        albumId,
      } = request.query;
      const { userId } = request;
      // Read before the listing: a change made meanwhile moves the version on, so a page is never kept under a newer one than its own.
      const version = await photos.libraryVersion(userId);
      // One URL window for the key and the body, so a page is never kept under a window its URLs are not in.
      const window = presenter.window();
      const filters = [tag, favorite, q, label, camera, from, to, albumId, order].map((value) => value ?? '');
      const key = version === null ? null : JSON.stringify([userId, version, window, limit, cursor ?? '', ...filters]);
      const known = key === null ? undefined : pages.get(key);
      if (known) return sendEncoded(reply, known);

      const page = await photos.list(userId, { limit, order, cursor, tag, favorite, q, label, camera, from, to, albumId });
      const body = { items: presenter.presentAll(page.items, window), nextCursor: page.nextCursor };
      if (key === null) return body;
      const encoded = Buffer.from(reply.serialize(body) as string);
      pages.set(key, encoded);
      return sendEncoded(reply, encoded);
    },
  );

  app.post(
    '/photos/check',
    {
      config: { scope: 'photos:read' },
      schema: {
        summary: 'Which of these files you already have',
        description:
          'The SHA-256 of up to 1000 files; answers those your photos have, so that a client uploads only the others (an upload of the same bytes would answer 409 `duplicate`).',
        body: ExistingCheck,
        response: { 200: ExistingPhotos, ...errors(400, 401, 408) },
      },
    },
    async (request) => ({ existing: await photos.existing(request.userId, request.body.sha256) }),
  );

  app.get(
    '/photos/:photoId',
    {
      config: { scope: 'photos:read' },
      schema: { summary: 'One photo', params: PhotoParams, response: { 200: Ref(Photo), ...errors(400, 401, 404) } },
    },
    async (request) => presenter.present(await photos.get(request.userId, request.params.photoId)),
  );

  app.patch(
    '/photos/:photoId',
    {
      config: { scope: 'photos:write' },
      schema: {
        summary: 'Edit the title, description or tags, or mark a favourite',
        params: PhotoParams,
        body: PhotoEdit,
        response: { 200: Ref(Photo), ...errors(400, 401, 404, 408) },
      },
    },
    async (request) => presenter.present(await photos.edit(request.userId, request.params.photoId, request.body)),
  );

  app.delete(
    '/photos/:photoId',
    {
      config: { scope: 'photos:delete' },
      schema: {
        summary: 'Move the photo to the trash',
        description:
          'It leaves the library, its albums and search at once; its image URLs and share links stop serving (its links are revoked). It is kept, still counted in your usage, until it is restored (`POST /trash/{photoId}/restore`), purged (`DELETE /trash/{photoId}`) or TRASH_DAYS (30) have passed.',
        params: PhotoParams,
        response: { 204: NoContent, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await trash.trash(request.userId, request.params.photoId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/photos/:photoId/original',
    {
      config: { scope: 'photos:read' },
      schema: {
        summary: 'Download the original as uploaded',
        description:
          'Redirects to a URL valid for 5 minutes; with `Accept: application/json` answers that URL instead (a browser cannot send its token on a plain link).',
        params: PhotoParams,
        response: { 200: OriginalUrl, 302: Redirect, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { url, expiresAt } = await photos.originalUrl(request.userId, request.params.photoId);
      reply.header('cache-control', 'no-store');
      if (request.headers.accept?.includes('application/json')) return { url, expiresAt: expiresAt.toISOString() };
      return reply.redirect(url, 302);
    },
  );
};
