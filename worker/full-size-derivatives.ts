import { variantKey, type Photo } from '../src/domain/photo.js';
import type { BlobStore } from '../src/ports/blob-store.js';
import type { Derivatives, FullSizeCopy } from '../src/ports/derivatives.js';
import { renderFullSize, type PipelineLimits } from './image-pipeline.js';
import { storeVariant } from './process-photo.js';

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
    await storeVariant(this.blobs, photo, 'full', await renderFullSize(original, this.limits));
    return copy;
  }
}
