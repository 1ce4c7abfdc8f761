import { notFound } from '../domain/errors.js';
import type { Photo } from '../domain/photo.js';
import type { PhotoRepo } from '../ports/photo-repo.js';

/** A photo the caller owns, or 404 — the same 404 whether it is missing or someone else's. */
export async function ownedPhoto(photos: PhotoRepo, userId: string, photoId: string): Promise<Photo> {
  const photo = await photos.get(photoId);
  if (!photo || photo.userId !== userId) throw notFound('Photo');
  return photo;
}
