import { variantKey, type Photo } from '../src/domain/photo.js';
import type { BlobStore } from '../src/ports/blob-store.js';
import type { Derivatives, FullSizeCopy } from '../src/ports/derivatives.js';
import type { PipelineLimits } from './image-pipeline.js';

export class FullSizeDerivatives implements Derivatives {
  constructor(
    private readonly blobs: BlobStore,
    private readonly limits: PipelineLimits,
  ) {}

  async fullSize(photo: Photo): Promise<FullSizeCopy> {
    const key = variantKey(photo.userId, photo.photoId, 'full', 'jpg');
    // The original never changes, so neither does its copy: its hash names it.
    const copy = { key, contentType: 'image/jpeg', etag: `"full-${photo.sha256.slice(0, 32)}"` };
    if (await this.blobs.stat(key)) return copy;
    const original = await this.blobs.read(photo.originalKey);
    if (!original) throw new Error(`original ${photo.originalKey} is missing`);
    // Imported on the first full-size share, not at API start: sharp and libvips are about 13 MB resident.
    const [{ renderFullSize }, { storeVariant }] = await Promise.all([import('./image-pipeline.js'), import('./process-photo.js')]);
    await storeVariant(this.blobs, photo, 'full', await renderFullSize(original, this.limits));
    return copy;
  }
}
