import type { SignedView, UrlSigner } from '../ports/url-signer.js';

/**
 * Remembers the signed variant URLs of photo JSON. Their expiries fall on
 * whole windows (signedUrlExpiry), so one photo's URL is the same for every listing in a
 * window: the RSA signature (about a millisecond each, two per photo, a
 * hundred per page of fifty) is paid once per window instead of per request.
 */
export class MemoizedUrlSigner implements UrlSigner {
  private readonly urls = new Map<string, string>();

  constructor(
    private readonly inner: UrlSigner,
    private readonly maxEntries = 20_000,
  ) {}

  get size(): number {
    return this.urls.size;
  }

  sign(key: string, expiresAt: Date, view?: SignedView): string {
    const id = `${expiresAt.getTime()} ${key}${view ? ` ${view}` : ''}`;
    const known = this.urls.get(id);
    if (known !== undefined) return known;
    const url = this.inner.sign(key, expiresAt, view);
    // Oldest first: a Map keeps insertion order.
    const oldest = this.urls.keys().next();
    if (this.urls.size >= this.maxEntries && !oldest.done) this.urls.delete(oldest.value);
    this.urls.set(id, url);
    return url;
  }

  signOriginal(key: string, expiresAt: Date): Promise<string> {
    return this.inner.signOriginal(key, expiresAt);
  }
}
