import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { ORIGINALS_PREFIX, PROCESSED_PREFIX } from '../../src/domain/blob-keys.js';

export interface AppResources {
  originals: s3.IBucket;
  processed: s3.IBucket;
  table: dynamodb.ITable;
  queue: sqs.IQueue;
  deadLetters: sqs.IQueue;
}

/*
 * Each statement names the exact actions the adapters call (src/adapters/aws).
 * s3:ListBucket is on the bucket itself: HeadBucket (readiness), listing a
 * prefix to delete a photo's variants, and a 404 rather than a 403 for a
 * missing key, which the worker relies on.
 */

/** The API: uploads and deletes originals, presigns their download, renders full-size shares, owns the metadata. */
export function apiStatements(r: AppResources): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'Originals',
      actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      resources: [r.originals.arnForObjects(`${ORIGINALS_PREFIX}*`)],
    }),
    new iam.PolicyStatement({
      sid: 'Processed',
      actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      resources: [r.processed.arnForObjects(`${PROCESSED_PREFIX}*`)],
    }),
    new iam.PolicyStatement({
      sid: 'Buckets',
      actions: ['s3:ListBucket'],
      resources: [r.originals.bucketArn, r.processed.bucketArn],
    }),
    new iam.PolicyStatement({
      sid: 'Metadata',
      actions: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:Query',
        'dynamodb:BatchWriteItem',
      ],
      resources: [r.table.tableArn, `${r.table.tableArn}/index/*`],
    }),
    new iam.PolicyStatement({
      sid: 'QueueDepth',
      actions: ['sqs:GetQueueAttributes'],
      resources: [r.queue.queueArn, r.deadLetters.queueArn],
    }),
  ];
}

/** The worker: reads originals, writes variants, records results, labels, and consumes the queue. */
export function workerStatements(r: AppResources): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ReadOriginals',
      actions: ['s3:GetObject'],
      resources: [r.originals.arnForObjects(`${ORIGINALS_PREFIX}*`)],
    }),
    new iam.PolicyStatement({
      sid: 'WriteProcessed',
      actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      resources: [r.processed.arnForObjects(`${PROCESSED_PREFIX}*`)],
    }),
    new iam.PolicyStatement({
      sid: 'Buckets',
      actions: ['s3:ListBucket'],
      resources: [r.originals.bucketArn, r.processed.bucketArn],
    }),
    new iam.PolicyStatement({
      sid: 'Metadata',
      actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      resources: [r.table.tableArn],
    }),
    new iam.PolicyStatement({
      sid: 'Jobs',
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
      resources: [r.queue.queueArn],
    }),
    new iam.PolicyStatement({ sid: 'DeadLetterDepth', actions: ['sqs:GetQueueAttributes'], resources: [r.deadLetters.queueArn] }),
    // Rekognition's image operations take the bytes and have no resource to scope to: AWS documents "*".
    new iam.PolicyStatement({
      sid: 'Labels',
      actions: ['rekognition:DetectLabels', 'rekognition:DetectModerationLabels'],
      resources: ['*'],
    }),
  ];
}

/** X-Ray accepts trace segments only on "*": it has no resource-level permissions. */
export function tracingStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'Traces',
    actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
    resources: ['*'],
  });
}
