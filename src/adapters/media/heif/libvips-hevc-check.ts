import sharp from 'sharp';

// 64×48 pixels of one green (#33aa77), HEVC in a HEIC tile grid, made with Debian's heif-enc 1.15 (x265).
const HEVC_SAMPLE = Buffer.from(
  'AAAAHGZ0eXBoZWljAAAAAG1pZjFoZWljbWlhZgAAAaptZXRhAAAAAAAAACFoZGxyAAAAAAAAAABwaWN0AAAAAAAAAAAAAAAAAAAAAA5waXRtAAAAAAACAAAAEGlkYXQAAAAAAEAAMAAAADhpbG9jAQAAAERAAAIAAQAAAAAAAAHOAAEAAAAAAAAAGAACAAEAAAAAAAAAAQAAAAAAAAAIAAAAOGlpbmYAAAAAAAIAAAAVaW5mZQIAAAEAAQAAaHZjMQAAAAAVaW5mZQIAAAAAAgAAZ3JpZAAAAADVaXBycAAAALNpcGNvAAAAc2h2Y0MBA3AAAAAAAAAAAAAe8AD8/fj4AAAPAyAAAQAYQAEMAf//A3AAAAMAkAAAAwAAAwAeugJAIQABACdCAQEDcAAAAwCQAAADAAADAB6gIIEFlurkprmwIAAAAwAgAAADACEiAAEABkQBwXPAiQAAABRpc3BlAAAAAAAAAEAAAABAAAAAFGlzcGUAAAAAAAAAQAAAADAAAAAQcGl4aQAAAAADCAgIAAAAGmlwbWEAAAAAAAAAAgABAoECAAICA4QAAAAaaXJlZgAAAAAAAAAOZGltZwACAAEAAQAAACBtZGF0AAAAFCgBrxmA70mlvsPX7hb/P61pj5uA',
  'base64',
);

/**
 * Whether this process's libvips decodes HEVC itself: true in the container,
 * whose sharp is built on a libvips with libheif and libde265; false with
 * sharp's prebuilt libvips, which leaves HEVC out (patents, sharp #4050).
 */
export async function libvipsDecodesHevc(): Promise<boolean> {
  try {
    const { info } = await sharp(HEVC_SAMPLE).raw().toBuffer({ resolveWithObject: true });
    return info.width === 64 && info.height === 48;
  } catch {
    return false;
  }
}

export const hevcSample = (): Buffer => Buffer.from(HEVC_SAMPLE);
