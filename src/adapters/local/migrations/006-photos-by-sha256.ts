import type { Migration } from './migration.js';

/**
 * Duplicates: the original's SHA-256 as a column computed from the document, indexed with its owner, so an upload
 * of bytes the user already has is found without a scan. Not unique: libraries from before may hold duplicates.
 */
export const photosBySha256: Migration = {
  version: 6,
  name: 'photos by sha256',
  up: (db) =>
    db.exec(`
      ALTER TABLE photos ADD COLUMN sha256 TEXT GENERATED ALWAYS AS (json_extract(doc, '$.sha256')) VIRTUAL;
      CREATE INDEX photos_by_sha256 ON photos (user_id, sha256);
    `),
};
