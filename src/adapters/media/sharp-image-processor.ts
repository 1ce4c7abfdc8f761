import sharp, { type OutputInfo } from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import { ImageRejectedError } from '../../domain/errors.js';
import { VARIANT_BOX } from '../../domain/photo.js';
import type { EncodedImage, ImageProcessor, ImageStats, PhotoFacts, RenderedVariants } from '../../ports/image-processor.js';
import { readExifFacts } from './exif-facts.js';
import { HeicInput } from './heif/heic-input.js';
import { HeifDecodeError } from './heif/heif-decode-error.js';

const THUMBHASH_BOX = 100;

// Long runs keep memory flat without libvips' operation cache; we never reprocess the same input.
sharp.cache(false);

export interface ImageLimits {
  maxPixels: number;
}

export interface ImageProcessorOptions extends ImageLimits {
  /** libvips threads per operation (measured in bench/RESULTS.md: one per photo in flight beats a shared pool). */
  threads?: number;
  /** Photos decoded at once when HEIC goes through libheif-js. */
  heifThreads: number;
}

function explain(err: unknown, limits: ImageLimits): ImageRejectedError {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof HeifDecodeError) {
    // Not the photo's fault: thrown as it is, so the job is retried (and dead-lettered if it keeps failing).
    if (err.reason === 'unavailable') throw err;
    if (err.reason === 'too_many_pixels') return explain(new Error('pixel limit'), limits);
    return new ImageRejectedError(`HEIC/HEIF could not be decoded: ${message}`);
  }
  if (/pixel limit/i.test(message)) {
    return new ImageRejectedError(`Image has more than ${limits.maxPixels.toLocaleString('en')} pixels, the limit`);
  }
  if (/heif|heic|compression format/i.test(message)) {
    return new ImageRejectedError(`HEIC/HEIF could not be decoded by this server's image library (${message.trim()})`);
  }
  if (/premature end|truncated|corrupt|unexpected end/i.test(message)) {
    return new ImageRejectedError('Image file is truncated or corrupt');
  }
  if (/unsupported image format/i.test(message)) return new ImageRejectedError('Image format could not be decoded');
  return new ImageRejectedError(`Image could not be decoded: ${message.trim()}`);
}

/** ThumbHash takes at most 100×100 RGBA pixels: the preview's pixels, shrunk. */
async function thumbHashOf(pixels: Buffer, raw: { raw: { width: number; height: number; channels: 1 | 2 | 3 | 4 } }) {
  const small = await sharp(pixels, raw)
    .resize(THUMBHASH_BOX, THUMBHASH_BOX, { fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return Buffer.from(rgbaToThumbHash(small.info.width, small.info.height, small.data)).toString('base64');
}

const encoded = (out: { data: Buffer; info: OutputInfo }): EncodedImage => ({
  data: out.data,
  width: out.info.width,
  height: out.info.height,
  contentType: 'image/jpeg',
});

/** The image work, with sharp (libvips). */
export class SharpImageProcessor implements ImageProcessor {
  private readonly limits: ImageLimits;
  private readonly heic: HeicInput;

  constructor(options: ImageProcessorOptions) {
    this.limits = { maxPixels: options.maxPixels };
    this.heic = new HeicInput({ maxPixels: options.maxPixels, threads: options.heifThreads });
    if (options.threads !== undefined) sharp.concurrency(options.threads);
  }

  /**
   * One decode for both variants: the photo is decoded once, shrunk on load
   * towards the preview size and oriented; the preview and then the thumbnail
   * are encoded from those pixels. Nothing of the original's metadata (EXIF,
   * GPS, XMP) is copied; colours are converted to sRGB.
   */
  async renderVariants(original: Buffer): Promise<RenderedVariants> {
    const options = { failOn: 'truncated', limitInputPixels: this.limits.maxPixels, sequentialRead: true } as const;
    try {
      const input = await this.heic.forSharp(original);
      const meta = await sharp(input, options).metadata();
      if (!meta.width || !meta.height) throw new ImageRejectedError('Image has no dimensions');
      const turned = (meta.orientation ?? 1) >= 5;
      const width = turned ? meta.height : meta.width;
      const height = turned ? meta.width : meta.height;

      const { data, info } = await sharp(input, options)
        .rotate()
        .resize(VARIANT_BOX.preview, VARIANT_BOX.preview, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .toColourspace('srgb')
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true });
      const raw = { raw: { width: info.width, height: info.height, channels: info.channels } } as const;

      const preview = await sharp(data, raw).jpeg({ quality: 82, progressive: true }).toBuffer({ resolveWithObject: true });
      const thumbnail = await sharp(data, raw)
        .resize(VARIANT_BOX.thumbnail, VARIANT_BOX.thumbnail, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 80 })
        .toBuffer({ resolveWithObject: true });
      return { width, height, preview: encoded(preview), thumbnail: encoded(thumbnail), thumbhash: await thumbHashOf(data, raw) };
    } catch (err) {
      if (err instanceof ImageRejectedError) throw err;
      throw explain(err, this.limits);
    }
  }

  async renderFullSize(original: Buffer): Promise<EncodedImage> {
    try {
      const out = await sharp(await this.heic.forSharp(original), {
        failOn: 'truncated',
        limitInputPixels: this.limits.maxPixels,
      })
        .rotate()
        .flatten({ background: '#ffffff' })
        .toColourspace('srgb')
        // Optimised Huffman tables make libjpeg hold the whole image before it writes (measured: 660 MB more at 100 MP),
        // for files 2 % smaller.
        .jpeg({ quality: 92, optimiseCoding: false })
        .toBuffer({ resolveWithObject: true });
      return encoded(out);
    } catch (err) {
      throw explain(err, this.limits);
    }
  }

  readFacts(input: Buffer): Promise<PhotoFacts> {
    return readExifFacts(input);
  }

  heicDecoder(): Promise<string> {
    return this.heic.describe();
  }

  close(): Promise<void> {
    return this.heic.close();
  }

  async stats(image: Buffer): Promise<ImageStats> {
    const { width, height } = await sharp(image).metadata();
    // stats() reads its input whole; colours and brightness need no more than a JPEG's shrink-on-load to 128 px.
    const small = await sharp(image).resize(128, 128, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
    const { dominant, channels } = await sharp(small.data, { raw: small.info }).stats();
    const colour = channels.slice(0, 3);
    const brightness = colour.reduce((sum, c) => sum + c.mean, 0) / colour.length;
    return { width, height, dominant, brightness };
  }
}
