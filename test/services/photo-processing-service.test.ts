import path from 'node:path';
import { Readable } from 'node:stream';
import t from 'tap';
import { FolderBlobStore } from '../../src/adapters/local/folder-blob-store.js';
import { SqlitePhotoRepo } from '../../src/adapters/local/sqlite-photo-repo.js';
import { SharpImageProcessor } from '../../src/adapters/media/sharp-image-processor.js';
import { DerivedImages } from '../../src/services/derived-images.js';
import { PhotoProcessingService } from '../../src/services/photo-processing-service.js';
import { newPhoto, tempDatabase } from '../helpers/factories.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { fixture } from '../helpers/service.js';

t.test('the same job processed twice, even at once, gives one and the same result', async (t) => {
  const { db, dataDir } = tempDatabase(t);
  const blobs = new FolderBlobStore(path.join(dataDir, 'blobs'));
  const photos = new SqlitePhotoRepo(db, () => undefined);
  const images = new SharpImageProcessor({ maxPixels: 1e8, heifThreads: 1 });
  const clock = new ManualClock();
  const processing = new PhotoProcessingService({
    photos,
    blobs,
    images,
    derived: new DerivedImages(blobs, images),
    labeler: null,
    clock,
    log: { warn: () => undefined },
  });
  const photo = newPhoto({ userId: 'user000000000000000000', photoId: 'idem0000000000000000AA' });
  const job = { photoId: photo.photoId, userId: photo.userId, key: photo.originalKey };
  await blobs.put(photo.originalKey, Readable.from([fixture('nokia-starfish-gps.jpg')]), 'image/jpeg');
  await photos.create(photo);

  const outcomes = await Promise.all([processing.process(job), processing.process(job)]);
  t.same(outcomes, ['done', 'done']);
  const first = await photos.get(photo.photoId);
  const thumbAfterFirst = await blobs.read(first!.variants.thumbnail!.key);

  clock.advance(60_000);
  await processing.reject(job, 'late failure from a stale delivery');
  t.equal((await photos.get(photo.photoId))!.status, 'ready', 'a stale failure does not undo a ready photo');

  t.equal(await processing.process(job), 'done', 'a third delivery is a no-op');
  const after = await photos.get(photo.photoId);
  t.same(after, first, 'the record is unchanged');
  t.same(await blobs.read(after!.variants.thumbnail!.key), thumbAfterFirst, 'the variant bytes are unchanged');
  t.match(first, { status: 'ready', width: 1278, height: 720, camera: { make: 'Nokia', model: 'Lumia 820' } });

  await photos.delete(photo.photoId);
  await t.rejects(processing.process(job), /not recorded yet/, 'no record but the original is there: retried later');
  await blobs.delete(photo.originalKey);
  t.equal(await processing.process(job), 'gone', 'no record and no original: the job is dropped');
});
