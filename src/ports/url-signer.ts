export interface UrlSigner {
  /**
   * A URL that serves the derived image at `key` until `expiresAt` (CloudFront, or the local /cdn route).
   * `view: 'trash'` signs it for the owner's trash listing: the local /cdn route serves a trashed photo's images
   * only through such URLs (CloudFront cannot tell, and serves any URL it signed).
   */
  sign(key: string, expiresAt: Date, view?: SignedView): string;
  /** A URL that downloads an original until `expiresAt` (S3 presigned, or the local /cdn route). */
  signOriginal(key: string, expiresAt: Date): Promise<string>;
}

/** Who a signed image URL is for, when not the library: the owner's trash listing. */
export type SignedView = 'trash';

export interface SignedUrlVerifier {
  /**
   * Checks a URL that this service signed (the full public URL, with its query)
   * and returns the blob key it grants, or a reason it does not.
   */
  verify(url: URL, now: Date): { key: string; view: SignedView | null } | { refused: 'expired' | 'invalid' };
}
