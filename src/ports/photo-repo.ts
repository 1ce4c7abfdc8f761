import type { ListPosition } from '../domain/cursor.js';
import type { Photo, ProcessedResult } from '../domain/photo.js';
import type { Share } from '../domain/share.js';

export interface PhotoPage {
  items: Photo[];
  /** The position after the last item when more may follow. */
  next: ListPosition | null;
}

export interface ListQuery {
  userId: string;
  limit: number;
  after?: ListPosition;
  tag?: string;
}

export interface PhotoEdit {
  title?: string;
  description?: string;
  tags?: string[];
}

export interface PhotoRepo {
  /**
   * Records a new photo whose original is already durable. The adapter
   * guarantees that a processing job follows: the local adapter enqueues it in
   * the same transaction, in AWS the S3 event does.
   */
  create(photo: Photo): Promise<void>;
  get(photoId: string): Promise<Photo | null>;
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
  /** Deletes the photo and its shares. */
  delete(photoId: string): Promise<void>;

  createShare(share: Share): Promise<void>;
  getShare(shareId: string): Promise<Share | null>;
  findShareByTokenHash(tokenHash: string): Promise<Share | null>;
  listShares(photoId: string): Promise<Share[]>;
  revokeShare(shareId: string, now: Date): Promise<void>;
  countView(shareId: string): Promise<void>;

  check(): Promise<void>;
}
