import { AppError } from '../../domain/errors.js';
import { DECOY_HASH_PROMISE, verifyPassword } from '../../domain/password-hash.js';
import type { IdentityAccounts, IdentityRemover, Reauthentication } from '../../ports/accounts.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { invalidMfaCode, type LocalTotp } from './local-totp.js';

const wrongPassword = () => new AppError(401, 'invalid_credentials', 'The password is wrong');

/**
 * The local issuer's accounts (`users` and `refresh_tokens`, written by LocalAuth) for their holders: re-checking
 * the password, deleting the account, ending every sign-in. The access tokens are JWTs that nothing here can recall:
 * the deletion record refuses them (AccountGate).
 */
export class LocalAccounts implements IdentityAccounts, IdentityRemover {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock = systemClock,
    private readonly totp: LocalTotp | null = null,
  ) {}

  async reauthenticate(userId: string, _accessToken: string, proof: Reauthentication): Promise<void> {
    if ('code' in proof) {
      if (!(await this.totp?.check(userId, proof.code))) throw invalidMfaCode();
      return;
    }
    const row = this.db.prepare('SELECT password_hash FROM users WHERE user_id = ?').get(userId) as
      { password_hash: string } | undefined;
    // The decoy hash keeps the time of a missing account the same as a wrong password's.
    const ok = await verifyPassword(proof.password, row?.password_hash ?? (await DECOY_HASH_PROMISE));
    if (!row || !ok) throw wrongPassword();
  }

  async deleteIdentity(userId: string): Promise<void> {
    await this.removeIdentity(userId);
  }

  /** The user row and every row that names it, in one transaction: no sign-in or refresh works afterwards. */
  async removeIdentity(userId: string): Promise<void> {
    this.db
      .transaction(() => {
        // Every table that references the user (foreign keys are on): sign-ins, and the second factor (migration 012).
        for (const table of ['refresh_tokens', 'mfa_challenges', 'recovery_codes', 'user_totp']) {
          this.db.prepare(`DELETE FROM ${table} WHERE user_id = ?`).run(userId);
        }
        this.db.prepare('DELETE FROM users WHERE user_id = ?').run(userId);
      })
      .immediate();
  }

  /** Revokes every refresh-token family of the user (as LocalAuth's logout revokes one). */
  async signOutEverywhere(userId: string): Promise<void> {
    this.db
      .prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL')
      .run(this.clock.now().getTime(), userId);
  }
}
