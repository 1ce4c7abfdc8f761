import type { Migration } from './migration.js';

/**
 * What each library holds (photos, bytes of originals), kept in the same transaction as every create and delete, so
 * the quota is checked and `GET /me` answered without a scan; filled from the photos already there.
 */
export const libraryUsage: Migration = {
  version: 7,
  name: 'library usage',
  up: (db) =>
    db.exec(`
      CREATE TABLE library_usage (
        user_id TEXT PRIMARY KEY,
        photos INTEGER NOT NULL,
        bytes INTEGER NOT NULL
      );
      INSERT INTO library_usage (user_id, photos, bytes)
        SELECT user_id, count(*), coalesce(sum(json_extract(doc, '$.size')), 0) FROM photos GROUP BY user_id;
    `),
};
