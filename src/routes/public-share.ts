import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, TooManyRequestsError } from '../domain/errors.js';
import type { Share } from '../domain/share.js';
import type { Clock } from '../ports/clock.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { UrlSigner } from '../ports/url-signer.js';
import { pagePolicy, wantsHtml } from '../http/html-page.js';
import { isLinkPreviewBot } from '../http/link-preview-bots.js';
import { etagMatches, sendBlob } from '../http/send-blob.js';
import { albumPage, passwordPage } from '../http/share-pages.js';
import { Refusal, sendPage, sendRefusal, sharePagePolicy, UNLOCK_COOKIE } from '../http/share-refusal.js';
import { presentSharedAlbum, SHARED_ALBUM_PAGE } from '../http/shared-album-presenter.js';
import { linkCardPage, sharedPhotoPage, UNTITLED_ALBUM, UNTITLED_PHOTO } from '../http/shared-photo-pages.js';
import { cardMayShow, imageCard, linkVariant, shownSize } from '../http/shared-photo-presenter.js';
import type { AlbumShareViewer } from '../services/album-share-viewer.js';
import type { DerivedBlob } from '../services/derived-images.js';
import { ErrorBody, ImageBytes, NotModified, Redirect, Ref } from '../schemas/common.js';
import {
  SharedAlbum,
  SharedAlbumQuery,
  SharedPhotoParams,
  SharedPhotoQuery,
  ShareUnlockBody,
  ShareUnlocked,
  TokenParams,
} from '../schemas/share.js';
import type { OpenedShare, ShareService } from '../services/share-service.js';
import { refusal, STATE_MESSAGES } from '../services/share-access.js';

export interface PublicShareDeps {
  shares: ShareService;
  blobs: BlobStore;
  signer: UrlSigner;
  clock: Clock;
  /** Share links serve the bytes (local), or redirect to a short-lived signed CDN URL (aws). */
  delivery: 'serve' | { redirectSeconds: number };
  /** What an album link shows. */
  albums: AlbumShareViewer;
  publicUrl: string;
  /** Cookies marked Secure (the public URL is https). */
  secureCookies: boolean;
}

const PAGE_CSP = pagePolicy();

/** What a request through a link is: the link itself (a page for browsers), its image for a page, or its download. */
type Asked = { as: 'link'; cursor?: string | undefined } | { as: 'image' } | { as: 'download' };

