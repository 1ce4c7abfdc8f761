import { Duration, RemovalPolicy, Stack, Token, Validations, type Acknowledgment } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  APP_PORT,
  acknowledgeConfigurationInEnvironment,
  addTracingSidecar,
  appImage,
  containerHealthCheck,
  roleLogs,
} from './app-container.js';
import { PULL_IMAGE_WILDCARD, TRACING_WILDCARD } from './permissions.js';

export interface ApiServiceProps {
  cluster: ecs.ICluster;
  publicSubnets: boolean;
  certificateArn: string | null;
  minTasks: number;
  maxTasks: number;
  environment: Record<string, string>;
  cdnPrivateKeySecretName: string;
  statements: iam.PolicyStatement[];
  /** The wildcard resources among `statements`, each with its reason. */
  wildcards: Acknowledgment[];
  tracing: iam.PolicyStatement | null;
  /** The ALB's access logs go here, under `accessLogPrefix`. */
  accessLogs: s3.IBucket;
  accessLogPrefix: string;
}

/** The API on Fargate behind a public ALB: HTTPS when a certificate is given, health-checked, autoscaled. */
export class ApiService extends Construct {
  readonly service: ecsPatterns.ApplicationLoadBalancedFargateService;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiServiceProps) {
    super(scope, id);
    const { group, driver } = roleLogs(this, 'api');
    this.logGroup = group;
    const https = props.certificateArn !== null;
    const signingKey = secretsmanager.Secret.fromSecretNameV2(this, 'CdnPrivateKey', props.cdnPrivateKeySecretName);
    // Seals share links' tokens, so their owner can copy a link again: generated once, kept with the stack's data.
    const shareSealKey = new secretsmanager.Secret(this, 'ShareSealKey', {
      description: "photoshare: the key that seals share links' tokens (SHARE_SEAL_KEY)",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(shareSealKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "Not rotated: a new key cannot open the tokens sealed under the old one, so every existing link's URL would be lost to its owner (the links themselves would keep working). Only the API task's execution role reads it, to hand it to the container.",
    });

    this.service = new ecsPatterns.ApplicationLoadBalancedFargateService(this, 'Service', {
      cluster: props.cluster,
      cpu: 512,
      memoryLimitMiB: 1024,
      desiredCount: props.minTasks,
      publicLoadBalancer: true,
      assignPublicIp: props.publicSubnets,
      taskSubnets: { subnetType: props.publicSubnets ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ...(https
        ? {
            protocol: elbv2.ApplicationProtocol.HTTPS,
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn!),
            redirectHTTP: true,
            sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
          }
        : { protocol: elbv2.ApplicationProtocol.HTTP }),
      circuitBreaker: { rollback: true },
      minHealthyPercent: 100,
      healthCheckGracePeriod: Duration.seconds(30),
      healthCheck: containerHealthCheck,
      taskImageOptions: {
        image: appImage(),
        containerName: 'api',
        containerPort: APP_PORT,
        environment: { ...props.environment, ROLE: 'api' },
        secrets: {
          CDN_PRIVATE_KEY: ecs.Secret.fromSecretsManager(signingKey),
          SHARE_SEAL_KEY: ecs.Secret.fromSecretsManager(shareSealKey),
        },
        logDriver: driver,
      },
    });
    const cfnTask = this.service.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition;
    // Uploads in flight get the app's own shutdown grace before SIGKILL.
    cfnTask.addPropertyOverride('ContainerDefinitions.0.StopTimeout', 30);

    this.service.targetGroup.configureHealthCheck({
      path: '/healthz',
      healthyHttpCodes: '200',
      interval: Duration.seconds(15),
      timeout: Duration.seconds(5),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
    });
    this.service.targetGroup.setAttribute('deregistration_delay.timeout_seconds', '30');

    const task = this.service.taskDefinition;
    for (const statement of props.statements) task.addToTaskRolePolicy(statement);
    Validations.of(task.taskRole).acknowledge(...props.wildcards);
    if (props.tracing) {
      task.addToTaskRolePolicy(props.tracing);
      Validations.of(task.taskRole).acknowledge(TRACING_WILDCARD);
      addTracingSidecar(task, driver);
    }
    Validations.of(task.obtainExecutionRole()).acknowledge(PULL_IMAGE_WILDCARD);
    acknowledgeConfigurationInEnvironment(
      task,
      'the CloudFront signing key and the share seal key, which come from Secrets Manager (secrets)',
    );

    const alb = this.service.loadBalancer;
    if (Token.isUnresolved(Stack.of(this).region)) {
      // ELB delivers logs as a per-region principal (an ELB account, or a service principal in newer regions).
      Validations.of(alb).acknowledge({
        id: 'AwsSolutions-ELB2',
        reason:
          'Synthesized without a region (env-agnostic): which principal ELB writes logs as depends on the region. ' +
          'Deployed with a known region (bin/photoshare.ts passes the CLI default account and region), the ALB logs ' +
          'to the access-log bucket.',
      });
    } else {
      alb.logAccessLogs(props.accessLogs, props.accessLogPrefix);
    }
    for (const group of alb.connections.securityGroups) {
      Validations.of(group).acknowledge({
        id: 'AwsSolutions-EC23',
        reason:
          'The internet-facing ALB is the public entry point of the service and must accept any address on its ' +
          'listener ports; the WAF web ACL on it (Firewall) rate-limits per client IP and drops known bad inputs.',
      });
    }

    const scaling = this.service.service.autoScaleTaskCount({ minCapacity: props.minTasks, maxCapacity: props.maxTasks });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
    scaling.scaleOnRequestCount('Requests', { requestsPerTarget: 1000, targetGroup: this.service.targetGroup });
  }
}
