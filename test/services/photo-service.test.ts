import { Readable } from 'node:stream';
import t from 'tap';
import { statusOfRejection } from '../helpers/factories.js';
import { blobKeys } from '../../src/domain/blob-keys.js';
import { fixture } from '../helpers/service.js';
import { servicesUnderTest } from '../helpers/services.js';

const USER = 'user0000000000000000AA';
const OTHER = 'user0000000000000000BB';

t.test('an upload: the original is durable before the record, the record before the job', async (t) => {
  const { photoService, photos, blobs, clock, jobs } = servicesUnderTest(t);
  const upload = photoService.startUpload(USER);
  t.equal(upload.key, blobKeys.original(USER, upload.photoId));
  const bytes = fixture('iphone4s-orient6-gps.jpg');
  const received = await photoService.receiveOriginal(upload, Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]));
  t.same(received, {
    contentType: 'image/jpeg',
    size: bytes.length,
    sha256: (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex'),
  });
  t.equal((await blobs.stat(upload.key))?.size, bytes.length, 'stored whole');
  t.same(jobs, [], 'no job before the record');

  const photo = await photoService.completeUpload(upload, received, {
    filename: 'C:\\DCIM\\IMG_1.JPG',
    title: ' Beach ',
    tags: 'Sea,sea',
  });
  t.match(photo, {
    userId: USER,
    status: 'processing',
    filename: 'IMG_1.JPG',
    title: 'Beach',
    tags: ['sea'],
    createdAt: clock.now().toISOString(),
  });
  t.same(await photos.get(photo.photoId), photo);
  t.same(jobs, [{ photoId: photo.photoId, userId: USER, key: upload.key }], 'the job follows the record');
});

t.test('an upload that is not an image, or whose fields are bad, leaves nothing', async (t) => {
  const { photoService, photos, blobs, jobs } = servicesUnderTest(t);
  const upload = photoService.startUpload(USER);
  t.equal(
    await statusOfRejection(
      photoService.receiveOriginal(upload, Readable.from([Buffer.from('%PDF-1.7 not a photo at all, longer than the sniff')])),
    ),
    415,
  );
  t.equal(await blobs.stat(upload.key), null, 'no partial original');

  const next = photoService.startUpload(USER);
  const received = await photoService.receiveOriginal(next, Readable.from([fixture('nokia-starfish-gps.jpg')]));
  t.equal(await statusOfRejection(photoService.completeUpload(next, received, { title: 'x'.repeat(201) })), 400);
  t.equal(await blobs.stat(next.key), null, 'the original is taken back');
  t.equal(await photos.get(next.photoId), null);
  t.same(jobs, []);

  const aborted = photoService.startUpload(USER);
  const controller = new AbortController();
  const body = new Readable({ read() {} });
  body.push(fixture('nokia-starfish-gps.jpg').subarray(0, 4096));
  const receiving = photoService.receiveOriginal(aborted, body, controller.signal);
  controller.abort(Object.assign(new Error('too large'), { status: 413 }));
  t.equal(await statusOfRejection(receiving), 413, 'aborting fails the upload with the given reason');
  t.equal(await blobs.stat(aborted.key), null);
});

t.test('edits, listing and deletes are the owner’s alone', async (t) => {
  const { photoService, trashService, photos, blobs, derived, images, clock } = servicesUnderTest(t);
  const upload = photoService.startUpload(USER);
  const photo = await photoService.completeUpload(
    upload,
    await photoService.receiveOriginal(upload, Readable.from([fixture('nokia-starfish-gps.jpg')])),
    { tags: 'Sea' },
  );
  await derived.store(photo, 'preview', (await images.renderVariants(fixture('nokia-starfish-gps.jpg'))).preview);

  t.equal(await statusOfRejection(photoService.get(OTHER, photo.photoId)), 404);
  t.equal(await statusOfRejection(photoService.edit(OTHER, photo.photoId, { title: 'theirs' })), 404);
  t.equal(await statusOfRejection(trashService.trash(OTHER, photo.photoId)), 404);
  t.equal(await statusOfRejection(photoService.originalUrl(OTHER, photo.photoId)), 404);

  clock.advance(5_000);
  const edited = await photoService.edit(USER, photo.photoId, { description: ' by the sea ' });
  t.match(edited, { description: 'by the sea', updatedAt: clock.now().toISOString(), createdAt: photo.createdAt });

  t.same(
    (await photoService.list(USER, { limit: 10, tag: ' SEA ' })).items.map((p) => p.photoId),
    [photo.photoId],
    'tags match whatever the case and spaces',
  );
  t.same((await photoService.list(OTHER, { limit: 10 })).items, []);

  await trashService.trash(USER, photo.photoId);
  t.equal(await statusOfRejection(photoService.get(USER, photo.photoId)), 404, 'in the trash: not in the library');
  t.ok(await blobs.stat(photo.originalKey), 'but kept');
  t.equal(await statusOfRejection(trashService.purge(OTHER, photo.photoId)), 404, "not another user's to purge");
  await trashService.purge(USER, photo.photoId);
  t.equal(await photos.get(photo.photoId), null);
  t.equal(await blobs.stat(photo.originalKey), null);
  t.equal(await blobs.stat(blobKeys.derived(USER, photo.photoId, 'preview')), null, 'derived images go too');
});
