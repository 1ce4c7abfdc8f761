import type { ImageProcessor } from '../../ports/image-processor.js';
import type { ImageProcessorOptions } from './sharp-image-processor.js';

/**
 * Loads sharp on first use. sharp and libvips are about 13 MB of resident
 * memory: an API renders nothing (the worker makes full-size copies), so it never pays it
 * unless it has no queue to ask.
 */
export class LazyImageProcessor implements ImageProcessor {
  private loaded: Promise<ImageProcessor> | null = null;

  constructor(private readonly options: ImageProcessorOptions) {}

  private processor(): Promise<ImageProcessor> {
    this.loaded ??= import('./sharp-image-processor.js').then(({ SharpImageProcessor }) => new SharpImageProcessor(this.options));
    return this.loaded;
  }

  async renderVariants(original: Buffer) {
    return (await this.processor()).renderVariants(original);
  }

  async renderFullSize(original: Buffer) {
    return (await this.processor()).renderFullSize(original);
  }

  async readFacts(original: Buffer) {
    return (await this.processor()).readFacts(original);
  }

  async stats(image: Buffer) {
    return (await this.processor()).stats(image);
  }

  async heicDecoder() {
    return (await this.processor()).heicDecoder();
  }

  async close() {
    if (this.loaded) await (await this.loaded).close();
  }
}
