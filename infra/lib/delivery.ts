import { CfnParameter, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface DeliveryProps {
  processed: s3.IBucket;
  /** PEM of the public key the API's signed URLs are checked against; null → a stack parameter. */
  publicKeyPem: string | null;
  /** Where CloudFront writes its standard logs (an ACL-enabled bucket), under `logPrefix`. */
  logBucket: s3.IBucket;
  logPrefix: string;
  /** A CLOUDFRONT-scope WAF web ACL made in us-east-1, or null for none. */
  webAclArn: string | null;
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
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: props.logPrefix,
      ...(props.webAclArn && { webAclId: props.webAclArn }),
    });

    // What the AwsSolutions audit asks of a distribution that this one does not do, and why (test/infra/cdk-nag.test.ts).
    const audit = Validations.of(this.distribution);
    audit.acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'No geo restriction: people share photos with anyone, anywhere; every request still needs a URL the API signed.',
    });
    audit.acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The distribution has no custom domain, so it serves the default *.cloudfront.net certificate, for which ' +
        'CloudFront sets the viewer security policy itself and a stack cannot raise it. With a custom certificate the ' +
        'cdk.json flag defaultSecurityPolicyTLSv1.2_2021 would give TLSv1.2_2021.',
    });
    if (!props.webAclArn) {
      audit.acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'A CLOUDFRONT-scope web ACL can only be made in us-east-1 and this stack deploys to the service region; every ' +
          'request needs a URL the API signed (trusted key group) and unsigned ones are refused at the edge, and the API ' +
          'has its own WAF (Firewall). Set context cdnWebAclArn to attach a web ACL made in us-east-1.',
      });
    }
  }
}
