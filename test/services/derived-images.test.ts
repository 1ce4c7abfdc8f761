import path from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import t, { type Test } from 'tap';
import { FolderBlobStore } from '../../src/adapters/local/folder-blob-store.js';
import { SharpImageProcessor } from '../../src/adapters/media/sharp-image-processor.js';
import { blobKeys } from '../../src/domain/blob-keys.js';
import type { EncodedImage, ImageProcessor } from '../../src/ports/image-processor.js';
import { DerivedImages } from '../../src/services/derived-images.js';
import { newPhoto, tempDir } from '../helpers/factories.js';
import { fixture } from '../helpers/service.js';

/** The real image processor, with a count of the full-size renders it was asked for and how many ran at once. */
class CountedRenders implements ImageProcessor {
  renders = 0;
  running = 0;
  mostAtOnce = 0;
  private readonly real = new SharpImageProcessor({ maxPixels: 1e8, heifThreads: 1 });

  async renderFullSize(original: Buffer): Promise<EncodedImage> {
    this.renders++;
    this.mostAtOnce = Math.max(this.mostAtOnce, ++this.running);
    try {
      return await this.real.renderFullSize(original);
    } finally {
      this.running--;
    }
  }
  renderVariants = (original: Buffer) => this.real.renderVariants(original);
  readFacts = (original: Buffer) => this.real.readFacts(original);
  stats = (image: Buffer) => this.real.stats(image);
  heicDecoder = () => this.real.heicDecoder();
  close = () => this.real.close();
}

async function setUp(t: Test) {
  const blobs = new FolderBlobStore(path.join(tempDir(t), 'blobs'));
  const images = new CountedRenders();
  const derived = new DerivedImages(blobs, images);
  const stored = async (file: string) => {
    const photo = newPhoto({ userId: 'ann' });
    await blobs.put(photo.originalKey, Readable.from([fixture(file)]), 'image/jpeg');
    return photo;
  };
  return { blobs, images, derived, stored };
}

t.test('a full-size copy asked for four times at once is rendered once', async (t) => {
  const { blobs, images, derived, stored } = await setUp(t);
  const photo = await stored('iphone4s-orient6-gps.jpg');
  const answers = await Promise.all([1, 2, 3, 4].map(() => derived.fullSize(photo)));
  t.equal(images.renders, 1, 'one render');
  t.same(new Set(answers.map((a) => a.key)).size, 1, 'one copy for all four');
  const copy = await blobs.read(blobKeys.derived('ann', photo.photoId, 'full'));
  const meta = await sharp(copy!).metadata();
  t.same([meta.width, meta.height, meta.exif], [102, 205, undefined], 'full size, upright, no EXIF');
  await derived.fullSize(photo);
  t.equal(images.renders, 1, 'and kept: asked again later, not rendered again');
});

t.test('copies of different photos are rendered one at a time', async (t) => {
  const { images, derived, stored } = await setUp(t);
  const photos = await Promise.all(['iphone4s-orient6-gps.jpg', 'nokia-starfish-gps.jpg', 'xiaomi-mi3-13mp.jpg'].map(stored));
  await Promise.all(photos.map((p) => derived.fullSize(p)));
  t.equal(images.renders, 3);
  t.equal(images.mostAtOnce, 1, 'never two whole photos in memory at once');
});

t.test('a render that fails fails every waiter, and the next ask tries again', async (t) => {
  const { images, derived, stored } = await setUp(t);
  const photo = await stored('nokia-starfish-gps.jpg');
  const missing = { ...photo, originalKey: 'originals/ann/not-there' };
  const failures = await Promise.allSettled([derived.fullSize(missing), derived.fullSize(missing)]);
  t.same(
    failures.map((f) => f.status),
    ['rejected', 'rejected'],
  );
  t.equal(images.renders, 0);
  await derived.fullSize(photo);
  t.equal(images.renders, 1, 'the queue goes on after a failure');
});
