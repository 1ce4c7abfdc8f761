import path from 'node:path';
import type { Test } from 'tap';
import { CloudFrontFormatSigner } from '../../src/adapters/local/cloudfront-format-signer.js';
import { FolderBlobStore } from '../../src/adapters/local/folder-blob-store.js';
import { loadOrCreateRsaKey } from '../../src/adapters/local/key-files.js';
import { SqliteJobQueue } from '../../src/adapters/local/sqlite-job-queue.js';
import { SqlitePhotoRepo } from '../../src/adapters/local/sqlite-photo-repo.js';
import { SqliteAlbumRepo } from '../../src/adapters/local/sqlite-album-repo.js';
import { SharpImageProcessor } from '../../src/adapters/media/sharp-image-processor.js';
import { CursorCodec } from '../../src/domain/cursor.js';
import { SecretSealer } from '../../src/domain/secret-sealer.js';
import type { ProcessPhotoJob } from '../../src/ports/job-queue.js';
import { DerivedImages } from '../../src/services/derived-images.js';
import { PhotoProcessingService } from '../../src/services/photo-processing-service.js';
import { PhotoService } from '../../src/services/photo-service.js';
import { ShareService } from '../../src/services/share-service.js';
import { TrashService } from '../../src/services/trash-service.js';
import { SignInGuard } from '../../src/services/sign-in-guard.js';
import { ShareAccess } from '../../src/services/share-access.js';
import { MemoryThrottleStore } from '../../src/adapters/local/memory-throttle-store.js';
import { tempDatabase } from './factories.js';
import { ManualClock } from './manual-clock.js';

/** The services over the real embedded adapters in a temporary DATA_DIR, on a ManualClock. */
export function servicesUnderTest(t: Test) {
  const { db, dataDir } = tempDatabase(t);
  const jobs: ProcessPhotoJob[] = [];
  const photos = new SqlitePhotoRepo(db, (job) => jobs.push(job));
  const albums = new SqliteAlbumRepo(db);
  t.teardown(() => {
    photos.flushViews();
  });
  const blobs = new FolderBlobStore(path.join(dataDir, 'blobs'));
  const images = new SharpImageProcessor({ maxPixels: 1e8, heifThreads: 1 });
  const derived = new DerivedImages(blobs, images);
  const clock = new ManualClock();
  const signer = new CloudFrontFormatSigner('http://photoshare.test', loadOrCreateRsaKey(dataDir, 'cdn-signing'));
  const cursors = new CursorCodec(Buffer.alloc(32, 7));
  const guard = new SignInGuard(new MemoryThrottleStore(), clock);
  const unlockKey = Buffer.alloc(32, 8);
  const sealer = new SecretSealer(Buffer.alloc(32, 9));
  const access = new ShareAccess({ photos, guard, unlockKey, clock });
  // The queue the API asks the worker through (full-size copies); uploads' jobs are collected in `jobs` instead.
  const queue = new SqliteJobQueue(db, { visibilitySeconds: 60, maxAttempts: 3, clock });
  const processing = new PhotoProcessingService({
    photos,
    blobs,
    images,
    derived,
    labeler: null,
    clock,
    log: { warn: () => undefined },
  });
  return {
    db,
    dataDir,
    guard,
    unlockKey,
    sealer,
    access,
    photos,
    cursors,
    blobs,
    images,
    derived,
    clock,
    jobs,
    queue,
    processing,
    photoService: new PhotoService({ photos, albums, blobs, derived, signer, cursors, clock, quotaBytes: null }),
    albums,
    trashService: new TrashService({ photos, albums, blobs, derived, cursors, clock, trashDays: 30 }),
    shareService: new ShareService({
      photos,
      albums,
      derived,
      queue,
      cursors,
      clock,
      publicUrl: 'http://photoshare.test',
      access,
      sealer,
    }),
  };
}
