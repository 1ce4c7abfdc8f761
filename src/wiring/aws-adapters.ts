import { createHash, createHmac } from 'node:crypto';
import { AwsClients } from '../adapters/aws/aws-clients.js';
import { AwsUrlSigner } from '../adapters/aws/aws-url-signer.js';
import { CognitoAccounts } from '../adapters/aws/cognito-accounts.js';
import { CognitoAuth } from '../adapters/aws/cognito-auth.js';
import { CognitoMultiFactor } from '../adapters/aws/cognito-multi-factor.js';
import { CognitoPasswords } from '../adapters/aws/cognito-passwords.js';
import { DynamoAccountDeletions } from '../adapters/aws/dynamo-account-deletions.js';
import { DynamoAlbumRepo } from '../adapters/aws/dynamo-album-repo.js';
import { DynamoApiKeyRepo } from '../adapters/aws/dynamo-api-key-repo.js';
import { DynamoPhotoRepo } from '../adapters/aws/dynamo-photo-repo.js';
import { DynamoThrottleStore } from '../adapters/aws/dynamo-throttle-store.js';
import { DynamoDownloadTickets } from '../adapters/aws/dynamo-download-tickets.js';
import { RekognitionLabeler } from '../adapters/aws/rekognition-labeler.js';
import { S3BlobStore } from '../adapters/aws/s3-blob-store.js';
import { SqsJobQueue } from '../adapters/aws/sqs-job-queue.js';
import { LocalLabeler } from '../adapters/local/local-labeler.js';
import type { AwsConfig, Config } from '../config.js';
import type { Adapters } from './adapters.js';
import { imageProcessorFor } from './image-processing.js';
import { cognitoSocialSignIn } from './social-sign-in.js';

/** S3, DynamoDB, SQS, Cognito, Rekognition and CloudFront, each at its configured endpoint. */
export function awsAdapters(config: Config & { aws: AwsConfig }): Adapters {
  const { aws } = config;
  const clients = new AwsClients(aws);
  const s3 = clients.s3();
  const dynamo = clients.dynamo();

  let auth: Adapters['auth'] = null;
  let multiFactor: Adapters['multiFactor'] = null;
  let passwords: Adapters['passwords'] = null;
  let accounts: Adapters['accounts'] = null;
  let identityRemover: Adapters['identityRemover'] = null;
  const cognito = aws.cognito || aws.userPoolId ? clients.cognito() : null;
  // The worker finishes deletions a request could not (AdminDeleteUser); the API deletes with the user's token.
  if (cognito && aws.userPoolId) {
    identityRemover = new CognitoAccounts(cognito, { userPoolId: aws.userPoolId, clientId: null });
  }
  if (cognito && aws.cognito) {
    accounts = new CognitoAccounts(cognito, { userPoolId: aws.cognito.userPoolId, clientId: aws.cognito.clientId });
    const { issuer, jwksUri } = aws.cognito;
    auth = new CognitoAuth(cognito, {
      userPoolId: aws.cognito.userPoolId,
      clientId: aws.cognito.clientId,
      ...(issuer && { issuerOverride: { issuer, jwksUri: jwksUri ?? `${issuer}/.well-known/jwks.json` } }),
    });
    multiFactor = new CognitoMultiFactor(cognito, aws.cognito.clientId);
    passwords = new CognitoPasswords(cognito, aws.cognito.clientId);
  }

  const photos = new DynamoPhotoRepo(dynamo, aws.tableName);
  const images = imageProcessorFor(config);
  let labeler: Adapters['labeler'] = null;
  if (config.labels === 'rekognition') {
    labeler = new RekognitionLabeler(clients.rekognition());
  } else if (config.labels === 'local') {
    labeler = new LocalLabeler(images);
  }

  return {
    auth,
    multiFactor,
    passwords,
    socialSignIn: aws.cognito && cognitoSocialSignIn(config, aws.cognito, aws.region),
    accounts,
    identityRemover,
    deletions: new DynamoAccountDeletions(dynamo, aws.tableName),
    blobs: new S3BlobStore(s3, { originals: aws.originalsBucket, processed: aws.processedBucket }),
    photos,
    takenBackfill: () => photos.backfillTakenKeys(),
    albums: new DynamoAlbumRepo(dynamo, aws.tableName),
    apiKeys: new DynamoApiKeyRepo(dynamo, aws.tableName),
    throttle: new DynamoThrottleStore(dynamo, aws.tableName),
    downloadTickets: new DynamoDownloadTickets(dynamo, aws.tableName),
    queue: aws.queueUrl
      ? new SqsJobQueue(clients.sqs(), {
          queueUrl: aws.queueUrl,
          ...(aws.deadLetterQueueUrl && { deadLetterQueueUrl: aws.deadLetterQueueUrl }),
          maxAttempts: config.jobMaxAttempts,
        })
      : null,
    signer: aws.cdn && new AwsUrlSigner(s3, aws.originalsBucket, aws.cdn),
    cdnVerifier: null,
    images,
    labeler,
    // Every API task shares the CloudFront key already; a key derived from it spares another secret.
    cursorKey: aws.cdn && createHmac('sha256', aws.cdn.privateKeyPem).update('photoshare listing cursors').digest(),
    // A secret of its own (SHARE_SEAL_KEY, Secrets Manager in the stack), hashed to the 32 bytes AES-256 takes.
    shareSealKey: aws.shareSealKey ? createHash('sha256').update(aws.shareSealKey).digest() : null,
    close: async () => {
      clients.destroy();
      await images.close();
    },
  };
}
