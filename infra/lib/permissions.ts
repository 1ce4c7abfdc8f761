import { Stack, type Acknowledgment, type CfnElement } from 'aws-cdk-lib';
import { PHOTO_TABLE } from '../../src/adapters/aws/photo-table-layout.js';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
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

/** The API: uploads and deletes originals, presigns their download, asks for full-size copies, owns the metadata. */
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
        'dynamodb:BatchGetItem',
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
    // An "original" share asks the worker for the full-size copy: the API never decodes a whole photo.
    new iam.PolicyStatement({ sid: 'FullSizeJobs', actions: ['sqs:SendMessage'], resources: [r.queue.queueArn] }),
  ];
}

/** The worker: reads originals, writes variants, records results, labels, consumes the queue, and purges the trash that is due. */
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
    // The trash sweep: the `purge` group (byGroup) and a photo's links (byPhoto), then the photo, its links and items.
    new iam.PolicyStatement({
      sid: 'PurgeTrash',
      actions: ['dynamodb:Query', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
      resources: [
        r.table.tableArn,
        `${r.table.tableArn}/index/${PHOTO_TABLE.indexes.byGroup.name}`,
        `${r.table.tableArn}/index/${PHOTO_TABLE.indexes.byPhoto.name}`,
      ],
    }),
    new iam.PolicyStatement({
      sid: 'PurgeOriginals',
      actions: ['s3:DeleteObject'],
      resources: [r.originals.arnForObjects(`${ORIGINALS_PREFIX}*`)],
    }),
    new iam.PolicyStatement({
      sid: 'Jobs',
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
      resources: [r.queue.queueArn],
    }),
    new iam.PolicyStatement({ sid: 'DeadLetterDepth', actions: ['sqs:GetQueueAttributes'], resources: [r.deadLetters.queueArn] }),
    // Deleted accounts (AccountPurge): their library (byUser), each photo moved to the trash (its `purge#` item put),
    // their albums and keys read (BatchGet), before the trash's purge deletes them.
    new iam.PolicyStatement({
      sid: 'DeleteAccounts',
      actions: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:BatchGetItem'],
      resources: [r.table.tableArn, `${r.table.tableArn}/index/${PHOTO_TABLE.indexes.byUser.name}`],
    }),
    // Rekognition's image operations take the bytes and have no resource to scope to: AWS documents "*".
    new iam.PolicyStatement({
      sid: 'Labels',
      actions: ['rekognition:DetectLabels', 'rekognition:DetectModerationLabels'],
      resources: ['*'],
    }),
  ];
}

/**
 * The worker finishes an account's deletion that its request could not (a crash between the deletion record and
 * Cognito's DeleteUser): AdminDeleteUser on this one user pool. The API needs nothing: DeleteUser and GlobalSignOut
 * are authorized by the user's own access token.
 */
export function identityRemovalStatement(pool: cognito.IUserPool): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'RemoveIdentities',
    actions: ['cognito-idp:AdminDeleteUser'],
    resources: [pool.userPoolArn],
  });
}

/** X-Ray accepts trace segments only on "*": it has no resource-level permissions. */
export function tracingStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'Traces',
    actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
    resources: ['*'],
  });
}

/*
 * The wildcards above, as the AwsSolutions audit (cdk-nag IAM5) names them, each
 * acknowledged on the role that holds it with the reason it is the narrowest
 * grant AWS offers. One finding per id: a new wildcard is a new finding.
 */

/** cdk-nag's name for `<the resource's ARN><suffix>`, e.g. `Resource::<PhotosOriginalsA7B756FE.Arn>/originals/*`. */
function arnWildcard(resource: IConstruct, suffix: string): string {
  const cfn = resource.node.defaultChild as CfnElement;
  return `AwsSolutions-IAM5[Resource::<${Stack.of(cfn).getLogicalId(cfn)}.Arn>${suffix}]`;
}

const objectPrefix = (what: string): string =>
  `Object-prefix wildcard: only the objects under ${what} in this one bucket. Keys are made at run time (one per photo ` +
  'and variant), so a prefix is the least privilege S3 can express.';

/** `ecr:GetAuthorizationToken`, which the execution role needs to pull the image, is granted on "*" only. */
export const PULL_IMAGE_WILDCARD: Acknowledgment = {
  id: 'AwsSolutions-IAM5[Resource::*]',
  reason:
    'ecr:GetAuthorizationToken, added by CDK for pulling the image asset, has no resource-level permissions: AWS ' +
    'documents "*" as its only resource. The repository pulls themselves are scoped to the asset repository.',
};

/** X-Ray's actions have no resource-level permissions. */
export const TRACING_WILDCARD: Acknowledgment = {
  id: 'AwsSolutions-IAM5[Resource::*]',
  reason:
    'X-Ray (PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) has no resource-level ' +
    'permissions: AWS documents "*" as the only resource (tracing is on by context).',
};

export function apiWildcards(r: AppResources): Acknowledgment[] {
  return [
    { id: arnWildcard(r.originals, `/${ORIGINALS_PREFIX}*`), reason: objectPrefix(ORIGINALS_PREFIX) },
    { id: arnWildcard(r.processed, `/${PROCESSED_PREFIX}*`), reason: objectPrefix(PROCESSED_PREFIX) },
    {
      id: arnWildcard(r.table, '/index/*'),
      reason:
        "The metadata table's own global secondary indexes (queried by name for a user's library and a photo's " +
        'shares): every index of this one table, no other table.',
    },
  ];
}

export function workerWildcards(r: AppResources): Acknowledgment[] {
  return [
    { id: arnWildcard(r.originals, `/${ORIGINALS_PREFIX}*`), reason: objectPrefix(ORIGINALS_PREFIX) },
    { id: arnWildcard(r.processed, `/${PROCESSED_PREFIX}*`), reason: objectPrefix(PROCESSED_PREFIX) },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'rekognition:DetectLabels and DetectModerationLabels take the image bytes and act on no resource: AWS ' +
        'documents "*" as their only resource.',
    },
  ];
}
