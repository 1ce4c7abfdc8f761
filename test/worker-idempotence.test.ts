import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import t from 'tap';
import { FolderBlobStore } from '../src/adapters/local/folder-blob-store.js';
import { openDatabase } from '../src/adapters/local/sqlite-database.js';
import { SqlitePhotoRepo } from '../src/adapters/local/sqlite-photo-repo.js';
import { originalKey, type Photo } from '../src/domain/photo.js';
import { processPhoto } from '../worker/process-photo.js';
import { fixture } from './helpers/service.js';

t.test('the same job processed twice, even at once, gives one and the same result', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'photoshare-idem-'));
  const db = openDatabase(dir);
  t.teardown(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const blobs = new FolderBlobStore(path.join(dir, 'blobs'));
  const photos = new SqlitePhotoRepo(db, () => undefined);
  const now = new Date().toISOString();
  const photo: Photo = {
    photoId: 'idem0000000000000000AA', userId: 'user000000000000000000', status: 'processing', filename: 'x.jpg',
    contentType: 'image/jpeg', size: 0, sha256: '0'.repeat(64), originalKey: originalKey('user000000000000000000', 'idem0000000000000000AA'),
    width: null, height: null, takenAt: null, createdAt: now, updatedAt: now, title: '', description: '', tags: [],
    labels: [], moderation: [], camera: null, variants: {}, error: null,
  };
  await blobs.put(photo.originalKey, Readable.from([fixture('nokia-starfish-gps.jpg')]), 'image/jpeg');
  await photos.create(photo);
  const deps = { blobs, photos, labeler: null, limits: { maxPixels: 1e8 }, log: { warn: () => undefined } };

  const outcomes = await Promise.all([processPhoto(deps, photo.photoId, photo.originalKey), processPhoto(deps, photo.photoId, photo.originalKey)]);
  t.same(outcomes, ['done', 'done']);
  const first = await photos.get(photo.photoId);
  const thumbAfterFirst = await blobs.read(first!.variants.thumbnail!.key);

  await photos.markFailed(photo.photoId, 'late failure from a stale delivery', new Date());
  t.equal((await photos.get(photo.photoId))!.status, 'ready', 'a stale failure does not undo a ready photo');

  t.equal(await processPhoto(deps, photo.photoId, photo.originalKey), 'done', 'a third delivery is a no-op');
  const after = await photos.get(photo.photoId);
  t.same({ ...after, updatedAt: null }, { ...first, updatedAt: null }, 'the record is unchanged');
  t.same(await blobs.read(after!.variants.thumbnail!.key), thumbAfterFirst, 'the variant bytes are unchanged');
  t.match(first, { status: 'ready', width: 1278, height: 720, camera: { make: 'Nokia', model: 'Lumia 820' } });

  await photos.delete(photo.photoId);
  await t.rejects(processPhoto(deps, photo.photoId, photo.originalKey), /not recorded yet/, 'no record but the original is there: retried later');
  await blobs.delete(photo.originalKey);
  t.equal(await processPhoto(deps, photo.photoId, photo.originalKey), 'gone', 'no record and no original: the job is dropped');
});
