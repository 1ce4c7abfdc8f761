import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { PUBLIC_KEY_PEM, resource, resources, synth } from '../helpers/synth.js';

const template = synth(t, { cdnPublicKeyPem: PUBLIC_KEY_PEM });
const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/abc';

type Container = {
  Name: string;
  Environment?: { Name: string; Value: unknown }[];
  Secrets?: { Name: string }[];
  HealthCheck?: any;
  StopTimeout?: number;
  Image: unknown;
};

function containers(tpl = template): Record<string, Container> {
  const all: Record<string, Container> = {};
  for (const [, task] of resources(tpl, 'AWS::ECS::TaskDefinition'))
    for (const c of task.ContainerDefinitions as Container[]) all[c.Name] = c;
  return all;
}

/** The container's environment as the process would see it; values CloudFormation fills in become stand-ins. */
function environmentOf(container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { Name, Value } of container.Environment ?? []) {
    env[Name] =
      typeof Value === 'string' ? Value : Name.endsWith('_URL') ? 'https://resolved-at-deploy.example' : 'resolved-at-deploy';
  }
  for (const { Name } of container.Secrets ?? [])
    env[Name] =
      Name === 'SHARE_SEAL_KEY'
        ? 'a-generated-secret-from-secrets-manager-of-64-characters'
        : '-----BEGIN PRIVATE KEY-----\nfrom-secrets-manager\n-----END PRIVATE KEY-----';
  return env;
}

t.test('API and worker run the same image, and the stack gives each everything its config requires', async (t) => {
  const { api, worker } = containers();
  t.ok(api && worker, 'an api and a worker container');
  t.same(api!.Image, worker!.Image, 'one image for both roles');
  const apiEnv = environmentOf(api!);
  const workerEnv = environmentOf(worker!);
  t.match(apiEnv, {
    MODE: 'aws',
    ROLE: 'api',
    HOST: '0.0.0.0',
    PORT: '3000',
    LABELS: 'rekognition',
    JOB_MAX_ATTEMPTS: '5',
    TABLE_NAME: 'resolved-at-deploy',
  });
  t.match(workerEnv, { MODE: 'aws', ROLE: 'worker', JOB_MAX_ATTEMPTS: '5' });
  const apiConfig = loadConfig(apiEnv);
  t.equal(apiConfig.role, 'api');
  t.ok(
    apiConfig.aws?.cognito && apiConfig.aws.cdn && apiConfig.aws.queueUrl && apiConfig.aws.deadLetterQueueUrl,
    'Cognito, CloudFront and the queues are wired',
  );
  t.equal(apiConfig.aws!.endpoints.s3, undefined, 'no emulator endpoints in AWS');
  const workerConfig = loadConfig(workerEnv);
  t.equal(workerConfig.role, 'worker');
  t.ok(workerConfig.aws?.queueUrl);
  t.same(
    (api!.Secrets ?? []).map((s) => s.Name),
    ['CDN_PRIVATE_KEY', 'SHARE_SEAL_KEY'],
    'the signing key and the share seal key come from Secrets Manager, not the environment',
  );
  t.ok(apiConfig.aws?.shareSealKey, 'the share seal key is wired');
  t.same(worker!.Secrets ?? [], [], 'the worker holds no signing key');
  t.same(
    Object.keys(workerEnv).filter((k) => k.startsWith('CDN_') || k.startsWith('COGNITO_')),
    ['COGNITO_USER_POOL_ID'],
    "nor CDN settings; of Cognito's only the pool whose deleted users it removes (AdminDeleteUser)",
  );
  t.ok(workerConfig.aws?.userPoolId, 'which its config reads');
  t.equal(workerConfig.aws?.cognito, null, 'and no app client: the worker signs no one in');
  const queue = resource(template, 'AWS::SQS::Queue', /^Jobs[0-9A-F]{8}$/);
  t.ok(Number(workerEnv.JOB_VISIBILITY_SECONDS) <= queue.VisibilityTimeout, "the queue's visibility covers the worker's");
});

t.test('containers are health-checked and given time to finish on SIGTERM', async (t) => {
  const { api, worker } = containers();
  for (const c of [api!, worker!])
    t.match(c.HealthCheck, { Command: ['CMD', 'node', 'dist/src/healthcheck.js'] }, `${c.Name} health check`);
  t.equal(api!.StopTimeout, 30);
  t.equal(worker!.StopTimeout, 120);
});

t.test('the API sits behind a public ALB checking /healthz, on HTTP when no certificate is given', async (t) => {
  template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
  t.match(resource(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'ApiServiceLB'), {
    Scheme: 'internet-facing',
    Type: 'application',
  });
  const listeners = resources(template, 'AWS::ElasticLoadBalancingV2::Listener').map(([, l]) => l);
  t.same(
    listeners.map((l) => [l.Port, l.Protocol]),
    [[80, 'HTTP']],
  );
  const group = resources(template, 'AWS::ElasticLoadBalancingV2::TargetGroup')[0]![1];
  t.match(group, { HealthCheckPath: '/healthz', Matcher: { HttpCode: '200' }, Port: 80, TargetType: 'ip' });
  t.ok(
    (group.TargetGroupAttributes as any[]).some((a) => a.Key === 'deregistration_delay.timeout_seconds' && a.Value === '30'),
    'connections drain for 30 s',
  );
});

