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

export interface Principal {
  userId: string;
  /** When the access token stops being valid (its exp claim). */
  expiresAt: Date;
}

export interface Auth {
  signUp(email: string, password: string): Promise<SignUpResult>;
  confirm(email: string, code: string): Promise<void>;
  login(email: string, password: string): Promise<Tokens>;
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
