import type { Migration } from './migration.js';

/**
 * Share link options: a password (its scrypt hash), whether the full-size photo may be downloaded, a view limit;
 * and album links (`album_id`, with `photo_id` left empty), listed per album.
 */
export const shareOptions: Migration = {
  version: 11,
  name: 'share options',
  up: (db) =>
    db.exec(`
      ALTER TABLE shares ADD COLUMN password_hash TEXT;
      ALTER TABLE shares ADD COLUMN allow_download INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE shares ADD COLUMN max_views INTEGER;
      ALTER TABLE shares ADD COLUMN album_id TEXT;
      CREATE INDEX shares_by_album ON shares (album_id, created_at DESC, share_id DESC) WHERE album_id IS NOT NULL;
    `),
};
