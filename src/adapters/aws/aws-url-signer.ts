import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl as signCloudFrontUrl } from '@aws-sdk/cloudfront-signer';
import { getSignedUrl as presignS3 } from '@aws-sdk/s3-request-presigner';
import type { UrlSigner } from '../../ports/url-signer.js';

export interface CloudFrontSigning {
  /** The distribution's base URL, e.g. https://d111111abcdef8.cloudfront.net */
  baseUrl: string;
  keyPairId: string;
  privateKeyPem: string;
}

/** Derived images through CloudFront (canned-policy signed URLs); originals as S3 presigned URLs. */
export class AwsUrlSigner implements UrlSigner {
  constructor(
    private readonly s3: S3Client,
    private readonly originalsBucket: string,
    private readonly cdn: CloudFrontSigning,
  ) {}

  /** CloudFront serves whatever URL is signed, so the view changes nothing here. */
  sign(key: string, expiresAt: Date): string {
    return signCloudFrontUrl({
      url: `${this.cdn.baseUrl}/${key}`,
      keyPairId: this.cdn.keyPairId,
      privateKey: this.cdn.privateKeyPem,
      dateLessThan: expiresAt.toISOString(),
    });
  }

  async signOriginal(key: string, expiresAt: Date): Promise<string> {
    const expiresIn = Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
    return presignS3(this.s3, new GetObjectCommand({ Bucket: this.originalsBucket, Key: key }), { expiresIn });
  }
}
