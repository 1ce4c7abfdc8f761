import { hashSecret, newId, newSecret } from '../../domain/ids.js';
import { hashPassword } from '../../domain/password-hash.js';
import { normaliseEmail } from '../../domain/password-policy.js';
import type { Auth } from '../../ports/auth.js';
import type { Clock } from '../../ports/clock.js';
import type { SignIn } from '../../ports/social-sign-in.js';
import type { SqliteDatabase } from './sqlite-database.js';

/**
 * Interim stand-in for the lead's `LocalAuth.signInByVerifiedEmail` (same contract, no MFA): finds the user by
 * email or creates one with no usable password, starts a sign-in and answers its tokens. Removed when that lands.
 */
export function interimSignInByVerifiedEmail(db: SqliteDatabase, auth: Auth, clock: Clock, refreshTokenSeconds: number) {
  return async (email: string): Promise<SignIn> => {
    const address = normaliseEmail(email);
    const unusable = await hashPassword(newSecret());
    db.prepare('INSERT OR IGNORE INTO users (user_id, email, password_hash, created_at) VALUES (?, ?, ?, ?)').run(
      newId(),
      address,
      unusable,
      new Date().toISOString(),
    );
    const user = db.prepare('SELECT user_id FROM users WHERE email = ?').get(address) as { user_id: string };
    const seed = newSecret();
    const hash = hashSecret(seed);
    db.prepare('INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at) VALUES (?, ?, ?, ?)').run(
      hash,
      hash,
      user.user_id,
      clock.now().getTime() + refreshTokenSeconds * 1000,
    );
    return { tokens: await auth.refresh(seed) };
  };
}
