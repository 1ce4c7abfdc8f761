import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createHmac } from 'node:crypto';
import { AwsUrlSigner } from '../adapters/aws/aws-url-signer.js';
import { CognitoAuth } from '../adapters/aws/cognito-auth.js';
import { DynamoPhotoRepo } from '../adapters/aws/dynamo-photo-repo.js';
import { RekognitionLabeler } from '../adapters/aws/rekognition-labeler.js';
import { S3BlobStore } from '../adapters/aws/s3-blob-store.js';
import { SqsJobQueue } from '../adapters/aws/sqs-job-queue.js';
import { LocalLabeler } from '../adapters/local/local-labeler.js';
import type { AwsConfig, Config } from '../config.js';
import type { Adapters } from './adapters.js';

/** S3, DynamoDB, SQS, Cognito, Rekognition and CloudFront, each at its configured endpoint. */
export function awsAdapters(config: Config & { aws: AwsConfig }): Adapters {
  const { aws } = config;
  const common = (endpoint: string | undefined) => ({ region: aws.region, ...(endpoint && { endpoint }) });
  const s3 = new S3Client({ ...common(aws.endpoints.s3), forcePathStyle: aws.s3ForcePathStyle });
  const dynamo = new DynamoDBClient(common(aws.endpoints.dynamodb));
  const sqs = new SQSClient(common(aws.endpoints.sqs));
  const clients: { destroy(): void }[] = [s3, dynamo, sqs];

  let auth: Adapters['auth'] = null;
  if (aws.cognito) {
    const cognito = new CognitoIdentityProviderClient(common(aws.endpoints.cognito));
    clients.push(cognito);
    const { issuer, jwksUri } = aws.cognito;
    auth = new CognitoAuth(cognito, {
      userPoolId: aws.cognito.userPoolId,
      clientId: aws.cognito.clientId,
      ...(issuer && { issuerOverride: { issuer, jwksUri: jwksUri ?? `${issuer}/.well-known/jwks.json` } }),
    });
  }

  let labeler: Adapters['labeler'] = null;
  if (config.labels === 'rekognition') {
    const rekognition = new RekognitionClient(common(aws.endpoints.rekognition));
    clients.push(rekognition);
    labeler = new RekognitionLabeler(rekognition);
  } else if (config.labels === 'local') {
    labeler = new LocalLabeler();
  }

  return {
    auth,
    blobs: new S3BlobStore(s3, { originals: aws.originalsBucket, processed: aws.processedBucket }),
    photos: new DynamoPhotoRepo(dynamo, aws.tableName),
    queue: aws.queueUrl
      ? new SqsJobQueue(sqs, {
          queueUrl: aws.queueUrl,
          ...(aws.deadLetterQueueUrl && { deadLetterQueueUrl: aws.deadLetterQueueUrl }),
          maxAttempts: config.jobMaxAttempts,
        })
      : null,
    signer: aws.cdn && new AwsUrlSigner(s3, aws.originalsBucket, aws.cdn),
    cdnVerifier: null,
    labeler,
    // Every API task shares the CloudFront key already; a key derived from it spares another secret.
    cursorKey: aws.cdn && createHmac('sha256', aws.cdn.privateKeyPem).update('photoshare listing cursors').digest(),
    close: async () => {
      for (const client of clients) client.destroy();
    },
  };
}
