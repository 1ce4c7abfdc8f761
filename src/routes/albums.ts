import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MAX_ALBUMS_PER_USER, MAX_PHOTOS_PER_ALBUM, MAX_PHOTOS_PER_CHANGE } from '../domain/album.js';
import type { AlbumPresenter } from '../http/album-presenter.js';
import { requireUser, type RequestAuthenticator } from '../http/authenticate.js';
import type { PhotoPresenter } from '../http/photo-presenter.js';
import {
  Album,
  AlbumEdit,
  AlbumListQuery,
  AlbumPage,
  AlbumParams,
  AlbumPhotoIds,
  AlbumPhotoListQuery,
  DEFAULT_ALBUM_PAGE,
  NewAlbum,
} from '../schemas/album.js';
import { NoContent, Ref, errors } from '../schemas/common.js';
import { DEFAULT_PAGE, PhotoPage } from '../schemas/photo.js';
import type { AlbumService } from '../services/album-service.js';

export interface AlbumRouteDeps {
  auth: RequestAuthenticator;
  albums: AlbumService;
  presenter: AlbumPresenter;
  photoPresenter: PhotoPresenter;
}

const CHANGE_RULES = `1 to ${MAX_PHOTOS_PER_CHANGE} ids. Any id that is not a photo of yours in the library (missing, someone else's, in the trash) is 404 for the whole call, and nothing changes.`;

export const albumRoutes: FastifyPluginAsyncTypebox<AlbumRouteDeps> = async (
  app,
  { auth, albums, presenter, photoPresenter },
) => {
  requireUser(app, auth);

  app.post(
    '/albums',
    {
      config: { scope: 'photos:write' },
      schema: {
        summary: 'Create an album',
        description: `At most ${MAX_ALBUMS_PER_USER} albums each; one more is 409 \`too_many_albums\`.`,
        body: NewAlbum,
        response: { 201: Ref(Album), ...errors(400, 401, 408, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(presenter.present(await albums.create(request.userId, request.body))),
  );

  app.get(
    '/albums',
    {
      config: { scope: 'photos:read' },
      schema: {
        summary: 'Your albums, newest created first',
        querystring: AlbumListQuery,
        response: { 200: AlbumPage, ...errors(400, 401) },
      },
    },
    async (request) => {
      const { limit = DEFAULT_ALBUM_PAGE, cursor } = request.query;
      const page = await albums.list(request.userId, { limit, cursor });
      return { items: presenter.presentAll(page.items), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/albums/:albumId',
    {
      config: { scope: 'photos:read' },
      schema: { summary: 'One album', params: AlbumParams, response: { 200: Ref(Album), ...errors(400, 401, 404) } },
    },
    async (request) => presenter.present(await albums.get(request.userId, request.params.albumId)),
  );

  app.patch(
    '/albums/:albumId',
    {
      config: { scope: 'photos:write' },
      schema: {
        summary: 'Rename the album, describe it, or choose its cover',
        description:
          'The cover must be a photo of the album in your library: 404 for a photo that is not yours or is in the trash, 400 `cover_not_in_album` for one of yours not in the album.',
        params: AlbumParams,
        body: AlbumEdit,
        response: { 200: Ref(Album), ...errors(400, 401, 404, 408) },
      },
    },
    async (request) => presenter.present(await albums.edit(request.userId, request.params.albumId, request.body)),
  );

  app.delete(
    '/albums/:albumId',
    {
      config: { scope: 'photos:write' },
      schema: {
        summary: 'Delete the album; its photos stay in your library',
        params: AlbumParams,
        response: { 204: NoContent, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await albums.delete(request.userId, request.params.albumId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/albums/:albumId/photos',
    {
      config: { scope: 'photos:read' },
      schema: {
        summary: "The album's photos, newest taken first",
        description: 'Photos in the trash are not listed. A page may be shorter than asked, with a cursor to read on.',
        params: AlbumParams,
        querystring: AlbumPhotoListQuery,
        response: { 200: PhotoPage, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { limit = DEFAULT_PAGE, cursor } = request.query;
      const page = await albums.listPhotos(request.userId, request.params.albumId, { limit, cursor });
      return { items: photoPresenter.presentAll(page.items), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/albums/:albumId/photos',
    {
      config: { scope: 'photos:write' },
      schema: {
        summary: 'Add photos to the album',
        description: `${CHANGE_RULES} Photos already in the album are not an error. An album holds at most ${MAX_PHOTOS_PER_ALBUM.toLocaleString('en')} photos: past that, 409 \`album_full\` and nothing is added.`,
        params: AlbumParams,
        body: AlbumPhotoIds,
        response: { 200: Ref(Album), ...errors(400, 401, 404, 408, 409) },
      },
    },
    async (request) => presenter.present(await albums.addPhotos(request.userId, request.params.albumId, request.body.photoIds)),
  );

  app.delete(
    '/albums/:albumId/photos',
    {
      config: { scope: 'photos:write' },
      schema: {
        summary: 'Take photos out of the album (they stay in your library)',
        description: `${CHANGE_RULES} Photos not in the album are ignored.`,
        params: AlbumParams,
        body: AlbumPhotoIds,
        response: { 200: Ref(Album), ...errors(400, 401, 404, 408) },
      },
    },
    async (request) =>
      presenter.present(await albums.removePhotos(request.userId, request.params.albumId, request.body.photoIds)),
  );
};
