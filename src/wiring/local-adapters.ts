import path from 'node:path';
import pino from 'pino';
import { CloudFrontFormatSigner } from '../adapters/local/cloudfront-format-signer.js';
import { FolderBlobStore } from '../adapters/local/folder-blob-store.js';
import { loadOrCreateRsaKey, loadOrCreateSecret } from '../adapters/local/key-files.js';
import { LocalAccounts } from '../adapters/local/local-accounts.js';
import { LocalAuth } from '../adapters/local/local-auth.js';
import { LocalTotp } from '../adapters/local/local-totp.js';
import { SecretSealer } from '../domain/secret-sealer.js';
import { LocalPasswords } from '../adapters/local/local-passwords.js';
import { LogMailer, type InfoLog } from '../adapters/local/log-mailer.js';
import { SmtpMailer } from '../adapters/local/smtp-mailer.js';
import { SqliteAccountDeletions } from '../adapters/local/sqlite-account-deletions.js';
import { MemoryThrottleStore } from '../adapters/local/memory-throttle-store.js';
import { MemoryDownloadTickets } from '../adapters/local/memory-download-tickets.js';
import { SqliteAlbumRepo } from '../adapters/local/sqlite-album-repo.js';
import { SqliteApiKeyRepo } from '../adapters/local/sqlite-api-key-repo.js';
import { LocalLabeler } from '../adapters/local/local-labeler.js';
import { openDatabase } from '../adapters/local/sqlite-database.js';
import { SqliteJobQueue, type SqliteJobQueueOptions } from '../adapters/local/sqlite-job-queue.js';
import { SqlitePhotoRepo } from '../adapters/local/sqlite-photo-repo.js';
import type { Config } from '../config.js';
import type { Clock } from '../ports/clock.js';
import type { Mailer } from '../ports/mailer.js';
import type { Adapters } from './adapters.js';
import { imageProcessorFor } from './image-processing.js';
import { localSocialSignIn } from './social-sign-in.js';

/** What tests (and benchmarks) may set beyond the Config: the clocks, the queue's delays, the view-flush delay. */
export interface LocalTuning {
  /** The local issuer's clock (refresh-token expiry and reuse grace); `startService` passes its `clock` option on. */
  clock?: Clock;
  queue?: Pick<SqliteJobQueueOptions, 'retryBaseMs' | 'pollMs' | 'clock'>;
  /** Share-link views are written this long after the first one counted (default 1000 ms). */
  photos?: { viewFlushMs?: number };
  /** Where reset codes go instead of SMTP_URL or the log (a test reads them there). */
  mailer?: Mailer;
  /** The service's logger: without SMTP_URL, mail is written to it. */
  log?: InfoLog;
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
  const smtp = !tuning.mailer && config.mail.smtpUrl ? new SmtpMailer(config.mail.smtpUrl, config.mail.from) : null;
  const mailer = tuning.mailer ?? smtp ?? new LogMailer(tuning.log ?? pino({ level: config.logLevel }));
  const accounts = new LocalAccounts(db, tuning.clock, totp);
  const signer = new CloudFrontFormatSigner(config.publicUrl, loadOrCreateRsaKey(config.dataDir, 'cdn-signing'));
  const auth = new LocalAuth(db, loadOrCreateRsaKey(config.dataDir, 'jwt-signing'), {
    issuer: config.publicUrl,
    accessTokenSeconds: config.accessTokenSeconds,
    refreshTokenSeconds: config.refreshTokenSeconds,
    clock: tuning.clock,
    totp,
  });
  return {
    auth,
    multiFactor: totp,
    passwords: new LocalPasswords(db, mailer, { clock: tuning.clock }),
    socialSignIn: localSocialSignIn(config, (email) => auth.signInByVerifiedEmail(email)),
    accounts,
    identityRemover: accounts,
    deletions: new SqliteAccountDeletions(db),
    blobs,
    photos,
    albums: new SqliteAlbumRepo(db),
    apiKeys: new SqliteApiKeyRepo(db),
    throttle: new MemoryThrottleStore(),
    downloadTickets: new MemoryDownloadTickets(),
    queue,
    signer,
    cdnVerifier: signer,
    images,
    labeler: config.labels === 'local' ? new LocalLabeler(images) : null,
    cursorKey: loadOrCreateSecret(config.dataDir, 'cursor-mac'),
    shareSealKey: loadOrCreateSecret(config.dataDir, 'share-seal'),
    close: async () => {
      photos.flushViews();
      smtp?.close();
      db.close();
      await images.close();
    },
  };
}
