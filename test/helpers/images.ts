import exifr from 'exifr';
import sharp from 'sharp';

/** The mean sRGB colour of an image at 64 px, as our pipeline reads it (or, with ignoreIcc, as its bare numbers). */
export async function meanColour(image: Buffer, options: { ignoreIcc?: boolean } = {}): Promise<number[]> {
  const { data, info } = await sharp(image, options)
    .resize(64, 64, { fit: 'inside' })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const sums = [0, 0, 0];
  for (let i = 0; i < data.length; i += info.channels) for (let c = 0; c < 3; c++) sums[c]! += data[i + c]!;
  return sums.map((sum) => Math.round(sum / (data.length / info.channels)));
}

/** An image's format and size, and whether it carries any EXIF or XMP, or GPS in particular. */
export async function metadataOf(image: Buffer) {
  const meta = await sharp(image).metadata();
  const gps = await exifr.gps(image).catch(() => undefined);
  return { format: meta.format, width: meta.width, height: meta.height, exif: !!meta.exif, xmp: !!meta.xmp, gps: !!gps };
}

/**
 * The same JPEG with different bytes: a comment segment (COM) naming `n` right after the start marker. Uploading
 * one fixture twice to one library is a duplicate (409); tests that need many photos use copies.
 */
export function distinctJpeg(jpeg: Buffer, n: number): Buffer {
  const text = Buffer.from(`photoshare test copy ${n}`);
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, text, jpeg.subarray(2)]);
}
