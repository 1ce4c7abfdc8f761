import exifr from 'exifr';
import sharp from 'sharp';
import t from 'tap';
import { thumbHashToRGBA } from 'thumbhash';
import { Client, fetchBytes, fetchWhenPrepared } from '../helpers/client.js';
import { meanColour, metadataOf } from '../helpers/images.js';
import { fixture, startTestService } from '../helpers/service.js';

const HEIC = 'image/heic';

const pixels24x32 = async (image: Buffer) =>
  sharp(image).resize(24, 32, { fit: 'fill' }).removeAlpha().toColourspace('srgb').raw().toBuffer();

/** Mean absolute difference of two images' pixels, 0–255. */
const difference = (a: Buffer, b: Buffer) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;

t.test('photos from an iPhone, as HEIC', async (t) => {
  const { url } = await startTestService(t);
  const alice = new Client(url);
  await alice.signUpAndLogin('alice@example.com');

  t.test('an iPhone XR photo: portrait, both variants, its camera and date, no location', async (t) => {
    const original = fixture('iphonexr-orient6-gps.heic');
    t.ok(await exifr.gps(original), 'the photo does carry GPS');
    const upload = await alice.upload(original, 'IMG_0001.HEIC', {}, HEIC);
    t.equal(upload.status, 201);
    t.equal(upload.body.contentType, 'image/heic');

    const photo = await alice.waitForPhoto(upload.body.photoId, 60_000);
    t.equal(photo.status, 'ready', photo.error ?? 'processed');
    // Stored 4032×3024 in 512 px HEVC tiles, turned by the HEIF `irot`, with an Exif orientation saying the same:
    // turned once, it is portrait; turned twice it would be upside down and landscape.
    t.same([photo.width, photo.height], [3024, 4032], 'portrait, as the phone held it');
    t.same(photo.camera, { make: 'Apple', model: 'iPhone XR' });
    t.equal(photo.takenAt, '2021-02-13T11:03:31-06:00', 'taken at, with its offset, from the HEIC Exif');
    const json = JSON.stringify({ ...photo, photoId: null, urls: null, thumbhash: null });
    t.notOk(json.match(/latitude|longitude|gps/i), 'no location in the Photo JSON');

    const thumbnail = await metadataOf((await fetchBytes(photo.urls.thumbnail)).body);
    const preview = await metadataOf((await fetchBytes(photo.urls.preview)).body);
    t.same([thumbnail.format, thumbnail.width, thumbnail.height], ['jpeg', 150, 200], 'thumbnail: 200 px tall');
    t.same([preview.format, preview.width, preview.height], ['jpeg', 960, 1280], 'preview: 1280 px tall');
    for (const variant of [thumbnail, preview]) t.notOk(variant.exif || variant.xmp || variant.gps, 'no EXIF, XMP or GPS');

    const placeholder = thumbHashToRGBA(Buffer.from(photo.thumbhash, 'base64'));
    t.ok(placeholder.h > placeholder.w, `a portrait placeholder (${placeholder.w}×${placeholder.h})`);

    // Debian's heif-convert (libheif 1.15, native) says how the photo looks upright: ours must match that, not its
    // half turn or its mirror image.
    const ours = await pixels24x32((await fetchBytes(photo.urls.thumbnail)).body);
    const upright = fixture('iphonexr-upright-24x32.png');
    const toUpright = difference(ours, await pixels24x32(upright));
    for (const [name, wrong] of [
      ['upside down', sharp(upright).rotate(180)],
      ['mirrored', sharp(upright).flop()],
    ] as const) {
      const toWrong = difference(ours, await pixels24x32(await wrong.toBuffer()));
      t.ok(toUpright * 3 < toWrong, `as heif-convert shows it (${toUpright.toFixed(1)}), not ${name} (${toWrong.toFixed(1)})`);
    }

    const share = await alice.json('POST', `/photos/${photo.photoId}/share`, { variant: 'original' });
    const full = await fetchWhenPrepared(share.body.url, fetchBytes);
    t.equal(full.status, 200);
    const fullSize = await metadataOf(full.body);
    t.same(
      [fullSize.format, fullSize.width, fullSize.height],
      ['jpeg', 3024, 4032],
      'a shared original: full size, upright JPEG',
    );
    t.notOk(fullSize.exif || fullSize.gps, 'with no EXIF or GPS');
  });

  t.test('a HEIC in Display P3 keeps its colours', async (t) => {
    // starfish-vivid-p3.heic: the starfish made vivid, converted to Display P3 with its profile, then heif-enc.
    const vivid = await sharp(fixture('nokia-starfish-gps.jpg')).modulate({ saturation: 3 }).jpeg({ quality: 95 }).toBuffer();
    const expected = await meanColour(vivid);
    const { body } = await alice.upload(fixture('starfish-vivid-p3.heic'), 'vivid.heic', {}, HEIC);
    const photo = await alice.waitForPhoto(body.photoId, 60_000);
    t.equal(photo.status, 'ready');
    for (const name of ['thumbnail', 'preview'] as const) {
      const colour = await meanColour((await fetchBytes(photo.urls[name])).body);
      t.ok(
        Math.max(...colour.map((v, i) => Math.abs(v - expected[i]!))) <= 4,
        `${name}: the sRGB colours (${colour.join(',')} vs ${expected.join(',')})`,
      );
    }
  });

  t.test('a 10-bit HEIC becomes an ordinary 8-bit photo', async (t) => {
    const { body } = await alice.upload(fixture('starfish-10bit.heic'), 'deep.heic', {}, HEIC);
    const photo = await alice.waitForPhoto(body.photoId, 60_000);
    t.equal(photo.status, 'ready');
    t.same([photo.width, photo.height], [1278, 720]);
    const preview = await sharp((await fetchBytes(photo.urls.preview)).body).metadata();
    t.same([preview.width, preview.depth], [1278, 'uchar']);
  });

  t.test('a truncated HEIC fails with a reason, and the next photo is processed', async (t) => {
    const whole = fixture('iphonexr-orient6-gps.heic');
    const { body } = await alice.upload(whole.subarray(0, 600_000), 'cut.heic', {}, HEIC);
    const failed = await alice.waitForPhoto(body.photoId, 60_000);
    t.equal(failed.status, 'failed');
    t.match(failed.error, /HEIC\/HEIF could not be decoded: the file is truncated or corrupt/);
    t.equal(failed.urls, null);

    const next = await alice.upload(fixture('starfish-10bit.heic'), 'next.heic', {}, HEIC);
    t.equal((await alice.waitForPhoto(next.body.photoId, 60_000)).status, 'ready', 'the worker kept going');
  });
});
