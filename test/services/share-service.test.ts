import t from 'tap';
import { newPhoto, statusOfRejection } from '../helpers/factories.js';
import { servicesUnderTest } from '../helpers/services.js';
import { Readable } from 'node:stream';
import { fixture } from '../helpers/service.js';
import sharp from 'sharp';
import type { PhotoRepo } from '../../src/ports/photo-repo.js';
import { ShareService } from '../../src/services/share-service.js';
import { SecretSealer } from '../../src/domain/secret-sealer.js';

const USER = 'user0000000000000000AA';

async function readyPhoto(s: ReturnType<typeof servicesUnderTest>) {
  const photo = newPhoto({ userId: USER, createdAt: s.clock.now().toISOString() });
  await s.blobs.put(photo.originalKey, Readable.from([fixture('iphone4s-orient6-gps.jpg')]), 'image/jpeg');
  await s.photos.create(photo);
  const rendered = await s.images.renderVariants(fixture('iphone4s-orient6-gps.jpg'));
  const variants = {
    thumbnail: await s.derived.store(photo, 'thumbnail', rendered.thumbnail),
    preview: await s.derived.store(photo, 'preview', rendered.preview),
  };
  await s.photos.markReady(
    photo.photoId,
    {
      width: rendered.width,
      height: rendered.height,
      takenAt: null,
      camera: null,
      variants,
      thumbhash: rendered.thumbhash,
      labels: [],
      moderation: [],
    },
    s.clock.now(),
  );
  return photo;
}

t.test('opening a link: live until the clock passes its expiry, counted once per view', async (t) => {
  const s = servicesUnderTest(t);
  const photo = await readyPhoto(s);
  const { share, url } = await s.shareService.create(USER, photo.photoId, { expiresInSeconds: 3600 });
  const token = url.split('/s/')[1]!;
  t.not(share.tokenHash, token, 'the token is stored only as its hash');

  const opened = await s.shareService.open(token);
  t.match(opened, { served: true, blob: { key: `processed/${USER}/${photo.photoId}/preview.jpg`, contentType: 'image/jpeg' } });
  await s.shareService.open(token);
  s.photos.flushViews();
  t.equal((await s.shareService.listForPhoto(USER, photo.photoId, { limit: 10 })).items[0]!.views, 2);

  s.clock.advance(3600_000 - 1);
  t.match(await s.shareService.open(token), { served: true });
  s.clock.advance(1);
  t.match(await s.shareService.open(token), { served: false, status: 410, code: 'expired' });
  s.photos.flushViews();
  t.equal(
    (await s.shareService.listForPhoto(USER, photo.photoId, { limit: 10 })).items[0]!.views,
    3,
    'a refused visit is not a view',
  );
});

t.test('an "original" share: the worker makes the full-size copy, without metadata; the link waits for it', async (t) => {
  const s = servicesUnderTest(t);
  const photo = await readyPhoto(s);
  const fullKey = `processed/${USER}/${photo.photoId}/full.jpg`;
  const { url } = await s.shareService.create(USER, photo.photoId, { variant: 'original' });
  const token = url.split('/s/')[1]!;
  t.equal(await s.blobs.stat(fullKey), null, 'the API made no copy itself');
  const asked = await s.queue.receive(0);
  t.same(
    asked?.job,
    { photoId: photo.photoId, userId: USER, key: photo.originalKey, task: 'full-size' },
    'it asked the worker for one',
  );

  t.same(
    await s.shareService.open(token),
    {
      served: false,
      status: 503,
      code: 'preparing',
      message: 'The full-size photo is still being prepared; try again in a few seconds',
      retryAfterSeconds: 5,
    },
    'a visitor before the copy is told to come back',
  );
  await s.shareService.open(token);
  t.equal(await s.queue.receive(0), null, 'visitors meanwhile do not ask again');

  t.equal(await s.processing.process(asked!.job), 'done', 'the worker makes it');
  await s.queue.ack(asked!.receipt);
  const opened = await s.shareService.open(token);
  if (!opened.served || !('blob' in opened)) throw new Error('not served');
  t.equal(opened.blob.key, fullKey);
  const meta = await sharp((await s.blobs.read(fullKey))!).metadata();
  const stored = await s.photos.get(photo.photoId);
  t.same([meta.width, meta.height], [stored!.width, stored!.height], 'full size, turned upright');
  t.ok(meta.height > meta.width, 'the EXIF orientation 6 portrait stands');
  t.equal(meta.exif, undefined, 'no EXIF, so no GPS');
  t.equal(meta.orientation, undefined);
  s.photos.flushViews();
  t.equal(
    (await s.shareService.listForPhoto(USER, photo.photoId, { limit: 1 })).items[0]!.views,
    1,
    'only the served visit counts',
  );
});

