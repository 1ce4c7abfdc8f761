import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { AccessLogs, LOG_PREFIXES } from './access-logs.js';
import { ApiService } from './api-service.js';
import { sharedEnvironment } from './app-environment.js';
import { Delivery } from './delivery.js';
import { Firewall } from './firewall.js';
import { JobQueue } from './job-queue.js';
import { MetadataTable } from './metadata-table.js';
import { Observability } from './observability.js';
import {
  apiStatements,
  apiWildcards,
  tracingStatement,
  workerStatements,
  identityRemovalStatement,
  workerWildcards,
  type AppResources,
} from './permissions.js';
import { ORIGINALS_PREFIX } from '../../src/domain/blob-keys.js';
import { PhotoBuckets } from './photo-buckets.js';
import { readSettings } from './settings.js';
import { UserPool } from './user-pool.js';
import { WorkerService } from './worker-service.js';

/** Everything photoshare needs on AWS, in one stack; each concern is its own construct. */
export class PhotoshareStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const settings = readSettings(this.node);
    const logs = new AccessLogs(this, 'AccessLogs');

    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: settings.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        ...(settings.natGateways > 0 ? [{ name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }] : []),
      ],
    });
    // Without NAT, S3 and DynamoDB traffic still stays off the internet.
    vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    vpc.addGatewayEndpoint('DynamoDb', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });
    vpc.addFlowLog('FlowLogs', {
      destination: ec2.FlowLogDestination.toS3(logs.bucket, LOG_PREFIXES.flowLogs),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const publicSubnets = settings.natGateways === 0;

    const buckets = new PhotoBuckets(this, 'Photos', {
      corsOrigins: settings.corsOrigins ?? [settings.publicUrl ?? '*'],
      accessLogs: logs.bucket,
      accessLogPrefixes: LOG_PREFIXES,
    });
    const jobs = new JobQueue(this, 'Jobs', { originals: buckets.originals, originalsPrefix: ORIGINALS_PREFIX });
    const metadata = new MetadataTable(this, 'Metadata');
    const delivery = new Delivery(this, 'Delivery', {
      processed: buckets.processed,
      publicKeyPem: settings.cdnPublicKeyPem,
      logBucket: logs.bucket,
      logPrefix: LOG_PREFIXES.cdn,
      webAclArn: settings.cdnWebAclArn,
    });
    const resources: AppResources = {
      originals: buckets.originals,
      processed: buckets.processed,
      table: metadata.table,
      queue: jobs.queue,
      deadLetters: jobs.deadLetters,
    };
    const environment = sharedEnvironment(this, resources);
    const tracing = settings.tracing ? tracingStatement() : null;

    // The ALB's name is known only once it exists; the user pool needs the public URL first when it has a domain.
    const api = new ApiService(this, 'Api', {
      cluster,
      publicSubnets,
      certificateArn: settings.certificateArn,
      minTasks: settings.apiMinTasks,
      maxTasks: settings.apiMaxTasks,
      environment,
      cdnPrivateKeySecretName: settings.cdnPrivateKeySecretName,
      statements: apiStatements(resources),
      wildcards: apiWildcards(resources),
      tracing,
      accessLogs: logs.bucket,
      accessLogPrefix: LOG_PREFIXES.loadBalancer,
    });
    const scheme = settings.certificateArn ? 'https' : 'http';
    const publicUrl = settings.publicUrl ?? `${scheme}://${api.service.loadBalancer.loadBalancerDnsName}`;
    const users = new UserPool(this, 'Users', { google: settings.google, publicUrl });
    const apiContainer = api.service.taskDefinition.defaultContainer!;
    apiContainer.addEnvironment('PUBLIC_URL', publicUrl);
    apiContainer.addEnvironment('COGNITO_USER_POOL_ID', users.pool.userPoolId);
    apiContainer.addEnvironment('COGNITO_CLIENT_ID', users.client.userPoolClientId);
    if (users.socialProviders.length > 0) apiContainer.addEnvironment('COGNITO_OAUTH_PROVIDERS', users.socialProviders.join(','));
    apiContainer.addEnvironment('CDN_URL', `https://${delivery.distribution.distributionDomainName}`);
    apiContainer.addEnvironment('CDN_KEY_PAIR_ID', delivery.publicKey.publicKeyId);

    const worker = new WorkerService(this, 'Worker', {
      cluster,
      publicSubnets,
      queue: jobs.queue,
      maxTasks: settings.workerMaxTasks,
      // The pool whose users it removes when it finishes an account's deletion.
      environment: { ...environment, COGNITO_USER_POOL_ID: users.pool.userPoolId },
      statements: [...workerStatements(resources), identityRemovalStatement(users.pool)],
      wildcards: workerWildcards(resources),
      tracing,
    });

    new Firewall(this, 'Firewall', {
      loadBalancerArn: api.service.loadBalancer.loadBalancerArn,
      requestsPerIpPer5Min: settings.requestsPerIpPer5Min,
      authRequestsPerIpPer5Min: settings.authRequestsPerIpPer5Min,
    });
    new Observability(this, 'Observability', {
      loadBalancer: api.service.loadBalancer,
      queue: jobs.queue,
      deadLetters: jobs.deadLetters,
      backlog: worker.backlog,
      workerLogs: worker.logGroup,
      apiLogs: api.logGroup,
      table: metadata.table,
      alarmEmail: settings.alarmEmail,
    });

    new CfnOutput(this, 'Url', { value: publicUrl, description: 'The service' });
    new CfnOutput(this, 'CdnUrl', { value: `https://${delivery.distribution.distributionDomainName}` });
    new CfnOutput(this, 'UserPoolId', { value: users.pool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: users.client.userPoolClientId });
    new CfnOutput(this, 'OriginalsBucket', { value: buckets.originals.bucketName });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: jobs.deadLetters.queueUrl });
  }
}
