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

/** Where derived images are stored, under what key and validator; and the full-size copy, made when asked for. */
export class DerivedImages {
  /** Full-size copies being made, by key: a second request for the same photo waits for the first one's. */
  private readonly making = new Map<string, Promise<void>>();
  /** Full-size renders run one at a time: each holds a whole photo's pixels. */
  private renders: Promise<unknown> = Promise.resolve();

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

  /** The full-size copy if it has been made, else null: the API serves it but never makes it. */
  async madeFullSize(photo: Photo): Promise<DerivedBlob | null> {
    const copy = this.fullSizeCopy(photo);
    return (await this.blobs.stat(copy.key)) ? copy : null;
  }

  /**
   * A full-resolution copy of the photo with every piece of metadata (EXIF,
   * GPS) removed, made once and kept: what an "original" share serves. Made
   * by the worker (a `full-size` job), once however many ask at the same
   * time, and one photo at a time in a process: each holds a whole photo's
   * pixels.
   */
  async fullSize(photo: Photo): Promise<DerivedBlob> {
    const copy = this.fullSizeCopy(photo);
    const { key } = copy;
    if (await this.blobs.stat(key)) return copy;
    let made = this.making.get(key);
    if (!made) {
      made = this.oneAtATime(() => this.makeFullSize(photo)).finally(() => this.making.delete(key));
      this.making.set(key, made);
    }
    await made;
    return copy;
  }

  private fullSizeCopy(photo: Photo): DerivedBlob {
    const key = blobKeys.derived(photo.userId, photo.photoId, 'full');
    // The original never changes, so neither does its copy: its hash names it.
    return { key, contentType: 'image/jpeg', etag: `"full-${photo.sha256.slice(0, 32)}"` };
  }

  private async makeFullSize(photo: Photo): Promise<void> {
    if (await this.blobs.stat(blobKeys.derived(photo.userId, photo.photoId, 'full'))) return; // made while this one waited
    const original = await this.blobs.read(photo.originalKey);
    if (!original) throw new Error(`original ${photo.originalKey} is missing`);
    await this.store(photo, 'full', await this.images.renderFullSize(original));
  }

  private oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const run = this.renders.then(work);
    this.renders = run.catch(() => undefined);
    return run;
  }
}