export const publicShareRoutes: FastifyPluginAsyncTypebox<PublicShareDeps> = async (app, deps) => {
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 4096 });

  const sendImage = async (request: FastifyRequest, reply: FastifyReply, blob: DerivedBlob, download: boolean) => {
    reply.header('referrer-policy', 'no-referrer');
    if (download) reply.header('content-disposition', 'attachment; filename="photo.jpg"');
    if (deps.delivery !== 'serve') {
      // Checked live just now; the CDN URL it leads to lives only briefly, so revoking still takes effect.
      const target = deps.signer.sign(blob.key, new Date(deps.clock.now().getTime() + deps.delivery.redirectSeconds * 1000));
      return reply.header('cache-control', 'no-store').redirect(target, 302);
    }
    // Browsers must revalidate every time (no-cache), so a revoked link stops working at once.
    return sendBlob(request, reply, deps.blobs, { ...blob, cacheControl: 'private, no-cache' });
  };

  /**
   * What counts as a visit: a GET without a valid ticket. A ticket comes with a page the link served and makes what
   * that page loads and links to (its image, download, an album's photos) part of the same visit for ten minutes
   * (ShareAccess.imageTicket), even once that visit was the last `maxViews` allows.
   */
  const visitOf = (request: FastifyRequest, share: Share, ticket: string | null) => {
    const until = deps.shares.ticketExpiry(share, share.photoId, ticket);
    return { counts: request.method === 'GET' && until === null, until: until ?? undefined };
  };

  const serve = async (request: FastifyRequest, reply: FastifyReply, token: string, asked: Asked, ticket: string | null) => {
    const proof = request.cookies[UNLOCK_COOKIE] ?? null;
    const download = asked.as === 'download';
    // Counted here, once what is served is known: a HEAD, a revalidation answered 304 (the browser has the image;
    // the link is no-cache), an album's further pages (a cursor that decoded) and a ticket's requests are no new visits.
    const opened = await deps.shares.open(token, proof, { download, countView: false, ticket });
    if (!opened.served) return sendRefusal(request, reply, token, opened);
    const { share } = opened;
    const visit = visitOf(request, share, ticket);
    const usedUp = () => sendRefusal(request, reply, token, refusal(410, 'used_up', STATE_MESSAGES.used_up));
    // A chat's crawler drawing a card for a link limited to maxViews: a card that shows nothing, not a visit.
    if (asked.as === 'link' && share.maxViews !== null && visit.counts && isLinkPreviewBot(request.headers['user-agent'])) {
      return sendPage(reply, linkCardPage('blob' in opened ? 'photo' : 'album'), PAGE_CSP);
    }
    if ('blob' in opened) {
      if (asked.as === 'link' && wantsHtml(request)) {
        if (visit.counts && !(await deps.shares.countVisit(share))) return usedUp();
        return sendPage(reply, photoPage(token, opened, visit.until), sharePagePolicy(deps.publicUrl));
      }
      const { etag } = opened.blob;
      const revalidated = deps.delivery === 'serve' && etag !== null && etagMatches(request.headers['if-none-match'], etag);
      if (visit.counts && !revalidated && !(await deps.shares.countVisit(share))) return usedUp();
      return sendImage(request, reply, opened.blob, download);
    }
    if (asked.as !== 'link')
      return sendRefusal(request, reply, token, refusal(404, 'not_found', 'An album link has no single image'));
    const { cursor } = asked;
    const page = await deps.albums.page(share, { limit: SHARED_ALBUM_PAGE, cursor });
    if ('served' in page) return sendRefusal(request, reply, token, page);
    if (visit.counts && cursor === undefined && !(await deps.shares.countVisit(share))) return usedUp();
    const shown = presentSharedAlbum(`${deps.publicUrl}/s/${token}`, share, page, (photoId) =>
      deps.albums.ticket(share, photoId, visit.until),
    );
    if (wantsHtml(request)) {
      const cover = page.items.find((photo) => photo.photoId === page.album.cover?.photoId) ?? page.items[0];
      const coverTicket = cover && encodeURIComponent(deps.albums.ticket(share, cover.photoId, visit.until));
      const title = page.album.title;
      const description = page.album.description || undefined;
      const card = !cardMayShow(share)
        ? share.passwordHash
          ? undefined
          : { title: UNTITLED_ALBUM }
        : cover
          ? imageCard(
              title,
              { src: `/s/${token}/photos/${cover.photoId}/preview?t=${coverTicket}`, ...shownSize(cover, 'preview') },
              deps.publicUrl,
              description,
            )
          : { title, ...(description && { description }) };
      const albumTicket = encodeURIComponent(deps.shares.imageTicket(share, share.photoId, visit.until));
      const more = shown.nextCursor && `/s/${token}?cursor=${encodeURIComponent(shown.nextCursor)}&t=${albumTicket}`;
      const html = albumPage(
        { ...shown, nextCursor: null },
        (photoId, ticketQuery) =>
          `/s/${token}/view/${photoId}${ticketQuery}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        card,
        more || null,
      );
      return sendPage(reply, html, sharePagePolicy(deps.publicUrl));
    }
    reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(shown));
  };

  /** A photo link's page: the image and the download through tickets, so they are part of this visit. */
  const photoPage = (token: string, opened: Extract<OpenedShare, { blob: DerivedBlob }>, notAfter: number | undefined) => {
    const { share, photo } = opened;
    const ticket = encodeURIComponent(deps.shares.imageTicket(share, share.photoId, notAfter));
    const image = { src: `/s/${token}/image?t=${ticket}`, ...shownSize(photo, linkVariant(share)) };
    const title = photo.title || UNTITLED_PHOTO;
    return sharedPhotoPage({
      title: photo.title,
      image,
      expiresAt: share.expiresAt,
      downloadUrl: share.allowDownload ? `/s/${token}/download?t=${ticket}` : null,
      card: cardMayShow(share)
        ? imageCard(title, image, deps.publicUrl)
        : share.passwordHash
          ? undefined
          : { title: UNTITLED_PHOTO },
    });
  };

  const imageResponses = {
    200: ImageBytes,
    302: Redirect,
    304: NotModified,
    401: { description: 'The link has a password: give it to `POST /s/{token}/unlock` first', ...Refusal },
    404: Refusal,
    410: Refusal,
    500: Ref(ErrorBody),
    503: { description: 'A full-size photo still being prepared: come back after Retry-After', ...Refusal },
  };

  app.get(
    '/s/:token',
    {
      config: { throttle: 'share' },
      schema: {
        summary: 'A public share link: a photo, or an album',
        description:
          'No token needed: the link is the secret. Serves the image (local mode) or redirects to a CDN URL valid for seconds (aws mode). A link to the full-size photo answers 503 `preparing` with Retry-After until the worker has made it (usually seconds after the link is created). A link with a password answers 401 `password_required` (browsers get a form) and nothing else until the password is given; one opened `maxViews` times answers 410 `used_up`.',
        params: TokenParams,
        querystring: SharedAlbumQuery,
        response: {
          ...imageResponses,
          400: Ref(ErrorBody),
          200: {
            description: 'The image of a photo link; the album (JSON, or a page for browsers) of an album link',
            content: {
              ...ImageBytes.content,
              'application/json': { schema: SharedAlbum },
              'text/html': { schema: { type: 'string' } },
            },
          },
        },
      },
    },
    (request, reply) =>
      serve(request, reply, request.params.token, { as: 'link', cursor: request.query.cursor }, request.query.t ?? null),
  );

  app.get(
    '/s/:token/download',
    {
      config: { throttle: 'share' },
      schema: {
        summary: 'The full-size photo of a share link, as a file',
        description:
          'Only for a link made with `allowDownload` (else 403 `download_not_allowed`): the photo at full size, without metadata. A password and `maxViews` apply as to the link itself; with the ticket of the page that offered it, it is part of that visit.',
        params: TokenParams,
        querystring: SharedPhotoQuery,
        response: { ...imageResponses, 400: Ref(ErrorBody), 403: Refusal },
      },
    },
    (request, reply) => serve(request, reply, request.params.token, { as: 'download' }, request.query.t ?? null),
  );

  app.get(
    '/s/:token/image',
    {
      config: { throttle: 'share' },
      schema: {
        summary: "A photo link's image, for its page and link cards",
        description:
          'The image `GET /s/{token}` gives API clients, whatever the Accept header. With the ticket of the page that shows it (`t`) it is part of that visit: not counted, and shown even once that visit was the last `maxViews` allows. Without one it is a visit like `GET /s/{token}`.',
        params: TokenParams,
        querystring: SharedPhotoQuery,
        response: { ...imageResponses, 400: Ref(ErrorBody) },
      },
    },
    (request, reply) => serve(request, reply, request.params.token, { as: 'image' }, request.query.t ?? null),
  );

  app.get(
    '/s/:token/photos/:photoId/:variant',
    {
      config: { throttle: 'share' },
      schema: {
        summary: "One photo's image through an album link",
        description:
          'While the link admits its visitor (live, and the password given) and the photo is still in the album and the library. `download` (the full-size photo as a file) only for a link made with `allowDownload`. Not counted as a view.',
        params: SharedPhotoParams,
        querystring: SharedPhotoQuery,
        response: { ...imageResponses, 403: Refusal },
      },
    },
    async (request, reply) => {
      const { token, photoId, variant } = request.params;
      const ticket = request.query.t ?? null;
      const blob = await deps.albums.image(token, request.cookies[UNLOCK_COOKIE] ?? null, photoId, variant, ticket);
      if ('served' in blob) return sendRefusal(request, reply, token, blob);
      return sendImage(request, reply, blob, variant === 'download');
    },
  );

  app.post(
    '/s/:token/unlock',
    {
      config: { throttle: 'share' },
      schema: {
        summary: "Give a share link's password",
        description:
          'As a form (`application/x-www-form-urlencoded`, from the page a browser gets) or JSON. Right: a cookie for this link, then 303 back to the link (form) or 200 (JSON). Wrong: 401 `wrong_password`; after a few wrong ones from one address each try must wait longer (429). The password is never accepted in the URL.',
        params: TokenParams,
        body: ShareUnlockBody,
        response: {
          200: ShareUnlocked,
          303: Redirect,
          400: Ref(ErrorBody),
          401: Refusal,
          404: Refusal,
          410: Refusal,
          429: Refusal,
        },
      },
    },
    async (request, reply) => {
      const path = `/s/${request.params.token}`;
      const fromForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      let unlocked: Awaited<ReturnType<ShareService['unlock']>>;
      try {
        unlocked = await deps.shares.unlock(request.params.token, request.body.password, request.ip);
      } catch (err) {
        if (!(err instanceof AppError) || !fromForm || (err.status !== 401 && err.status !== 429)) throw err;
        // The form again, saying what went wrong; the error handler answers JSON clients.
        if (err instanceof TooManyRequestsError) reply.header('retry-after', err.retryAfterSeconds);
        return reply
          .status(err.status)
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .header('content-security-policy', PAGE_CSP)
          .send(passwordPage(path, err.message));
      }
      reply.setCookie(UNLOCK_COOKIE, unlocked.proof, {
        path,
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.secureCookies,
        maxAge: unlocked.maxAgeSeconds,
      });
      reply.header('cache-control', 'no-store');
      if (fromForm) return reply.redirect(path, 303);
      return {
        unlocked: true as const,
        expiresAt: new Date(deps.clock.now().getTime() + unlocked.maxAgeSeconds * 1000).toISOString(),
      };
    },
  );
};
