import { CfnParameter } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface DeliveryProps {
  processed: s3.IBucket;
  /** PEM of the public key the API's signed URLs are checked against; null → a stack parameter. */
  publicKeyPem: string | null;
}

/**
 * CloudFront in front of the processed bucket. Every request needs a URL
 * signed by the API (trusted key group); the bucket is reachable only through
 * this distribution (Origin Access Control).
 */
export class Delivery extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly publicKey: cloudfront.PublicKey;

  constructor(scope: Construct, id: string, props: DeliveryProps) {
    super(scope, id);
    const encodedKey =
      props.publicKeyPem ??
      new CfnParameter(this, 'CdnPublicKeyPem', {
        type: 'String',
        description: 'PEM of the CloudFront public key whose private half the API signs URLs with',
      }).valueAsString;
    this.publicKey = new cloudfront.PublicKey(this, 'SigningKey', {
      encodedKey,
      comment: 'photoshare: the API signs variant URLs with the private half',
    });
    const keyGroup = new cloudfront.KeyGroup(this, 'Signers', { items: [this.publicKey] });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'photoshare processed images (signed URLs only)',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(props.processed),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        // The signature's query string is checked at the edge and kept out of the cache key.
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        trustedKeyGroups: [keyGroup],
        compress: false,
      },
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    });
  }
}
