import type { Migration } from './migration.js';

/** Share link options: a password (its scrypt hash), whether the full-size photo may be downloaded, a view limit. */
export const shareOptions: Migration = {
  version: 11,
  name: 'share options',
  up: (db) =>
    db.exec(`
      ALTER TABLE shares ADD COLUMN password_hash TEXT;
      ALTER TABLE shares ADD COLUMN allow_download INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE shares ADD COLUMN max_views INTEGER;
    `),
};
