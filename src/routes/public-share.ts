import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { variantKey } from '../domain/photo.js';
import { shareState } from '../domain/share.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Derivatives } from '../ports/derivatives.js';
import type { PhotoRepo } from '../ports/photo-repo.js';
import type { UrlSigner } from '../ports/url-signer.js';
import { sendBlob, type BlobResponse } from './send-blob.js';
import { hashShareToken } from './shares.js';

export interface PublicShareDeps {
  blobs: BlobStore;
  photos: PhotoRepo;
  derivatives: Derivatives;
  signer: UrlSigner;
  delivery: 'serve' | { redirectSeconds: number };
}

const PAGES = {
  404: ['Link not found', 'This link does not exist. Check that it was copied completely.'],
  410: ['Link no longer available', 'This link has expired or was revoked by the person who shared it.'],
} as const;

/** People open share links in a browser: they get a readable page, API clients get JSON. */
function refuse(request: FastifyRequest, reply: FastifyReply, status: 404 | 410, code: string, message: string) {
  reply.status(status).header('cache-control', 'no-store');
  if ((request.headers.accept ?? '').includes('text/html')) {
    const [title, text] = PAGES[status];
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title} · photoshare</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}</style></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`,
      );
  }
  return reply.send({ error: { code, message } });
}

export const publicShareRoutes: FastifyPluginAsync<PublicShareDeps> = async (app, deps) => {
  app.get<{ Params: { token: string } }>('/s/:token', async (request, reply) => {
    const { token } = request.params;
    const share = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await deps.photos.findShareByTokenHash(hashShareToken(token)) : null;
    if (!share) return refuse(request, reply, 404, 'not_found', 'Share link not found');
    const state = shareState(share, new Date());
    if (state !== 'live') return refuse(request, reply, 410, state, `This share link has ${state === 'revoked' ? 'been revoked' : 'expired'}`);
    const photo = await deps.photos.get(share.photoId);
    if (!photo || photo.status !== 'ready') return refuse(request, reply, 410, 'gone', 'The shared photo is no longer available');

    let blob: BlobResponse;
    // Browsers must revalidate every time (no-cache), so a revoked link stops working at once.
    const cacheControl = 'private, no-cache';
    if (share.variant === 'original') {
      const copy = await deps.derivatives.fullSize(photo);
      blob = { ...copy, cacheControl };
    } else {
      const variant = photo.variants[share.variant];
      blob = {
        key: variant?.key ?? variantKey(photo.userId, photo.photoId, share.variant, 'jpg'),
        contentType: variant?.contentType ?? 'image/jpeg',
        etag: variant?.etag ?? null,
        cacheControl,
      };
    }
    await deps.photos.countView(share.shareId);
    reply.header('referrer-policy', 'no-referrer');
    if (deps.delivery !== 'serve') {
      // Checked live just now; the CDN URL it leads to lives only briefly, so revoking still takes effect.
      const target = deps.signer.sign(blob.key, new Date(Date.now() + deps.delivery.redirectSeconds * 1000));
      return reply.header('cache-control', 'no-store').redirect(target, 302);
    }
    return sendBlob(request, reply, deps.blobs, blob);
  });
};
