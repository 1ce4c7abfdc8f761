import type { Camera } from '../domain/photo.js';

export interface EncodedImage {
  data: Buffer;
  width: number;
  height: number;
  contentType: 'image/jpeg';
}

export interface RenderedVariants {
  /** Size of the whole photo as displayed, after orientation. */
  width: number;
  height: number;
  thumbnail: EncodedImage;
  preview: EncodedImage;
  /** The photo's ThumbHash, base64 (https://evanw.github.io/thumbhash/). */
  thumbhash: string;
}

/** When and with what a photo was taken; never where. */
export interface PhotoFacts {
  takenAt: string | null;
  camera: Camera | null;
}

/** What the local labeler looks at. */
export interface ImageStats {
  width: number;
  height: number;
  dominant: { r: number; g: number; b: number };
  /** Mean of the colour channels, 0–255. */
  brightness: number;
}

/**
 * Every decode and encode of pixels. Implementations throw ImageRejectedError
 * (domain/errors.ts) for an image that can never be used: retrying will not help.
 */
export interface ImageProcessor {
  /** Decodes once and renders the thumbnail and the preview; no metadata is copied, colours end in sRGB. */
  renderVariants(original: Buffer): Promise<RenderedVariants>;
  /** A full-resolution copy, oriented, sRGB, with no metadata at all. */
  renderFullSize(original: Buffer): Promise<EncodedImage>;
  readFacts(original: Buffer): Promise<PhotoFacts>;
  stats(image: Buffer): Promise<ImageStats>;
  /** Which decoder reads HEIC in this process (logged when a worker starts). */
  heicDecoder(): Promise<string>;
  /** Stops decoders running beside the process (threads). */
  close(): Promise<void>;
}
