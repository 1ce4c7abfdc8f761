import { notFound } from '../domain/errors.js';
import type { Photo } from '../domain/photo.js';
import type { PhotoRepo } from '../ports/photo-repo.js';

/** A photo in the caller's library, or 404 — the same 404 whether it is missing, in the trash or someone else's. */
export async function ownedPhoto(photos: PhotoRepo, userId: string, photoId: string): Promise<Photo> {
  const photo = await photos.get(photoId);
  if (!photo || photo.userId !== userId || photo.trashedAt) throw notFound('Photo');
  return photo;
}

/** A photo in the caller's trash, or 404 (missing, in the library, or someone else's). */
export async function ownedTrashedPhoto(photos: PhotoRepo, userId: string, photoId: string): Promise<Photo> {
  const photo = await photos.get(photoId);
  if (!photo || photo.userId !== userId || !photo.trashedAt) throw notFound('Photo in the trash');
  return photo;
}
