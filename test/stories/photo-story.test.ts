import sharp from 'sharp';
import t from 'tap';
import { thumbHashToAverageRGBA, thumbHashToRGBA } from 'thumbhash';
import { Client, fetchBytes, fetchWhenPrepared } from '../helpers/client.js';
import { SteppedClock } from '../helpers/manual-clock.js';
import { meanColour, metadataOf } from '../helpers/images.js';
import { fixture, startTestService } from '../helpers/service.js';

t.test('the whole story with real photographs', async (t) => {
  // The services' clock: real time, moved on by the test to jump over an expiry instead of waiting for it.
  const clock = new SteppedClock();
  const { url } = await startTestService(t, {}, { clock });
  const alice = new Client(url);
  await alice.signUpAndLogin('alice@example.com');

  t.test('a 13 MP photo: upload, process, both variants', async (t) => {
    const original = fixture('xiaomi-mi3-13mp.jpg');
    const upload = await alice.upload(original, 'mi3.jpg', { title: 'Street', tags: 'City, street,city' });
    t.equal(upload.status, 201, 'upload accepted');
    t.equal(upload.headers.get('location'), `/photos/${upload.body.photoId}`);
    t.equal(upload.body.status, 'processing');
    t.equal(upload.body.contentType, 'image/jpeg');
    t.equal(upload.body.size, original.length);
    t.equal(upload.body.title, 'Street');
    t.same(upload.body.tags, ['city', 'street'], 'tags cleaned and de-duplicated');
    t.match(upload.body.sha256, /^[0-9a-f]{64}$/);
    t.equal(upload.body.urls, null, 'no variant URLs before processing');

    const photo = await alice.waitForPhoto(upload.body.photoId);
    t.equal(photo.status, 'ready');
    t.equal(photo.width, 4208);
    t.equal(photo.height, 3120);
    t.same(photo.camera, { make: 'XIAOMI', model: 'MI3' });
    t.equal(photo.takenAt, '2015-02-28T17:10:49');
    t.ok(photo.labels.length > 0, 'the local labeler labelled it');

    const thumb = await fetchBytes(photo.urls.thumbnail);
    t.equal(thumb.status, 200);
    t.equal(thumb.headers.get('content-type'), 'image/jpeg');
    const thumbMeta = await metadataOf(thumb.body);
    t.equal(thumbMeta.width, 200, 'thumbnail fills the 200 box on its long side');
    t.equal(thumbMeta.height, 148);
    const preview = await fetchBytes(photo.urls.preview);
    const previewMeta = await metadataOf(preview.body);
    t.equal(previewMeta.width, 1280, 'preview fits 1280×1280');
    t.equal(previewMeta.height, 949);
    t.notOk(thumbMeta.exif || previewMeta.exif || previewMeta.xmp, 'no EXIF or XMP in the variants');

    t.equal(upload.body.thumbhash, null, 'no placeholder while processing');
    const hash = Buffer.from(photo.thumbhash, 'base64');
    t.ok(hash.length > 5 && hash.length < 40, `a ThumbHash of ${hash.length} bytes`);
    const placeholder = thumbHashToRGBA(hash);
    t.ok(
      Math.abs(placeholder.w / placeholder.h - 4208 / 3120) < 0.15,
      `the placeholder has the photo's shape (${placeholder.w}×${placeholder.h})`,
    );
    const average = thumbHashToAverageRGBA(hash);
    const thumbColour = await meanColour(thumb.body);
    for (const [i, channel] of (['r', 'g', 'b'] as const).entries()) {
      t.ok(
        Math.abs(average[channel] * 255 - thumbColour[i]!) < 20,
        `its ${channel} is the thumbnail's (${Math.round(average[channel] * 255)} ~ ${thumbColour[i]})`,
      );
    }
  });

  t.test('a photo in Display P3 keeps its colours in the sRGB variants', async (t) => {
    // A real photograph made vivid, then stored as Display P3 with its profile: the numbers in the file differ from
    // the sRGB ones, and only a colour-managed conversion brings the same colours back.
    const vivid = await sharp(fixture('nokia-starfish-gps.jpg')).modulate({ saturation: 3 }).jpeg({ quality: 95 }).toBuffer();
    const inP3 = await sharp(vivid).withIccProfile('p3').jpeg({ quality: 95 }).toBuffer();
    t.ok((await sharp(inP3).metadata()).icc, 'the upload carries its ICC profile');
    const expected = await meanColour(vivid);
    const unmanaged = await meanColour(inP3, { ignoreIcc: true });
    t.ok(
      Math.max(...unmanaged.map((v, i) => Math.abs(v - expected[i]!))) >= 8,
      `read without its profile it would be off (${unmanaged.join(',')} vs ${expected.join(',')})`,
    );
    const { body } = await alice.upload(inP3, 'vivid-p3.jpg');
    const photo = await alice.waitForPhoto(body.photoId);
    for (const name of ['thumbnail', 'preview'] as const) {
      const variant = (await fetchBytes(photo.urls[name])).body;
      const colour = await meanColour(variant);
      t.ok(
        Math.max(...colour.map((v, i) => Math.abs(v - expected[i]!))) <= 4,
        `${name}: the sRGB colours (${colour.join(',')} vs ${expected.join(',')})`,
      );
      t.notOk((await sharp(variant).metadata()).icc, `${name} carries no profile: it is plain sRGB`);
    }
  });

  t.test('EXIF orientation 6 comes out portrait; GPS never leaves', async (t) => {
    const original = fixture('iphone4s-orient6-gps.jpg');
    t.ok((await metadataOf(original)).gps, 'the fixture does carry GPS');
    const { body } = await alice.upload(original, 'iphone.jpg');
    const photo = await alice.waitForPhoto(body.photoId);
    t.equal(photo.status, 'ready');
    t.equal(photo.width, 102, 'width as displayed');
    t.equal(photo.height, 205, 'height as displayed');
    t.same(photo.camera, { make: 'Apple', model: 'iPhone 4S' });
    // Ids and URL signatures are random base64url, where "gps" turns up by chance: look at everything else.
    const described = JSON.stringify({ ...photo, photoId: null, urls: null, thumbhash: null });
    t.notOk(described.match(/latitude|longitude|gps/i), 'no location in the Photo JSON');
    for (const name of ['thumbnail', 'preview'] as const) {
      const variant = await metadataOf((await fetchBytes(photo.urls[name])).body);
      t.ok(variant.height > variant.width, `${name} is portrait (${variant.width}×${variant.height})`);
      t.notOk(variant.gps || variant.exif, `${name} has no EXIF or GPS`);
    }
    const placeholder = thumbHashToRGBA(Buffer.from(photo.thumbhash, 'base64'));
    t.ok(placeholder.h > placeholder.w, `the placeholder is portrait too (${placeholder.w}×${placeholder.h})`);
    const share = await alice.json('POST', `/photos/${photo.photoId}/share`, { variant: 'original' });
    t.equal(share.status, 201);
    const full = await fetchWhenPrepared(share.body.url, fetchBytes);
    t.equal(full.status, 200);
    const fullMeta = await metadataOf(full.body);
    t.same([fullMeta.width, fullMeta.height], [102, 205], 'shared original is full size, upright');
    t.notOk(fullMeta.gps || fullMeta.exif, 'a shared original has no EXIF or GPS');
  });

  t.test('list, share, count views, revalidate, revoke, expire', async (t) => {
    const { body } = await alice.upload(fixture('nokia-starfish-gps.jpg'), 'starfish.jpg', { tags: 'sea' });
    const photo = await alice.waitForPhoto(body.photoId);

    const list = await alice.json('GET', '/photos');
    t.equal(list.status, 200);
    t.equal(list.body.items[0].photoId, photo.photoId, 'newest first');
    t.equal(list.body.items.length, 4, 'the three photos so far and this one');

    const share = await alice.json('POST', `/photos/${photo.photoId}/share`, { expiresInSeconds: 3600, variant: 'thumbnail' });
    t.equal(share.status, 201);
    t.equal(share.body.variant, 'thumbnail');
    t.match(share.body.url, new RegExp(`^${url}/s/[A-Za-z0-9_-]{40,}$`));
    const expiresIn = Date.parse(share.body.expiresAt) - clock.now().getTime();
    t.ok(expiresIn > 3590_000 && expiresIn <= 3600_000, 'expires in an hour');

    const first = await fetchBytes(share.body.url);
    t.equal(first.status, 200);
    t.equal(first.headers.get('content-type'), 'image/jpeg');
    t.equal(first.headers.get('cache-control'), 'private, no-cache');
    const etag = first.headers.get('etag');
    t.match(etag, /^".+"$/, 'has an ETag');
    t.ok((await metadataOf(first.body)).width <= 200, 'serves the thumbnail');
    const again = await fetchBytes(share.body.url, { 'if-none-match': etag! });
    t.equal(again.status, 304, 'revalidation answers 304');

    const shares = await alice.json('GET', `/photos/${photo.photoId}/shares`);
    t.equal(shares.body.items.length, 1);
    t.equal(shares.body.items[0].views, 1, 'the fetch counted, the revalidation not (it uses up no maxViews)');
    t.equal(shares.body.items[0].state, 'live');
    t.equal(shares.body.items[0].url, share.body.url, 'its owner can copy the live link again');

    t.equal((await alice.request('DELETE', `/shares/${share.body.shareId}`)).status, 204);
    const revoked = await fetchBytes(share.body.url);
    t.equal(revoked.status, 410, 'revoked link answers 410 at once');
    t.equal(JSON.parse(revoked.body.toString()).error.code, 'revoked');
    const page = await fetchBytes(share.body.url, { accept: 'text/html' });
    t.equal(page.status, 410);
    t.match(page.body.toString(), /no longer available/, 'browsers get a readable page');

    const brief = await alice.json('POST', `/photos/${photo.photoId}/share`, { expiresInSeconds: 1 });
    t.equal((await fetchBytes(brief.body.url)).status, 200);
    clock.advance(1000); // its second has passed
    const lapsed = await fetchBytes(brief.body.url);
    t.equal(lapsed.status, 410, 'a lapsed link answers 410');
    t.equal(JSON.parse(lapsed.body.toString()).error.code, 'expired');

    t.equal((await fetchBytes(`${url}/s/${'x'.repeat(43)}`)).status, 404, 'unknown token is 404');
  });

  t.test('share limits', async (t) => {
    const { body } = await alice.json('GET', '/photos?limit=1');
    const photoId = body.items[0].photoId;
    for (const bad of [
      { expiresInSeconds: 7 * 86400 + 1 },
      { expiresInSeconds: 0 },
      { variant: 'raw' },
      { expiresInSeconds: 'soon' },
    ]) {
      const res = await alice.json('POST', `/photos/${photoId}/share`, bad);
      t.equal(res.status, 400, `refuses ${JSON.stringify(bad)}`);
      t.ok(res.body.error.message, 'with a message');
    }
    const week = await alice.json('POST', `/photos/${photoId}/share`, { expiresInSeconds: 7 * 86400 });
    t.equal(week.status, 201, 'seven days is allowed');
    const byDefault = await alice.json('POST', `/photos/${photoId}/share`);
    t.equal(byDefault.status, 201);
    t.equal(byDefault.body.variant, 'preview');
    t.ok(Math.abs(Date.parse(byDefault.body.expiresAt) - clock.now().getTime() - 86_400_000) < 5000, 'default is one day');
  });

  t.test('signed variant URLs are checked', async (t) => {
    const { body } = await alice.json('GET', '/photos?limit=1');
    const signed = new URL(body.items[0].urls.preview);
    t.equal((await fetchBytes(signed.href)).status, 200);
    const otherPath = new URL(signed.href.replace('/preview.jpg', '/thumbnail.jpg'));
    t.equal((await fetchBytes(otherPath.href)).status, 403, 'signature does not cover another key');
    const later = new URL(signed.href);
    later.searchParams.set('Expires', String(Number(signed.searchParams.get('Expires')) + 3600));
    t.equal((await fetchBytes(later.href)).status, 403, 'expiry cannot be extended');
    t.equal((await fetchBytes(`${url}${signed.pathname}`)).status, 403, 'unsigned is refused');
    const original = await alice.request('GET', `/photos/${body.items[0].photoId}/original`);
    t.equal(original.status, 302);
    const download = await fetchBytes(original.headers.get('location')!);
    t.same(download.body, fixture('nokia-starfish-gps.jpg'), 'the owner downloads the original bytes');
  });
});
