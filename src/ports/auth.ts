export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

export interface SignUpResult {
  userId: string;
  confirmationRequired: boolean;
}

/** A sign-in that needs a second factor: answer it with the session and a code at /auth/mfa/challenge. */
export interface MfaChallenge {
  name: 'SOFTWARE_TOKEN_MFA';
  /** Opaque, single-use, good for 3 minutes. */
  session: string;
}

/** What a correct password (or a verified social identity) gets: tokens, or a second-factor challenge first. */
export type SignIn = { tokens: Tokens } | { challenge: MfaChallenge };

export interface Principal {
  userId: string;
  /** When the access token stops being valid (its exp claim). */
  expiresAt: Date;
}

export interface Auth {
  signUp(email: string, password: string): Promise<SignUpResult>;
  confirm(email: string, code: string): Promise<void>;
  login(email: string, password: string): Promise<SignIn>;
  /**
   * The account a challenge session belongs to, for counting wrong codes per account; throws a 401 AppError
   * (`invalid_mfa_session`) for a session that is unknown, spent or expired.
   */
  challengeAccount(session: string): Promise<string>;
  /**
   * Tokens for a challenge session and a code from the authenticator app (or, where the issuer keeps them, an unused
   * recovery code). A wrong or replayed code is a 401 `invalid_mfa_code`; a session is spent by its answer and by
   * five wrong ones.
   */
  answerMfaChallenge(session: string, code: string): Promise<Tokens>;
  /**
   * New tokens for a refresh token, with the refresh token to use next time. Where the
   * provider rotates them, the one presented is spent: after a short grace for a client's
   * retry it is refused, and the local issuer then also revokes every token of the sign-in
   * it came from. A provider that does not rotate answers the same refresh token.
   */
  refresh(refreshToken: string): Promise<Tokens>;
  /** Ends the sign-in the refresh token belongs to (every token rotated from it). Unknown tokens are fine. */
  logout(refreshToken: string): Promise<void>;
  /** Verifies an access token; throws a 401 AppError for anything not valid. */
  verify(accessToken: string): Promise<Principal>;
  /**
   * The user's email address. The local issuer knows it by id; Cognito tells it to the holder of an access token
   * (GetUser, no IAM), so without one (a caller with an API key) it is null there.
   */
  emailOf(userId: string, accessToken: string | null): Promise<string | null>;
  /** The public keys, where this issuer publishes them (local mode). */
  jwks(): Promise<{ keys: unknown[] } | null>;
}
