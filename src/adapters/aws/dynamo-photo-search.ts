import type { Label, Photo } from '../../domain/photo.js';
import { takenSort } from '../../domain/photo.js';

/**
 * What a filtered listing reads on a photo item besides the photo itself: lower-case copies of the fields `q`
 * searches (one attribute per field, so an edit of one field rewrites only its own copy, with no read first), the
 * label names and the camera's make and model as string sets for exact matches, and the date taken it sorts by (absent without one: date filters then use `s_created`, a copy of `createdAt`).
 */
export const SEARCH_ATTRIBUTES = [
  's_title',
  's_description',
  's_filename',
  's_tags',
  's_labels',
  's_camera',
  'labelNames',
  'cameraNames',
  'takenSort',
  's_created',
  'takenKey',
] as const;

/** The byTaken index's sort key: the date taken (else the upload time) in `takenSort` form, then the photo id. */
export const takenKeyOf = (photo: Pick<Photo, 'takenAt' | 'createdAt' | 'photoId'>): string =>
  `${takenSort(photo)}#${photo.photoId}`;

/** The attributes `q` looks in, for a word to be found in any of them. */
export const SEARCHED_TEXT = ['s_title', 's_description', 's_filename', 's_tags', 's_labels', 's_camera'] as const;

type Fields = Partial<Pick<Photo, 'title' | 'description' | 'filename' | 'tags' | 'labels' | 'camera' | 'takenAt' | 'createdAt'>>;

const lower = (text: string) => text.toLowerCase();
const cameraParts = (camera: Photo['camera']) => [camera?.make, camera?.model].filter((part): part is string => !!part);
const labelNames = (labels: Label[]) => labels.map((label) => lower(label.name));

/**
 * The search attributes for the fields given: `set` to write, `remove` for string sets that would be empty
 * (DynamoDB has no empty set).
 */
export function searchAttributes(fields: Fields): { set: Record<string, unknown>; remove: string[] } {
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  if (fields.title !== undefined) set.s_title = lower(fields.title);
  if (fields.description !== undefined) set.s_description = lower(fields.description);
  if (fields.filename !== undefined) set.s_filename = lower(fields.filename);
  if (fields.tags !== undefined) set.s_tags = fields.tags.join(' ');
  if (fields.labels !== undefined) {
    const names = labelNames(fields.labels);
    set.s_labels = names.join(' ');
    if (names.length > 0) set.labelNames = new Set(names);
    else remove.push('labelNames');
  }
  if (fields.camera !== undefined) {
    const parts = cameraParts(fields.camera).map(lower);
    set.s_camera = parts.join(' ');
    if (parts.length > 0) set.cameraNames = new Set(parts);
    else remove.push('cameraNames');
  }
  // A copy of createdAt, which as an index's sort key cannot appear in a filter.
  if (fields.createdAt !== undefined) set.s_created = fields.createdAt;
  if (fields.takenAt !== undefined) {
    // Only a readable date taken: without one a filter falls back on createdAt, which every photo has.
    const taken = fields.takenAt ? takenSort({ takenAt: fields.takenAt, createdAt: '' }) : '';
    if (taken) set.takenSort = taken;
    else remove.push('takenSort');
  }
  return { set, remove };
}
