import { Readable } from 'node:stream';
import t from 'tap';
import { blobKeys } from '../../src/domain/blob-keys.js';
import { newPhoto, statusOfRejection } from '../helpers/factories.js';
import { fixture } from '../helpers/service.js';
import { servicesUnderTest } from '../helpers/services.js';

const USER = 'user0000000000000000AA';
const DAY = 86_400_000;

async function storedPhoto(s: ReturnType<typeof servicesUnderTest>) {
  const photo = newPhoto({ userId: USER, createdAt: s.clock.now().toISOString() });
  await s.blobs.put(photo.originalKey, Readable.from([fixture('nokia-starfish-gps.jpg')]), 'image/jpeg');
  await s.photos.create(photo);
  const rendered = await s.images.renderVariants(fixture('nokia-starfish-gps.jpg'));
  await s.derived.store(photo, 'thumbnail', rendered.thumbnail);
  return photo;
}

t.test('the worker purges a photo TRASH_DAYS after it was trashed, not before', async (t) => {
  const s = servicesUnderTest(t);
  const early = await storedPhoto(s);
  const late = await storedPhoto(s);
  const restored = await storedPhoto(s);
  await s.trashService.trash(USER, early.photoId);
  await s.trashService.trash(USER, restored.photoId);
  s.clock.advance(DAY);
  await s.trashService.trash(USER, late.photoId);
  t.equal(
    s.trashService.purgeAt((await s.photos.get(late.photoId))!),
    new Date(s.clock.now().getTime() + 30 * DAY).toISOString(),
  );

  s.clock.advance(29 * DAY - 1);
  await s.trashService.restore(USER, restored.photoId);
  t.equal(await s.trashService.purgeDue(), 0, 'a moment before 30 days: nothing');
  s.clock.advance(1);
  t.equal(await s.trashService.purgeDue(), 1, '30 days after the first was trashed: that one');
  t.equal(await s.photos.get(early.photoId), null);
  t.equal(await s.blobs.stat(early.originalKey), null, 'its original');
  t.equal(await s.blobs.stat(blobKeys.derived(USER, early.photoId, 'thumbnail')), null, 'and its variants');
  t.ok(await s.photos.get(late.photoId), 'the one trashed a day later waits');
  s.clock.advance(DAY);
  t.equal(await s.trashService.purgeDue(), 1);
  t.equal(await s.photos.get(late.photoId), null);
  t.ok(await s.blobs.stat(restored.originalKey), 'a restored photo is never purged');
  t.equal(await s.trashService.purgeDue(), 0, 'nothing left to do');
});

t.test('a purge cut short after its blobs went is finished by the next one', async (t) => {
  const s = servicesUnderTest(t);
  const photo = await storedPhoto(s);
  await s.trashService.trash(USER, photo.photoId);
  // What a crash right before the record's delete leaves: the blobs gone, the record still in the trash.
  await s.blobs.delete(photo.originalKey);
  await s.derived.removeAll(photo);
  t.equal((await s.trashService.list(USER, { limit: 10 })).items.length, 1, 'still listed, so not lost track of');
  s.clock.advance(30 * DAY);
  t.equal(await s.trashService.purgeDue(), 1);
  t.equal(await s.photos.get(photo.photoId), null, 'the record goes');
  t.same(await s.photos.usage(USER), { photos: 0, bytes: 0 });
});

t.test('only the owner trashes, restores and purges; each only from the right place', async (t) => {
  const s = servicesUnderTest(t);
  const photo = await storedPhoto(s);
  const other = 'user0000000000000000BB';
  t.equal(await statusOfRejection(s.trashService.trash(other, photo.photoId)), 404);
  t.equal(await statusOfRejection(s.trashService.restore(USER, photo.photoId)), 404, 'not in the trash');
  t.equal(await statusOfRejection(s.trashService.purge(USER, photo.photoId)), 404, 'not in the trash');
  await s.trashService.trash(USER, photo.photoId);
  t.equal(await statusOfRejection(s.trashService.trash(USER, photo.photoId)), 404, 'already there');
  t.equal(await statusOfRejection(s.trashService.restore(other, photo.photoId)), 404);
  t.equal(await statusOfRejection(s.trashService.purge(other, photo.photoId)), 404);
  t.equal((await s.trashService.empty(other)).purged, 0, "emptying one's own trash touches no one else's");
  t.ok(await s.photos.get(photo.photoId));
  t.same(await s.trashService.empty(USER), { purged: 1, more: false });
  t.equal(await s.photos.get(photo.photoId), null);
});

t.test('the CDN route serves a trashed photo only through URLs signed for the trash view', async (t) => {
  const s = servicesUnderTest(t);
  const photo = await storedPhoto(s);
  const thumbnail = blobKeys.derived(USER, photo.photoId, 'thumbnail');
  t.equal(await s.trashService.serves(thumbnail, false), true);
  await s.trashService.trash(USER, photo.photoId);
  t.equal(await s.trashService.serves(thumbnail, false), false);
  t.equal(await s.trashService.serves(photo.originalKey, false), false, 'nor its original');
  t.equal(await s.trashService.serves(thumbnail, true), true);
  t.equal(
    await s.trashService.serves(blobKeys.derived('user0000000000000000BB', photo.photoId, 'thumbnail'), true),
    false,
    'a key naming another owner is not this photo',
  );
  await s.trashService.purge(USER, photo.photoId);
  t.equal(await s.trashService.serves(thumbnail, true), false, 'nothing once purged');
});

t.test('a restore racing a purge is refused, never answered and then lost', async (t) => {
  const s = servicesUnderTest(t);
  const photo = await storedPhoto(s);
  await s.trashService.trash(USER, photo.photoId);
  const [purged, restored] = await Promise.allSettled([
    s.trashService.purge(USER, photo.photoId),
    s.trashService.restore(USER, photo.photoId),
  ]);
  const survived = await s.photos.get(photo.photoId);
  if (restored.status === 'fulfilled') {
    t.equal(purged.status, 'rejected', 'the purge lost the race');
    t.ok(survived && !survived.trashedAt, 'and the restored photo is whole');
    t.ok(await s.blobs.stat(photo.originalKey), 'with its original');
  } else {
    t.equal(purged.status, 'fulfilled', 'the purge won');
    t.ok([404, 409].includes((restored.reason as { status?: number }).status ?? 0), 'and the restore was refused');
    t.equal(survived, null);
  }
  // Claimed by a purge that stopped part-way: it can be purged again, not restored.
  const other = await storedPhoto(s);
  await s.trashService.trash(USER, other.photoId);
  await s.photos.claimPurge(other.photoId, s.clock.now());
  t.equal(await statusOfRejection(s.trashService.restore(USER, other.photoId)), 409, 'no restore once a purge began');
  await s.trashService.purge(USER, other.photoId);
  t.equal(await s.photos.get(other.photoId), null);
});
