import { blobKeys } from '../../domain/blob-keys.js';
import type { ProcessPhotoJob } from '../../ports/job-queue.js';

/** S3 writes object keys in notifications URL-encoded, with spaces as `+`. */
export const decodeS3Key = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

/**
 * The photo jobs in an S3 event notification (as delivered to SQS). A test
 * event, another event type or a key outside `originals/` yields none.
 */
export function jobsFromS3Event(body: string): ProcessPhotoJob[] {
  let event: { Event?: string; Records?: { eventName?: string; s3?: { object?: { key?: string } } }[] };
  try {
    event = JSON.parse(body) as typeof event;
  } catch {
    return [];
  }
  if (event.Event === 's3:TestEvent' || !Array.isArray(event.Records)) return [];
  const jobs: ProcessPhotoJob[] = [];
  for (const record of event.Records) {
    if (!record.eventName?.startsWith('ObjectCreated:') || typeof record.s3?.object?.key !== 'string') continue;
    const key = decodeS3Key(record.s3.object.key);
    const owner = blobKeys.parseOriginal(key);
    if (owner) jobs.push({ ...owner, key });
  }
  return jobs;
}
