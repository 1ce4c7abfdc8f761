import type { Migration } from './migration.js';

export const apiKeys: Migration = {
  version: 3,
  name: 'api keys',
  up: (db) =>
    db.exec(`
      CREATE TABLE api_keys (
        key_id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        scopes TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT,
        last_used_at TEXT
      );
      CREATE INDEX api_keys_by_user ON api_keys (user_id, created_at DESC);
    `),
};
