import type { FastifyPluginAsync } from 'fastify';
import type { CursorCodec } from '../domain/cursor.js';
import { notFound } from '../domain/errors.js';
import { cleanDescription, cleanTags, cleanTitle, type Photo } from '../domain/photo.js';
import type { Auth } from '../ports/auth.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { PhotoRepo } from '../ports/photo-repo.js';
import type { UrlSigner } from '../ports/url-signer.js';
import { requireUser } from './authenticate.js';
import type { PageCache } from './page-cache.js';
import { presentPhoto, signedUrlExpiry } from './photo-presenter.js';

export interface PhotoRouteDeps {
  auth: Auth;
  blobs: BlobStore;
  photos: PhotoRepo;
  signer: UrlSigner;
  cursors: CursorCodec;
  signedUrlSeconds: number;
  /** Listing pages already built, reused while the user's library version and the URL window hold. */
  pages: PageCache;
  /** How long the redirect for an original download stays valid. */
  originalUrlSeconds: number;
}

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

const params = {
  type: 'object',
  required: ['photoId'],
  properties: { photoId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } },
} as const;

/** A photo the caller owns, or 404 — the same 404 whether it is missing or someone else's. */
export async function ownedPhoto(photos: PhotoRepo, userId: string, photoId: string): Promise<Photo> {
  const photo = await photos.get(photoId);
  if (!photo || photo.userId !== userId) throw notFound('Photo');
  return photo;
}

export const photoRoutes: FastifyPluginAsync<PhotoRouteDeps> = async (app, deps) => {
  requireUser(app, deps.auth);
  const present = (photo: Photo) => presentPhoto(photo, deps.signer, deps.signedUrlSeconds);

  app.get<{ Querystring: { limit?: number; cursor?: string; tag?: string } }>(
    '/photos',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE },
            cursor: { type: 'string', maxLength: 512 },
            tag: { type: 'string', minLength: 1, maxLength: 50 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { items: { type: 'array', items: { $ref: 'Photo#' } }, nextCursor: { type: ['string', 'null'] } },
          },
        },
      },
    },
    async (request, reply) => {
      const { limit = DEFAULT_PAGE, cursor } = request.query;
      const { userId } = request;
      const after = cursor ? deps.cursors.decode(userId, cursor) : undefined;
      const tag = request.query.tag?.trim().toLowerCase();
      const now = new Date();
      // Read before the listing: a change made meanwhile moves the version on, so a page is never kept under a newer one than its own.
      const version = await deps.photos.libraryVersion(userId);
      const window = signedUrlExpiry(now, deps.signedUrlSeconds).getTime();
      const key = version === null ? null : JSON.stringify([userId, version, window, limit, cursor ?? '', tag ?? '']);
      const known = key === null ? undefined : deps.pages.get(key);
      if (known) return reply.type('application/json; charset=utf-8').send(known);

      const page = await deps.photos.list({ userId, limit, after, tag });
      const body = {
        items: page.items.map((photo) => presentPhoto(photo, deps.signer, deps.signedUrlSeconds, now)),
        nextCursor: page.next ? deps.cursors.encode(userId, page.next) : null,
      };
      if (key === null) return body;
      const encoded = Buffer.from(String(reply.serialize(body)));
      deps.pages.set(key, encoded);
      return reply.type('application/json; charset=utf-8').send(encoded);
    },
  );

  app.get<{ Params: { photoId: string } }>(
    '/photos/:photoId',
    { schema: { params, response: { 200: { $ref: 'Photo#' } } } },
    async (request) => present(await ownedPhoto(deps.photos, request.userId, request.params.photoId)),
  );

  app.patch<{ Params: { photoId: string }; Body: { title?: string; description?: string; tags?: string[] | string } }>(
    '/photos/:photoId',
    {
      schema: {
        params,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            title: { type: 'string' },
            description: { type: 'string' },
            tags: { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }] },
          },
        },
        response: { 200: { $ref: 'Photo#' } },
      },
    },
    async (request) => {
      await ownedPhoto(deps.photos, request.userId, request.params.photoId);
      const { title, description, tags } = request.body;
      const updated = await deps.photos.update(
        request.params.photoId,
        {
          ...(title !== undefined && { title: cleanTitle(title) }),
          ...(description !== undefined && { description: cleanDescription(description) }),
          ...(tags !== undefined && { tags: cleanTags(tags) }),
        },
        new Date(),
      );
      if (!updated) throw notFound('Photo');
      return present(updated);
    },
  );

  app.delete<{ Params: { photoId: string } }>('/photos/:photoId', { schema: { params } }, async (request, reply) => {
    const photo = await ownedPhoto(deps.photos, request.userId, request.params.photoId);
    // Record first: once it is gone nothing points at the blobs, so a crash after it leaves only unreachable bytes.
    await deps.photos.delete(photo.photoId);
    await deps.blobs.delete(photo.originalKey);
    await deps.blobs.deletePrefix(`processed/${photo.userId}/${photo.photoId}/`);
    return reply.status(204).send();
  });

  app.get<{ Params: { photoId: string } }>('/photos/:photoId/original', { schema: { params } }, async (request, reply) => {
    const photo = await ownedPhoto(deps.photos, request.userId, request.params.photoId);
    const expiresAt = new Date(Date.now() + deps.originalUrlSeconds * 1000);
    const url = await deps.signer.signOriginal(photo.originalKey, expiresAt);
    reply.header('cache-control', 'no-store');
    // A browser cannot send its bearer token on a plain link: it asks for the URL instead of the redirect.
    if (request.headers.accept?.includes('application/json')) return { url, expiresAt: expiresAt.toISOString() };
    return reply.redirect(url, 302);
  });
};
