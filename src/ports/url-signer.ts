export interface UrlSigner {
  /** A URL that serves the derived image at `key` until `expiresAt` (CloudFront, or the local /cdn route). */
  sign(key: string, expiresAt: Date): string;
  /** A URL that downloads an original until `expiresAt` (S3 presigned, or the local /cdn route). */
  signOriginal(key: string, expiresAt: Date): Promise<string>;
}

export interface SignedUrlVerifier {
  /**
   * Checks a URL that this service signed (the full public URL, with its query)
   * and returns the blob key it grants, or a reason it does not.
   */
  verify(url: URL, now: Date): { key: string } | { refused: 'expired' | 'invalid' };
}
