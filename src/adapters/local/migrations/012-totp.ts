import type { Migration } from './migration.js';

/**
 * TOTP multi-factor for local accounts: the secret (sealed with a key from the data dir, since it must be read back
 * to check codes), when it came into force, and the last time step accepted so a code cannot be used twice;
 * recovery codes as keyed hashes (HMAC under the sealing key); and the sessions of sign-ins waiting for a code.
 */
export const totp: Migration = {
  version: 12,
  name: 'totp multi-factor',
  up: (db) =>
    db.exec(`
      CREATE TABLE user_totp (
        user_id TEXT PRIMARY KEY REFERENCES users(user_id),
        sealed_secret TEXT NOT NULL,
        enabled_at INTEGER,
        last_step INTEGER
      );
      CREATE TABLE recovery_codes (
        user_id TEXT NOT NULL REFERENCES users(user_id),
        code_hash TEXT NOT NULL,
        used_at INTEGER,
        PRIMARY KEY (user_id, code_hash)
      );
      CREATE TABLE mfa_challenges (
        session_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(user_id),
        expires_at INTEGER NOT NULL,
        wrong_codes INTEGER NOT NULL DEFAULT 0
      );
    `),
};
