import type { AccountDeletion, AccountDeletionRepo, DeletionPosition } from '../../ports/account-deletions.js';
import type { SqliteDatabase } from './sqlite-database.js';

interface DeletionRow {
  user_id: string;
  requested_at: string;
  keep_until: string;
  identity_deleted: number;
}

const toDeletion = (row: DeletionRow): AccountDeletion => ({
  userId: row.user_id,
  requestedAt: row.requested_at,
  keepUntil: row.keep_until,
  identityDeleted: row.identity_deleted === 1,
});

/** `account_deletions` (migration 015) in the service's SQLite file, and what a deleted user leaves in it. */
export class SqliteAccountDeletions implements AccountDeletionRepo {
  constructor(private readonly db: SqliteDatabase) {}

  async record(deletion: AccountDeletion): Promise<AccountDeletion> {
    this.db
      .prepare(
        `INSERT INTO account_deletions (user_id, requested_at, keep_until, identity_deleted) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id) DO NOTHING`,
      )
      .run(deletion.userId, deletion.requestedAt, deletion.keepUntil, deletion.identityDeleted ? 1 : 0);
    return (await this.get(deletion.userId)) ?? deletion;
  }

  async get(userId: string): Promise<AccountDeletion | null> {
    const row = this.db.prepare('SELECT * FROM account_deletions WHERE user_id = ?').get(userId) as DeletionRow | undefined;
    return row ? toDeletion(row) : null;
  }

  async markIdentityDeleted(userId: string): Promise<void> {
    this.db.prepare('UPDATE account_deletions SET identity_deleted = 1 WHERE user_id = ?').run(userId);
  }

  async list(limit: number, after?: DeletionPosition): Promise<AccountDeletion[]> {
    const rows = after
      ? this.db
          .prepare(
            `SELECT * FROM account_deletions WHERE (requested_at, user_id) > (?, ?) ORDER BY requested_at, user_id LIMIT ?`,
          )
          .all(after.requestedAt, after.userId, limit)
      : this.db.prepare('SELECT * FROM account_deletions ORDER BY requested_at, user_id LIMIT ?').all(limit);
    return (rows as DeletionRow[]).map(toDeletion);
  }

  async deleteAlbumLinks(albumId: string): Promise<void> {
    this.db.prepare('DELETE FROM shares WHERE album_id = ?').run(albumId);
  }

  async forgetUser(userId: string): Promise<void> {
    this.db
      .transaction(() => {
        // A photo's links go with it; these are any left over (album links of albums deleted before this existed).
        this.db.prepare('DELETE FROM shares WHERE user_id = ?').run(userId);
        this.db.prepare('DELETE FROM library_usage WHERE user_id = ?').run(userId);
        this.db.prepare('DELETE FROM library_versions WHERE user_id = ?').run(userId);
      })
      .immediate();
  }

  async remove(userId: string): Promise<void> {
    this.db.prepare('DELETE FROM account_deletions WHERE user_id = ?').run(userId);
  }
}
