import { Duration, Validations, type Acknowledgment } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  acknowledgeConfigurationInEnvironment,
  addTracingSidecar,
  appImage,
  containerHealthCheck,
  roleLogs,
} from './app-container.js';
import { PULL_IMAGE_WILDCARD, TRACING_WILDCARD } from './permissions.js';

export interface WorkerServiceProps {
  cluster: ecs.ICluster;
  publicSubnets: boolean;
  queue: sqs.IQueue;
  maxTasks: number;
  environment: Record<string, string>;
  statements: iam.PolicyStatement[];
  /** The wildcard resources among `statements`, each with its reason. */
  wildcards: Acknowledgment[];
  tracing: iam.PolicyStatement | null;
}

/**
 * The same image with ROLE=worker, scaled on the queue's backlog: waiting plus
 * in flight, so a task is not stopped while it still holds a photo. Zero
 * tasks when there is nothing to do.
 */
export class WorkerService extends Construct {
  readonly service: ecs.FargateService;
  readonly logGroup: logs.LogGroup;
  readonly backlog: cloudwatch.MathExpression;

  constructor(scope: Construct, id: string, props: WorkerServiceProps) {
    super(scope, id);
    const { group, driver } = roleLogs(this, 'worker');
    this.logGroup = group;
    const task = new ecs.FargateTaskDefinition(this, 'Task', { cpu: 1024, memoryLimitMiB: 2048 });
    task.addContainer('worker', {
      image: appImage(),
      environment: { ...props.environment, ROLE: 'worker', WORKER_CONCURRENCY: '2' },
      logging: driver,
      healthCheck: containerHealthCheck,
      // SIGTERM lets the photos in hand finish before the task goes away.
      stopTimeout: Duration.seconds(120),
    });
    for (const statement of props.statements) task.addToTaskRolePolicy(statement);
    Validations.of(task.taskRole).acknowledge(...props.wildcards);
    if (props.tracing) {
      task.addToTaskRolePolicy(props.tracing);
      Validations.of(task.taskRole).acknowledge(TRACING_WILDCARD);
      addTracingSidecar(task, driver);
    }
    Validations.of(task.obtainExecutionRole()).acknowledge(PULL_IMAGE_WILDCARD);
    acknowledgeConfigurationInEnvironment(task, 'the worker needs none');

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition: task,
      desiredCount: 0,
      assignPublicIp: props.publicSubnets,
      vpcSubnets: { subnetType: props.publicSubnets ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS },
      circuitBreaker: { rollback: true },
      minHealthyPercent: 100,
    });

    this.backlog = new cloudwatch.MathExpression({
      label: 'Photos waiting or in work',
      expression: 'FILL(visible, 0) + FILL(inFlight, 0)',
      usingMetrics: {
        visible: props.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        inFlight: props.queue.metricApproximateNumberOfMessagesNotVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      },
      period: Duration.minutes(1),
    });
    const scaling = this.service.autoScaleTaskCount({ minCapacity: 0, maxCapacity: props.maxTasks });
    scaling.scaleOnMetric('Backlog', {
      metric: this.backlog,
      adjustmentType: appscaling.AdjustmentType.EXACT_CAPACITY,
      scalingSteps: [
        { upper: 0, change: 0 },
        { lower: 1, change: 1 },
        { lower: 50, change: Math.max(1, Math.ceil(props.maxTasks / 2)) },
        { lower: 200, change: props.maxTasks },
      ],
      cooldown: Duration.minutes(1),
      evaluationPeriods: 1,
    });
  }
}