t.test('a full-size copy still missing a minute later is asked for again; a failed one fails nothing', async (t) => {
  const s = servicesUnderTest(t);
  const photo = await readyPhoto(s);
  const { url } = await s.shareService.create(USER, photo.photoId, { variant: 'original' });
  const first = await s.queue.receive(0);
  await s.processing.reject(first!.job, 'the worker could not decode it');
  await s.processing.giveUp(first!.job, 3, 'the worker gave up');
  await s.queue.ack(first!.receipt);
  t.equal((await s.photos.get(photo.photoId))!.status, 'ready', 'the photo is still ready');

  s.clock.advance(59_000);
  t.match(await s.shareService.open(url.split('/s/')[1]!), { status: 503 });
  t.equal(await s.queue.receive(0), null, 'not yet');
  s.clock.advance(1_000);
  t.match(await s.shareService.open(url.split('/s/')[1]!), { status: 503 });
  t.match((await s.queue.receive(0))?.job, { task: 'full-size', photoId: photo.photoId }, 'asked again after a minute');
});

t.test('the worker drops a full-size job for a photo deleted or no longer ready', async (t) => {
  const s = servicesUnderTest(t);
  const photo = await readyPhoto(s);
  await s.shareService.create(USER, photo.photoId, { variant: 'original' });
  const asked = await s.queue.receive(0);
  await s.trashService.trash(USER, photo.photoId);
  t.equal(await s.processing.process(asked!.job), 'gone', 'trashed');
  await s.trashService.purge(USER, photo.photoId);
  t.equal(await s.processing.process(asked!.job), 'gone', 'purged');
  t.equal(await s.blobs.stat(`processed/${USER}/${photo.photoId}/full.jpg`), null, 'nothing made');
});

t.test('an API without a queue makes the copy itself, when the link is created', async (t) => {
  const s = servicesUnderTest(t);
  const photo = await readyPhoto(s);
  const alone = new ShareService({ ...s, queue: null, publicUrl: 'http://x.test' });
  const { url } = await alone.create(USER, photo.photoId, { variant: 'original' });
  t.ok(await s.blobs.stat(`processed/${USER}/${photo.photoId}/full.jpg`), 'made at once');
  t.match(await alone.open(url.split('/s/')[1]!), { served: true });
});

t.test('a revoked link and a deleted photo stop at once', async (t) => {
  const s = servicesUnderTest(t);
  const photo = await readyPhoto(s);
  const first = await s.shareService.create(USER, photo.photoId, {});
  const second = await s.shareService.create(USER, photo.photoId, {});
  t.equal(await statusOfRejection(s.shareService.revoke('someone0000000000000000', first.share.shareId)), 404);
  await s.shareService.revoke(USER, first.share.shareId);
  t.match(await s.shareService.open(first.url.split('/s/')[1]!), { served: false, status: 410, code: 'revoked' });
  await s.trashService.trash(USER, photo.photoId);
  t.match(
    await s.shareService.open(second.url.split('/s/')[1]!),
    { served: false, status: 410, code: 'revoked' },
    'trashing the photo revoked its link',
  );
  await s.trashService.restore(USER, photo.photoId);
  t.match(
    await s.shareService.open(second.url.split('/s/')[1]!),
    { served: false, status: 410 },
    'and restoring it does not bring the link back',
  );
  await s.trashService.trash(USER, photo.photoId);
  await s.trashService.purge(USER, photo.photoId);
  t.match(
    await s.shareService.open(second.url.split('/s/')[1]!),
    { served: false, status: 404 },
    'the link went with the purged photo',
  );
  t.match(await s.shareService.open('not a token'), { served: false, status: 404 });
});

t.test('a link for a photo deleted while it was being made is a 404, and nothing is recorded', async (t) => {
  const s = servicesUnderTest(t);
  const photo = await readyPhoto(s);
  const before = await s.photos.get(photo.photoId);
  await s.photos.delete(photo.photoId);
  // The ownership check still sees the photo as it was; the insert finds it gone.
  const photos = new Proxy(s.photos, {
    get: (target, key) => (key === 'get' ? async () => before : Reflect.get(target, key)) as unknown,
  }) as PhotoRepo;
  const racing = new ShareService({ ...s, photos, publicUrl: 'http://x.test' });
  t.equal(await statusOfRejection(racing.create(USER, photo.photoId, {})), 404);
  t.same(await s.photos.listShares({ photoId: photo.photoId, limit: 10 }), { items: [], next: null });
});

t.test('a listed link gives its URL again only while live, and only sealed under this key', async (t) => {
  const s = servicesUnderTest(t);
  const photo = await readyPhoto(s);
  const { share, url } = await s.shareService.create(USER, photo.photoId, { maxViews: 1 });
  t.equal(s.shareService.urlOf(share), url, 'the URL it was made with');
  const elsewhere = new ShareService({
    ...s,
    publicUrl: 'http://photoshare.test',
    sealer: new SecretSealer(Buffer.alloc(32, 1)),
  });
  t.equal(elsewhere.urlOf(share), null, 'another key opens nothing');
  const swapped = (await s.shareService.create(USER, photo.photoId, {})).share;
  t.equal(s.shareService.urlOf({ ...share, sealedToken: swapped.sealedToken }), null, "another link's token is not this one's");
  t.equal(s.shareService.urlOf({ ...share, views: 1 }), null, 'used up');
  t.equal(s.shareService.urlOf({ ...share, sealedToken: null }), null, 'made before tokens were sealed');
  t.notMatch(share.sealedToken, url.split('/s/')[1]!, 'what is stored is not the token');
});
