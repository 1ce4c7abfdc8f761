import t from 'tap';
import { newPhoto, statusOfRejection } from '../helpers/factories.js';
import { servicesUnderTest } from '../helpers/services.js';
import { Readable } from 'node:stream';
import { fixture } from '../helpers/service.js';
import sharp from 'sharp';
import type { PhotoRepo } from '../../src/ports/photo-repo.js';
import { ShareService } from '../../src/services/share-service.js';

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

t.test('an "original" share serves a full-size copy without metadata, made once when the link is created', async (t) => {
  const s = servicesUnderTest(t);
  const photo = await readyPhoto(s);
  const fullKey = `processed/${USER}/${photo.photoId}/full.jpg`;
  t.equal(await s.blobs.stat(fullKey), null, 'no copy before a link asks for one');
  const { url } = await s.shareService.create(USER, photo.photoId, { variant: 'original' });
  t.ok(await s.blobs.stat(fullKey), 'made when the link is created, so the first visitor does not wait');
  const opened = await s.shareService.open(url.split('/s/')[1]!);
  if (!opened.served) throw new Error('not served');
  t.equal(opened.blob.key, `processed/${USER}/${photo.photoId}/full.jpg`);
  const copy = await s.blobs.read(opened.blob.key);
  const meta = await sharp(copy!).metadata();
  const stored = await s.photos.get(photo.photoId);
  t.same([meta.width, meta.height], [stored!.width, stored!.height], 'full size, turned upright');
  t.ok(meta.height > meta.width, 'the EXIF orientation 6 portrait stands');
  t.equal(meta.exif, undefined, 'no EXIF, so no GPS');
  t.equal(meta.orientation, undefined);
});

t.test('a revoked link and a deleted photo stop at once', async (t) => {
  const s = servicesUnderTest(t);
  const photo = await readyPhoto(s);
  const first = await s.shareService.create(USER, photo.photoId, {});
  const second = await s.shareService.create(USER, photo.photoId, {});
  t.equal(await statusOfRejection(s.shareService.revoke('someone0000000000000000', first.share.shareId)), 404);
  await s.shareService.revoke(USER, first.share.shareId);
  t.match(await s.shareService.open(first.url.split('/s/')[1]!), { served: false, status: 410, code: 'revoked' });
  await s.photoService.delete(USER, photo.photoId);
  t.match(await s.shareService.open(second.url.split('/s/')[1]!), { served: false, status: 404 }, 'the link went with the photo');
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
  const racing = new ShareService({ photos, derived: s.derived, cursors: s.cursors, clock: s.clock, publicUrl: 'http://x.test' });
  t.equal(await statusOfRejection(racing.create(USER, photo.photoId, {})), 404);
  t.same(await s.photos.listShares({ photoId: photo.photoId, limit: 10 }), { items: [], next: null });
});
