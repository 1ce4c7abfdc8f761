import type { Migration } from './migration.js';

/** A photo's links are paged newest first with ties broken by share_id: this index serves that order without a sort. */
export const sharePagingIndex: Migration = {
  version: 4,
  name: 'share paging index',
  up: (db) =>
    db.exec(`
      CREATE INDEX shares_by_photo_page ON shares (photo_id, created_at DESC, share_id DESC);
      DROP INDEX shares_by_photo;
    `),
};
