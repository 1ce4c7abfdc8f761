import type { Migration } from './migration.js';

/**
 * Albums and their photos. A member row goes with its album, and with its photo when the photo row is deleted
 * (foreign keys are on). The count and the order of an album's photos come from joining `photos` (its `trashed_at`
 * and `taken_sort`, migration 8), so the trash needs no bookkeeping here.
 */
export const albums: Migration = {
  version: 9,
  name: 'albums',
  up: (db) =>
    db.exec(`
      CREATE TABLE albums (
        album_id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        cover_photo_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX albums_by_user ON albums (user_id, created_at DESC, album_id DESC);
      CREATE TABLE album_photos (
        album_id TEXT NOT NULL REFERENCES albums (album_id) ON DELETE CASCADE,
        photo_id TEXT NOT NULL REFERENCES photos (photo_id) ON DELETE CASCADE,
        added_at TEXT NOT NULL,
        PRIMARY KEY (album_id, photo_id)
      ) WITHOUT ROWID;
      CREATE INDEX album_photos_by_photo ON album_photos (photo_id);
    `),
};
