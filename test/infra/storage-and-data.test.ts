import { Match } from 'aws-cdk-lib/assertions';
import t from 'tap';
import { PHOTO_TABLE } from '../../src/adapters/aws/photo-table-layout.js';
import { photoTableDefinition } from '../helpers/emulators.js';
import { PUBLIC_KEY_PEM, resource, resources, synth } from '../helpers/synth.js';

const template = synth(t, { cdnPublicKeyPem: PUBLIC_KEY_PEM });

t.test('originals: versioned, encrypted, private, TLS only, CORS, lifecycle, kept on stack deletion', async (t) => {
  const originals = resource(template, 'AWS::S3::Bucket', 'PhotosOriginals');
  t.same(originals.VersioningConfiguration, { Status: 'Enabled' });
  t.same(originals.BucketEncryption.ServerSideEncryptionConfiguration, [
    { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
  ]);
  t.same(originals.PublicAccessBlockConfiguration, {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  });
  const rules = Object.fromEntries((originals.LifecycleConfiguration.Rules as any[]).map((r) => [r.Id, r]));
  t.match(rules['originals-to-infrequent-access'], {
    Status: 'Enabled',
    Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
  });
  t.match(rules['abort-incomplete-uploads'], { Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } });
  t.match(rules['expire-old-versions'], { Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 90 } });
  t.match(originals.CorsConfiguration.CorsRules, [{ AllowedMethods: ['GET', 'HEAD'] }]);
  const raw = Object.entries(template.findResources('AWS::S3::Bucket')).find(([id]) => id.startsWith('PhotosOriginals'))![1];
  t.equal((raw as { DeletionPolicy: string }).DeletionPolicy, 'Retain', 'nothing ever lost: the originals outlive the stack');
});

t.test('processed: encrypted, private, reachable only by this CloudFront distribution', async (t) => {
  const processed = resource(template, 'AWS::S3::Bucket', 'PhotosProcessed');
  t.same(processed.BucketEncryption.ServerSideEncryptionConfiguration, [
    { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
  ]);
  t.same(processed.PublicAccessBlockConfiguration, {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  });
  const policy = resource(template, 'AWS::S3::BucketPolicy', 'PhotosProcessedPolicy').PolicyDocument.Statement as any[];
  const allows = policy.filter((s) => s.Effect === 'Allow');
  t.equal(allows.length, 1, 'one grant');
  t.match(allows[0], {
    Action: 's3:GetObject',
    Principal: { Service: 'cloudfront.amazonaws.com' },
  });
  t.match(
    JSON.stringify(allows[0].Condition.StringEquals['AWS:SourceArn']),
    /:distribution\/.*DeliveryDistribution/,
    'scoped to our distribution',
  );
  template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
    OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
  });
});

t.test('both buckets refuse plain HTTP', async (t) => {
  for (const prefix of ['PhotosOriginalsPolicy', 'PhotosProcessedPolicy']) {
    const statements = resource(template, 'AWS::S3::BucketPolicy', prefix).PolicyDocument.Statement as any[];
    t.ok(
      statements.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'),
      `${prefix} denies requests without TLS`,
    );
  }
});

t.test('new originals notify the job queue, which has a DLQ after 5 receives', async (t) => {
  template.hasResourceProperties('Custom::S3BucketNotifications', {
    BucketName: { Ref: Match.stringLikeRegexp('^PhotosOriginals') },
    NotificationConfiguration: {
      QueueConfigurations: [
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'originals/' }] } },
          QueueArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Jobs'), 'Arn'] },
        },
      ],
    },
  });
  const jobs = resource(template, 'AWS::SQS::Queue', /^Jobs[0-9A-F]{8}$/);
  t.match(jobs, {
    VisibilityTimeout: 300,
    ReceiveMessageWaitTimeSeconds: 20,
    SqsManagedSseEnabled: true,
    RedrivePolicy: { maxReceiveCount: 5 },
  });
  t.match(jobs.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0], /^JobsDeadLetters/);
  t.match(resource(template, 'AWS::SQS::Queue', 'JobsDeadLetters'), {
    SqsManagedSseEnabled: true,
    MessageRetentionPeriod: 14 * 86_400,
  });
});

t.test('PhotoMetadata: on demand, PITR, stream, encrypted, the keys and indexes the adapter and its tests use', async (t) => {
  const table = resource(template, 'AWS::DynamoDB::Table', 'MetadataTable');
  const expected = photoTableDefinition('PhotoMetadata');
  t.equal(table.TableName, 'PhotoMetadata');
  t.equal(table.BillingMode, 'PAY_PER_REQUEST');
  t.same(table.PointInTimeRecoverySpecification, { PointInTimeRecoveryEnabled: true });
  t.same(table.StreamSpecification, { StreamViewType: 'NEW_AND_OLD_IMAGES' });
  t.same(table.SSESpecification, { SSEEnabled: true }, 'encrypted with the AWS managed KMS key');
  t.same(
    table.TimeToLiveSpecification,
    { AttributeName: PHOTO_TABLE.timeToLive, Enabled: true },
    'rate-limit counters expire by themselves',
  );
  t.same(table.KeySchema, expected.KeySchema, 'partition key pk, as the DynamoDB Local test table');
  const byName = (list: any[]) =>
    Object.fromEntries(list.map((i) => [i.IndexName, { KeySchema: i.KeySchema, Projection: i.Projection }]));
  t.same(
    byName(table.GlobalSecondaryIndexes),
    byName(expected.GlobalSecondaryIndexes),
    'its indexes, as the DynamoDB Local test table',
  );
  t.same(
    [...table.AttributeDefinitions].sort((a: any, b: any) => a.AttributeName.localeCompare(b.AttributeName)),
    [...expected.AttributeDefinitions].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName)),
  );
  t.equal(table.DeletionProtectionEnabled, true);
});

t.test('log groups keep a month', async (t) => {
  const groups = resources(template, 'AWS::Logs::LogGroup');
  t.ok(groups.length >= 2);
  for (const [id, group] of groups) t.equal(group.RetentionInDays, 30, id);
});
