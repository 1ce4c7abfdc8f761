import type { Migration } from './migration.js';

/**
 * The trash and "date taken" order, both as columns computed from the document (so they cannot disagree with it):
 * `trashed_at`, with an index per user for the trash listing and one over everyone for the worker's purge; and
 * `taken_sort`, the instant the photo was taken in UTC (else its upload time), the same string as the domain's
 * `takenSort`, indexed per user over the photos in the library for albums and date ranges.
 */
export const trashAndDateTaken: Migration = {
  version: 8,
  name: 'trash and date taken',
  up: (db) =>
    db.exec(`
      ALTER TABLE photos ADD COLUMN trashed_at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.trashedAt')) VIRTUAL;
      ALTER TABLE photos ADD COLUMN taken_sort TEXT GENERATED ALWAYS AS
        (coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(doc, '$.takenAt')), created_at)) VIRTUAL;
      CREATE INDEX photos_trash ON photos (user_id, trashed_at DESC, photo_id DESC) WHERE trashed_at IS NOT NULL;
      CREATE INDEX photos_trash_due ON photos (trashed_at) WHERE trashed_at IS NOT NULL;
      CREATE INDEX photos_taken ON photos (user_id, taken_sort DESC, photo_id DESC) WHERE trashed_at IS NULL;
    `),
};
