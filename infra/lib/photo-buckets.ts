import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface PhotoBucketsProps {
  /** Origins the web UI runs on, for CORS on the originals bucket. */
  corsOrigins: string[];
  /** Where each bucket's S3 server access logs go, under its own prefix. */
  accessLogs: s3.IBucket;
  accessLogPrefixes: { originals: string; processed: string };
}

/**
 * Originals: versioned so an overwrite or delete can be undone, kept (RETAIN)
 * when the stack goes away. Processed: derived, rebuildable, read only by
 * CloudFront through Origin Access Control.
 */
export class PhotoBuckets extends Construct {
  readonly originals: s3.Bucket;
  readonly processed: s3.Bucket;

  constructor(scope: Construct, id: string, props: PhotoBucketsProps) {
    super(scope, id);
    const privateAndEncrypted = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    };

    this.originals = new s3.Bucket(this, 'Originals', {
      ...privateAndEncrypted,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: props.accessLogPrefixes.originals,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      cors: [
        {
          // Downloads of the original follow a presigned GET; the UI reads sizes and types.
          allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.HEAD],
          allowedOrigins: props.corsOrigins,
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag', 'Content-Length', 'Content-Type'],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [
        {
          id: 'originals-to-infrequent-access',
          transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }],
        },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
        { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(90) },
      ],
    });

    this.processed = new s3.Bucket(this, 'Processed', {
      ...privateAndEncrypted,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: props.accessLogPrefixes.processed,
      // Every object here can be rebuilt from its original.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
      lifecycleRules: [{ id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    });
  }
}
