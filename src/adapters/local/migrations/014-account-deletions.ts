import type { Migration } from './migration.js';

/**
 * Accounts being deleted: one row per account, written before anything of it is deleted and removed once nothing
 * is left (the worker's to-do list, and what refuses the account's old access tokens meanwhile).
 */
export const accountDeletions: Migration = {
  version: 14,
  name: 'account deletions',
  up: (db) =>
    db.exec(`
      CREATE TABLE account_deletions (
        user_id TEXT PRIMARY KEY,
        requested_at TEXT NOT NULL,
        keep_until TEXT NOT NULL,
        identity_deleted INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX account_deletions_by_time ON account_deletions (requested_at, user_id);
      CREATE INDEX IF NOT EXISTS refresh_tokens_by_user ON refresh_tokens (user_id);
      CREATE INDEX IF NOT EXISTS shares_by_user ON shares (user_id);
    `),
};
