import cookie from '@fastify/cookie';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SHARED_ALBUM_PAGE } from '../http/shared-album-presenter.js';
import { Refusal, sendPage, sendRefusal, sharePagePolicy, UNLOCK_COOKIE } from '../http/share-refusal.js';
import { albumPhotoPage } from '../http/shared-photo-pages.js';
import { shownSize } from '../http/shared-photo-presenter.js';
import { ErrorBody, Ref } from '../schemas/common.js';
import { SharedViewParams, SharedViewQuery } from '../schemas/share.js';
import type { AlbumShareViewer } from '../services/album-share-viewer.js';
import { refusal, STATE_MESSAGES } from '../services/share-access.js';
import type { ShareService } from '../services/share-service.js';

export interface SharedAlbumViewerDeps {
  shares: ShareService;
  albums: AlbumShareViewer;
  publicUrl: string;
}

/**
 * One photo of an album link as a page, larger, with Previous / Next within the album and Back to album: plain
 * links, since share pages run no script. Opened from the album's page (with its ticket) it is part of that visit.
 */
export const sharedAlbumViewerRoutes: FastifyPluginAsyncTypebox<SharedAlbumViewerDeps> = async (app, deps) => {
  await app.register(cookie);
  app.get(
    '/s/:token/view/:photoId',
    {
      config: { throttle: 'share' },
      schema: {
        summary: 'One photo of an album link, as a page',
        description:
          'For browsers: the photo larger, Previous / Next in the album (within the page of the album it was opened from, `cursor`, and on to the next), Back to album, and a download when the link allows it. With the ticket the album page gave (`t`) it is part of that visit; without one it counts as a visit.',
        params: SharedViewParams,
        querystring: SharedViewQuery,
        response: {
          200: { description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } },
          400: Ref(ErrorBody),
          401: { description: 'The link has a password (browsers get the form)', ...Refusal },
          404: Refusal,
          410: Refusal,
          500: Ref(ErrorBody),
        },
      },
    },
    async (request, reply) => {
      const { token, photoId } = request.params;
      const { cursor } = request.query;
      const ticket = request.query.t ?? null;
      const found = await deps.albums.photo(token, request.cookies[UNLOCK_COOKIE] ?? null, photoId, ticket);
      if ('served' in found) return sendRefusal(request, reply, token, found);
      const { share, photo } = found;
      const until = deps.shares.ticketExpiry(share, photoId, ticket) ?? undefined;
      const page = await deps.albums.page(share, { limit: SHARED_ALBUM_PAGE, cursor });
      if ('served' in page) return sendRefusal(request, reply, token, page);
      if (request.method === 'GET' && until === undefined && !(await deps.shares.countVisit(share))) {
        return sendRefusal(request, reply, token, refusal(410, 'used_up', STATE_MESSAGES.used_up));
      }

      // Neighbours within the page it was opened from; after the page's last photo, the next page's first.
      const ids = page.items.map((item) => item.photoId);
      const at = ids.indexOf(photoId);
      const after = at >= 0 ? ids[at + 1] : undefined;
      let next: { id: string; cursor: string | undefined } | null = after ? { id: after, cursor } : null;
      if (at >= 0 && !after && page.nextCursor) {
        const following = await deps.albums.page(share, { limit: SHARED_ALBUM_PAGE, cursor: page.nextCursor });
        const first = 'served' in following ? undefined : following.items[0];
        if (first) next = { id: first.photoId, cursor: page.nextCursor };
      }
      const before = at > 0 ? ids[at - 1] : undefined;
      const previous = before ? { id: before, cursor } : null;

      const ticketFor = (id: string) => encodeURIComponent(deps.albums.ticket(share, id, until));
      const withCursor = (at?: string) => (at ? `&cursor=${encodeURIComponent(at)}` : '');
      const viewUrl = (to: { id: string; cursor: string | undefined } | null) =>
        to && `/s/${token}/view/${to.id}?t=${ticketFor(to.id)}${withCursor(to.cursor)}`;
      const albumTicket = encodeURIComponent(deps.shares.imageTicket(share, share.photoId, until));
      const base = `/s/${token}/photos/${photoId}`;
      const html = albumPhotoPage({
        title: photo.title,
        albumTitle: page.album.title,
        image: { src: `${base}/preview?t=${ticketFor(photoId)}`, ...shownSize(photo, 'preview') },
        expiresAt: share.expiresAt,
        downloadUrl: share.allowDownload ? `${base}/download?t=${ticketFor(photoId)}` : null,
        backUrl: `/s/${token}?t=${albumTicket}${withCursor(cursor)}#photo-${photoId}`,
        previousUrl: viewUrl(previous),
        nextUrl: viewUrl(next),
      });
      return sendPage(reply, html, sharePagePolicy(deps.publicUrl));
    },
  );
};
