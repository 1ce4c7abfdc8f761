import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Where each source writes in the log bucket. */
export const LOG_PREFIXES = {
  originals: 's3/originals/',
  processed: 's3/processed/',
  /** The ALB adds `/AWSLogs/<account>/…` itself: no trailing slash. */
  loadBalancer: 'alb',
  cdn: 'cloudfront/',
  flowLogs: 'vpc-flow-logs/',
} as const;

/** How long access and flow logs are kept: long enough to look back on an incident, then they go. */
export const ACCESS_LOG_DAYS = 90;

/**
 * The one bucket the audit trail lands in: S3 server access logs of the photo
 * buckets, the ALB's access logs, CloudFront's standard logs and the VPC's
 * flow logs, each under its own prefix. SSE-S3 because the ALB delivers to
 * nothing else; ACLs enabled (bucket owner preferred) because CloudFront's
 * standard logging writes through an ACL grant. Everything else is granted by
 * the bucket policy the constructs that log here add.
 */
export class AccessLogs extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      // The record of who did what outlives the stack, like the originals.
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'expire-logs', expiration: Duration.days(ACCESS_LOG_DAYS) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket itself: logging it into itself would log every log delivery, without end; ' +
        'S3 recommends a destination that does not log.',
    });
  }
}
