import type { Migration } from './migration.js';

/**
 * Refresh tokens rotate: each refresh spends the token presented and issues the
 * next one of its family (the chain that one sign-in started).
 *
 * - `family_id`: the `token_hash` of the family's first token. A token issued
 *   before this migration becomes its own family, so it keeps working and
 *   rotates from its next refresh on.
 * - `used_at`: when it was spent (epoch ms); `replaced_by`: the hash of the
 *   token that replaced it. Presenting a spent token again revokes the family.
 *
 * The table is rebuilt rather than altered so that `family_id` is NOT NULL.
 * Nothing references `refresh_tokens`, so it can be dropped and renamed with
 * foreign keys on.
 */
const SCHEMA = `
CREATE TABLE refresh_tokens_v2 (
  token_hash TEXT PRIMARY KEY,
  family_id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(user_id),
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER,
  used_at INTEGER,
  replaced_by TEXT
);
INSERT INTO refresh_tokens_v2 (token_hash, family_id, user_id, expires_at, revoked_at)
  SELECT token_hash, token_hash, user_id, expires_at, revoked_at FROM refresh_tokens;
DROP TABLE refresh_tokens;
ALTER TABLE refresh_tokens_v2 RENAME TO refresh_tokens;
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id);
`;

export const refreshTokenFamilies: Migration = {
  version: 2,
  name: 'refresh token families',
  up: (db) => db.exec(SCHEMA),
};
