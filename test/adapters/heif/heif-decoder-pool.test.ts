import sharp from 'sharp';
import t, { type Test } from 'tap';
import { HeifDecodeError } from '../../../src/adapters/media/heif/heif-decode-error.js';
import { HeifDecoderPool, type HeifDecoderPoolOptions } from '../../../src/adapters/media/heif/heif-decoder-pool.js';
import { hevcSample, libvipsDecodesHevc } from '../../../src/adapters/media/heif/libvips-hevc-check.js';
import { fixture } from '../../helpers/service.js';

const IPHONE = fixture('iphonexr-orient6-gps.heic');

function pool(t: Test, options: Partial<HeifDecoderPoolOptions> = {}) {
  const decoders = new HeifDecoderPool({ threads: 1, maxPixels: 50_000_000, ...options });
  t.teardown(() => decoders.close());
  return decoders;
}

const refusal = (err: unknown) => (err instanceof HeifDecodeError ? { reason: err.reason, message: err.message } : err);

t.test('an iPhone photo: the primary image, upright, with its Display P3 profile and no Exif', async (t) => {
  const decoded = await pool(t).decode(IPHONE);
  // Stored as a 4032×3024 grid of 512×512 HEVC tiles turned by `irot`; its Exif also says "rotate 90".
  t.same([decoded.width, decoded.height], [3024, 4032], 'the tiles assembled and turned once, to portrait');
  const meta = await sharp(decoded.tiff).metadata();
  t.same([meta.format, meta.width, meta.height, meta.depth], ['tiff', 3024, 4032, 'uchar']);
  t.ok(meta.icc && meta.icc.toString('latin1').includes('Display P3'), "Apple's Display P3 profile travels with the pixels");
  t.notOk(meta.exif, 'no Exif, so nothing downstream can rotate it a second time');
  t.equal(meta.orientation ?? 1, 1, 'upright as it is');
});

t.test('10 bits per channel come out as 8, the same picture', async (t) => {
  const decoded = await pool(t).decode(fixture('starfish-10bit.heic'));
  const meta = await sharp(decoded.tiff).metadata();
  t.same([meta.width, meta.height, meta.depth], [1278, 720, 'uchar']);
  const mean = async (image: Buffer) => (await sharp(image).stats()).channels.slice(0, 3).map((c) => c.mean);
  const made = await mean(decoded.tiff);
  const source = await mean(fixture('nokia-starfish-gps.jpg')); // the photo heif-enc -b 10 encoded
  t.ok(
    made.every((v, i) => Math.abs(v - source[i]!) < 3),
    `mean colour ${made.map(Math.round).join(',')} ~ ${source.map(Math.round).join(',')}`,
  );
});

t.test('too many pixels is refused from the header, before decoding', async (t) => {
  const err = await pool(t, { maxPixels: 12_000_000 }).decode(IPHONE).catch(refusal);
  t.same(err, { reason: 'too_many_pixels', message: '3024×4032 pixels' });
});

t.test('a truncated or foreign file is refused with a reason', async (t) => {
  const decoders = pool(t);
  for (const cut of [IPHONE.length - 2000, 200_000]) {
    t.match(
      await decoders.decode(IPHONE.subarray(0, cut)).catch(refusal),
      { reason: 'undecodable', message: /truncated or corrupt/ },
      `cut at ${cut} bytes: damaged tiles`,
    );
  }
  t.match(
    await decoders.decode(IPHONE.subarray(0, 3000)).catch(refusal),
    { reason: 'undecodable', message: /meta/ },
    'cut inside the header',
  );
  t.match(await decoders.decode(fixture('nokia-starfish-gps.jpg')).catch(refusal), { reason: 'undecodable' }, 'a JPEG');
  const after = await decoders.decode(hevcSample());
  t.same([after.width, after.height], [64, 48], 'and the same thread decodes the next photo');
});

t.test('photos wait their turn for a thread; threads are replaced after their quota of decodes', async (t) => {
  const decoders = pool(t, { threads: 2, decodesPerThread: 1 });
  const sizes = await Promise.all(
    [hevcSample(), fixture('starfish-vivid-p3.heic'), hevcSample(), hevcSample()].map(async (input) => {
      const { width, height } = await decoders.decode(input);
      return `${width}×${height}`;
    }),
  );
  t.same(sizes, ['64×48', '1278×720', '64×48', '64×48']);
});

t.test('a decode that runs too long is stopped', async (t) => {
  const decoders = pool(t, { timeoutMs: 1 });
  t.match(await decoders.decode(IPHONE).catch(refusal), { reason: 'unavailable', message: 'decoding took longer than 0.001 s' });
});

t.test('closing refuses the photos still waiting', async (t) => {
  const decoders = new HeifDecoderPool({ threads: 1, maxPixels: 50_000_000 });
  const first = decoders.decode(IPHONE).catch(refusal);
  const waiting = decoders.decode(IPHONE).catch(refusal);
  await decoders.close();
  t.match(await waiting, { message: 'the HEIF decoder is shutting down' });
  t.match(await first, { message: 'the HEIF decoder is shutting down' }, 'and the one in progress');
});

t.test('the HEVC sample decides which decoder reads HEIC', async (t) => {
  const decoded = await pool(t).decode(hevcSample());
  const { dominant } = await sharp(decoded.tiff).stats();
  t.ok(Math.abs(dominant.g - 0xaa) < 12 && dominant.g > dominant.r, 'the sample is a real HEVC picture (green)');
  const libvipsReadsIt = await sharp(hevcSample())
    .raw()
    .toBuffer()
    .then(
      () => true,
      () => false,
    );
  t.equal(await libvipsDecodesHevc(), libvipsReadsIt, `libvips decodes HEVC here: ${libvipsReadsIt}`);
});
