/**
 * Forgotten and changed passwords, in the identity provider that holds them (the local issuer's SQLite, or
 * Cognito). Every method takes an already normalised email address and a new password the caller has already
 * checked against the password policy.
 */
export interface PasswordRecovery {
  /**
   * Sends the account a one-time code for `reset`; resolves quietly, sending nothing, when there is no such account.
   * A new code replaces the one before it. Callers must not let its timing or outcome reach the client.
   */
  requestReset(email: string): Promise<void>;
  /**
   * Sets a new password with the emailed code; throws 400 `invalid_code` for a wrong, expired, used-up or
   * unknown one (and for an unknown account, alike). Locally it also ends every sign-in of the account.
   */
  reset(email: string, code: string, newPassword: string): Promise<void>;
  /** Changes the password of the signed-in user; throws 401 `invalid_credentials` when `currentPassword` is wrong. */
  change(userId: string, accessToken: string, currentPassword: string, newPassword: string): Promise<void>;
}
