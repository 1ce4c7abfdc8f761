import type { ListPosition, SharePosition } from '../domain/cursor.js';
import type { Photo, ProcessedResult } from '../domain/photo.js';
import type { Share } from '../domain/share.js';

export interface PhotoPage {
  items: Photo[];
  /** The position after the last item when more may follow. */
  next: ListPosition | null;
}

/** The library's order: newest uploaded first (`createdAt`), or newest taken first (`takenSort`: taken, else uploaded). Ties by photo id, descending. */
export type LibraryOrder = 'uploaded' | 'taken';

export interface ListQuery {
  userId: string;
  limit: number;
  /** Default `uploaded`. With `taken`, a position's (and `next`'s) `createdAt` holds the photo's `takenSort`. */
  order?: LibraryOrder;
  after?: ListPosition;
  tag?: string;
  /** Only the user's favourites (an index in both stores, not a filter over the library). */
  favorite?: boolean;
  /** Lower-case words, each of which must appear in the title, description, filename, tags, labels or camera. */
  words?: string[];
  /** A label's name, lower-case. */
  label?: string;
  /** The camera's make or model, lower-case. */
  camera?: string;
  /** Taken (else uploaded) at or after this instant (`takenSort` form). */
  from?: string;
  /** Taken (else uploaded) before this instant (`takenSort` form). */
  to?: string;
  /** Only photos in this album (the caller has checked that it is the user's). */
  albumId?: string;
}

export interface TrashQuery {
  userId: string;
  limit: number;
  after?: ListPosition;
}

export interface SharePage {
  items: Share[];
  /** The position after the last item when more may follow. */
  next: SharePosition | null;
}

export interface ShareListQuery {
  /** A photo's links, or with `albumId` an album's. */
  photoId: string;
  albumId?: string;
  limit: number;
  after?: SharePosition;
}

/**
 * What `create` did: recorded the photo, or wrote nothing because the user already has one with the same bytes
 * (`duplicateOf`) or because it would take the user's originals past their quota (`overQuota`).
 */
export type PhotoCreation = { created: true } | { created: false; duplicateOf: string } | { created: false; overQuota: true };

/** What a user's library holds: photos and the bytes of their originals. */
export interface LibraryUsage {
  photos: number;
  bytes: number;
}

/** A photo the user already has, found by the SHA-256 of its original. */
export interface ExistingPhoto {
  sha256: string;
  photoId: string;
}

/** What `createShare` did: recorded the link, or refused it (nothing written) and why (`photo_missing`: the photo, or for an album link the album, is gone). */
export type ShareCreation = 'created' | 'too_many' | 'photo_missing';

export interface PhotoEdit {
  title?: string;
  description?: string;
  tags?: string[];
  favorite?: boolean;
}

export interface PhotoRepo {
  /**
   * Records a new photo whose original is already durable, unless the user
   * already has a photo with the same SHA-256 or its size would take the
   * user's originals past `quotaBytes` (null or absent: no quota). Then nothing is
   * written; concurrent uploads of the same bytes record one photo, and
   * concurrent uploads never pass the quota together. The adapter
   * guarantees that a processing job follows: the local adapter enqueues it in
   * the same transaction, in AWS the S3 event does.
   */
  create(photo: Photo, quotaBytes?: number | null): Promise<PhotoCreation>;
  /** Kept with every create and delete, so reading it never scans the library. */
  usage(userId: string): Promise<LibraryUsage>;
  /** Which of these SHA-256s (lowercase hex) the user's photos have. */
  findBySha256(userId: string, hashes: string[]): Promise<ExistingPhoto[]>;
  get(photoId: string): Promise<Photo | null>;
  /**
   * A page of the user's photos, newest first. With a filter, a page may come back with fewer than `limit`
   * photos (even none) and a `next` to read on: the AWS adapter bounds the photos one request reads.
   */
  list(query: ListQuery): Promise<PhotoPage>;
  /**
   * A value that changes whenever any of the user's photos is created,
   * changed or deleted, read before a listing so a page built from it can be
   * reused until it changes; null where the adapter does not keep one.
   */
  libraryVersion(userId: string): Promise<string | null>;
  update(photoId: string, edit: PhotoEdit, now: Date): Promise<Photo | null>;
  markReady(photoId: string, result: ProcessedResult, now: Date): Promise<void>;
  markFailed(photoId: string, error: string, now: Date): Promise<void>;
  /**
   * Deletes the photo record for good, with its shares, and takes it out of its user's usage and duplicates (the
   * purge; the service removes the blobs first).
   */
  delete(photoId: string): Promise<void>;

  /**
   * Moves a photo in the library to the trash: sets `trashedAt`, takes it out of the library's listings (all of
   * them, favourites included) and revokes its live links. It still counts towards usage and duplicates. Null when it
   * is not (or no longer) in `photo.userId`'s library.
   */
  trash(photo: Photo, now: Date): Promise<Photo | null>;
  /** Back from the trash into the library (its links stay revoked); null when it is not in the trash, or being purged. */
  restore(photo: Photo, now: Date): Promise<Photo | null>;
  /**
   * Marks a trashed photo as being purged (`purgingAt`), so that no restore can bring it back while its blobs go;
   * null when it is not in the trash (restored meanwhile). A photo already marked may be marked again.
   */
  claimPurge(photoId: string, now: Date): Promise<Photo | null>;
  /** A page of the user's trash, most recently trashed first; the position's `createdAt` is the `trashedAt`. */
  listTrash(query: TrashQuery): Promise<PhotoPage>;
  /** Up to `limit` photos of any user trashed at or before `trashedBefore`, oldest first: the purge's work. */
  listTrashedBefore(trashedBefore: string, limit: number): Promise<Photo[]>;

  /**
   * Records a share link unless its photo is missing (`photo_missing`) or
   * already has `maxLive` links live at `share.createdAt`, that is neither
   * revoked nor expired by then (`too_many`); a refused link writes nothing.
   * Concurrent creates for one photo never take it past `maxLive`: the local
   * adapter counts and inserts in one transaction, the AWS one reserves a
   * slot on the photo item with a conditional write.
   */
  createShare(share: Share, maxLive: number): Promise<ShareCreation>;
  getShare(shareId: string): Promise<Share | null>;
  findShareByTokenHash(tokenHash: string): Promise<Share | null>;
  /** A photo's links in every state, newest first; links created at the same instant come in a fixed order, so paging neither repeats nor skips one. */
  listShares(query: ShareListQuery): Promise<SharePage>;
  /** Sets `revokedAt` once (a second revoke keeps the first time); the link stops counting towards `maxLive`. */
  revokeShare(shareId: string, now: Date): Promise<void>;
  /**
   * Counts a served visit, unless the link has reached its `maxViews`: then nothing is counted and it answers
   * false. Concurrent visits never take a link past its limit (the AWS adapter counts with a conditional write; the
   * local one counts in the process, where every visit of a local service is served).
   */
  countView(share: Share): Promise<boolean>;

  check(): Promise<void>;
}
