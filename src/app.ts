import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { CursorCodec } from './domain/cursor.js';
import { SecretSealer } from './domain/secret-sealer.js';
import { installErrorHandling } from './http/error-handler.js';
import { MemoizedUrlSigner } from './http/memoized-url-signer.js';
import { installMetrics, type MetricsSettings } from './http/metrics.js';
import { PageCache } from './http/page-cache.js';
import { PhotoPresenter } from './http/photo-presenter.js';
import { AlbumPresenter } from './http/album-presenter.js';
import { clientRequestIdOf, newRequestId, redactUrl } from './http/request-log.js';
import { clientErrorHandler, frameworkErrors } from './http/framework-errors.js';
import { installIdleTimeouts } from './http/idle-timeouts.js';
import { installJsonBodyParser } from './http/json-body.js';
import { installRateLimits, type UsagePlan } from './http/rate-limits.js';
import { UploadsInFlight } from './http/uploads-in-flight.js';
import { DownloadsInFlight } from './http/downloads-in-flight.js';
import { installResponseHeaders } from './http/response-headers.js';
import { RequestAuthenticator } from './http/authenticate.js';
import { sharedSerializers } from './http/shared-serializers.js';
import { VerifiedTokenCache } from './http/verified-token-cache.js';
import type { AccountDeletionRepo } from './ports/account-deletions.js';
import type { IdentityAccounts } from './ports/accounts.js';
import type { AlbumRepo } from './ports/album-repo.js';
import type { ApiKeyRepo } from './ports/api-key-repo.js';
import type { DownloadTicketStore } from './ports/download-tickets.js';
import type { Auth } from './ports/auth.js';
import type { MultiFactor } from './ports/multi-factor.js';
import type { BlobStore } from './ports/blob-store.js';
import type { Clock } from './ports/clock.js';
import type { ImageProcessor } from './ports/image-processor.js';
import type { JobQueue } from './ports/job-queue.js';
import type { PasswordRecovery } from './ports/passwords.js';
import type { PhotoRepo } from './ports/photo-repo.js';
import type { SocialSignIn } from './ports/social-sign-in.js';
import type { ThrottleStore } from './ports/throttle-store.js';
import type { SignedUrlVerifier, UrlSigner } from './ports/url-signer.js';
import { accountRoutes } from './routes/account.js';
import { albumRoutes } from './routes/albums.js';
import { registerApiDocs } from './routes/api-docs.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { downloadRoutes } from './routes/downloads.js';
import { authRoutes } from './routes/auth.js';
import { cdnRoutes } from './routes/cdn.js';
import { healthRoutes } from './routes/health.js';
import { meRoutes } from './routes/me.js';
import { mfaRoutes } from './routes/mfa.js';
import { passwordRoutes } from './routes/passwords.js';
import { oauthRoutes } from './routes/oauth.js';
import { photoRoutes } from './routes/photos.js';
import { uploadRoutes } from './routes/photos-upload.js';
import { publicShareRoutes } from './routes/public-share.js';
import { sharedAlbumViewerRoutes } from './routes/shared-album-viewer.js';
import { shareRoutes } from './routes/shares.js';
import { trashRoutes } from './routes/trash.js';
import { appPageUrl, webUiRoutes } from './routes/web-ui.js';
import { addSharedSchemas } from './http/shared-schemas.js';
import { AccountGate } from './services/account-gate.js';
import { AccountService } from './services/account-service.js';
import { AlbumService } from './services/album-service.js';
import { ApiKeyService } from './services/api-key-service.js';
import { DerivedImages } from './services/derived-images.js';
import { DownloadService } from './services/download-service.js';
import { PhotoService } from './services/photo-service.js';
import { ShareService } from './services/share-service.js';
import { ShareAccess } from './services/share-access.js';
import { AlbumShareViewer } from './services/album-share-viewer.js';
import { TrashService } from './services/trash-service.js';
import { SignInGuard } from './services/sign-in-guard.js';
import { PasswordService } from './services/password-service.js';
import { SocialSignInService } from './services/social-sign-in-service.js';

