import { blobKeys } from '../../domain/blob-keys.js';
import type { ProcessPhotoJob } from '../../ports/job-queue.js';

/** The body of a job the API sends to the queue (uploads' jobs are S3's own event notifications). */
export const jobMessage = (job: ProcessPhotoJob): string =>
  JSON.stringify({ photoshare: 1, task: job.task, photoId: job.photoId, userId: job.userId, key: job.key });

/** A job the API sent, or null for any other message. The key must be the named photo's original. */
export function jobFromMessage(body: string): ProcessPhotoJob | null {
  let message: Record<string, unknown>;
  try {
    message = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (message.photoshare !== 1 || message.task !== 'full-size' || typeof message.key !== 'string') return null;
  const owner = blobKeys.parseOriginal(message.key);
  if (!owner || owner.userId !== message.userId || owner.photoId !== message.photoId) return null;
  return { ...owner, key: message.key, task: 'full-size' };
}
