import { createRequire } from 'node:module';
import { HeifDecodeError, type DecodedHeif } from './heif-decode-error.js';
import { tiffLayout } from './tiff-container.js';

interface HeifError {
  code: number;
  message: string;
}
interface Handle {
  $$: { ptr: number };
}
interface Channel {
  id: number;
  width: number;
  height: number;
  stride: number;
  data: Uint8Array;
}
interface DecodedImage {
  code?: number;
  message?: string;
  image: Handle;
  channels?: Channel[];
}

/** The part of libheif-js (libheif and libde265 compiled to WebAssembly, Emscripten embind) used here. */
interface LibHeif {
  HEAPU8: Uint8Array;
  HEAP32: Int32Array;
  heif_get_version(): string;
  heif_context_alloc(): unknown;
  heif_context_free(context: unknown): void;
  heif_context_read_from_memory(context: unknown, input: Uint8Array): HeifError;
  heif_js_context_get_primary_image_handle(context: unknown): (Handle & { code?: number }) | null;
  heif_image_handle_release(handle: Handle): void;
  heif_image_handle_get_width(handle: Handle): number;
  heif_image_handle_get_height(handle: Handle): number;
  heif_image_handle_has_alpha_channel(handle: Handle): number;
  heif_js_decode_image2(handle: Handle, colourspace: number, chroma: number): DecodedImage | null;
  heif_image_release(image: Handle): void;
  heif_error_code: { heif_error_Ok: number };
  heif_colorspace: { heif_colorspace_RGB: number };
  heif_chroma: { heif_chroma_interleaved_RGB: number; heif_chroma_interleaved_RGBA: number };
  heif_channel: { heif_channel_interleaved: number };
  // C exports, for what embind does not offer: the ICC profile.
  _malloc(size: number): number;
  _free(pointer: number): void;
  _heif_image_handle_get_raw_color_profile_size(handle: number): number;
  _heif_image_handle_get_raw_color_profile(errorOut: number, handle: number, out: number): void;
  _heif_image_get_decoding_warnings(image: number, first: number, out: number, max: number): number;
}

// The bundle carries its WebAssembly inline and compiles it synchronously on load: load it once per thread.
const libheif = createRequire(import.meta.url)('libheif-js/wasm-bundle') as LibHeif;

/** The primary image's embedded ICC profile (e.g. Apple's Display P3), if it has one. */
function iccProfileOf(handle: Handle): Buffer | null {
  const pointer = handle.$$.ptr;
  const size = libheif._heif_image_handle_get_raw_color_profile_size(pointer);
  if (size === 0) return null;
  const error = libheif._malloc(12); // struct heif_error, returned through a pointer
  const out = libheif._malloc(size);
  try {
    libheif._heif_image_handle_get_raw_color_profile(error, pointer, out);
    if (libheif.HEAP32[error >> 2] !== 0) return null;
    return Buffer.from(libheif.HEAPU8.subarray(out, out + size));
  } finally {
    libheif._free(error);
    libheif._free(out);
  }
}

/** libheif decodes what it can of a damaged tile grid and says so in warnings: a truncated iPhone photo, for one. */
function hasDecodingWarnings(image: Handle): boolean {
  const out = libheif._malloc(4 * 12);
  try {
    return libheif._heif_image_get_decoding_warnings(image.$$.ptr, 0, out, 1) > 0;
  } finally {
    libheif._free(out);
  }
}

function copyRows(channel: Channel, rowBytes: number, into: Buffer, at: number) {
  if (channel.stride === rowBytes) {
    into.set(channel.data.subarray(0, rowBytes * channel.height), at);
    return;
  }
  for (let y = 0; y < channel.height; y++) {
    into.set(channel.data.subarray(y * channel.stride, y * channel.stride + rowBytes), at + y * rowBytes);
  }
}

/**
 * Decodes the primary image of a HEIF (thumbnails, depth maps and other
 * auxiliary images are left alone). libheif assembles tile grids and applies
 * the HEIF transforms (irot, imir, clap), so the pixels come out as displayed:
 * the Exif orientation must not be applied again, and the TIFF has no Exif.
 * More than 8 bits per channel come out as 8. The pixel count is checked from
 * the header, before anything is decoded. Synchronous and CPU-bound: call it
 * from a worker thread.
 */
export function decodeHeif(input: Uint8Array, maxPixels: number): DecodedHeif {
  const context = libheif.heif_context_alloc();
  let handle: Handle | null = null;
  try {
    const read = libheif.heif_context_read_from_memory(context, input);
    if (read.code !== libheif.heif_error_code.heif_error_Ok) throw new HeifDecodeError('undecodable', read.message);
    const primary = libheif.heif_js_context_get_primary_image_handle(context);
    if (!primary || primary.code) throw new HeifDecodeError('undecodable', 'no primary image');
    handle = primary;

    const width = libheif.heif_image_handle_get_width(handle);
    const height = libheif.heif_image_handle_get_height(handle);
    if (width * height > maxPixels) throw new HeifDecodeError('too_many_pixels', `${width}×${height} pixels`);
    const channels = libheif.heif_image_handle_has_alpha_channel(handle) ? 4 : 3;
    const icc = iccProfileOf(handle);

    const chroma =
      channels === 4 ? libheif.heif_chroma.heif_chroma_interleaved_RGBA : libheif.heif_chroma.heif_chroma_interleaved_RGB;
    const image = libheif.heif_js_decode_image2(handle, libheif.heif_colorspace.heif_colorspace_RGB, chroma);
    if (!image?.channels || image.code) throw new HeifDecodeError('undecodable', image?.message ?? 'decoding failed');
    try {
      if (hasDecodingWarnings(image.image)) throw new HeifDecodeError('undecodable', 'the file is truncated or corrupt');
      const interleaved = image.channels.find((c) => c.id === libheif.heif_channel.heif_channel_interleaved) ?? image.channels[0];
      if (!interleaved) throw new HeifDecodeError('undecodable', 'no pixels');
      const layout = tiffLayout(interleaved.width, interleaved.height, channels, icc?.length ?? 0);
      // One copy out of the WebAssembly heap, straight into the TIFF.
      const tiff = Buffer.allocUnsafe(layout.length);
      layout.header.copy(tiff, 0);
      icc?.copy(tiff, layout.iccOffset);
      copyRows(interleaved, interleaved.width * channels, tiff, layout.pixelOffset);
      return { tiff, width: interleaved.width, height: interleaved.height };
    } finally {
      libheif.heif_image_release(image.image);
    }
  } finally {
    if (handle) libheif.heif_image_handle_release(handle);
    libheif.heif_context_free(context);
  }
}
