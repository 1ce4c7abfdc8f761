import type { Photo } from '../domain/photo.js';
import type { UrlSigner } from '../ports/url-signer.js';

/**
 * Signed URLs expire at the end of the next whole TTL window, so the same
 * variant gets the same URL for a while and browsers can cache it.
 */
export function signedUrlExpiry(now: Date, ttlSeconds: number): Date {
  const window = ttlSeconds * 1000;
  return new Date(Math.ceil(now.getTime() / window) * window + window);
}

export function presentPhoto(photo: Photo, signer: UrlSigner, ttlSeconds: number, now = new Date()) {
  const expiresAt = signedUrlExpiry(now, ttlSeconds);
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
    labels: photo.labels,
    camera: photo.camera,
    urls:
      photo.status === 'ready' && thumbnail && preview
        ? { thumbnail: signer.sign(thumbnail.key, expiresAt), preview: signer.sign(preview.key, expiresAt) }
        : null,
    ...(photo.error ? { error: photo.error } : {}),
  };
}

const labelSchema = {
  type: 'object',
  properties: { name: { type: 'string' }, confidence: { type: 'number' } },
} as const;

export const photoSchema = {
  $id: 'Photo',
  type: 'object',
  properties: {
    photoId: { type: 'string' },
    status: { type: 'string', enum: ['processing', 'ready', 'failed'] },
    filename: { type: 'string' },
    contentType: { type: 'string' },
    size: { type: 'integer' },
    sha256: { type: 'string' },
    width: { type: ['integer', 'null'] },
    height: { type: ['integer', 'null'] },
    takenAt: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    labels: { type: 'array', items: labelSchema },
    camera: {
      type: ['object', 'null'],
      properties: { make: { type: ['string', 'null'] }, model: { type: ['string', 'null'] } },
    },
    urls: {
      type: ['object', 'null'],
      properties: { thumbnail: { type: 'string' }, preview: { type: 'string' } },
    },
    error: { type: 'string' },
  },
} as const;
