import { createHmac } from 'node:crypto';
import type { AppDeps } from '../app.js';
import type { Config } from '../config.js';
import { usagePlan } from './usage-plan.js';
import { CursorCodec } from '../domain/cursor.js';
import type { MetricsSettings } from '../http/metrics.js';
import type { Clock } from '../ports/clock.js';
import type { Adapters } from './adapters.js';

/** What the API is built from, for this config and these adapters. */
export function apiDeps(config: Config, adapters: Adapters, clock: Clock, metrics: MetricsSettings | null): AppDeps {
  const { auth, multiFactor, passwords, socialSignIn, signer, cursorKey } = adapters;
  if (!auth || !multiFactor || !passwords || !socialSignIn || !signer || !cursorKey)
    throw new Error('the API needs Auth, MultiFactor, PasswordRecovery, social sign-in, a URL signer and a cursor key');
  return {
    auth,
    multiFactor,
    passwords,
    blobs: adapters.blobs,
    photos: adapters.photos,
    albums: adapters.albums,
    apiKeys: adapters.apiKeys,
    throttle: adapters.throttle,
    queue: adapters.queue,
    signer,
    cdnVerifier: adapters.cdnVerifier,
    images: adapters.images,
    cursors: new CursorCodec(cursorKey),
    // Its own key, derived from the cursors': a proof for a share link's password is no cursor, nor the reverse.
    shareUnlockKey: createHmac('sha256', cursorKey).update('photoshare share unlock').digest(),
    socialSignIn,
    socialSignInKey: createHmac('sha256', cursorKey).update('photoshare social sign-in').digest(),
    clock,
    settings: {
      publicUrl: config.publicUrl,
      webDir: config.webDir,
      sessionCookieSeconds: config.refreshTokenSeconds,
      maxUploadBytes: config.maxUploadBytes,
      signedUrlSeconds: config.signedUrlSeconds,
      listingCacheBytes: config.listingCacheBytes,
      requestIdleSeconds: config.requestIdleSeconds,
      keepAliveSeconds: config.keepAliveSeconds,
      usagePlan: config.rateLimits && usagePlan(config.rateLimits),
      maxUploadsInFlight: config.maxUploadsInFlight,
      quotaBytes: config.quotaBytes,
      trashDays: config.trashDays,
      trustProxyHops: config.trustProxyHops,
      metrics,
      shareDelivery: config.aws ? { redirectSeconds: config.shareRedirectSeconds } : 'serve',
    },
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
  };
}
