import t from 'tap';
import { PUBLIC_KEY_PEM, resources, synth } from '../helpers/synth.js';

const template = synth(t, { cdnPublicKeyPem: PUBLIC_KEY_PEM });
const traced = synth(t, { cdnPublicKeyPem: PUBLIC_KEY_PEM, tracing: true });

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown };

/** The statements of the inline policies attached to the role whose logical id starts with a prefix. */
function statementsOf(tpl: typeof template, rolePrefix: string): Statement[] {
  return resources(tpl, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Roles as { Ref: string }[]).some((r) => r.Ref.startsWith(rolePrefix)))
    .flatMap(([, p]) => p.PolicyDocument.Statement as Statement[]);
}

const actions = (s: Statement) => [s.Action].flat().sort();
const bySid = (statements: Statement[]) => Object.fromEntries(statements.map((s) => [s.Sid, actions(s)]));
const text = (v: unknown) => JSON.stringify(v);

t.test("the API's task role: exactly the actions its adapters call", async (t) => {
  const statements = statementsOf(template, 'ApiServiceTaskDefTaskRole');
  t.same(bySid(statements), {
    Originals: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'],
    Processed: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'],
    Buckets: ['s3:ListBucket'],
    Metadata: [
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ],
    QueueDepth: ['sqs:GetQueueAttributes'],
    FullSizeJobs: ['sqs:SendMessage'],
  });
  t.match(
    text(statements.find((s) => s.Sid === 'FullSizeJobs')!.Resource),
    /^\{"Fn::GetAtt":\["Jobs[0-9A-F]{8}","Arn"\]\}$/,
    'to the jobs queue only',
  );
  const originals = statements.find((s) => s.Sid === 'Originals')!;
  t.match(text(originals.Resource), /PhotosOriginals.*"\/originals\/\*"/, 'only under originals/');
  t.match(
    text(statements.find((s) => s.Sid === 'Metadata')!.Resource),
    /MetadataTable.*\/index\/\*/,
    'the table and its indexes',
  );
  t.notOk(
    statements.some((s) => actions(s).some((a) => a.startsWith('rekognition:') || a.startsWith('sqs:Receive'))),
    'no labelling or consuming',
  );
});

t.test(
  "the worker's task role: read originals, write variants, update photos, consume the queue, call Rekognition, purge the trash",
  async (t) => {
    const statements = statementsOf(template, 'WorkerTaskTaskRole');
    t.same(bySid(statements), {
      ReadOriginals: ['s3:GetObject'],
      WriteProcessed: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'],
      Buckets: ['s3:ListBucket'],
      Metadata: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      PurgeTrash: ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
      PurgeOriginals: ['s3:DeleteObject'],
      DeleteAccounts: ['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      RemoveIdentities: ['cognito-idp:AdminDeleteUser'],
      Jobs: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
      DeadLetterDepth: ['sqs:GetQueueAttributes'],
      Labels: ['rekognition:DetectLabels', 'rekognition:DetectModerationLabels'],
    });
    t.match(text(statements.find((s) => s.Sid === 'ReadOriginals')!.Resource), /"\/originals\/\*"/);
    t.match(text(statements.find((s) => s.Sid === 'WriteProcessed')!.Resource), /PhotosProcessed.*"\/processed\/\*"/);
    t.notOk(
      statements.some((s) => actions(s).includes('s3:PutObject') && /PhotosOriginals/.test(text(s.Resource))),
      'cannot write originals',
    );
    t.match(text(statements.find((s) => s.Sid === 'PurgeOriginals')!.Resource), /PhotosOriginals.*"\/originals\/\*"/);
    t.match(
      text(statements.find((s) => s.Sid === 'DeleteAccounts')!.Resource),
      /MetadataTable.*\/index\/byUser"/,
      "deleted accounts: the table and the library's index only",
    );
    t.notMatch(text(statements.find((s) => s.Sid === 'DeleteAccounts')!.Resource), /index\/\*/);
    t.match(
      text(statements.find((s) => s.Sid === 'RemoveIdentities')!.Resource),
      /^\{"Fn::GetAtt":\["UsersPool[0-9A-F]+","Arn"\]\}$/,
      'AdminDeleteUser on the user pool only',
    );
  },
);

t.test('the API alone may read the CloudFront signing key and the share seal key', async (t) => {
  const api = statementsOf(template, 'ApiServiceTaskDefExecutionRole');
  t.ok(
    api.some(
      (s) =>
        actions(s).includes('secretsmanager:GetSecretValue') &&
        /secret:photoshare\/cdn-private-key-\?\?\?\?\?\?/.test(text(s.Resource)),
    ),
  );
  t.ok(
    api.some((s) => actions(s).includes('secretsmanager:GetSecretValue') && /ApiShareSealKey[0-9A-F]{8}/.test(text(s.Resource))),
    'and the share seal key',
  );
  const sealKey = resources(template, 'AWS::SecretsManager::Secret').find(([id]) => id.startsWith('ApiShareSealKey'))?.[1];
  t.ok(sealKey?.GenerateSecretString.PasswordLength >= 32, 'generated, long enough for the config');
  const everyoneElse = resources(template, 'AWS::IAM::Policy')
    .filter(([id]) => !id.startsWith('ApiServiceTaskDefExecutionRole'))
    .flatMap(([, p]) => p.PolicyDocument.Statement as Statement[]);
  t.notOk(everyoneElse.some((s) => actions(s).some((a) => a.startsWith('secretsmanager:'))));
});

t.test('no statement grants every action, or every resource where AWS offers a narrower one', async (t) => {
  // AWS documents "*" as the only resource for these: they act on no resource of ours.
  const resourceless = new Set([
    'ecr:GetAuthorizationToken',
    'rekognition:DetectLabels',
    'rekognition:DetectModerationLabels',
    'xray:PutTraceSegments',
    'xray:PutTelemetryRecords',
    'xray:GetSamplingRules',
    'xray:GetSamplingTargets',
  ]);
  for (const tpl of [template, traced]) {
    const policies = resources(tpl, 'AWS::IAM::Policy').flatMap(([id, p]) =>
      (p.PolicyDocument.Statement as Statement[]).map((s) => [id, s] as const),
    );
    t.ok(policies.length > 10);
    for (const [id, s] of policies) {
      for (const action of actions(s)) t.notMatch(action, /\*/, `${id}: ${action} names one action`);
      const everything = [s.Resource].flat().some((r) => r === '*');
      if (everything)
        t.ok(
          actions(s).every((a) => resourceless.has(a)),
          `${id}: "*" only for ${actions(s).join(', ')}`,
        );
    }
  }
});

t.test('tracing is off by default; on by context it adds the X-Ray daemon and its permission', async (t) => {
  const containerNames = (tpl: typeof template) =>
    resources(tpl, 'AWS::ECS::TaskDefinition')
      .flatMap(([, td]) => (td.ContainerDefinitions as { Name: string }[]).map((c) => c.Name))
      .sort();
  t.same(containerNames(template), ['api', 'worker']);
  t.same(containerNames(traced), ['api', 'worker', 'xray', 'xray']);
  t.notOk(statementsOf(template, 'WorkerTaskTaskRole').some((s) => s.Sid === 'Traces'));
  t.ok(statementsOf(traced, 'WorkerTaskTaskRole').some((s) => s.Sid === 'Traces'));
  t.ok(statementsOf(traced, 'ApiServiceTaskDefTaskRole').some((s) => s.Sid === 'Traces'));
});
