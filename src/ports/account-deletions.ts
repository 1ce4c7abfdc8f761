/** An account being deleted: recorded before anything of it is deleted, removed once nothing of it is left. */
export interface AccountDeletion {
  userId: string;
  requestedAt: string;
  /**
   * The record stays at least until then, even with nothing left to purge: access tokens issued before the deletion
   * have all expired by then, so none of them can write anything that a later sweep would not purge.
   */
  keepUntil: string;
  /** The identity provider no longer knows the account (set by the request, or by the worker finishing it). */
  identityDeleted: boolean;
}

/** Where a listing of the deletions stopped. */
export interface DeletionPosition {
  requestedAt: string;
  userId: string;
}

export interface AccountDeletionRepo {
  /** Records the deletion durably; a repeat keeps the record already there (and answers it). */
  record(deletion: AccountDeletion): Promise<AccountDeletion>;
  get(userId: string): Promise<AccountDeletion | null>;
  markIdentityDeleted(userId: string): Promise<void>;
  /** The deletions recorded, oldest first, a page at a time: the worker's to-do list. */
  list(limit: number, after?: DeletionPosition): Promise<AccountDeletion[]>;
  /**
   * Deletes an album's share links for good, with their tokens (call it before deleting the album: a photo's links
   * go with the photo, an album's do not).
   */
  deleteAlbumLinks(albumId: string): Promise<void>;
  /**
   * Deletes what is left of a user once their photos, albums and keys are gone: counters (usage, library version,
   * album and key counts) and any share row of theirs still there. Idempotent.
   */
  forgetUser(userId: string): Promise<void>;
  /** The deletion is finished: the record goes. */
  remove(userId: string): Promise<void>;
}
