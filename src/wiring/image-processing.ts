import os from 'node:os';
import { LazyImageProcessor } from '../adapters/media/lazy-image-processor.js';
import type { Config } from '../config.js';
import type { ImageProcessor } from '../ports/image-processor.js';

/** sharp for every role, loaded on first use; a worker gives each photo in flight its share of the cores. */
export function imageProcessorFor(config: Config): ImageProcessor {
  // Measured (bench/RESULTS.md): photos in parallel with a libvips thread each beats sharing one pool.
  const threads = Math.max(1, Math.floor(os.availableParallelism() / config.workerConcurrency));
  const cores = os.availableParallelism();
  return new LazyImageProcessor({
    maxPixels: config.maxPixels,
    ...(config.role !== 'api' && { threads }),
    // An API renders one full-size copy at a time (services/derived-images.ts); a worker, its photos in flight.
    heifThreads: config.role === 'api' ? 1 : Math.max(1, Math.min(cores, config.workerConcurrency)),
  });
}
