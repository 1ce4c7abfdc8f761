/**
 * How the caller proves, again, that they are the account's owner before something that cannot be undone: the
 * account's current password, or a fresh TOTP code (or recovery code) for an account with MFA on, which is how an
 * account made by a social sign-in, with no password, proves itself. Where the issuer checks codes only within a
 * sign-in (Cognito), a code alone is 400 `password_required`.
 */
export type Reauthentication = { password: string } | { code: string };

/**
 * The identity provider's side of an account, for the account's own holder (an access token of theirs). Every
 * method answers a 401 AppError `invalid_credentials` for a wrong proof, and never logs it.
 */
export interface IdentityAccounts {
  /** Resolves when `proof` is right for the account the access token belongs to; 401 `invalid_credentials` otherwise. */
  reauthenticate(userId: string, accessToken: string, proof: Reauthentication): Promise<void>;
  /** Deletes the identity: no sign-in or refresh works afterwards. An identity already gone is no error. */
  deleteIdentity(userId: string, accessToken: string): Promise<void>;
  /** Ends every sign-in of the account: every refresh token is refused from now on. */
  signOutEverywhere(userId: string, accessToken: string): Promise<void>;
}

/**
 * The worker's side: finishes an identity's deletion that a request recorded but could not do (a crash, the provider
 * down), without the user's token. An identity already gone is no error.
 */
export interface IdentityRemover {
  removeIdentity(userId: string): Promise<void>;
}
