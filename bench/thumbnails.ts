import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { SharpImageProcessor } from '../src/adapters/media/sharp-image-processor.js';
import { VARIANT_BOX } from '../src/domain/photo.js';
import { pool, run, split, timed } from './measure.js';

export interface ThumbnailFigures {
  photos: number;
  megapixels: number;
  cores: number;
  rounds: number;
  /** Photos per second per core, median of the rounds. */
  perCore: Record<string, number>;
  notes: string[];
}

const LIMITS = { maxPixels: 100_000_000 };
const THUMBNAIL_BOX = VARIANT_BOX.thumbnail;
const images = new SharpImageProcessor({ ...LIMITS, heifThreads: 2 });
/** Debian's ImageMagick (apt-get install imagemagick); an earlier `convert` on PATH may be something else. */
export const IMAGEMAGICK = process.env.IMAGEMAGICK ?? (fs.existsSync('/usr/bin/convert') ? '/usr/bin/convert' : 'convert');

/** The thumbnail alone, the way the pipeline makes it: oriented, sRGB, no metadata, shrink-on-load. */
async function oursThumbnailOnly(input: Buffer): Promise<void> {
  await sharp(input, { failOn: 'truncated', limitInputPixels: LIMITS.maxPixels, sequentialRead: true })
    .rotate()
    .resize(THUMBNAIL_BOX, THUMBNAIL_BOX, { fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** The worker's whole per-photo work: decode once, orient, preview and thumbnail, metadata. */
async function oursPipeline(input: Buffer): Promise<void> {
  await Promise.all([images.renderVariants(input), images.readFacts(input)]);
}

export async function measureThumbnails(corpus: string, rounds: number): Promise<ThumbnailFigures> {
  const files = fs
    .readdirSync(corpus)
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .map((f) => path.join(corpus, f));
  const cores = os.availableParallelism();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-thumbs-'));
  let megapixels = 0;
  for (const f of files) {
    const { width, height } = await sharp(f).metadata();
    megapixels += (width * height) / 1e6;
  }
  // Bytes are read before timing: the worker gets the original from the store, the tools from the page cache.
  const inputs = files.map((f) => fs.readFileSync(f));
  const perSecondPerCore = (ms: number) => files.length / (ms / 1000) / cores;
  const perCore: Record<string, number> = {};
  sharp.cache(false);

  for (const [label, threads] of [
    ['sharp threads = cores', cores],
    ['sharp threads = 1', 1],
  ] as const) {
    sharp.concurrency(threads);
    perCore[`ours: thumbnail alone, ${cores} at a time, ${label}`] = perSecondPerCore(
      (await timed(rounds, () => pool(inputs, cores, oursThumbnailOnly))).median,
    );
    perCore[`ours: thumbnail + preview + metadata, ${cores} at a time, ${label}`] = perSecondPerCore(
      (await timed(rounds, () => pool(inputs, cores, oursPipeline))).median,
    );
  }
  sharp.concurrency(0);

  // vipsthumbnail: one process per core, each given its share of the files.
  perCore[`vipsthumbnail -s ${THUMBNAIL_BOX}x${THUMBNAIL_BOX}, ${cores} processes`] = perSecondPerCore(
    (
      await timed(rounds, () =>
        Promise.all(
          split(files, cores).map((part) =>
            run('vipsthumbnail', ['-s', `${THUMBNAIL_BOX}x${THUMBNAIL_BOX}`, '-o', `${out}/%s.jpg`, ...part]),
          ),
        ),
      )
    ).median,
  );
  perCore[`ImageMagick convert -auto-orient -thumbnail ${THUMBNAIL_BOX}x${THUMBNAIL_BOX}, ${cores} at a time`] = perSecondPerCore(
    (
      await timed(rounds, () =>
        pool(files, cores, (f) =>
          run(IMAGEMAGICK, [
            f,
            '-auto-orient',
            '-thumbnail',
            `${THUMBNAIL_BOX}x${THUMBNAIL_BOX}`,
            path.join(out, `im-${path.basename(f)}`),
          ]),
        ),
      )
    ).median,
  );
  fs.rmSync(out, { recursive: true, force: true });
  const notes = [
    `sharp bundles libvips ${sharp.versions.vips}; vipsthumbnail is Debian's older libvips: part of any lead is the newer library (JPEG decoding, SIMD), not our code.`,
    'vipsthumbnail also imports and exports ICC profiles through lcms when a photo carries one; the pipeline converts to sRGB without an ICC transform.',
    'The worker runs WORKER_CONCURRENCY (default: cores) photos at once with cores / concurrency libvips threads each: the "sharp threads = 1" rows, faster here than one shared pool.',
  ];
  return { photos: files.length, megapixels, cores, rounds, perCore, notes };
}
