import type { Photo } from '../domain/photo.js';

export interface FullSizeCopy {
  key: string;
  contentType: string;
  etag: string;
}

/** Derived images made on demand, outside the worker's usual variants. */
export interface Derivatives {
  /**
   * A full-resolution copy of the photo with every piece of metadata (EXIF,
   * GPS) removed, made once and kept: what an "original" share serves.
   */
  fullSize(photo: Photo): Promise<FullSizeCopy>;
}
