import sharp, { type OutputInfo } from 'sharp';

// Long runs keep memory flat without libvips' operation cache; we never reprocess the same input.
sharp.cache(false);

export function setLibvipsThreads(threads: number): void {
  sharp.concurrency(threads);
}

export const THUMBNAIL_BOX = 200;
export const PREVIEW_BOX = 1280;

/** The photo itself is unusable (not decodable, too many pixels): retrying will not help. */
export class ImageRejectedError extends Error {
  override name = 'ImageRejectedError';
}

export interface EncodedImage {
  data: Buffer;
  width: number;
  height: number;
  contentType: 'image/jpeg';
}

export interface RenderedPhoto {
  /** Size of the whole photo as displayed, after EXIF orientation. */
  width: number;
  height: number;
  thumbnail: EncodedImage;
  preview: EncodedImage;
}

export interface PipelineLimits {
  maxPixels: number;
}

function explain(err: unknown, limits: PipelineLimits): ImageRejectedError {
  const message = err instanceof Error ? err.message : String(err);
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

/**
 * One decode for both variants: the photo is decoded once, shrunk on load
 * towards the preview size and oriented; the preview and then the thumbnail
 * are encoded from those pixels. Nothing of the original's metadata (EXIF,
 * GPS, XMP) is copied; colours are converted to sRGB.
 */
export async function renderPhoto(input: Buffer, limits: PipelineLimits): Promise<RenderedPhoto> {
  const options = { failOn: 'truncated', limitInputPixels: limits.maxPixels, sequentialRead: true } as const;
  try {
    const meta = await sharp(input, options).metadata();
    if (!meta.width || !meta.height) throw new ImageRejectedError('Image has no dimensions');
    const turned = (meta.orientation ?? 1) >= 5;
    const width = turned ? meta.height : meta.width;
    const height = turned ? meta.width : meta.height;

    const { data, info } = await sharp(input, options)
      .rotate()
      .resize(PREVIEW_BOX, PREVIEW_BOX, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } } as const;

    const preview = await sharp(data, raw).jpeg({ quality: 82, progressive: true }).toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(data, raw)
      .resize(THUMBNAIL_BOX, THUMBNAIL_BOX, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer({ resolveWithObject: true });

    const encoded = (out: { data: Buffer; info: OutputInfo }): EncodedImage => ({
      data: out.data,
      width: out.info.width,
      height: out.info.height,
      contentType: 'image/jpeg',
    });
    return { width, height, preview: encoded(preview), thumbnail: encoded(thumbnail) };
  } catch (err) {
    if (err instanceof ImageRejectedError) throw err;
    throw explain(err, limits);
  }
}

/** A full-size copy for sharing the "original": oriented, sRGB, with no metadata at all. */
export async function renderFullSize(input: Buffer, limits: PipelineLimits): Promise<EncodedImage> {
  try {
    const out = await sharp(input, { failOn: 'truncated', limitInputPixels: limits.maxPixels })
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .jpeg({ quality: 92 })
      .toBuffer({ resolveWithObject: true });
    return { data: out.data, width: out.info.width, height: out.info.height, contentType: 'image/jpeg' };
  } catch (err) {
    throw explain(err, limits);
  }
}