export interface AppDeps {
  auth: Auth;
  multiFactor: MultiFactor;
  passwords: PasswordRecovery;
  /** The identity provider's accounts: deleting one, signing out everywhere. */
  accounts: IdentityAccounts;
  /** Accounts being deleted (the worker purges them). */
  deletions: AccountDeletionRepo;
  /** Told when an account was deleted, so that a worker in the same process starts on it. */
  onAccountDeleted?: () => void;
  blobs: BlobStore;
  photos: PhotoRepo;
  albums: AlbumRepo;
  apiKeys: ApiKeyRepo;
  throttle: ThrottleStore;
  /** Bulk downloads' tickets (POST /downloads). */
  downloadTickets: DownloadTicketStore;
  /** Null for an API that does not see the queue (aws mode without QUEUE_URL). */
  queue: JobQueue | null;
  signer: UrlSigner;
  /** Present in local mode, where the API itself plays the CDN. */
  cdnVerifier: SignedUrlVerifier | null;
  /** Renders the full-size copy an "original" share serves. */
  images: ImageProcessor;
  cursors: CursorCodec;
  /** Signs the proof that a visitor gave a share link's password. */
  shareUnlockKey: Buffer;
  /** Seals share links' tokens (AES-256-GCM), so that their owner can copy a link again. */
  shareSealKey: Buffer;
  /** "Sign in with …" (OpenID Connect), and the key that seals a sign-in in progress in its cookie. */
  socialSignIn: SocialSignIn;
  socialSignInKey: Buffer;
  clock: Clock;
  settings: {
    publicUrl: string;
    maxUploadBytes: number;
    signedUrlSeconds: number;
    /** Prometheus metrics at /metrics; null serves none. */
    metrics: MetricsSettings | null;
    /** Per-user and per-address limits; null throttles nothing. */
    usagePlan: UsagePlan | null;
    /** Uploads one user may have in progress at once in this process. */
    maxUploadsInFlight: number;
    /** Bytes of originals each user may keep; null: no quota. */
    quotaBytes: number | null;
    /** Days a photo stays in the trash (the purge itself is the worker's). */
    trashDays: number;
    /** Proxies whose X-Forwarded-For is believed for the client's address (0: none). */
    trustProxyHops: number;
    /** A request whose headers or body make no progress for this long is answered 408. */
    requestIdleSeconds: number;
    /** An idle keep-alive connection is closed after this long. */
    keepAliveSeconds: number;
    /** Memory for listing pages already built (PageCache); 0 builds each afresh. */
    listingCacheBytes: number;
    /** How long the web app's session cookie lasts: the sign-in's lifetime. */
    sessionCookieSeconds: number;
    /** The built web front end, served at /; null to serve none. */
    webDir: string | null;
    /** Share links serve the bytes (local), or redirect to a short-lived signed CDN URL (aws). */
    shareDelivery: 'serve' | { redirectSeconds: number };
    /** Deleted accounts (AccountGate): how long an open answer is remembered, and how long a deletion's record stays at least. */
    accountDeletion: { openSeconds: number; keepSeconds: number };
  };
  logger: FastifyServerOptions['logger'] | false;
}

/** Bulk downloads one user may have streaming at once from one process. */
const MAX_DOWNLOADS_IN_FLIGHT = 3;

