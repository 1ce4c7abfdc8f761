/** Where the parts of a baseline TIFF built by tiffLayout go. */
export interface TiffLayout {
  /** The header, the directory and the bits-per-sample array; the profile and the pixels follow. */
  header: Buffer;
  iccOffset: number;
  pixelOffset: number;
  /** The whole file's length: header, profile and pixels. */
  length: number;
}

// TIFF field types.
const SHORT = 3;
const LONG = 4;
const UNDEFINED = 7;

/**
 * A little-endian, uncompressed, single-strip baseline TIFF for 8-bit
 * interleaved RGB(A) with an optional ICC profile (tag 34675). Decoded HEIF
 * pixels travel to sharp in it: sharp's raw input cannot carry a profile, and
 * a Display P3 photo read as sRGB would lose its colours.
 */
export function tiffLayout(width: number, height: number, channels: 3 | 4, iccLength: number): TiffLayout {
  const tags: [tag: number, type: number, count: number, value: number][] = [];
  const count = 10 + (channels === 4 ? 1 : 0) + (iccLength > 0 ? 1 : 0);
  const directorySize = 2 + count * 12 + 4;
  const bitsOffset = 8 + directorySize;
  const iccOffset = bitsOffset + channels * 2;
  const pixelOffset = iccOffset + iccLength;
  const pixelBytes = width * height * channels;

  tags.push([256, LONG, 1, width], [257, LONG, 1, height], [258, SHORT, channels, bitsOffset], [259, SHORT, 1, 1]);
  tags.push([262, SHORT, 1, 2], [273, LONG, 1, pixelOffset], [277, SHORT, 1, channels], [278, LONG, 1, height]);
  tags.push([279, LONG, 1, pixelBytes], [284, SHORT, 1, 1]);
  if (channels === 4) tags.push([338, SHORT, 1, 2]); // ExtraSamples: unassociated alpha
  if (iccLength > 0) tags.push([34675, UNDEFINED, iccLength, iccOffset]);

  const header = Buffer.alloc(iccOffset);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  header.writeUInt32LE(8, 4);
  header.writeUInt16LE(count, 8);
  tags.forEach(([tag, type, n, value], i) => {
    const at = 10 + i * 12;
    header.writeUInt16LE(tag, at);
    header.writeUInt16LE(type, at + 2);
    header.writeUInt32LE(n, at + 4);
    if (type === SHORT && n === 1) header.writeUInt16LE(value, at + 8);
    else header.writeUInt32LE(value, at + 8);
  });
  header.writeUInt32LE(0, 10 + count * 12); // no next directory
  for (let c = 0; c < channels; c++) header.writeUInt16LE(8, bitsOffset + c * 2);
  return { header, iccOffset, pixelOffset, length: pixelOffset + pixelBytes };
}
