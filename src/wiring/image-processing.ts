import os from 'node:os';
import { LazyImageProcessor } from '../adapters/media/lazy-image-processor.js';
import type { Config } from '../config.js';
import type { ImageProcessor } from '../ports/image-processor.js';

/** sharp for every role, loaded on first use; a worker gives each photo in flight its share of the cores. */
export function imageProcessorFor(config: Config): ImageProcessor {
  // Measured (bench/RESULTS.md): photos in parallel with a libvips thread each beats sharing one pool.
  const threads = Math.max(1, Math.floor(os.availableParallelism() / config.workerConcurrency));
  return new LazyImageProcessor({ maxPixels: config.maxPixels }, config.role === 'api' ? undefined : threads);
}
