import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import { loadOrCreateRsaKey } from '../../src/adapters/local/key-files.js';
import { BUCKETS, TABLE, type CognitoDelivery, startCognito, startDynamo, startS3, startSqs } from './emulators.js';
import { startFakeCloudFront } from './fake-cloudfront.js';
import { startFakeRekognition } from './fake-rekognition-server.js';
import { forwardS3EventsToSqs } from './s3-to-sqs.js';
import type { StartOptions } from '../../src/service.js';
import { startTestService, type RunningService } from './service.js';

export interface AwsEmulators {
  /** The environment that points MODE=aws at these emulators. */
  env: Record<string, string>;
  /** Confirms a Cognito sign-up, as an administrator or a pre-sign-up trigger would. */
  confirmUser(email: string): Promise<void>;
  /** Codes cognito-local delivered (it logs them instead of mailing). */
  cognitoDeliveries: CognitoDelivery[];
  rekognitionCalls: string[];
  s3: Awaited<ReturnType<typeof startS3>>;
  sqs: Awaited<ReturnType<typeof startSqs>>;
}

export type AwsRunningService = RunningService & AwsEmulators;

/**
 * The whole service in MODE=aws against wire-compatible emulators: s3rver,
 * DynamoDB Local, cognito-local, and test fakes for SQS (JSON protocol), Rekognition
 * and CloudFront. S3 object-created events are forwarded to SQS as S3 does.
 */
export async function startAwsEmulators(
  t: Test,
  queue: { visibilitySeconds: number; maxReceiveCount: number } = { visibilitySeconds: 30, maxReceiveCount: 5 },
): Promise<AwsEmulators> {
  // The SDK reads credentials through its standard provider chain, as it does in AWS.
  process.env.AWS_ACCESS_KEY_ID ??= 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'S3RVER';
  const [s3, dynamo, sqs, cognito, rekognition] = await Promise.all([
    startS3(t),
    startDynamo(t),
    startSqs(t, queue),
    startCognito(t),
    startFakeRekognition(t),
  ]);
  forwardS3EventsToSqs(s3, sqs.client, sqs.queueUrl, BUCKETS.originals);
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdn-key-'));
  t.teardown(() => {
    fs.rmSync(keyDir, { recursive: true, force: true });
  });
  const cdnKey = loadOrCreateRsaKey(keyDir, 'cloudfront');
  const cdn = await startFakeCloudFront(t, s3.client, BUCKETS.processed, cdnKey);

  const env = {
    MODE: 'aws',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.endpoint,
    AWS_ENDPOINT_URL_REKOGNITION: rekognition.endpoint,
    ORIGINALS_BUCKET: BUCKETS.originals,
    PROCESSED_BUCKET: BUCKETS.processed,
    TABLE_NAME: TABLE,
    QUEUE_URL: sqs.queueUrl,
    DLQ_URL: sqs.deadLetterQueueUrl,
    JOB_MAX_ATTEMPTS: String(queue.maxReceiveCount),
    JOB_VISIBILITY_SECONDS: String(queue.visibilitySeconds),
    COGNITO_USER_POOL_ID: cognito.userPoolId,
    COGNITO_CLIENT_ID: cognito.clientId,
    COGNITO_ISSUER: cognito.issuer,
    COGNITO_JWKS_URI: cognito.jwksUri,
    CDN_URL: cdn.baseUrl,
    CDN_KEY_PAIR_ID: cdnKey.keyId,
    CDN_PRIVATE_KEY: cdnKey.privateKeyPem,
    SHARE_SEAL_KEY: randomBytes(32).toString('base64url'),
  };
  return {
    env,
    confirmUser: cognito.confirm,
    cognitoDeliveries: cognito.deliveries,
    rekognitionCalls: rekognition.calls,
    s3,
    sqs,
  };
}

/** Emulators and the whole service (API and worker) in MODE=aws. */
export async function startAwsTestService(
  t: Test,
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<AwsRunningService> {
  const emulators = await startAwsEmulators(t);
  return { ...emulators, ...(await startTestService(t, { ...emulators.env, ...env }, options)) };
}
