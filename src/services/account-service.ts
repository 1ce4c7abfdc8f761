import type { AccountDeletionRepo } from '../ports/account-deletions.js';
import type { IdentityAccounts, Reauthentication } from '../ports/accounts.js';
import type { Clock } from '../ports/clock.js';
import type { AccountGate } from './account-gate.js';
import type { SignInGuard } from './sign-in-guard.js';

export interface AccountServiceDeps {
  identities: IdentityAccounts;
  deletions: AccountDeletionRepo;
  gate: AccountGate;
  /** Slows wrong passwords down, per account and address, as at sign-in. */
  guard: SignInGuard;
  clock: Clock;
  /**
   * How long the deletion record outlives the deletion at least: longer than any access token issued before it lives,
   * and than the gate remembers an open account (AccountGate).
   */
  keepSeconds: number;
  /** Told once an account is deleted (the worker in the same process starts its purge). */
  onDeleted?: () => void;
}

/** Who is asking: the account (from its access token) and where from (for the wrong-password delays). */
export interface AccountCaller {
  userId: string;
  accessToken: string;
  address: string;
}

/**
 * The account itself: deleting it, and ending every sign-in of it. The photos, albums and links of a deleted account
 * are purged by the worker (AccountPurge), from the record written here first.
 */
export class AccountService {
  constructor(private readonly deps: AccountServiceDeps) {}

  /**
   * DELETE /me. In this order, so that a crash at any point is finished by the worker: the proof (401
   * `invalid_credentials`, slowed like sign-in), the deletion record (from then on the account's tokens, keys, links
   * and images are refused: AccountGate), the identity (no sign-in or refresh). The worker deletes the rest.
   */
  async deleteAccount(caller: AccountCaller, proof: Reauthentication): Promise<void> {
    const { userId, accessToken } = caller;
    const { identities, deletions, clock } = this.deps;
    const reauthenticate = () => identities.reauthenticate(userId, accessToken, proof);
    await ('code' in proof
      ? this.deps.guard.secondFactor(`user:${userId}`, caller.address, reauthenticate)
      : this.deps.guard.guarded(`reauth:${userId}|${caller.address}`, reauthenticate, 'invalid_credentials'));
    const now = clock.now();
    const deletion = await deletions.record({
      userId,
      requestedAt: now.toISOString(),
      keepUntil: new Date(now.getTime() + this.deps.keepSeconds * 1000).toISOString(),
      identityDeleted: false,
    });
    this.deps.gate.markClosed(userId, new Date(deletion.keepUntil));
    try {
      await identities.deleteIdentity(userId, accessToken);
    } catch (err) {
      // A worker that found the record first may have removed the identity already: then Cognito refuses the token.
      if (!(await deletions.get(userId))?.identityDeleted) throw err;
    }
    await deletions.markIdentityDeleted(userId);
    this.deps.onDeleted?.();
  }

  /** POST /auth/logout/everywhere: every refresh token of the account is refused from now on. */
  async signOutEverywhere(caller: AccountCaller): Promise<void> {
    await this.deps.identities.signOutEverywhere(caller.userId, caller.accessToken);
  }
}
