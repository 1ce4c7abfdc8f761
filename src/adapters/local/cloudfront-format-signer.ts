import { getSignedUrl } from '@aws-sdk/cloudfront-signer';
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { SignedUrlVerifier, SignedView, UrlSigner } from '../../ports/url-signer.js';
import type { RsaKeyPair } from './key-files.js';

const CDN_PREFIX = '/cdn/';

/**
 * Signs URLs in CloudFront's canned-policy format with our own key, for the
 * API's /cdn route to check; in AWS the same URLs are made for CloudFront,
 * so only the host changes.
 */
export class CloudFrontFormatSigner implements UrlSigner, SignedUrlVerifier {
  private readonly publicKey: KeyObject;

  constructor(
    private readonly publicUrl: string,
    private readonly key: RsaKeyPair,
  ) {
    this.publicKey = createPublicKey(key.publicKeyPem);
  }

  sign(blobKey: string, expiresAt: Date, view?: SignedView): string {
    return getSignedUrl({
      url: `${this.publicUrl}${CDN_PREFIX}${blobKey}${view ? `?view=${view}` : ''}`,
      keyPairId: this.key.keyId,
      privateKey: this.key.privateKeyPem,
      dateLessThan: expiresAt.toISOString(),
    });
  }

  async signOriginal(blobKey: string, expiresAt: Date): Promise<string> {
    return this.sign(blobKey, expiresAt);
  }

  verify(url: URL, now: Date): { key: string; view: SignedView | null } | { refused: 'expired' | 'invalid' } {
    const expires = url.searchParams.get('Expires');
    const signature = url.searchParams.get('Signature');
    const keyPairId = url.searchParams.get('Key-Pair-Id');
    if (!expires || !signature || keyPairId !== this.key.keyId || !/^\d{1,12}$/.test(expires)) {
      return { refused: 'invalid' };
    }
    // The view (the only other parameter this signer writes) is part of the signed resource.
    const view = url.searchParams.get('view');
    if (view !== null && view !== 'trash') return { refused: 'invalid' };
    const resource = `${this.publicUrl}${url.pathname}${view ? `?view=${view}` : ''}`;
    // CloudFront's canned policy, byte for byte as the signer wrote it.
    const policy = JSON.stringify({
      Statement: [{ Resource: resource, Condition: { DateLessThan: { 'AWS:EpochTime': Number(expires) } } }],
    });
    const raw = Buffer.from(signature.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
    if (!verify('RSA-SHA1', Buffer.from(policy), this.publicKey, raw)) return { refused: 'invalid' };
    if (Number(expires) * 1000 <= now.getTime()) return { refused: 'expired' };
    if (!url.pathname.startsWith(CDN_PREFIX)) return { refused: 'invalid' };
    return { key: decodeURIComponent(url.pathname.slice(CDN_PREFIX.length)), view };
  }
}
