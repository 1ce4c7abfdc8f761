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
  const { auth, multiFactor, passwords, socialSignIn, accounts, signer, cursorKey, shareSealKey } = adapters;
  if (!auth || !multiFactor || !passwords || !socialSignIn || !accounts || !signer || !cursorKey || !shareSealKey)
    throw new Error(
      'the API needs Auth, MultiFactor, PasswordRecovery, social sign-in, accounts, a URL signer, a cursor key and a share seal key',
    );
  return {
    auth,
    multiFactor,
    passwords,
    accounts,
    deletions: adapters.deletions,
    blobs: adapters.blobs,
    photos: adapters.photos,
    albums: adapters.albums,
    apiKeys: adapters.apiKeys,
    throttle: adapters.throttle,
    downloadTickets: adapters.downloadTickets,
    queue: adapters.queue,
    signer,
    cdnVerifier: adapters.cdnVerifier,
    images: adapters.images,
    cursors: new CursorCodec(cursorKey),
    // Its own key, derived from the cursors': a proof for a share link's password is no cursor, nor the reverse.
    shareUnlockKey: createHmac('sha256', cursorKey).update('photoshare share unlock').digest(),
    shareSealKey,
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
      accountDeletion: accountDeletion(config),
    },
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
  };
}

/** Cognito's access tokens live at most a day (its limit); the local issuer's ACCESS_TOKEN_SECONDS. */
const COGNITO_MAX_ACCESS_TOKEN_SECONDS = 86_400;

/**
 * Locally the deletion records are one SQLite read away, so every request asks (openSeconds 0); in aws mode an API
 * task remembers an open account for 10 s. A record stays until every access token issued before it has expired,
 * plus that window and a minute's margin.
 */
function accountDeletion(config: Config): { openSeconds: number; keepSeconds: number } {
  const openSeconds = config.aws ? 10 : 0;
  const tokenSeconds = config.aws ? COGNITO_MAX_ACCESS_TOKEN_SECONDS : config.accessTokenSeconds;
  return { openSeconds, keepSeconds: tokenSeconds + openSeconds + 60 };
}
