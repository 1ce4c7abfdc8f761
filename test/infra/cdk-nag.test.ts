import { App, Validations, type Environment } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { ACCESS_LOG_DAYS } from '../../infra/lib/access-logs.js';
import { PhotoshareStack } from '../../infra/lib/photoshare-stack.js';
import { MIN_PASSWORD_LENGTH } from '../../src/domain/password-policy.js';
import { PUBLIC_KEY_PEM, deployedContext, resource, resources, synth } from '../helpers/synth.js';

/*
 * cdk-nag's AwsSolutions pack over the stack, built as the other infra tests
 * build it (plus the deployed shape: a known account and region). cdk-nag 3
 * is a CDK policy-validation plugin, not an aspect: it adds no annotations, so
 * the findings are read from its own report, and `app.synth()` runs it the way
 * `cdk synth` does (and fails on any finding left unacknowledged).
 */

const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/abc';
const CDN_WEB_ACL = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/photoshare-cdn/0123abcd-0123-4567-89ab-0123456789ab';
const DEPLOYED: Environment = { account: '123456789012', region: 'eu-west-1' };

type Audited = { app: App; stack: PhotoshareStack; outdir: string; findings: () => string[] };

function audited(t: Test, context: Record<string, unknown>, env?: Environment): Audited {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'photoshare-nag-'));
  t.teardown(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
  });
  const app = new App({ outdir, context: deployedContext(context) });
  const pack = new AwsSolutionsChecks(app, { verbose: true });
  Validations.of(app).addPlugins(pack);
  const stack = new PhotoshareStack(app, 'Photoshare', env ? { env } : {});
  // One line per unacknowledged finding: which rule, on which resource, and why it matters.
  const findings = () =>
    pack
      .validateScope(app)
      .violations.flatMap((v) =>
        v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}: ${v.description}`),
      );
  return { app, stack, outdir, findings };
}

const configurations: [string, Record<string, unknown>, Environment?][] = [
  ['as deployed: a known account and region', { cdnPublicKeyPem: PUBLIC_KEY_PEM }, DEPLOYED],
  ['env-agnostic, as the other infra tests synthesize it', { cdnPublicKeyPem: PUBLIC_KEY_PEM }],
  ['the CloudFront public key as a stack parameter', {}],
  [
    'every option on: HTTPS, NAT, tracing, Google sign-in, alarm email, a CloudFront web ACL',
    {
      cdnPublicKeyPem: PUBLIC_KEY_PEM,
      certificateArn: CERTIFICATE,
      natGateways: 1,
      tracing: true,
      googleClientId: 'g-123.apps.googleusercontent.com',
      authDomainPrefix: 'photoshare-test',
      alarmEmail: 'oncall@example.com',
      cdnWebAclArn: CDN_WEB_ACL,
    },
    DEPLOYED,
  ],
];

for (const [name, context, env] of configurations) {
  t.test(`AwsSolutions reports nothing unacknowledged: ${name}`, async (t) => {
    const { app, findings } = audited(t, context, env);
    t.same(findings(), [], 'every finding is fixed or acknowledged in the stack with its reason');
    t.doesNotThrow(() => app.synth(), 'synthesis, which runs the pack as a validation plugin, passes');
  });
}

t.test('the audit fails on a finding nobody acknowledged', async (t) => {
  const { app, stack, outdir, findings } = audited(t, { cdnPublicKeyPem: PUBLIC_KEY_PEM });
  new s3.Bucket(stack, 'Unlogged', { enforceSSL: true });
  const found = findings();
  t.equal(found.length, 1, found.join('\n'));
  t.match(found[0], /^error AwsSolutions-S1 at Photoshare\/Unlogged\/Resource: The S3 Bucket has server access logs disabled/);
  t.throws(() => app.synth(), /Validation failed/, 'and synthesis refuses the stack');
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { pluginName: string; violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
  };
  t.same(
    report.pluginReports.flatMap((p) =>
      p.violations.flatMap((v) => v.violatingConstructs.map((c) => `${p.pluginName} ${v.ruleName} ${c.constructPath}`)),
    ),
    ['AwsSolutions AwsSolutions-S1 Photoshare/Unlogged/Resource'],
    'naming the rule and the resource in its report',
  );
});

/** Every AwsSolutions acknowledgement in the tree: where it sits, the finding it names, and its reason. */
function acknowledgements(root: IConstruct): { at: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          at: c.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      )
      // CDK acknowledges some of its own CloudFormation-Validate rules; those are not ours.
      .filter((a) => a.id.startsWith('AwsSolutions-')),
  );
}

t.test('acknowledgements sit on the resources they excuse, name one finding each and give a reason', async (t) => {
  const { app, stack } = audited(t, { cdnPublicKeyPem: PUBLIC_KEY_PEM }, DEPLOYED);
  const acks = acknowledgements(app);
  t.ok(acks.length > 0);
  for (const { at, id, reason } of acks) {
    t.ok(at !== stack.node.path && at !== '', `${id} is not acknowledged for the whole stack or app`);
    t.match(id, /^AwsSolutions-[A-Z]+\d+/, `${id} at ${at} is an AwsSolutions rule`);
    if (/^AwsSolutions-IAM[45]/.test(id)) t.match(id, /\[.+\]$/, `${id} at ${at} names the exact policy or resource`);
    t.ok(reason.length >= 60, `${id} at ${at} gives a reason: ${reason}`);
  }
  t.notOk(
    acks.some((a) => a.id.includes('Resource::*') && !/TaskRole|ExecutionRole/.test(a.at)),
    '"*" resources are acknowledged only on the task and execution roles',
  );
  // The list a reviewer reads: a new acknowledgement changes this test.
  t.same([...new Set(acks.map((a) => `${a.at.replace(/^Photoshare\//, '')}: ${a.id}`))].sort(), [
    'AccessLogs/Bucket: AwsSolutions-S1',
    'Api/Service/LB/SecurityGroup: AwsSolutions-EC23',
    'Api/Service/TaskDef/ExecutionRole: AwsSolutions-IAM5[Resource::*]',
    'Api/Service/TaskDef/TaskRole: AwsSolutions-IAM5[Resource::<MetadataTableC8A01DE2.Arn>/index/*]',
    'Api/Service/TaskDef/TaskRole: AwsSolutions-IAM5[Resource::<PhotosOriginalsA7B756FE.Arn>/originals/*]',
    'Api/Service/TaskDef/TaskRole: AwsSolutions-IAM5[Resource::<PhotosProcessedFE5A12A9.Arn>/processed/*]',
    'Api/Service/TaskDef: AwsSolutions-ECS2',
    'Api/ShareSealKey: AwsSolutions-SMG4',
    'BucketNotificationsHandler050a0587b7544547bf325f094a3db834/Role: AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'Delivery/Distribution: AwsSolutions-CFR1',
    'Delivery/Distribution: AwsSolutions-CFR2',
    'Delivery/Distribution: AwsSolutions-CFR4',
    'Users/Pool: AwsSolutions-COG1',
    'Users/Pool: AwsSolutions-COG2',
    'Users/Pool: AwsSolutions-COG8',
    'Worker/Task/ExecutionRole: AwsSolutions-IAM5[Resource::*]',
    'Worker/Task/TaskRole: AwsSolutions-IAM5[Resource::*]',
    'Worker/Task/TaskRole: AwsSolutions-IAM5[Resource::<PhotosOriginalsA7B756FE.Arn>/originals/*]',
    'Worker/Task/TaskRole: AwsSolutions-IAM5[Resource::<PhotosProcessedFE5A12A9.Arn>/processed/*]',
    'Worker/Task: AwsSolutions-ECS2',
  ]);
});

