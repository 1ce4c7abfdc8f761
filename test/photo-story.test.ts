import sharp from 'sharp';
import t from 'tap';
import { Client, fetchBytes } from './helpers/client.js';
import { fixture, startTestService } from './helpers/service.js';

t.test('sign up, upload a real photo, get its variants and share it', async (t) => {
  const { url } = await startTestService(t);
  const alice = new Client(url);
  await alice.signUpAndLogin('alice@example.com');

  const upload = await alice.upload(fixture('xiaomi-mi3-13mp.jpg'), 'mi3.jpg', { title: 'Street', tags: 'City, street,city' });
  t.equal(upload.status, 201, 'upload accepted');
  t.equal(upload.body.status, 'processing');
  t.equal(upload.body.contentType, 'image/jpeg');
  t.equal(upload.body.size, fixture('xiaomi-mi3-13mp.jpg').length);
  t.same(upload.body.tags, ['city', 'street'], 'tags cleaned and de-duplicated');
  t.match(upload.body.sha256, /^[0-9a-f]{64}$/);

  const photo = await alice.waitForPhoto(upload.body.photoId);
  t.equal(photo.status, 'ready', 'processed');
  t.equal(photo.width, 4208);
  t.equal(photo.height, 3120);
  t.same(photo.camera, { make: 'XIAOMI', model: 'MI3' });
  t.equal(photo.takenAt, '2015-02-28T17:10:49');

  const thumb = await fetchBytes(photo.urls.thumbnail);
  t.equal(thumb.status, 200);
  t.equal(thumb.headers.get('content-type'), 'image/jpeg');
  const thumbMeta = await sharp(thumb.body).metadata();
  t.ok(thumbMeta.width! <= 200 && thumbMeta.height! <= 200, `thumbnail ${thumbMeta.width}×${thumbMeta.height} fits 200×200`);
  t.equal(thumbMeta.width, 200);

  const preview = await fetchBytes(photo.urls.preview);
  const previewMeta = await sharp(preview.body).metadata();
  t.equal(previewMeta.width, 1280, 'preview is 1280 wide');
  t.ok(previewMeta.height! <= 1280);
  t.notOk(previewMeta.exif, 'preview carries no EXIF');

  const share = await alice.json('POST', `/photos/${photo.photoId}/share`, {});
  t.equal(share.status, 201);
  const shared = await fetchBytes(share.body.url);
  t.equal(shared.status, 200, 'link works with no auth');
  t.same(shared.body, preview.body, 'the link serves the preview');
});
