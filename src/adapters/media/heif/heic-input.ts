import { createRequire } from 'node:module';
import { sniffImageType, SNIFF_BYTES } from '../../../domain/image-type.js';
import { HeifDecoderPool } from './heif-decoder-pool.js';
import { libvipsDecodesHevc } from './libvips-hevc-check.js';

// The version from its package file: loading libheif itself here would put its WebAssembly in the main thread.
const libheifJs = createRequire(import.meta.url)('libheif-js/package.json') as { version: string };

export interface HeicInputOptions {
  maxPixels: number;
  /** Decoder threads when libheif-js decodes (one per photo processed at once). */
  threads: number;
}

/**
 * How a HEIC reaches sharp. Where libvips decodes HEVC (the container), the
 * file goes in as it is; elsewhere (sharp's prebuilt libvips) libheif-js
 * decodes it in worker threads and sharp gets a TIFF with the same pixels and
 * colour profile. Either way the photo then takes the one sharp pipeline.
 */
export class HeicInput {
  private native: Promise<boolean> | null = null;
  private pool: HeifDecoderPool | null = null;

  constructor(private readonly options: HeicInputOptions) {}

  /** The input itself, or, for a HEIC that libvips cannot read, its decoded primary image. */
  async forSharp(input: Buffer): Promise<Buffer> {
    if (sniffImageType(input.subarray(0, SNIFF_BYTES)) !== 'image/heic') return input;
    if (await this.libvipsDecodes()) return input;
    this.pool ??= new HeifDecoderPool(this.options);
    return (await this.pool.decode(input)).tiff;
  }

  /** Which decoder reads HEIC in this process, for the start-up log. */
  async describe(): Promise<string> {
    if (await this.libvipsDecodes()) return 'libvips with libheif (native)';
    return `libheif-js ${libheifJs.version} (WebAssembly, up to ${this.options.threads} worker threads)`;
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = null;
  }

  private libvipsDecodes(): Promise<boolean> {
    this.native ??= libvipsDecodesHevc();
    return this.native;
  }
}
