import type { Migration } from './migration.js';

/** A share link's token sealed under `keys/share-seal.key`, so its owner can copy the link again (null: made before). */
export const sealedShareTokens: Migration = {
  version: 16,
  name: 'sealed share tokens',
  up: (db) => db.exec('ALTER TABLE shares ADD COLUMN sealed_token TEXT;'),
};