/** Builds the API: the services over the given ports, and the routes over the services. It neither listens nor reads the environment. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger
      ? {
          ...(typeof deps.logger === 'object' ? deps.logger : {}),
          serializers: {
            // The client's own x-request-id, if any, is logged beside ours on the request's first line.
            req: (req: { method: string; url: string; id: string; headers: Record<string, string | string[] | undefined> }) => {
              const clientRequestId = clientRequestIdOf(req.headers['x-request-id']);
              return { method: req.method, url: redactUrl(req.url), id: req.id, ...(clientRequestId && { clientRequestId }) };
            },
          },
        }
      : false,
    genReqId: newRequestId,
    // A reload of an app page that is also an API path (/photos/:id) gets the web app.
    ...(deps.settings.webDir && { rewriteUrl: appPageUrl }),
    frameworkErrors,
    clientErrorHandler,
    // Unknown fields are refused with a 400 rather than silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
    // The client's address is the one the nearest `trustProxyHops` proxies vouch for in X-Forwarded-For.
    trustProxy: deps.settings.trustProxyHops > 0 ? (_address: string, hop: number) => hop < deps.settings.trustProxyHops : false,
    bodyLimit: 1024 * 1024,
    keepAliveTimeout: deps.settings.keepAliveSeconds * 1000,
    return503OnClosing: true,
    schemaController: { compilersFactory: { buildSerializer: sharedSerializers() } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const { settings, clock } = deps;
  app.addHook('onRequest', async (request) => {
    const clientRequestId = clientRequestIdOf(request.headers['x-request-id']);
    if (clientRequestId) request.log = request.log.child({ clientRequestId });
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installResponseHeaders(app, settings.publicUrl);
  installJsonBodyParser(app);
  installIdleTimeouts(app, settings.requestIdleSeconds);
  installErrorHandling(app);
  if (settings.metrics) installMetrics(app, settings.metrics);
  if (settings.usagePlan) await installRateLimits(app, deps.throttle, settings.usagePlan, clock);
  await app.register(multipart, { throwFileSizeLimit: true });
  await registerApiDocs(app, settings.publicUrl);
  addSharedSchemas(app);

  const derived = new DerivedImages(deps.blobs, deps.images);
  const gate = new AccountGate(deps.deletions, clock, settings.accountDeletion.openSeconds);
  // Photo JSON signs variant URLs on windowed expiries, so they can be remembered; share redirects sign fresh ones.
  const presenter = new PhotoPresenter(new MemoizedUrlSigner(deps.signer), settings.signedUrlSeconds, clock);
  const photos = new PhotoService({
    photos: deps.photos,
    albums: deps.albums,
    blobs: deps.blobs,
    derived,
    signer: deps.signer,
    cursors: deps.cursors,
    clock,
    quotaBytes: settings.quotaBytes,
  });
  const trash = new TrashService({
    photos: deps.photos,
    albums: deps.albums,
    blobs: deps.blobs,
    derived,
    cursors: deps.cursors,
    clock,
    trashDays: settings.trashDays,
    gate,
  });
  const guard = new SignInGuard(deps.throttle, clock);
  const access = new ShareAccess({
    photos: deps.photos,
    guard,
    unlockKey: deps.shareUnlockKey,
    clock,
    gate,
  });
  const shares = new ShareService({
    photos: deps.photos,
    albums: deps.albums,
    derived,
    queue: deps.queue,
    cursors: deps.cursors,
    clock,
    publicUrl: settings.publicUrl,
    access,
    sealer: new SecretSealer(deps.shareSealKey),
  });
  const albumViewer = new AlbumShareViewer({
    albums: deps.albums,
    photos: deps.photos,
    shares,
    access,
    cursors: deps.cursors,
  });
  const apiKeys = new ApiKeyService(
    deps.apiKeys,
    clock,
    settings.usagePlan && { store: deps.throttle, limit: settings.usagePlan.apiKeyDailyQuota },
  );
  const auth = new RequestAuthenticator(new VerifiedTokenCache(deps.auth, 10_000, () => clock.now().getTime()), apiKeys, gate);

  await app.register(healthRoutes, { blobs: deps.blobs, photos: deps.photos, queue: deps.queue });
  const signInGuard = settings.usagePlan && new SignInGuard(deps.throttle, clock);
  await app.register(authRoutes, {
    auth: deps.auth,
    guard: signInGuard,
    publicUrl: settings.publicUrl,
    cookies: { secure: settings.publicUrl.startsWith('https:'), maxAgeSeconds: settings.sessionCookieSeconds },
  });
  await app.register(mfaRoutes, { auth, mfa: deps.multiFactor, guard: signInGuard });
  const passwords = new PasswordService({
    recovery: deps.passwords,
    clock,
    limits: settings.usagePlan && { throttle: deps.throttle, guard: new SignInGuard(deps.throttle, clock) },
    log: app.log,
  });
  app.addHook('onClose', () => passwords.settled());
  await app.register(passwordRoutes, { auth, passwords });
  await app.register(oauthRoutes, {
    social: new SocialSignInService({
      social: deps.socialSignIn,
      throttle: deps.throttle,
      clock,
      key: deps.socialSignInKey,
      redirectUri: `${settings.publicUrl}/auth/oauth/callback`,
    }),
    cookies: { secure: settings.publicUrl.startsWith('https:'), maxAgeSeconds: settings.sessionCookieSeconds },
  });
  await app.register(apiKeyRoutes, { auth, apiKeys });
  await app.register(uploadRoutes, {
    auth,
    photos,
    presenter,
    maxUploadBytes: settings.maxUploadBytes,
    inFlight: new UploadsInFlight(settings.maxUploadsInFlight),
  });
  await app.register(photoRoutes, { auth, photos, trash, presenter, pages: new PageCache(settings.listingCacheBytes) });
  await app.register(trashRoutes, { auth, trash, presenter });
  await app.register(downloadRoutes, {
    auth,
    downloads: new DownloadService({ photos: deps.photos, blobs: deps.blobs, tickets: deps.downloadTickets, gate, clock }),
    inFlight: new DownloadsInFlight(MAX_DOWNLOADS_IN_FLIGHT),
    clock,
  });
  await app.register(albumRoutes, {
    auth,
    albums: new AlbumService({ albums: deps.albums, photos: deps.photos, cursors: deps.cursors, clock }),
    presenter: new AlbumPresenter(presenter),
    photoPresenter: presenter,
  });
  await app.register(meRoutes, { auth, identity: deps.auth, photos });
  await app.register(accountRoutes, {
    auth,
    accounts: new AccountService({
      identities: deps.accounts,
      deletions: deps.deletions,
      gate,
      guard,
      clock,
      keepSeconds: settings.accountDeletion.keepSeconds,
      ...(deps.onAccountDeleted && { onDeleted: deps.onAccountDeleted }),
    }),
  });
  await app.register(shareRoutes, { auth, shares, clock });
  await app.register(publicShareRoutes, {
    shares,
    blobs: deps.blobs,
    signer: deps.signer,
    clock,
    delivery: settings.shareDelivery,
    secureCookies: settings.publicUrl.startsWith('https:'),
    albums: albumViewer,
    publicUrl: settings.publicUrl,
  });
  await app.register(sharedAlbumViewerRoutes, { shares, albums: albumViewer, publicUrl: settings.publicUrl });
  await app.register(webUiRoutes, {
    directory: settings.webDir,
    publicUrl: settings.publicUrl,
    maxUploadBytes: settings.maxUploadBytes,
    maxUploadsInFlight: settings.maxUploadsInFlight,
  });
  if (deps.cdnVerifier) {
    await app.register(cdnRoutes, {
      blobs: deps.blobs,
      trash,
      verifier: deps.cdnVerifier,
      publicUrl: settings.publicUrl,
      clock,
    });
  }
  return app;
}
