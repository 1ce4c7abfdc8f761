import type { Album } from '../domain/album.js';
import type { Photo } from '../domain/photo.js';

/** An album as read: the record, the photos of it in the library, and its cover as it stands. */
export interface AlbumDetails extends Album {
  /** Members whose photo is in the library (not in the trash). */
  photoCount: number;
  /**
   * The explicit cover while it is a member in the library, else the newest-taken member in the library; null for an
   * album with none. Found with one small indexed read, never a scan of the album.
   */
  cover: Photo | null;
}

/** Where the albums listing stopped. */
export interface AlbumPosition {
  createdAt: string;
  albumId: string;
}

/** Where an album's photo listing stopped: the adapter's own sort value for the last photo, and its id. */
export interface AlbumPhotoPosition {
  takenSort: string;
  photoId: string;
}

export interface AlbumPage {
  items: AlbumDetails[];
  next: AlbumPosition | null;
}

export interface AlbumPhotoPage {
  items: Photo[];
  /** The position after the last item when more may follow (a page may be short, even empty, and still have one). */
  next: AlbumPhotoPosition | null;
}

export interface AlbumEdit {
  title?: string;
  description?: string;
  /** A member to show as the cover; null goes back to the default. */
  coverPhotoId?: string | null;
}

/** Why a change of an album's photos wrote nothing (or, in DynamoDB, stopped part-way: see the adapter). */
export type MembershipRefusal = 'album_missing' | 'photos_missing' | 'album_full';

export interface AlbumRepo {
  /** Records the album unless its user already has `maxAlbums`; concurrent creates never pass the bound together. */
  create(album: Album, maxAlbums: number): Promise<'created' | 'too_many'>;
  get(albumId: string): Promise<AlbumDetails | null>;
  /** The user's albums, newest created first; albums created at the same instant come in a fixed order. */
  list(query: { userId: string; limit: number; after?: AlbumPosition | undefined }): Promise<AlbumPage>;
  /**
   * Changes the given fields and stamps `updatedAt`. `album_missing`: no such album; `cover_not_in_album`: the cover
   * named is not a member of it in the library (nothing changed).
   */
  update(albumId: string, edit: AlbumEdit, now: Date): Promise<AlbumDetails | 'album_missing' | 'cover_not_in_album'>;
  /** Deletes the album and its memberships; the photos stay. */
  delete(albumId: string): Promise<void>;

  /**
   * Adds photos (ids without repeats) of `userId`'s library to the user's album; members already there are left as
   * they are. Refused as a whole, with nothing written, when the album is not the user's (`album_missing`), any id
   * is not a photo of the user in the library (`photos_missing`), or the new members would take the album past
   * `maxPhotos` (`album_full`).
   */
  addPhotos(albumId: string, userId: string, photoIds: string[], maxPhotos: number, now: Date): Promise<MembershipRefusal | null>;
  /** Removes photos (ids without repeats, of the user's library) from the album; ids not in it are ignored. Refused as addPhotos is. */
  removePhotos(albumId: string, userId: string, photoIds: string[], now: Date): Promise<MembershipRefusal | null>;
  /** Whether the photo is a member of the album (in the library or not: the caller checks the photo itself). */
  hasPhoto(albumId: string, photoId: string): Promise<boolean>;
  /** The album's photos in the library, newest taken first (`takenSort`, then photo id), a page at a time. */
  listPhotos(query: { albumId: string; limit: number; after?: AlbumPhotoPosition | undefined }): Promise<AlbumPhotoPage>;

  /**
   * The photo is being purged for good: every membership of it goes, and no album keeps it as its cover.
   * Call it before `PhotoRepo.delete` (the DynamoDB adapter reads the photo item for its albums); a repeat is harmless.
   */
  forgetPhoto(photo: Photo): Promise<void>;
  /** Call once after the photo was moved to the trash: it stops counting in its albums (it stays a member). */
  photoLeftLibrary(photo: Photo): Promise<void>;
  /** Call once after the photo was restored from the trash: it counts in its albums again. */
  photoBackInLibrary(photo: Photo): Promise<void>;
}
