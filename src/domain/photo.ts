import { badRequest } from './errors.js';
import type { ImageType } from './image-type.js';
import { stripInvisible } from './text.js';

export type PhotoStatus = 'processing' | 'ready' | 'failed';
export type VariantName = 'thumbnail' | 'preview';

export interface Label {
  name: string;
  confidence: number;
}

export interface Camera {
  make: string | null;
  model: string | null;
}

export interface VariantInfo {
  key: string;
  contentType: string;
  width: number;
  height: number;
  size: number;
  etag: string;
}

/** The stored record of a photo; what clients see is made from it by the presenter. */
export interface Photo {
  photoId: string;
  userId: string;
  status: PhotoStatus;
  filename: string;
  contentType: ImageType;
  size: number;
  sha256: string;
  originalKey: string;
  width: number | null;
  height: number | null;
  takenAt: string | null;
  createdAt: string;
  updatedAt: string;
  title: string;
  description: string;
  tags: string[];
  /** Marked by its owner; absent on photos recorded before favourites, which are not. */
  favorite?: boolean;
  labels: Label[];
  moderation: Label[];
  camera: Camera | null;
  variants: Partial<Record<VariantName, VariantInfo>>;
  /** A ThumbHash of the photo (base64, about 25 bytes): a blurred placeholder painted before the thumbnail loads. Absent until ready, and on photos made ready before it existed. */
  thumbhash?: string | null;
  error: string | null;
  /** When its owner moved it to the trash; absent or null while it is in the library. */
  trashedAt?: string | null;
  /** When a purge of it began: from then on it cannot be restored, only purged (again, should that purge stop). */
  purgingAt?: string | null;
}

/** What the worker learns from the pixels. */
export interface ProcessedResult {
  width: number;
  height: number;
  takenAt: string | null;
  camera: Camera | null;
  variants: Record<VariantName, VariantInfo>;
  thumbhash: string;
  labels: Label[];
  /** Moderation findings, known before the photo is ready so it is never shareable unchecked. */
  moderation: Label[];
}

export const MAX_TITLE = 200;
export const MAX_DESCRIPTION = 2000;
export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 50;
export const MAX_FILENAME = 255;

/** The box each variant is fitted inside, in pixels. */
export const VARIANT_BOX: Record<VariantName, number> = { thumbnail: 200, preview: 1280 };

export function cleanTitle(value: string): string {
  const title = stripInvisible(value).trim();
  if (title.length > MAX_TITLE) throw badRequest(`title must be at most ${MAX_TITLE} characters`);
  return title;
}

export function cleanDescription(value: string): string {
  const description = stripInvisible(value).trim();
  if (description.length > MAX_DESCRIPTION) {
    throw badRequest(`description must be at most ${MAX_DESCRIPTION} characters`);
  }
  return description;
}

/** Commas separate tags, in a string or in an array's items; tags are trimmed, lower-cased and de-duplicated, in order of first appearance. */
export function cleanTags(value: string | string[]): string[] {
  const raw = (Array.isArray(value) ? value : [value]).flatMap((item) => stripInvisible(item).split(','));
  const tags = [...new Set(raw.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0))];
  if (tags.length > MAX_TAGS) throw badRequest(`at most ${MAX_TAGS} tags are allowed`);
  const long = tags.find((t) => t.length > MAX_TAG_LENGTH);
  if (long) throw badRequest(`tag "${long.slice(0, 20)}…" is longer than ${MAX_TAG_LENGTH} characters`);
  return tags;
}

/** Keeps only the last path segment and drops control, invisible and direction-changing characters; never trusted for anything but display. */
export function cleanFilename(value: string | undefined): string {
  const base = (value ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const printable = stripInvisible(base.replace(/[\u0000-\u001f\u007f]/g, '')).trim();
  return (printable || 'photo').slice(0, MAX_FILENAME);
}

/**
 * The instant a photo's "date taken" sorts by, as a UTC ISO string with milliseconds: `takenAt` (a wall-clock time
 * without an offset is read as UTC), else `createdAt`. The same as SQLite's
 * `strftime('%Y-%m-%dT%H:%M:%fZ', takenAt)`, so both stores order and filter alike.
 */
export function takenSort(photo: Pick<Photo, 'takenAt' | 'createdAt'>): string {
  if (photo.takenAt) {
    const hasZone = /(?:Z|[+-]\d\d:\d\d)$/.test(photo.takenAt);
    const ms = Date.parse(hasZone ? photo.takenAt : `${photo.takenAt}Z`);
    if (Number.isFinite(ms)) return new Date(ms).toISOString();
  }
  return photo.createdAt;
}
