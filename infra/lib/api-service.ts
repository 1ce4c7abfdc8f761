import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { APP_PORT, addTracingSidecar, appImage, containerHealthCheck, roleLogs } from './app-container.js';

export interface ApiServiceProps {
  cluster: ecs.ICluster;
  publicSubnets: boolean;
  certificateArn: string | null;
  minTasks: number;
  maxTasks: number;
  environment: Record<string, string>;
  cdnPrivateKeySecretName: string;
  statements: iam.PolicyStatement[];
  tracing: iam.PolicyStatement | null;
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
        secrets: { CDN_PRIVATE_KEY: ecs.Secret.fromSecretsManager(signingKey) },
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

    for (const statement of props.statements) this.service.taskDefinition.addToTaskRolePolicy(statement);
    if (props.tracing) {
      this.service.taskDefinition.addToTaskRolePolicy(props.tracing);
      addTracingSidecar(this.service.taskDefinition, driver);
    }

    const scaling = this.service.service.autoScaleTaskCount({ minCapacity: props.minTasks, maxCapacity: props.maxTasks });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
    scaling.scaleOnRequestCount('Requests', { requestsPerTarget: 1000, targetGroup: this.service.targetGroup });
  }
}
