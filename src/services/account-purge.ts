import type { AccountDeletion, AccountDeletionRepo, DeletionPosition } from '../ports/account-deletions.js';
import type { IdentityRemover } from '../ports/accounts.js';
import type { AlbumRepo } from '../ports/album-repo.js';
import type { ApiKeyRepo } from '../ports/api-key-repo.js';
import type { Clock } from '../ports/clock.js';
import type { PhotoRepo } from '../ports/photo-repo.js';
import type { TrashService } from './trash-service.js';

export interface AccountPurgeDeps {
  deletions: AccountDeletionRepo;
  photos: PhotoRepo;
  albums: AlbumRepo;
  apiKeys: ApiKeyRepo;
  trash: TrashService;
  /** Finishes an identity's deletion that its request did not; null where the worker cannot (then the record waits). */
  remover: IdentityRemover | null;
  clock: Clock;
}

/** Photos deleted per batch. */
export const PURGE_BATCH = 100;
/** Albums deleted per batch. */
const ALBUM_BATCH = 25;
/** A request deletes its identity itself; the worker steps in only for a record at least this old (ms). */
export const IDENTITY_GRACE_MS = 60_000;
/** Deletion records read per page. */
const DELETIONS_PAGE = 50;

export interface PurgeReport {
  /** Photos, albums and keys deleted. */
  purged: number;
  /** Deletion records removed: nothing of the account is left. */
  finished: number;
  /** Stopped (`shouldStop`) with work left. */
  stopped: boolean;
}

/**
 * The worker's side of an account's deletion: every photo (through the trash's purge, so blobs, derived images,
 * album memberships, the record and its links go as a purge removes them), every album with its links, every API
 * key, what is left of counters, and then the record, in bounded batches. Each step is idempotent and the record goes
 * last, so a crash at any point is finished by the next sweep.
 */
export class AccountPurge {
  constructor(private readonly deps: AccountPurgeDeps) {}

  /** Every recorded deletion, one bounded batch after another, until none has work left or `shouldStop()`. */
  async purgePending(shouldStop: () => boolean = () => false): Promise<PurgeReport> {
    const report: PurgeReport = { purged: 0, finished: 0, stopped: false };
    let after: DeletionPosition | undefined;
    for (;;) {
      const page = await this.deps.deletions.list(DELETIONS_PAGE, after);
      for (const deletion of page) {
        if (shouldStop()) return { ...report, stopped: true };
        const outcome = await this.purgeAccount(deletion, shouldStop);
        report.purged += outcome.purged;
        if (outcome.finished) report.finished++;
        if (outcome.stopped) return { ...report, stopped: true };
      }
      const last = page.at(-1);
      if (page.length < DELETIONS_PAGE || !last) return report;
      after = { requestedAt: last.requestedAt, userId: last.userId };
    }
  }

  /** One account: batches until nothing is left (or a batch finds things it cannot delete yet: the next sweep tries). */
  async purgeAccount(
    deletion: AccountDeletion,
    shouldStop: () => boolean = () => false,
  ): Promise<{ purged: number; finished: boolean; stopped: boolean }> {
    const { userId } = deletion;
    let identityDeleted = deletion.identityDeleted;
    const age = this.deps.clock.now().getTime() - Date.parse(deletion.requestedAt);
    if (!identityDeleted && this.deps.remover && age >= IDENTITY_GRACE_MS) {
      await this.deps.remover.removeIdentity(userId);
      await this.deps.deletions.markIdentityDeleted(userId);
      identityDeleted = true;
    }
    let purged = 0;
    for (;;) {
      if (shouldStop()) return { purged, finished: false, stopped: true };
      const batch = await this.purgeBatch(userId);
      purged += batch.purged;
      if (batch.found === 0) break;
      if (batch.purged === 0) return { purged, finished: false, stopped: false };
    }
    await this.deps.deletions.forgetUser(userId);
    // Kept until the account's last access token has expired: whatever one of them wrote meanwhile is purged above.
    const due = this.deps.clock.now().getTime() >= Date.parse(deletion.keepUntil);
    if (!due || !identityDeleted) return { purged, finished: false, stopped: false };
    await this.deps.deletions.remove(userId);
    return { purged, finished: true, stopped: false };
  }

  /** At most 50 keys, ALBUM_BATCH albums and PURGE_BATCH photos: how many were found, and how many deleted. */
  async purgeBatch(userId: string): Promise<{ found: number; purged: number }> {
    const { photos, albums, apiKeys, deletions, trash } = this.deps;
    let found = 0;
    let purged = 0;
    for (const key of await apiKeys.list(userId)) {
      found++;
      if (await apiKeys.delete(userId, key.keyId)) purged++;
    }
    for (const album of (await albums.list({ userId, limit: ALBUM_BATCH })).items) {
      found++;
      // Its links first: a link of an album that is gone would otherwise stay findable by its token.
      await deletions.deleteAlbumLinks(album.albumId);
      await albums.delete(album.albumId);
      purged++;
    }
    const library = (await photos.list({ userId, limit: PURGE_BATCH })).items;
    const trashed =
      library.length < PURGE_BATCH ? (await photos.listTrash({ userId, limit: PURGE_BATCH - library.length })).items : [];
    for (const photo of [...library, ...trashed]) {
      found++;
      if (await trash.discard(photo)) purged++;
    }
    return { found, purged };
  }
}
