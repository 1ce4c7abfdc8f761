import { Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { APP_PORT } from './app-container.js';
import { JOB_VISIBILITY_SECONDS, MAX_RECEIVE_COUNT } from './job-queue.js';
import type { AppResources } from './permissions.js';

/** What both roles read from the environment (src/config.ts), wired from the stack's resources. */
export function sharedEnvironment(scope: Construct, r: AppResources): Record<string, string> {
  return {
    MODE: 'aws',
    HOST: '0.0.0.0',
    PORT: String(APP_PORT),
    LOG_LEVEL: 'info',
    AWS_REGION: Stack.of(scope).region,
    ORIGINALS_BUCKET: r.originals.bucketName,
    PROCESSED_BUCKET: r.processed.bucketName,
    TABLE_NAME: r.table.tableName,
    QUEUE_URL: r.queue.queueUrl,
    DLQ_URL: r.deadLetters.queueUrl,
    JOB_MAX_ATTEMPTS: String(MAX_RECEIVE_COUNT),
    JOB_VISIBILITY_SECONDS: String(JOB_VISIBILITY_SECONDS),
    LABELS: 'rekognition',
    SHUTDOWN_GRACE_SECONDS: '20',
  };
}
