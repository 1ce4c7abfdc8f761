import { App } from 'aws-cdk-lib';
import t from 'tap';
import { PhotoshareStack } from '../../infra/lib/photoshare-stack.js';
import { PUBLIC_KEY_PEM, deployedContext, resource, resources, synth } from '../helpers/synth.js';

const template = synth(t, { cdnPublicKeyPem: PUBLIC_KEY_PEM });

t.test('Cognito: email sign-in, self sign-up, password policy, optional TOTP, recovery by email', async (t) => {
  const pool = resource(template, 'AWS::Cognito::UserPool', 'UsersPool');
  t.same(pool.UsernameAttributes, ['email']);
  t.same(pool.AutoVerifiedAttributes, ['email']);
  t.match(pool.AdminCreateUserConfig, { AllowAdminCreateUserOnly: false });
  t.match(pool.Policies.PasswordPolicy, { MinimumLength: 8 });
  t.equal(pool.MfaConfiguration, 'OPTIONAL');
  t.same(pool.EnabledMfas, ['SOFTWARE_TOKEN_MFA']);
  t.same(pool.AccountRecoverySetting, { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] });
  t.same(pool.UsernameConfiguration, { CaseSensitive: false });
  const client = resource(template, 'AWS::Cognito::UserPoolClient', 'UsersPoolApi');
  t.equal(client.GenerateSecret, false, 'the API signs in with USER_PASSWORD_AUTH and no client secret');
  t.ok(client.ExplicitAuthFlows.includes('ALLOW_USER_PASSWORD_AUTH'));
  t.notOk(client.ExplicitAuthFlows.includes('ALLOW_REFRESH_TOKEN_AUTH'), 'refreshes go through GetTokensFromRefreshToken');
  t.same(client.RefreshTokenRotation, { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 }, 'refresh tokens rotate');
  t.equal(pool.UserPoolTier, 'ESSENTIALS');
  t.equal(client.PreventUserExistenceErrors, 'ENABLED');
  t.equal(client.EnableTokenRevocation, true, 'logout revokes the refresh token');
  t.same(client.SupportedIdentityProviders, ['COGNITO']);
  t.equal(resources(template, 'AWS::Cognito::UserPoolIdentityProvider').length, 0);
});

t.test('Google sign-in is added by context', async (t) => {
  const withGoogle = synth(t, {
    cdnPublicKeyPem: PUBLIC_KEY_PEM,
    googleClientId: 'g-123.apps.googleusercontent.com',
    authDomainPrefix: 'photoshare-test',
  });
  t.match(resource(withGoogle, 'AWS::Cognito::UserPoolIdentityProvider', 'UsersGoogle'), {
    ProviderName: 'Google',
    ProviderType: 'Google',
    ProviderDetails: { client_id: 'g-123.apps.googleusercontent.com', authorize_scopes: 'openid email profile' },
    AttributeMapping: { email: 'email', email_verified: 'email_verified' },
  });
  t.match(
    JSON.stringify(resource(withGoogle, 'AWS::Cognito::UserPoolIdentityProvider', 'UsersGoogle').ProviderDetails.client_secret),
    /secretsmanager.*photoshare\/google-client-secret/,
  );
  t.same(resource(withGoogle, 'AWS::Cognito::UserPoolClient', 'UsersPoolApi').SupportedIdentityProviders.sort(), [
    'COGNITO',
    'Google',
  ]);
  t.equal(resource(withGoogle, 'AWS::Cognito::UserPoolDomain', 'UsersPool').Domain, 'photoshare-test');
  const client = resource(withGoogle, 'AWS::Cognito::UserPoolClient', 'UsersPoolApi');
  t.same(client.AllowedOAuthFlows, ['code'], 'the authorization code grant (the API sends a PKCE challenge)');
  t.equal(client.AllowedOAuthFlowsUserPoolClient, true);
  t.equal(client.CallbackURLs.length, 1);
  t.match(JSON.stringify(client.CallbackURLs[0]), /\/auth\/oauth\/callback/, "the API's callback");
  const api = resources(withGoogle, 'AWS::ECS::TaskDefinition').find(([id]) => id.startsWith('Api'))![1];
  const env = Object.fromEntries(
    api.ContainerDefinitions[0].Environment.map((e: { Name: string; Value: unknown }) => [e.Name, e.Value]),
  );
  t.equal(env.COGNITO_OAUTH_PROVIDERS, 'Google', 'the API offers Google');
  const without = resources(template, 'AWS::ECS::TaskDefinition').find(([id]) => id.startsWith('Api'))![1];
  t.notOk(
    without.ContainerDefinitions[0].Environment.some((e: { Name: string }) => e.Name === 'COGNITO_OAUTH_PROVIDERS'),
    'and nothing without a provider',
  );
});

t.test('the callback URL is the public URL + /auth/oauth/callback', async (t) => {
  const stack = synth(t, {
    cdnPublicKeyPem: PUBLIC_KEY_PEM,
    googleClientId: 'g-123.apps.googleusercontent.com',
    authDomainPrefix: 'photoshare-test',
    publicUrl: 'https://photos.example.com',
  });
  t.same(resource(stack, 'AWS::Cognito::UserPoolClient', 'UsersPoolApi').CallbackURLs, [
    'https://photos.example.com/auth/oauth/callback',
  ]);
});

