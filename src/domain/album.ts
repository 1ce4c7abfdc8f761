import { badRequest } from './errors.js';
import { cleanDescription } from './photo.js';
import { stripInvisible } from './text.js';

/** The stored record of an album; what clients see adds its count and cover (AlbumPresenter). */
export interface Album {
  albumId: string;
  userId: string;
  title: string;
  description: string;
  /** The cover its owner chose, or null for the default (the newest-taken photo in the library). */
  coverPhotoId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Albums one user may have; one more is 409 `too_many_albums`. */
export const MAX_ALBUMS_PER_USER = 1000;
/** Photos (in the library) one album may hold; an add that would pass it is 409 `album_full` and adds nothing. */
export const MAX_PHOTOS_PER_ALBUM = 20_000;
/** Photo ids one add or remove may name. */
export const MAX_PHOTOS_PER_CHANGE = 500;
export const MAX_ALBUM_TITLE = 200;
export const MAX_ALBUM_DESCRIPTION = 2000;

/** Invisible and direction-changing characters stripped, trimmed; 1 to 200 characters. */
export function cleanAlbumTitle(value: string): string {
  const title = stripInvisible(value).trim();
  if (title.length === 0) throw badRequest('an album needs a title');
  if (title.length > MAX_ALBUM_TITLE) throw badRequest(`title must be at most ${MAX_ALBUM_TITLE} characters`);
  return title;
}

/** As a photo's description: at most 2000 characters once cleaned. */
export const cleanAlbumDescription = (value: string): string => cleanDescription(value);
