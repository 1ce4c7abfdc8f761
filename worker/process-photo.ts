import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { variantKey, type Photo, type VariantInfo, type VariantName } from '../src/domain/photo.js';
import type { BlobStore } from '../src/ports/blob-store.js';
import type { LabelResult, Labeler } from '../src/ports/labeler.js';
import type { PhotoRepo } from '../src/ports/photo-repo.js';
import { readExifFacts } from './exif-facts.js';
import { renderPhoto, type EncodedImage, type PipelineLimits } from './image-pipeline.js';

export interface ProcessDeps {
  blobs: BlobStore;
  photos: PhotoRepo;
  labeler: Labeler | null;
  limits: PipelineLimits;
  log: { warn: (obj: object, msg: string) => void };
}

export async function storeVariant(
  blobs: BlobStore,
  photo: Pick<Photo, 'userId' | 'photoId'>,
  name: string,
  image: EncodedImage,
): Promise<VariantInfo> {
  const key = variantKey(photo.userId, photo.photoId, name, 'jpg');
  await blobs.put(key, Readable.from([image.data]), image.contentType);
  return {
    key,
    contentType: image.contentType,
    width: image.width,
    height: image.height,
    size: image.data.length,
    etag: `"${createHash('sha256').update(image.data).digest('base64url').slice(0, 27)}"`,
  };
}

/**
 * The worker's work for one photo. Safe to run twice for the same photo:
 * variants are overwritten with the same bytes and the record with the same facts.
 * Throws ImageRejectedError for photos that can never be processed.
 */
export async function processPhoto(deps: ProcessDeps, photoId: string, key: string): Promise<'done' | 'gone'> {
  const photo = await deps.photos.get(photoId);
  if (!photo) {
    // In AWS the S3 event can arrive before the record is written: while the original exists, try again later.
    if (await deps.blobs.stat(key)) throw new Error(`photo ${photoId} is not recorded yet`);
    return 'gone';
  }
  if (photo.status === 'ready') return 'done';
  const original = await deps.blobs.read(photo.originalKey);
  if (!original) throw new Error(`original ${photo.originalKey} is missing`);

  const [rendered, facts] = await Promise.all([renderPhoto(original, deps.limits), readExifFacts(original)]);
  const variants: Record<VariantName, VariantInfo> = {
    thumbnail: await storeVariant(deps.blobs, photo, 'thumbnail', rendered.thumbnail),
    preview: await storeVariant(deps.blobs, photo, 'preview', rendered.preview),
  };
  const { labels, moderation } = await labelsFor(deps, photoId, rendered.preview.data);
  await deps.photos.markReady(
    photoId,
    { width: rendered.width, height: rendered.height, ...facts, variants, labels, moderation },
    new Date(),
  );

  if (!(await deps.photos.get(photoId))) {
    // Deleted while we worked: take back what we wrote.
    await deps.blobs.deletePrefix(`processed/${photo.userId}/${photo.photoId}/`);
    return 'gone';
  }
  return 'done';
}

/** A labeler failure never fails the photo: it is ready, without labels. */
async function labelsFor(deps: ProcessDeps, photoId: string, preview: Buffer): Promise<LabelResult> {
  if (!deps.labeler) return { labels: [], moderation: [] };
  try {
    return await deps.labeler.label(preview);
  } catch (err) {
    deps.log.warn({ err, photoId }, 'labeling failed; the photo is ready without labels');
    return { labels: [], moderation: [] };
  }
}