t.test('CloudFront: HTTPS only, signed URLs from our key group, the processed bucket through OAC', async (t) => {
  const distribution = resource(template, 'AWS::CloudFront::Distribution', 'DeliveryDistribution').DistributionConfig;
  t.equal(distribution.DefaultCacheBehavior.ViewerProtocolPolicy, 'redirect-to-https');
  t.same(distribution.DefaultCacheBehavior.AllowedMethods, ['GET', 'HEAD']);
  t.same(distribution.DefaultCacheBehavior.TrustedKeyGroups, [{ Ref: resources(template, 'AWS::CloudFront::KeyGroup')[0]![0] }]);
  t.equal(distribution.Origins.length, 1);
  t.match(distribution.Origins[0], {
    OriginAccessControlId: { 'Fn::GetAtt': [/OriginAccessControl/, 'Id'] },
    S3OriginConfig: { OriginAccessIdentity: '' },
  });
  const key = resource(template, 'AWS::CloudFront::PublicKey', 'DeliverySigningKey');
  t.equal(key.PublicKeyConfig.EncodedKey, PUBLIC_KEY_PEM, 'the public key from context');
  const group = resources(template, 'AWS::CloudFront::KeyGroup')[0]![1];
  t.same(group.KeyGroupConfig.Items, [{ Ref: resources(template, 'AWS::CloudFront::PublicKey')[0]![0] }]);
});

t.test('without the key in context, the stack asks for it as a parameter', async (t) => {
  const parameterised = synth(t);
  const parameters = parameterised.toJSON().Parameters as Record<string, { Type: string }>;
  const name = Object.keys(parameters).find((p) => p.includes('CdnPublicKeyPem'));
  t.ok(name, 'a CdnPublicKeyPem parameter');
  t.same(resource(parameterised, 'AWS::CloudFront::PublicKey', 'DeliverySigningKey').PublicKeyConfig.EncodedKey, { Ref: name });
});

t.test('alarms on 5xx rate, p99 latency, oldest message, DLQ, worker errors; all notify one topic', async (t) => {
  const alarms = resources(template, 'AWS::CloudWatch::Alarm').filter(([id]) => id.startsWith('Observability'));
  const byId: Record<string, any> = Object.fromEntries(
    alarms.map(([id, a]) => [id.replace(/^Observability/, '').replace(/[0-9A-F]{8}$/, ''), a]),
  );
  t.same(Object.keys(byId).sort(), [
    'ApiErrorRate',
    'ApiLatencyP99',
    'DeadLettersNotEmpty',
    'QueueOldestMessageAge',
    'WorkerErrors',
  ]);
  t.match(byId.ApiErrorRate, { Threshold: 2, ComparisonOperator: 'GreaterThanThreshold' });
  t.match(JSON.stringify(byId.ApiErrorRate.Metrics), /HTTPCode_Target_5XX_Count.*HTTPCode_ELB_5XX_Count.*RequestCount/s);
  t.match(byId.ApiLatencyP99, { MetricName: 'TargetResponseTime', ExtendedStatistic: 'p99', Threshold: 5 });
  t.match(byId.QueueOldestMessageAge, { MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 900 });
  t.match(byId.DeadLettersNotEmpty, {
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Threshold: 0,
    ComparisonOperator: 'GreaterThanThreshold',
  });
  t.match(JSON.stringify(byId.DeadLettersNotEmpty.Dimensions), /JobsDeadLetters/);
  t.match(byId.WorkerErrors, { MetricName: 'WorkerErrors', Namespace: 'photoshare' });
  const topic = resources(template, 'AWS::SNS::Topic')[0]![0];
  for (const [id, alarm] of alarms) t.same(alarm.AlarmActions, [{ Ref: topic }], `${id} notifies`);
  t.match(resource(template, 'AWS::Logs::MetricFilter', 'ObservabilityWorkerErrors'), { FilterPattern: '{ $.level >= 50 }' });
});

t.test('a dashboard shows ALB 5xx and latency, queue depth and age, errors and DynamoDB throttles', async (t) => {
  const body = JSON.stringify(resource(template, 'AWS::CloudWatch::Dashboard', 'Observability').DashboardBody);
  for (const metric of [
    'HTTPCode_Target_5XX_Count',
    'TargetResponseTime',
    'p99',
    'ApproximateNumberOfMessagesVisible',
    'ApproximateAgeOfOldestMessage',
    'WorkerErrors',
    'ThrottledRequests',
  ]) {
    t.match(body, metric, metric);
  }
});

t.test('an alarm email subscribes by context', async (t) => {
  t.equal(resources(template, 'AWS::SNS::Subscription').length, 0);
  const withEmail = synth(t, { cdnPublicKeyPem: PUBLIC_KEY_PEM, alarmEmail: 'oncall@example.com' });
  t.match(resources(withEmail, 'AWS::SNS::Subscription')[0]![1], { Protocol: 'email', Endpoint: 'oncall@example.com' });
});

t.test('bad context stops synthesis with a message naming it', async (t) => {
  const attempt = (context: Record<string, unknown>) => () =>
    new PhotoshareStack(new App({ context: deployedContext(context) }), 'Photoshare');
  t.throws(attempt({ natGateways: 3 }), { name: 'SettingsError', message: /natGateways must be a whole number from 0 to 2/ });
  t.throws(attempt({ apiMinTasks: 5, apiMaxTasks: 2 }), { message: /apiMaxTasks must not be below apiMinTasks/ });
  t.throws(attempt({ tracing: 'yes' }), { message: /tracing must be true or false/ });
  t.throws(attempt({ cdnPublicKeyPem: 'not a key' }), { message: /cdnPublicKeyPem must be a PEM public key/ });
  t.throws(attempt({ googleClientId: 'g' }), { message: /authDomainPrefix is required with googleClientId/ });
  t.throws(attempt({ cdnWebAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/0123' }), {
    message: /cdnWebAclArn must be the ARN of a CLOUDFRONT-scope WAFv2 web ACL/,
  });
});
