import type { Migration } from './migration.js';

/**
 * Favourites: a column computed from the document (never written on its own, so it cannot disagree with it) and
 * a partial index of the favourite photos only, newest first, which the favourites listing reads without a scan.
 */
export const favorites: Migration = {
  version: 5,
  name: 'favourites',
  up: (db) =>
    db.exec(`
      ALTER TABLE photos ADD COLUMN favorite INTEGER GENERATED ALWAYS AS (coalesce(json_extract(doc, '$.favorite'), 0)) VIRTUAL;
      CREATE INDEX photos_favorites ON photos (user_id, created_at DESC, photo_id DESC) WHERE favorite = 1;
    `),
};
