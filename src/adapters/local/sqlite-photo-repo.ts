import type { Photo, ProcessedResult } from '../../domain/photo.js';
import type { Share, ShareVariant } from '../../domain/share.js';
import type { ProcessPhotoJob } from '../../ports/job-queue.js';
import type {
  ExistingPhoto,
  LibraryUsage,
  ListQuery,
  PhotoCreation,
  PhotoEdit,
  PhotoPage,
  PhotoRepo,
  ShareCreation,
  ShareListQuery,
  SharePage,
  TrashQuery,
} from '../../ports/photo-repo.js';
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './sqlite-database.js';

interface ShareRow {
  share_id: string;
  photo_id: string;
  user_id: string;
  token_hash: string;
  variant: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  views: number;
  password_hash: string | null;
  album_id: string | null;
  allow_download: number;
  max_views: number | null;
  sealed_token: string | null;
}

const toShare = (row: ShareRow): Share => ({
  shareId: row.share_id,
  photoId: row.photo_id,
  albumId: row.album_id,
  userId: row.user_id,
  tokenHash: row.token_hash,
  variant: row.variant as ShareVariant,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
  views: row.views,
  passwordHash: row.password_hash,
  allowDownload: row.allow_download === 1,
  maxViews: row.max_views,
  sealedToken: row.sealed_token,
});

/**
 * Photos as JSON documents keyed like the DynamoDB table, with an index on
 * (user, createdAt) for the newest-first listing. `enqueue` runs inside the
 * create transaction, so a photo is never recorded without its job.
 */
