import type { Migration } from './migration.js';

/**
 * Password-reset codes of local accounts: at most one live code per user (a new request replaces it), stored as
 * an scrypt hash, with its expiry (epoch ms) and the wrong tries it has taken (it dies at 5).
 */
export const passwordResets: Migration = {
  version: 13,
  name: 'password resets',
  up: (db) =>
    db.exec(`
      CREATE TABLE password_resets (
        user_id TEXT PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
        code_hash TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
    `),
};
