import type { VariantInfo, VariantName } from '../domain/photo.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { ImageProcessor } from '../ports/image-processor.js';
import type { ProcessPhotoJob } from '../ports/job-queue.js';
import type { LabelResult, Labeler } from '../ports/labeler.js';
import type { PhotoRepo } from '../ports/photo-repo.js';
import type { DerivedImages } from './derived-images.js';

export interface PhotoProcessingDeps {
  photos: PhotoRepo;
  blobs: BlobStore;
  images: ImageProcessor;
  derived: DerivedImages;
  labeler: Labeler | null;
  clock: Clock;
  log: { warn: (obj: object, msg: string) => void };
}

/** What the worker does with one photo job, and what becomes of a photo that cannot be processed. */
export class PhotoProcessingService {
  constructor(private readonly deps: PhotoProcessingDeps) {}

  /**
   * Decodes the original once, stores the thumbnail and preview, reads when
   * and with what it was taken, labels it, and marks it ready. Safe to run
   * twice for the same photo: variants are overwritten with the same bytes and
   * the record with the same facts. Throws ImageRejectedError for a photo
   * that can never be processed, anything else for a failure worth a retry.
   */
  async process(job: ProcessPhotoJob): Promise<'done' | 'gone'> {
    if (job.task === 'full-size') return this.makeFullSize(job);
    const { deps } = this;
    const photo = await deps.photos.get(job.photoId);
    if (!photo) {
      // In AWS the S3 event can arrive before the record is written: while the original exists, try again later.
      if (await deps.blobs.stat(job.key)) throw new Error(`photo ${job.photoId} is not recorded yet`);
      return 'gone';
    }
    if (photo.status === 'ready') return 'done';
    const original = await deps.blobs.read(photo.originalKey);
    if (!original) throw new Error(`original ${photo.originalKey} is missing`);

    const [rendered, facts] = await Promise.all([deps.images.renderVariants(original), deps.images.readFacts(original)]);
    const variants: Record<VariantName, VariantInfo> = {
      thumbnail: await deps.derived.store(photo, 'thumbnail', rendered.thumbnail),
      preview: await deps.derived.store(photo, 'preview', rendered.preview),
    };
    const { labels, moderation } = await this.labelsFor(photo.photoId, rendered.preview.data);
    await deps.photos.markReady(
      photo.photoId,
      { width: rendered.width, height: rendered.height, ...facts, variants, thumbhash: rendered.thumbhash, labels, moderation },
      deps.clock.now(),
    );

    if (!(await deps.photos.get(photo.photoId))) {
      // Deleted while we worked: take back what we wrote.
      await deps.derived.removeAll(photo);
      return 'gone';
    }
    return 'done';
  }

  /**
   * The full-size copy an `original` share serves, for a photo still ready and in the library.
   * Made here rather than in the API, whose memory then never holds a whole
   * photo's pixels whatever is shared.
   */
  private async makeFullSize(job: ProcessPhotoJob): Promise<'done' | 'gone'> {
    const photo = await this.deps.photos.get(job.photoId);
    if (photo?.status !== 'ready' || photo.trashedAt) return 'gone';
    await this.deps.derived.fullSize(photo);
    if (!(await this.deps.photos.get(photo.photoId))) {
      // Deleted while we rendered: its delete removed what was there then, so take back the copy made since.
      await this.deps.derived.removeAll(photo);
      return 'gone';
    }
    return 'done';
  }

  /** The photo can never be processed: it ends failed with the reason. A full-size copy that cannot be made fails nothing: its share keeps answering that it is not ready. */
  async reject(job: ProcessPhotoJob, reason: string): Promise<void> {
    if (job.task === 'full-size') return;
    await this.deps.photos.markFailed(job.photoId, reason, this.deps.clock.now());
  }

  /** Every attempt failed and the job was dead-lettered. */
  async giveUp(job: ProcessPhotoJob, attempts: number, lastError: string): Promise<void> {
    if (job.task === 'full-size') return;
    await this.deps.photos.markFailed(
      job.photoId,
      `Processing failed after ${attempts} attempts: ${lastError}`,
      this.deps.clock.now(),
    );
  }

  /** A labeler failure never fails the photo: it is ready, without labels. */
  private async labelsFor(photoId: string, preview: Buffer): Promise<LabelResult> {
    if (!this.deps.labeler) return { labels: [], moderation: [] };
    try {
      return await this.deps.labeler.label(preview);
    } catch (err) {
      this.deps.log.warn({ err, photoId }, 'labeling failed; the photo is ready without labels');
      return { labels: [], moderation: [] };
    }
  }
}