export class SqlitePhotoRepo implements PhotoRepo {
  /**
   * Views counted but not yet written. A view is a counter, not something a
   * user was promised: they are written once a second in one transaction
   * (and at close), instead of an fsync per view on the share-link path.
   */
  private readonly pendingViews = new Map<string, number>();
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly enqueue: (job: ProcessPhotoJob) => void,
    private readonly viewFlushMs = 1000,
  ) {}

  /** Prepared once per SQL text: preparing costs more than running these small queries. */
  private statement(sql: string): Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) this.statements.set(sql, (prepared = this.db.prepare(sql)));
    return prepared;
  }

  private withPendingViews(share: Share): Share {
    return { ...share, views: share.views + (this.pendingViews.get(share.shareId) ?? 0) };
  }

  /** Writes the views counted so far. */
  flushViews(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pendingViews.size === 0 || !this.db.open) return;
    const counts = [...this.pendingViews];
    this.pendingViews.clear();
    const add = this.statement('UPDATE shares SET views = views + ? WHERE share_id = ?');
    this.db.transaction(() => {
      for (const [shareId, n] of counts) add.run(n, shareId);
    })();
  }

  async create(photo: Photo, quotaBytes: number | null = null): Promise<PhotoCreation> {
    return this.db
      .transaction((): PhotoCreation => {
        // photos_by_sha256 (migration 6); in the same immediate transaction as the insert, so two uploads of the same bytes record one photo.
        const existing = this.statement('SELECT photo_id FROM photos WHERE user_id = ? AND sha256 = ? LIMIT 1').get(
          photo.userId,
          photo.sha256,
        ) as { photo_id: string } | undefined;
        if (existing) return { created: false, duplicateOf: existing.photo_id };
        if (quotaBytes !== null && this.readUsage(photo.userId).bytes + photo.size > quotaBytes) {
          return { created: false, overQuota: true };
        }
        this.statement('INSERT INTO photos (photo_id, user_id, created_at, doc) VALUES (?, ?, ?, ?)').run(
          photo.photoId,
          photo.userId,
          photo.createdAt,
          JSON.stringify(photo),
        );
        this.bumpLibraryVersion(photo.userId);
        this.addUsage(photo.userId, 1, photo.size);
        this.enqueue({ photoId: photo.photoId, userId: photo.userId, key: photo.originalKey });
        return { created: true };
      })
      .immediate();
  }

  async usage(userId: string): Promise<LibraryUsage> {
    return this.readUsage(userId);
  }

  private readUsage(userId: string): LibraryUsage {
    const row = this.statement('SELECT photos, bytes FROM library_usage WHERE user_id = ?').get(userId) as
      LibraryUsage | undefined;
    return row ?? { photos: 0, bytes: 0 };
  }

  /** In the caller's transaction (library_usage, migration 7). */
  private addUsage(userId: string, photos: number, bytes: number): void {
    this.statement(
      `INSERT INTO library_usage (user_id, photos, bytes) VALUES (@userId, @photos, @bytes)
       ON CONFLICT (user_id) DO UPDATE SET photos = photos + @photos, bytes = bytes + @bytes`,
    ).run({ userId, photos, bytes });
  }

  async findBySha256(userId: string, hashes: string[]): Promise<ExistingPhoto[]> {
    const found: ExistingPhoto[] = [];
    for (let i = 0; i < hashes.length; i += 500) {
      const chunk = hashes.slice(i, i + 500);
      const rows = this.db
        .prepare(
          `SELECT sha256, min(photo_id) AS photo_id FROM photos WHERE user_id = ? AND sha256 IN (${chunk.map(() => '?').join(', ')}) GROUP BY sha256`,
        )
        .all(userId, ...chunk) as { sha256: string; photo_id: string }[];
      found.push(...rows.map((r) => ({ sha256: r.sha256, photoId: r.photo_id })));
    }
    return found;
  }

  private read(photoId: string): Photo | null {
    const row = this.statement('SELECT doc FROM photos WHERE photo_id = ?').get(photoId) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Photo) : null;
  }

  private write(photo: Photo): void {
    this.statement('UPDATE photos SET doc = ? WHERE photo_id = ?').run(JSON.stringify(photo), photo.photoId);
    this.bumpLibraryVersion(photo.userId);
  }

  /** Called inside every transaction that changes a user's photos. */
  private bumpLibraryVersion(userId: string): void {
    this.statement(
      'INSERT INTO library_versions (user_id, version) VALUES (?, 1) ON CONFLICT (user_id) DO UPDATE SET version = version + 1',
    ).run(userId);
  }

  async libraryVersion(userId: string): Promise<string> {
    const row = this.statement('SELECT version FROM library_versions WHERE user_id = ?').get(userId) as
      { version: number } | undefined;
    return String(row?.version ?? 0);
  }

  /** Read-modify-write in one immediate transaction; a photo deleted meanwhile stays deleted. */
  private modify(photoId: string, change: (photo: Photo) => Photo | null): Photo | null {
    return this.db
      .transaction(() => {
        const current = this.read(photoId);
        if (!current) return null;
        const next = change(current);
        if (next) this.write(next);
        return next ?? current;
      })
      .immediate();
  }

  async get(photoId: string): Promise<Photo | null> {
    return this.read(photoId);
  }

  async list(query: ListQuery): Promise<PhotoPage> {
    // Newest uploaded first on photos_library, or newest taken first on photos_taken (migration 8).
    const sort = query.order === 'taken' ? 'taken_sort' : 'created_at';
    const where = ['user_id = @userId', 'trashed_at IS NULL'];
    if (query.after) where.push(`(${sort}, photo_id) < (@afterCreatedAt, @afterPhotoId)`);
    if (query.favorite) where.push('favorite = 1'); // photos_favorites, a partial index (migration 5)
    // photo_terms and photo_text (migration 10), kept by triggers on photos.
    const term = (kind: string, param: string) =>
      `photo_id IN (SELECT photo_id FROM photo_terms WHERE user_id = @userId AND kind = '${kind}' AND term = @${param})`;
    if (query.tag) where.push(term('tag', 'tag'));
    if (query.label) where.push(term('label', 'label'));
    if (query.camera) where.push(term('camera', 'camera'));
    if (query.words?.length) {
      where.push(`photo_id IN (SELECT t.photo_id FROM photo_text_index JOIN photo_text t ON t.id = photo_text_index.rowid
        WHERE photo_text_index MATCH @match AND t.user_id = @userId)`);
    }
    if (query.albumId) where.push('photo_id IN (SELECT photo_id FROM album_photos WHERE album_id = @albumId)');
    if (query.from) where.push('taken_sort >= @from');
    if (query.to) where.push('taken_sort < @to');
    const rows = this.statement(
      `SELECT doc, ${sort} AS sort FROM photos WHERE ${where.join(' AND ')} ORDER BY ${sort} DESC, photo_id DESC LIMIT @limit`,
    ).all({
      userId: query.userId,
      afterCreatedAt: query.after?.createdAt,
      afterPhotoId: query.after?.photoId,
      tag: query.tag,
      label: query.label,
      camera: query.camera,
      // Each word a quoted prefix, all required: no FTS5 syntax from the user reaches the query.
      match: query.words?.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' AND '),
      from: query.from,
      to: query.to,
      albumId: query.albumId,
      limit: query.limit + 1,
    }) as { doc: string; sort: string }[];
    const page = rows.slice(0, query.limit);
    const items = page.map((r) => JSON.parse(r.doc) as Photo);
    const last = items[items.length - 1];
    const lastSort = page[page.length - 1]?.sort;
    const next = rows.length > query.limit && last && lastSort ? { createdAt: lastSort, photoId: last.photoId } : null;
    return { items, next };
  }

  async update(photoId: string, edit: PhotoEdit, now: Date): Promise<Photo | null> {
    return this.modify(photoId, (photo) => ({
      ...photo,
      ...(edit.title !== undefined && { title: edit.title }),
      ...(edit.description !== undefined && { description: edit.description }),
      ...(edit.tags !== undefined && { tags: edit.tags }),
      ...(edit.favorite !== undefined && { favorite: edit.favorite }),
      updatedAt: now.toISOString(),
    }));
  }

  async markReady(photoId: string, result: ProcessedResult, now: Date): Promise<void> {
    this.modify(photoId, (photo) => ({
      ...photo,
      status: 'ready',
      width: result.width,
      height: result.height,
      takenAt: result.takenAt,
      camera: result.camera,
      variants: result.variants,
      thumbhash: result.thumbhash,
      labels: result.labels,
      moderation: result.moderation,
      error: null,
      updatedAt: now.toISOString(),
    }));
  }

  async markFailed(photoId: string, error: string, now: Date): Promise<void> {
    // A photo already made ready by an earlier delivery of the same job stays ready.
    this.modify(photoId, (photo) =>
      photo.status === 'ready' ? null : { ...photo, status: 'failed', error, updatedAt: now.toISOString() },
    );
  }

  async delete(photoId: string): Promise<void> {
    this.db
      .transaction(() => {
        this.statement('DELETE FROM shares WHERE photo_id = ?').run(photoId);
        const deleted = this.statement(
          "DELETE FROM photos WHERE photo_id = ? RETURNING user_id, json_extract(doc, '$.size') AS size",
        ).get(photoId) as { user_id: string; size: number } | undefined;
        if (deleted) {
          this.bumpLibraryVersion(deleted.user_id);
          this.addUsage(deleted.user_id, -1, -deleted.size);
        }
      })
      .immediate();
  }

  /** The photo and the revocation of its live links in one transaction: a trashed photo's link never serves again. */
  async trash(photo: Photo, now: Date): Promise<Photo | null> {
    const at = now.toISOString();
    return this.db
      .transaction(() => {
        const current = this.read(photo.photoId);
        if (!current || current.userId !== photo.userId || current.trashedAt) return null;
        const trashed: Photo = { ...current, trashedAt: at, updatedAt: at };
        this.write(trashed);
        this.statement('UPDATE shares SET revoked_at = ?, sealed_token = NULL WHERE photo_id = ? AND revoked_at IS NULL').run(
          at,
          photo.photoId,
        );
        return trashed;
      })
      .immediate();
  }

  async restore(photo: Photo, now: Date): Promise<Photo | null> {
    return this.db
      .transaction(() => {
        const current = this.read(photo.photoId);
        if (!current || current.userId !== photo.userId || !current.trashedAt || current.purgingAt) return null;
        const { trashedAt: _trashedAt, ...rest } = current;
        const restored: Photo = { ...rest, updatedAt: now.toISOString() };
        this.write(restored);
        return restored;
      })
      .immediate();
  }

  async claimPurge(photoId: string, now: Date): Promise<Photo | null> {
    return this.db
      .transaction(() => {
        const current = this.read(photoId);
        if (!current?.trashedAt) return null;
        const claimed: Photo = { ...current, purgingAt: now.toISOString() };
        this.write(claimed);
        return claimed;
      })
      .immediate();
  }

  /** photos_trash (migration 8). */
  async listTrash(query: TrashQuery): Promise<PhotoPage> {
    const after = query.after ? 'AND (trashed_at, photo_id) < (@afterTrashedAt, @afterPhotoId)' : '';
    const rows = this.statement(
      `SELECT doc FROM photos WHERE user_id = @userId AND trashed_at IS NOT NULL ${after}
       ORDER BY trashed_at DESC, photo_id DESC LIMIT @limit`,
    ).all({
      userId: query.userId,
      afterTrashedAt: query.after?.createdAt,
      afterPhotoId: query.after?.photoId,
      limit: query.limit + 1,
    }) as { doc: string }[];
    const items = rows.slice(0, query.limit).map((r) => JSON.parse(r.doc) as Photo);
    const last = items[items.length - 1];
    const next = rows.length > query.limit && last?.trashedAt ? { createdAt: last.trashedAt, photoId: last.photoId } : null;
    return { items, next };
  }

  /** photos_trash_due (migration 8). */
  async listTrashedBefore(trashedBefore: string, limit: number): Promise<Photo[]> {
    const rows = this.statement(
      'SELECT doc FROM photos WHERE trashed_at IS NOT NULL AND trashed_at <= ? ORDER BY trashed_at LIMIT ?',
    ).all(trashedBefore, limit) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as Photo);
  }

  /** Counted and inserted in one immediate transaction: two creates at the limit cannot both pass the count. */
  async createShare(share: Share, maxLive: number): Promise<ShareCreation> {
    return this.db
      .transaction((): ShareCreation => {
        const [table, column, target] = share.albumId
          ? (['albums', 'album_id', share.albumId] as const)
          : (['photos', 'photo_id', share.photoId] as const);
        if (!this.statement(`SELECT 1 FROM ${table} WHERE ${column} = ?`).get(target)) return 'photo_missing';
        // ISO timestamps from toISOString compare as text in time order.
        const { live } = this.statement(
          `SELECT COUNT(*) AS live FROM shares WHERE ${column} = ? AND revoked_at IS NULL AND expires_at > ?`,
        ).get(target, share.createdAt) as { live: number };
        if (live >= maxLive) return 'too_many';
        this.statement(
          `INSERT INTO shares (share_id, photo_id, user_id, token_hash, variant, created_at, expires_at, revoked_at, views,
             password_hash, allow_download, max_views, album_id, sealed_token)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          share.shareId,
          share.photoId,
          share.userId,
          share.tokenHash,
          share.variant,
          share.createdAt,
          share.expiresAt,
          share.revokedAt,
          share.views,
          share.passwordHash,
          share.allowDownload ? 1 : 0,
          share.maxViews,
          share.albumId,
          share.sealedToken ?? null,
        );
        return 'created';
      })
      .immediate();
  }

  async getShare(shareId: string): Promise<Share | null> {
    const row = this.statement('SELECT * FROM shares WHERE share_id = ?').get(shareId) as ShareRow | undefined;
    return row ? this.withPendingViews(toShare(row)) : null;
  }

  async findShareByTokenHash(tokenHash: string): Promise<Share | null> {
    const row = this.statement('SELECT * FROM shares WHERE token_hash = ?').get(tokenHash) as ShareRow | undefined;
    return row ? this.withPendingViews(toShare(row)) : null;
  }

  /** Newest first, ties broken by share id, as the cursor's position is. */
  async listShares(query: ShareListQuery): Promise<SharePage> {
    const after = query.after ? 'AND (created_at, share_id) < (@afterCreatedAt, @afterShareId)' : '';
    const target = query.albumId ? 'album_id = @albumId' : 'photo_id = @photoId';
    const rows = this.statement(
      `SELECT * FROM shares WHERE ${target} ${after} ORDER BY created_at DESC, share_id DESC LIMIT @limit`,
    ).all({
      photoId: query.photoId,
      albumId: query.albumId,
      afterCreatedAt: query.after?.createdAt,
      afterShareId: query.after?.shareId,
      limit: query.limit + 1,
    }) as ShareRow[];
    const items = rows.slice(0, query.limit).map((row) => this.withPendingViews(toShare(row)));
    const last = items[items.length - 1];
    const next = rows.length > query.limit && last ? { createdAt: last.createdAt, shareId: last.shareId } : null;
    return { items, next };
  }

  /** Drops the sealed token with it: a revoked link's URL is never shown again. */
  async revokeShare(shareId: string, now: Date): Promise<void> {
    this.statement('UPDATE shares SET revoked_at = ?, sealed_token = NULL WHERE share_id = ? AND revoked_at IS NULL').run(
      now.toISOString(),
      shareId,
    );
  }

  async countView(share: Share): Promise<boolean> {
    const { shareId, maxViews } = share;
    if (maxViews !== null) {
      // Read and counted with no await in between: two visits in this process cannot both take the last view.
      const stored = this.statement('SELECT views FROM shares WHERE share_id = ?').get(shareId) as { views: number } | undefined;
      if (!stored || stored.views + (this.pendingViews.get(shareId) ?? 0) >= maxViews) return false;
    }
    this.pendingViews.set(shareId, (this.pendingViews.get(shareId) ?? 0) + 1);
    this.flushTimer ??= setTimeout(() => {
      this.flushViews();
    }, this.viewFlushMs).unref();
    return true;
  }

  async check(): Promise<void> {
    this.statement('SELECT 1 FROM photos LIMIT 1').get();
  }
}
