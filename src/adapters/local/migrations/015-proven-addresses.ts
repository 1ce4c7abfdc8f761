import type { Migration } from './migration.js';

/**
 * When the holder of an account's address first proved they read its mail (a reset code, or a provider that
 * verified it). Local sign-up sends no mail, so until then the password, keys and second factor may be anyone's who
 * typed the address: a social sign-in to such an account clears them first (LocalAuth.signInByVerifiedEmail).
 */
export const provenAddresses: Migration = {
  version: 15,
  name: 'proven addresses',
  up: (db) => db.exec('ALTER TABLE users ADD COLUMN email_proven_at INTEGER;'),
};
