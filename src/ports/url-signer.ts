export interface UrlSigner {
  /** A URL that serves blob `key` until `expiresAt`. */
  sign(key: string, expiresAt: Date): string;
}

export interface SignedUrlVerifier {
  /**
   * Checks a URL that this service signed (the full public URL, with its query)
   * and returns the blob key it grants, or a reason it does not.
   */
  verify(url: URL, now: Date): { key: string } | { refused: 'expired' | 'invalid' };
}
