/** What the decoder gives back: the primary image as an uncompressed TIFF that carries its colour profile. */
export interface DecodedHeif {
  tiff: Buffer;
  width: number;
  height: number;
}

/**
 * Why a HEIF could not be decoded: too many pixels, or libheif refused it (truncated, unsupported, corrupt); or
 * `unavailable`: the decoder itself failed (its thread died, hung or was shut down), which a retry may get past.
 */
export class HeifDecodeError extends Error {
  constructor(
    readonly reason: 'too_many_pixels' | 'undecodable' | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}
