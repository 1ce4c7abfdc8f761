import { blobKeys } from '../domain/blob-keys.js';
import { TRASH_LISTING, type CursorCodec } from '../domain/cursor.js';
import { AppError, notFound } from '../domain/errors.js';
import type { Photo } from '../domain/photo.js';
import { purgeAt } from '../domain/trash.js';
import type { AlbumRepo } from '../ports/album-repo.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { PhotoRepo } from '../ports/photo-repo.js';
import type { AccountGate } from './account-gate.js';
import type { DerivedImages } from './derived-images.js';
import { ownedPhoto, ownedTrashedPhoto } from './ownership.js';

export interface TrashServiceDeps {
  photos: PhotoRepo;
  albums: AlbumRepo;
  blobs: BlobStore;
  derived: DerivedImages;
  cursors: CursorCodec;
  clock: Clock;
  /** Days a photo stays in the trash before `purgeDue` removes it (TRASH_DAYS). */
  trashDays: number;
  /** Refuses the images of an account being deleted at once (`serves`); absent: no account is ever closed. */
  gate?: AccountGate;
}

/** Photos purged per read of the trash, by `empty` and `purgeDue`. */
const PURGE_BATCH = 100;
/** The most one `DELETE /trash` purges; the client calls again for the rest. */
export const MAX_EMPTY = 1000;

/**
 * The trash: a deleted photo leaves the library at once but is kept, counted in usage and duplicates, until it is
 * restored, purged by its owner, or purged by the worker `trashDays` after it was trashed.
 */
export class TrashService {
  constructor(private readonly deps: TrashServiceDeps) {}

  /** DELETE /photos/:id: out of the library, its links revoked; 404 unless it is in the caller's library. */
  async trash(userId: string, photoId: string): Promise<Photo> {
    const photo = await ownedPhoto(this.deps.photos, userId, photoId);
    const trashed = await this.deps.photos.trash(photo, this.deps.clock.now());
    if (!trashed) throw notFound('Photo'); // trashed or purged by another request meanwhile
    await this.deps.albums.photoLeftLibrary(trashed);
    return trashed;
  }

  async restore(userId: string, photoId: string): Promise<Photo> {
    const photo = await ownedTrashedPhoto(this.deps.photos, userId, photoId);
    if (photo.purgingAt) {
      throw new AppError(409, 'being_purged', 'This photo is being deleted for good and can no longer be restored');
    }
    const restored = await this.deps.photos.restore(photo, this.deps.clock.now());
    if (!restored) throw notFound('Photo in the trash');
    await this.deps.albums.photoBackInLibrary(restored);
    return restored;
  }

  /** Most recently trashed first; the cursor is bound to the user and the trash (CursorCodec). */
  async list(userId: string, request: { limit: number; cursor?: string | undefined }) {
    const position = request.cursor ? this.deps.cursors.decode(userId, TRASH_LISTING, request.cursor) : undefined;
    const page = await this.deps.photos.listTrash({
      userId,
      limit: request.limit,
      ...(position && { after: { createdAt: position.createdAt, photoId: position.id } }),
    });
    const next =
      page.next && this.deps.cursors.encode(userId, TRASH_LISTING, { createdAt: page.next.createdAt, id: page.next.photoId });
    return { items: page.items, nextCursor: next };
  }

  /** When a trashed photo will be purged. */
  purgeAt(photo: Photo): string | null {
    return photo.trashedAt ? purgeAt(photo.trashedAt, this.deps.trashDays) : null;
  }

  async purge(userId: string, photoId: string): Promise<void> {
    if (!(await this.purgePhoto(await ownedTrashedPhoto(this.deps.photos, userId, photoId)))) {
      throw notFound('Photo in the trash'); // restored meanwhile
    }
  }

  /**
   * Purges the caller's trash, at most MAX_EMPTY photos in one call so that a request stays bounded; `more` says
   * that photos are left (call again).
   */
  async empty(userId: string): Promise<{ purged: number; more: boolean }> {
    let purged = 0;
    for (let read = 0; read < MAX_EMPTY; read += PURGE_BATCH) {
      const page = await this.deps.photos.listTrash({ userId, limit: PURGE_BATCH });
      for (const photo of page.items) if (await this.purgePhoto(photo)) purged++;
      if (!page.next) return { purged, more: false };
    }
    return { purged, more: (await this.deps.photos.listTrash({ userId, limit: 1 })).items.length > 0 };
  }

  /** The worker's sweep: every user's photos trashed `trashDays` ago or more. Returns how many were purged. */
  async purgeDue(): Promise<number> {
    const before = new Date(this.deps.clock.now().getTime() - this.deps.trashDays * 86_400_000).toISOString();
    let purged = 0;
    for (;;) {
      const due = await this.deps.photos.listTrashedBefore(before, PURGE_BATCH);
      for (const photo of due) await this.purgePhoto(photo);
      purged += due.length;
      if (due.length < PURGE_BATCH) return purged;
    }
  }

  /**
   * Deletes a photo for good wherever it is (the library or the trash), through the trash and its purge: an account's
   * deletion. False when another request purged it meanwhile.
   */
  async discard(photo: Photo): Promise<boolean> {
    let inTrash = photo;
    if (!photo.trashedAt) {
      const trashed = await this.deps.photos.trash(photo, this.deps.clock.now());
      if (trashed) await this.deps.albums.photoLeftLibrary(trashed);
      inTrash = trashed ?? (await this.deps.photos.get(photo.photoId)) ?? photo;
      if (!inTrash.trashedAt) return false; // gone meanwhile
    }
    return this.purgePhoto(inTrash);
  }

  /**
   * Blobs first, then its album memberships, the record last: until the record goes the photo is still in the trash, so a crash part-way is
   * finished by the next purge and leaves nothing unreachable behind.
   */
  private async purgePhoto(photo: Photo): Promise<boolean> {
    // Claimed first: a restore racing this purge is refused rather than answered 200 and then lost.
    if (!(await this.deps.photos.claimPurge(photo.photoId, this.deps.clock.now()))) return false;
    await this.deps.blobs.delete(photo.originalKey);
    await this.deps.derived.removeAll(photo);
    await this.deps.albums.forgetPhoto(photo);
    await this.deps.photos.delete(photo.photoId);
    // Again: a worker finishing this photo between the two could have written its variants back.
    await this.deps.derived.removeAll(photo);
    return true;
  }

  /**
   * Whether the API's own CDN route (local mode) may serve this blob: a photo's images stop serving the moment it
   * is trashed, except through the URLs the trash listing signs for its owner (`forTrashView`).
   */
  async serves(key: string, forTrashView: boolean): Promise<boolean> {
    const named = blobKeys.parsePhotoKey(key);
    if (!named) return true;
    if (await this.deps.gate?.isClosed(named.userId)) return false;
    const photo = await this.deps.photos.get(named.photoId);
    if (!photo || photo.userId !== named.userId) return false;
    return !photo.trashedAt || forTrashView;
  }
}
