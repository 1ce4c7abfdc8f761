import type { Photo } from '../domain/photo.js';
import type { Clock } from '../ports/clock.js';
import type { SignedView, UrlSigner } from '../ports/url-signer.js';
import type { PhotoView } from '../schemas/photo.js';
import type { TrashedPhotoView } from '../schemas/trash.js';

/**
 * Signed URLs expire at the end of the next whole TTL window, so the same
 * variant gets the same URL for a while and browsers can cache it.
 */
export function signedUrlExpiry(now: Date, ttlSeconds: number): Date {
  const window = ttlSeconds * 1000;
  return new Date(Math.ceil(now.getTime() / window) * window + window);
}

/** A stored photo as clients see it: no owner, keys or moderation findings; variant URLs signed for the current window. */
export class PhotoPresenter {
  constructor(
    private readonly signer: UrlSigner,
    private readonly ttlSeconds: number,
    private readonly clock: Clock,
  ) {}

  /** The end of the URL window a response made now falls in (listing pages are cached per window). */
  window(): number {
    return signedUrlExpiry(this.clock.now(), this.ttlSeconds).getTime();
  }

  present(photo: Photo, expiresAt = new Date(this.window()), view?: SignedView): PhotoView {
    const { thumbnail, preview } = photo.variants;
    return {
      photoId: photo.photoId,
      status: photo.status,
      filename: photo.filename,
      contentType: photo.contentType,
      size: photo.size,
      sha256: photo.sha256,
      width: photo.width,
      height: photo.height,
      takenAt: photo.takenAt,
      createdAt: photo.createdAt,
      updatedAt: photo.updatedAt,
      title: photo.title,
      description: photo.description,
      tags: photo.tags,
      favorite: photo.favorite ?? false,
      labels: photo.labels,
      camera: photo.camera,
      urls:
        photo.status === 'ready' && thumbnail && preview
          ? {
              thumbnail: this.signer.sign(thumbnail.key, expiresAt, view),
              preview: this.signer.sign(preview.key, expiresAt, view),
            }
          : null,
      thumbhash: photo.status === 'ready' ? (photo.thumbhash ?? null) : null,
      ...(photo.error ? { error: photo.error } : {}),
    };
  }

  /** `window`: the URL window to sign for (window()), when the caller has already taken it. */
  presentAll(photos: Photo[], window = this.window()): PhotoView[] {
    const expiresAt = new Date(window);
    return photos.map((photo) => this.present(photo, expiresAt));
  }

  /** A photo in the trash, for its owner: when it was trashed and will be purged, its images signed for the trash view. */
  presentTrashed(photo: Photo, purgeAt: string | null): TrashedPhotoView {
    return { ...this.present(photo, new Date(this.window()), 'trash'), trashedAt: photo.trashedAt ?? '', purgeAt: purgeAt ?? '' };
  }
}
