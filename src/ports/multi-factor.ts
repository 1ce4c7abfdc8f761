/** A TOTP secret being set up: shown once, as text and as an otpauth:// URI for a QR code. */
export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
}

export interface MfaStatus {
  totp: boolean;
  /** Unused recovery codes, where the issuer keeps them (local mode); null otherwise. */
  recoveryCodesLeft: number | null;
}

/**
 * A second proof of the account: the password where the issuer can only check a code within a sign-in (Cognito),
 * never instead of the code.
 */
export interface SecondFactorProof {
  code: string;
  password?: string;
}

/**
 * Turning TOTP multi-factor on and off for the signed-in user. Every call carries the user's access token: Cognito
 * acts on the token's user, the local issuer on the id.
 */
export interface MultiFactor {
  status(userId: string, accessToken: string): Promise<MfaStatus>;
  /** A new secret, not yet in force (a previous unverified one is replaced); 409 `mfa_enabled` if TOTP is on. */
  beginTotp(userId: string, accessToken: string): Promise<TotpEnrolment>;
  /**
   * Turns TOTP on once a code from the new secret checks out (400 `invalid_mfa_code` otherwise) and the password is
   * right (401 `invalid_credentials`; 400 `password_required` without one, unless the account has none): an access
   * token alone must not be able to put someone else's authenticator between the owner and the account. Answers the
   * recovery codes, shown this once, where the issuer keeps them; null otherwise.
   */
  confirmTotp(userId: string, accessToken: string, proof: SecondFactorProof): Promise<{ recoveryCodes: string[] | null }>;
  /** Turns TOTP off after a current code (or recovery code): 401 `invalid_mfa_code` otherwise. */
  disableTotp(userId: string, accessToken: string, proof: SecondFactorProof): Promise<void>;
}
