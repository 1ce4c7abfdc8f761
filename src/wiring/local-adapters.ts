import path from 'node:path';
import { CloudFrontFormatSigner } from '../adapters/local/cloudfront-format-signer.js';
import { FolderBlobStore } from '../adapters/local/folder-blob-store.js';
import { loadOrCreateRsaKey, loadOrCreateSecret } from '../adapters/local/key-files.js';
import { LocalAccounts } from '../adapters/local/local-accounts.js';
import { LocalAuth } from '../adapters/local/local-auth.js';
import { LocalTotp } from '../adapters/local/local-totp.js';
import { SecretSealer } from '../adapters/local/totp-codes.js';
import { SqliteAccountDeletions } from '../adapters/local/sqlite-account-deletions.js';
import { MemoryThrottleStore } from '../adapters/local/memory-throttle-store.js';
import { SqliteAlbumRepo } from '../adapters/local/sqlite-album-repo.js';
import { SqliteApiKeyRepo } from '../adapters/local/sqlite-api-key-repo.js';
import { LocalLabeler } from '../adapters/local/local-labeler.js';
import { openDatabase } from '../adapters/local/sqlite-database.js';
import { SqliteJobQueue, type SqliteJobQueueOptions } from '../adapters/local/sqlite-job-queue.js';
import { SqlitePhotoRepo } from '../adapters/local/sqlite-photo-repo.js';
import type { Config } from '../config.js';
import type { Clock } from '../ports/clock.js';
import type { Adapters } from './adapters.js';
import { imageProcessorFor } from './image-processing.js';

/** What tests (and benchmarks) may set beyond the Config: the clocks, the queue's delays, the view-flush delay. */
export interface LocalTuning {
  /** The local issuer's clock (refresh-token expiry and reuse grace); `startService` passes its `clock` option on. */
  clock?: Clock;
  queue?: Pick<SqliteJobQueueOptions, 'retryBaseMs' | 'pollMs' | 'clock'>;
  /** Share-link views are written this long after the first one counted (default 1000 ms). */
  photos?: { viewFlushMs?: number };
}

/** The embedded default: a folder, one SQLite file (records, jobs, users) and keys, all under DATA_DIR. */
export function localAdapters(config: Config, tuning: LocalTuning = {}): Adapters {
  const db = openDatabase(config.dataDir);
  const blobs = new FolderBlobStore(path.join(config.dataDir, 'blobs'));
  const queue = new SqliteJobQueue(db, {
    visibilitySeconds: config.jobVisibilitySeconds,
    maxAttempts: config.jobMaxAttempts,
    ...tuning.queue,
  });
  const photos = new SqlitePhotoRepo(
    db,
    (job) => {
      queue.enqueue(job);
    },
    tuning.photos?.viewFlushMs,
  );
  const images = imageProcessorFor(config);
  const totp = new LocalTotp(db, new SecretSealer(loadOrCreateSecret(config.dataDir, 'totp-seal')), tuning.clock);
  const accounts = new LocalAccounts(db, tuning.clock);
  const signer = new CloudFrontFormatSigner(config.publicUrl, loadOrCreateRsaKey(config.dataDir, 'cdn-signing'));
  return {
    auth: new LocalAuth(db, loadOrCreateRsaKey(config.dataDir, 'jwt-signing'), {
      issuer: config.publicUrl,
      accessTokenSeconds: config.accessTokenSeconds,
      refreshTokenSeconds: config.refreshTokenSeconds,
      clock: tuning.clock,
      totp,
    }),
    multiFactor: totp,
    accounts,
    identityRemover: accounts,
    deletions: new SqliteAccountDeletions(db),
    blobs,
    photos,
    albums: new SqliteAlbumRepo(db),
    apiKeys: new SqliteApiKeyRepo(db),
    throttle: new MemoryThrottleStore(),
    queue,
    signer,
    cdnVerifier: signer,
    images,
    labeler: config.labels === 'local' ? new LocalLabeler(images) : null,
    cursorKey: loadOrCreateSecret(config.dataDir, 'cursor-mac'),
    close: async () => {
      photos.flushViews();
      db.close();
      await images.close();
    },
  };
}
