import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { CursorCodec } from './domain/cursor.js';
import { newId } from './domain/ids.js';
import type { Auth } from './ports/auth.js';
import type { BlobStore } from './ports/blob-store.js';
import type { Derivatives } from './ports/derivatives.js';
import type { JobQueue } from './ports/job-queue.js';
import type { PhotoRepo } from './ports/photo-repo.js';
import type { SignedUrlVerifier, UrlSigner } from './ports/url-signer.js';
import { registerApiDocs } from './routes/api-docs.js';
import { installMetrics, type MetricsSettings } from './routes/metrics.js';
import { authRoutes } from './routes/auth.js';
import { cdnRoutes } from './routes/cdn.js';
import { installErrorHandling } from './routes/error-handler.js';
import { healthRoutes } from './routes/health.js';
import { MemoizedUrlSigner } from './routes/memoized-url-signer.js';
import { PageCache } from './routes/page-cache.js';
import { photoSchema } from './routes/photo-presenter.js';
import { photoRoutes } from './routes/photos.js';
import { uploadRoutes } from './routes/photos-upload.js';
import { publicShareRoutes } from './routes/public-share.js';
import { shareRoutes } from './routes/shares.js';
import { VerifiedTokenCache } from './routes/verified-token-cache.js';
import { webUiRoutes } from './routes/web-ui.js';

export interface AppDeps {
  auth: Auth;
  blobs: BlobStore;
  photos: PhotoRepo;
  /** Null for an API that does not see the queue (aws mode without QUEUE_URL). */
  queue: JobQueue | null;
  signer: UrlSigner;
  /** Present in local mode, where the API itself plays the CDN. */
  cdnVerifier: SignedUrlVerifier | null;
  derivatives: Derivatives;
  cursors: CursorCodec;
  settings: {
    publicUrl: string;
    maxUploadBytes: number;
    signedUrlSeconds: number;
    /** Prometheus metrics at /metrics; null serves none. */
    metrics: MetricsSettings | null;
    /** Memory for listing pages already built (PageCache); 0 builds each afresh. */
    listingCacheBytes: number;
    /** The built web front end, served at /; null to serve none. */
    webDir: string | null;
    /** Share links serve the bytes (local), or redirect to a short-lived signed CDN URL (aws). */
    shareDelivery: 'serve' | { redirectSeconds: number };
  };
  logger: FastifyServerOptions['logger'] | false;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Paths can carry secrets (share tokens, URL signatures): logs get neither. */
export function redactUrl(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.replace(/^\/s\/([A-Za-z0-9_-]{4})[A-Za-z0-9_-]*/, '/s/$1…');
}

/** Builds the API; it neither listens nor reads the environment. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger
      ? {
          ...(typeof deps.logger === 'object' ? deps.logger : {}),
          serializers: {
            req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: redactUrl(req.url), id: req.id }),
          },
        }
      : false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : newId();
    },
    // Unknown fields are refused with a 400 rather than silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
    trustProxy: true,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installErrorHandling(app);
  if (deps.settings.metrics) installMetrics(app, deps.settings.metrics);
  await app.register(multipart, { throwFileSizeLimit: true });

  const { settings } = deps;
  await registerApiDocs(app, settings.publicUrl);
  app.addSchema(photoSchema);
  // Photo JSON signs variant URLs on windowed expiries, so they can be remembered; share redirects sign fresh ones.
  const variantUrls = new MemoizedUrlSigner(deps.signer);
  const auth = new VerifiedTokenCache(deps.auth);
  await app.register(healthRoutes, { blobs: deps.blobs, photos: deps.photos, queue: deps.queue });
  await app.register(authRoutes, { auth });
  await app.register(uploadRoutes, {
    auth,
    blobs: deps.blobs,
    photos: deps.photos,
    signer: variantUrls,
    maxUploadBytes: settings.maxUploadBytes,
    signedUrlSeconds: settings.signedUrlSeconds,
  });
  await app.register(photoRoutes, {
    auth,
    blobs: deps.blobs,
    photos: deps.photos,
    signer: variantUrls,
    cursors: deps.cursors,
    signedUrlSeconds: settings.signedUrlSeconds,
    pages: new PageCache(settings.listingCacheBytes),
    originalUrlSeconds: 300,
  });
  await app.register(shareRoutes, { auth, photos: deps.photos, derivatives: deps.derivatives, publicUrl: settings.publicUrl });
  await app.register(publicShareRoutes, {
    blobs: deps.blobs,
    photos: deps.photos,
    derivatives: deps.derivatives,
    signer: deps.signer,
    delivery: settings.shareDelivery,
  });
  await app.register(webUiRoutes, { directory: settings.webDir, maxUploadBytes: settings.maxUploadBytes });
  if (deps.cdnVerifier) {
    await app.register(cdnRoutes, { blobs: deps.blobs, verifier: deps.cdnVerifier, publicUrl: settings.publicUrl });
  }
  return app;
}