t.test('with a certificate: HTTPS on 443 and HTTP redirected to it', async (t) => {
  const https = synth(t, { cdnPublicKeyPem: PUBLIC_KEY_PEM, certificateArn: CERTIFICATE });
  const listeners = resources(https, 'AWS::ElasticLoadBalancingV2::Listener').map(([, l]) => l);
  const byPort = Object.fromEntries(listeners.map((l) => [l.Port, l]));
  t.match(byPort[443], { Protocol: 'HTTPS', Certificates: [{ CertificateArn: CERTIFICATE }] });
  t.match(byPort[80], {
    Protocol: 'HTTP',
    DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
  });
  t.match(JSON.stringify(environmentOfApi(https)), /https:\/\//, 'PUBLIC_URL is https');
});

function environmentOfApi(tpl: ReturnType<typeof synth>) {
  return (containers(tpl).api!.Environment ?? []).find((e) => e.Name === 'PUBLIC_URL')?.Value;
}

t.test('the API scales on CPU and on requests per task', async (t) => {
  t.match(resource(template, 'AWS::ApplicationAutoScaling::ScalableTarget', 'ApiService'), { MinCapacity: 1, MaxCapacity: 4 });
  const policies = resources(template, 'AWS::ApplicationAutoScaling::ScalingPolicy').filter(([id]) =>
    id.startsWith('ApiService'),
  );
  const metrics = policies
    .map(([, p]) => p.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType)
    .sort();
  t.same(metrics, ['ALBRequestCountPerTarget', 'ECSServiceAverageCPUUtilization']);
});

t.test('the worker scales from 0 on the queue backlog (waiting + in flight)', async (t) => {
  t.match(resource(template, 'AWS::ApplicationAutoScaling::ScalableTarget', 'WorkerService'), { MinCapacity: 0, MaxCapacity: 4 });
  t.equal(resource(template, 'AWS::ECS::Service', 'WorkerService').DesiredCount, 0);
  const steps = resources(template, 'AWS::ApplicationAutoScaling::ScalingPolicy')
    .filter(([id]) => id.startsWith('WorkerService'))
    .map(([, p]) => p.StepScalingPolicyConfiguration);
  t.equal(steps.length, 2, 'a scale-out and a scale-in policy');
  t.ok(steps.every((s) => s.AdjustmentType === 'ExactCapacity'));
  const alarms = resources(template, 'AWS::CloudWatch::Alarm').filter(([id]) =>
    id.startsWith('WorkerServiceTaskCountTargetBacklog'),
  );
  t.equal(alarms.length, 2);
  for (const [, alarm] of alarms) {
    const names = (alarm.Metrics as any[])
      .filter((m) => m.MetricStat)
      .map((m) => m.MetricStat.Metric.MetricName)
      .sort();
    t.same(names, ['ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesVisible']);
  }
});

t.test('a WAF web ACL with per-IP rate limits guards the ALB', async (t) => {
  const acl = resource(template, 'AWS::WAFv2::WebACL', 'Firewall');
  t.equal(acl.Scope, 'REGIONAL');
  const rules = Object.fromEntries((acl.Rules as any[]).map((r) => [r.Name, r]));
  t.match(rules['requests-per-ip'], {
    Action: { Block: {} },
    Statement: { RateBasedStatement: { Limit: 3000, AggregateKeyType: 'IP' } },
  });
  t.match(rules['auth-requests-per-ip'], {
    Statement: {
      RateBasedStatement: {
        Limit: 100,
        ScopeDownStatement: { ByteMatchStatement: { SearchString: '/auth/', PositionalConstraint: 'STARTS_WITH' } },
      },
    },
  });
  t.notOk(
    (acl.Rules as any[]).some((r) => r.Statement.ManagedRuleGroupStatement?.Name === 'AWSManagedRulesCommonRuleSet'),
    'not the common rule set (8 KB body limit)',
  );
  const association = resource(template, 'AWS::WAFv2::WebACLAssociation', 'Firewall');
  t.same(association.ResourceArn, { Ref: resources(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer')[0]![0] });
});

t.test('with no NAT the tasks run in public subnets; with NAT, in private ones', async (t) => {
  t.equal(resources(template, 'AWS::EC2::NatGateway').length, 0);
  t.equal(
    resource(template, 'AWS::ECS::Service', 'ApiService').NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp,
    'ENABLED',
  );
  const private_ = synth(t, { cdnPublicKeyPem: PUBLIC_KEY_PEM, natGateways: 1 });
  t.equal(resources(private_, 'AWS::EC2::NatGateway').length, 1);
  for (const name of ['ApiService', 'WorkerService']) {
    t.equal(
      resource(private_, 'AWS::ECS::Service', name).NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp,
      'DISABLED',
      name,
    );
  }
  t.equal(resources(template, 'AWS::EC2::VPCEndpoint').length, 2, 'S3 and DynamoDB gateway endpoints');
});
