import exifr from 'exifr';
import type { PhotoFacts } from '../../ports/image-processor.js';

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;
const OFFSET = /^[+-]\d{2}:\d{2}$/;

const text = (value: unknown): string | null => {
  if (typeof value !== 'string') return null;
  const trimmed = value.replace(/\0/g, '').trim();
  return trimmed ? trimmed.slice(0, 100) : null;
};

/**
 * When and with what the photo was taken. GPS is deliberately not read: we
 * never store or pass on where a photo was taken.
 */
export async function readExifFacts(input: Buffer): Promise<PhotoFacts> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = (await exifr.parse(input, {
      pick: ['DateTimeOriginal', 'CreateDate', 'OffsetTimeOriginal', 'Make', 'Model'],
      reviveValues: false,
      gps: false,
    })) as Record<string, unknown> | undefined;
  } catch {
    return { takenAt: null, camera: null }; // unreadable EXIF is not a reason to fail a photo
  }
  if (!tags) return { takenAt: null, camera: null };
  const when = text(tags.DateTimeOriginal) ?? text(tags.CreateDate);
  const parts = when ? EXIF_DATE.exec(when) : null;
  const offset = text(tags.OffsetTimeOriginal);
  const takenAt = parts
    ? `${parts[1]}-${parts[2]}-${parts[3]}T${parts[4]}:${parts[5]}:${parts[6]}${offset && OFFSET.test(offset) ? offset : ''}`
    : null;
  const make = text(tags.Make);
  const model = text(tags.Model);
  return { takenAt, camera: make || model ? { make, model } : null };
}
