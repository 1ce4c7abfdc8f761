import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Clock } from '../ports/clock.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { UrlSigner } from '../ports/url-signer.js';
import { sendBlob } from '../http/send-blob.js';
import { ErrorBody, ImageBytes, NotModified, Redirect, Ref } from '../schemas/common.js';
import { TokenParams } from '../schemas/share.js';
import type { ShareService } from '../services/share-service.js';

export interface PublicShareDeps {
  shares: ShareService;
  blobs: BlobStore;
  signer: UrlSigner;
  clock: Clock;
  /** Share links serve the bytes (local), or redirect to a short-lived signed CDN URL (aws). */
  delivery: 'serve' | { redirectSeconds: number };
}

const PAGES = {
  404: ['Link not found', 'This link does not exist. Check that it was copied completely.'],
  410: ['Link no longer available', 'This link has expired or was revoked by the person who shared it.'],
  503: ['Almost there', 'The full-size photo is being prepared. This page will try again in a few seconds.'],
} as const;

const refusalPage = (status: 404 | 410 | 503, retryAfterSeconds?: number) => {
  const [title, text] = PAGES[status];
  const refresh = retryAfterSeconds ? `<meta http-equiv="refresh" content="${retryAfterSeconds}">` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">${refresh}<meta name="viewport" content="width=device-width,initial-scale=1"><title>${title} · photoshare</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}</style></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;
};

/** People open share links in a browser: a refusal is a readable page for them, JSON for API clients. */
const Refusal = {
  content: {
    'application/json': { schema: Ref(ErrorBody) },
    'text/html': { schema: { type: 'string' } },
  },
} as const;

export const publicShareRoutes: FastifyPluginAsyncTypebox<PublicShareDeps> = async (app, deps) => {
  app.get(
    '/s/:token',
    {
      config: { throttle: 'share' },
      schema: {
        summary: 'A public share link',
        description:
          'No token needed: the link is the secret. Serves the image (local mode) or redirects to a CDN URL valid for seconds (aws mode). A link to the full-size photo answers 503 `preparing` with Retry-After until the worker has made it (usually seconds after the link is created).',
        params: TokenParams,
        response: {
          200: ImageBytes,
          302: Redirect,
          304: NotModified,
          404: Refusal,
          410: Refusal,
          500: Ref(ErrorBody),
          503: { description: 'A full-size photo still being prepared: come back after Retry-After', ...Refusal },
        },
      },
    },
    async (request, reply) => {
      const opened = await deps.shares.open(request.params.token);
      if (!opened.served) {
        reply.status(opened.status).header('cache-control', 'no-store');
        if (opened.retryAfterSeconds) reply.header('retry-after', opened.retryAfterSeconds);
        if ((request.headers.accept ?? '').includes('text/html')) {
          return reply
            .type('text/html; charset=utf-8')
            .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
            .send(refusalPage(opened.status, opened.retryAfterSeconds));
        }
        return reply
          .type('application/json; charset=utf-8')
          .send(JSON.stringify({ error: { code: opened.code, message: opened.message } }));
      }
      reply.header('referrer-policy', 'no-referrer');
      if (deps.delivery !== 'serve') {
        // Checked live just now; the CDN URL it leads to lives only briefly, so revoking still takes effect.
        const target = deps.signer.sign(
          opened.blob.key,
          new Date(deps.clock.now().getTime() + deps.delivery.redirectSeconds * 1000),
        );
        return reply.header('cache-control', 'no-store').redirect(target, 302);
      }
      // Browsers must revalidate every time (no-cache), so a revoked link stops working at once.
      return sendBlob(request, reply, deps.blobs, { ...opened.blob, cacheControl: 'private, no-cache' });
    },
  );
};