/*
 * What the fixes put in the template.
 */

const text = (v: unknown) => JSON.stringify(v);
const template = synth(t, { cdnPublicKeyPem: PUBLIC_KEY_PEM });
const LOG_BUCKET = { Ref: resources(template, 'AWS::S3::Bucket').find(([id]) => id.startsWith('AccessLogs'))![0] };

function deployed(t: Test, context: Record<string, unknown> = {}): Template {
  const { stack } = audited(t, { cdnPublicKeyPem: PUBLIC_KEY_PEM, ...context }, DEPLOYED);
  return Template.fromStack(stack);
}

t.test(
  'one access-log bucket: private, SSE-S3 (all the ALB writes to), TLS only, logs kept 90 days, kept with the stack',
  async (t) => {
    const bucket = resource(template, 'AWS::S3::Bucket', 'AccessLogs');
    t.same(bucket.BucketEncryption.ServerSideEncryptionConfiguration, [
      { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
    ]);
    t.same(bucket.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    t.same(
      bucket.OwnershipControls,
      { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      "ACLs on: CloudFront's logs need them",
    );
    t.match(bucket.LifecycleConfiguration.Rules, [{ Id: 'expire-logs', ExpirationInDays: ACCESS_LOG_DAYS }]);
    t.equal(ACCESS_LOG_DAYS, 90);
    t.equal(bucket.LoggingConfiguration, undefined, 'it does not log into itself');
    const raw = Object.entries(template.findResources('AWS::S3::Bucket')).find(([id]) => id.startsWith('AccessLogs'))![1];
    t.equal((raw as { DeletionPolicy: string }).DeletionPolicy, 'Retain');
    const statements = resource(template, 'AWS::S3::BucketPolicy', 'AccessLogs').PolicyDocument.Statement as any[];
    t.ok(statements.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'));
  },
);

t.test(
  'both photo buckets log their requests to it, each under its own prefix, granted to S3 logging for that bucket alone',
  async (t) => {
    const statements = resource(template, 'AWS::S3::BucketPolicy', 'AccessLogs').PolicyDocument.Statement as any[];
    for (const [name, prefix] of [
      ['PhotosOriginals', 's3/originals/'],
      ['PhotosProcessed', 's3/processed/'],
    ] as const) {
      t.same(resource(template, 'AWS::S3::Bucket', name).LoggingConfiguration, {
        DestinationBucketName: LOG_BUCKET,
        LogFilePrefix: prefix,
      });
      const grant = statements.find(
        (s) => s.Principal?.Service === 'logging.s3.amazonaws.com' && text(s.Resource).includes(prefix),
      );
      t.match(grant, { Effect: 'Allow', Action: 's3:PutObject' }, `${name} may write under ${prefix}`);
      t.match(text(grant.Condition.ArnLike['aws:SourceArn']), name, 'and only that bucket');
    }
  },
);

t.test("the VPC's flow logs, all traffic, go to the log bucket", async (t) => {
  t.match(resource(template, 'AWS::EC2::FlowLog', 'Vpc'), {
    ResourceType: 'VPC',
    ResourceId: { Ref: /^Vpc/ },
    TrafficType: 'ALL',
    LogDestinationType: 's3',
  });
  t.match(text(resource(template, 'AWS::EC2::FlowLog', 'Vpc').LogDestination), /AccessLogsBucket.*\/vpc-flow-logs\//);
});

t.test('the ECS cluster has Container Insights', async (t) => {
  t.same(resource(template, 'AWS::ECS::Cluster', 'Cluster').ClusterSettings, [{ Name: 'containerInsights', Value: 'enabled' }]);
});

t.test('CloudFront writes standard logs to the log bucket; a web ACL made in us-east-1 attaches by context', async (t) => {
  const config = resource(template, 'AWS::CloudFront::Distribution', 'DeliveryDistribution').DistributionConfig;
  t.same(config.Logging, { Bucket: { 'Fn::GetAtt': [LOG_BUCKET.Ref, 'RegionalDomainName'] }, Prefix: 'cloudfront/' });
  t.equal(config.WebACLId, undefined, 'none by default');
  const withAcl = synth(t, { cdnPublicKeyPem: PUBLIC_KEY_PEM, cdnWebAclArn: CDN_WEB_ACL });
  t.equal(resource(withAcl, 'AWS::CloudFront::Distribution', 'DeliveryDistribution').DistributionConfig.WebACLId, CDN_WEB_ACL);
});

t.test('deployed to a known region, the ALB writes access logs to the log bucket, which grants exactly that', async (t) => {
  const tpl = deployed(t);
  const attributes = Object.fromEntries(
    (resource(tpl, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'ApiServiceLB').LoadBalancerAttributes as any[]).map((a) => [
      a.Key,
      a.Value,
    ]),
  );
  t.match(attributes, { 'access_logs.s3.enabled': 'true', 'access_logs.s3.prefix': 'alb' });
  t.match(attributes['access_logs.s3.bucket'], { Ref: /^AccessLogsBucket/ });
  const statements = resource(tpl, 'AWS::S3::BucketPolicy', 'AccessLogs').PolicyDocument.Statement as any[];
  const elb = statements.find((s) => text(s.Principal) === text({ AWS: 'arn:aws:iam::156460612806:root' }));
  t.ok(elb, "eu-west-1's Elastic Load Balancing account may write");
  t.match(text(elb.Resource), /\/alb\/AWSLogs\/123456789012\/\*/, 'under alb/AWSLogs/<our account>/ only');
  const envAgnostic = resource(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'ApiServiceLB')
    .LoadBalancerAttributes as any[];
  t.notOk(
    envAgnostic.some((a) => a.Key === 'access_logs.s3.enabled'),
    'without a region the principal is unknown: no logs (and the audit says so)',
  );
});

t.test("Cognito keeps the service's own password length floor", async (t) => {
  t.equal(resource(template, 'AWS::Cognito::UserPool', 'UsersPool').Policies.PasswordPolicy.MinimumLength, MIN_PASSWORD_LENGTH);
});
