export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

export type RefreshedTokens = Omit<Tokens, 'refreshToken'>;

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
  refresh(refreshToken: string): Promise<RefreshedTokens>;
  logout(refreshToken: string): Promise<void>;
  /** Verifies an access token; throws a 401 AppError for anything not valid. */
  verify(accessToken: string): Promise<Principal>;
  /** The public keys, where this issuer publishes them (local mode). */
  jwks(): Promise<{ keys: unknown[] } | null>;
}
