/**
 * Every blob key the service writes, built and parsed here and nowhere else
 * (services, the S3 adapters and event parser, and the CDK stack's
 * permissions and notifications all ask this module). Originals and derived images live under separate prefixes
 * because in AWS they are separate buckets with separate permissions.
 */
export const ORIGINALS_PREFIX = 'originals/';
export const PROCESSED_PREFIX = 'processed/';

/** A derived image: the worker's variants, and the full-size copy an "original" share serves. */
export type DerivedName = 'thumbnail' | 'preview' | 'full';

const SEGMENT = '[A-Za-z0-9_-]+';
const ORIGINAL_KEY = new RegExp(`^${ORIGINALS_PREFIX}(${SEGMENT})/(${SEGMENT})$`);
const DERIVED_KEY = new RegExp(`^${PROCESSED_PREFIX}(${SEGMENT})/(${SEGMENT})/[a-z]+\\.[a-z]+$`);

export const blobKeys = {
  original: (userId: string, photoId: string): string => `${ORIGINALS_PREFIX}${userId}/${photoId}`,

  derived: (userId: string, photoId: string, name: DerivedName, ext = 'jpg'): string =>
    `${blobKeys.derivedPrefix(userId, photoId)}${name}.${ext}`,

  /** Everything derived from one photo, to delete it at once. */
  derivedPrefix: (userId: string, photoId: string): string => `${PROCESSED_PREFIX}${userId}/${photoId}/`,

  isOriginal: (key: string): boolean => key.startsWith(ORIGINALS_PREFIX),

  /** The owner and photo an original's key names, or null for any other key. */
  parseOriginal(key: string): { userId: string; photoId: string } | null {
    const [, userId, photoId] = ORIGINAL_KEY.exec(key) ?? [];
    return userId && photoId ? { userId, photoId } : null;
  },

  /** The owner and photo an original's or a derived image's key names, or null for any other key. */
  parsePhotoKey(key: string): { userId: string; photoId: string } | null {
    const [, userId, photoId] = ORIGINAL_KEY.exec(key) ?? DERIVED_KEY.exec(key) ?? [];
    return userId && photoId ? { userId, photoId } : null;
  },
};
