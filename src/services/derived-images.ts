import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { blobKeys, type DerivedName } from '../domain/blob-keys.js';
import type { Photo, VariantInfo } from '../domain/photo.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { EncodedImage, ImageProcessor } from '../ports/image-processor.js';

/** A derived image as a response needs it. */
export interface DerivedBlob {
  key: string;
  contentType: string;
  etag: string | null;
}

/** Where derived images are stored, under what key and validator; and the full-size copy, made on demand. */
export class DerivedImages {
  constructor(
    private readonly blobs: BlobStore,
    private readonly images: ImageProcessor,
  ) {}

  async store(photo: Pick<Photo, 'userId' | 'photoId'>, name: DerivedName, image: EncodedImage): Promise<VariantInfo> {
    const key = blobKeys.derived(photo.userId, photo.photoId, name);
    await this.blobs.put(key, Readable.from([image.data]), image.contentType);
    return {
      key,
      contentType: image.contentType,
      width: image.width,
      height: image.height,
      size: image.data.length,
      etag: `"${createHash('sha256').update(image.data).digest('base64url').slice(0, 27)}"`,
    };
  }

  /** Where a variant is stored, for a record that does not say (written before records kept their variants). */
  describe(photo: Pick<Photo, 'userId' | 'photoId'>, name: DerivedName): DerivedBlob {
    return { key: blobKeys.derived(photo.userId, photo.photoId, name), contentType: 'image/jpeg', etag: null };
  }

  /** Removes everything derived from a photo. */
  removeAll(photo: Pick<Photo, 'userId' | 'photoId'>): Promise<void> {
    return this.blobs.deletePrefix(blobKeys.derivedPrefix(photo.userId, photo.photoId));
  }

  /**
   * A full-resolution copy of the photo with every piece of metadata (EXIF,
   * GPS) removed, made once and kept: what an "original" share serves.
   */
  async fullSize(photo: Photo): Promise<DerivedBlob> {
    const key = blobKeys.derived(photo.userId, photo.photoId, 'full');
    // The original never changes, so neither does its copy: its hash names it.
    const copy = { key, contentType: 'image/jpeg', etag: `"full-${photo.sha256.slice(0, 32)}"` };
    if (await this.blobs.stat(key)) return copy;
    const original = await this.blobs.read(photo.originalKey);
    if (!original) throw new Error(`original ${photo.originalKey} is missing`);
    await this.store(photo, 'full', await this.images.renderFullSize(original));
    return copy;
  }
}
