import { Duration, Validations } from 'aws-cdk-lib';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_PORT = 3000;
const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One image for both roles, built from the repository's Dockerfile (honouring .dockerignore). */
export function appImage(): ecs.ContainerImage {
  // Fargate's default runtime is x86-64; build for it whatever the machine running cdk.
  return ecs.ContainerImage.fromAsset(REPOSITORY_ROOT, { platform: Platform.LINUX_AMD64 });
}

/** The container's own health probe: the image's script asks /healthz on the app's port. */
export const containerHealthCheck: ecs.HealthCheck = {
  command: ['CMD', 'node', 'dist/src/healthcheck.js'],
  interval: Duration.seconds(30),
  timeout: Duration.seconds(5),
  retries: 3,
  startPeriod: Duration.seconds(30),
};

/** A log group per role, kept a month. */
export function roleLogs(scope: Construct, role: string): { group: logs.LogGroup; driver: ecs.LogDriver } {
  const group = new logs.LogGroup(scope, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
  return { group, driver: ecs.LogDrivers.awsLogs({ logGroup: group, streamPrefix: role }) };
}

/**
 * The audit (AwsSolutions-ECS2) asks for no environment at all; ours holds configuration only, and a secret
 * comes through the task definition's `secrets` (Secrets Manager), never the environment.
 */
export function acknowledgeConfigurationInEnvironment(task: ecs.TaskDefinition, secrets: string): void {
  Validations.of(task).acknowledge({
    id: 'AwsSolutions-ECS2',
    reason:
      'The environment holds configuration only, as src/config.ts reads it: mode, role, port, log level and the ' +
      `names and URLs of the resources the stack wires in. No secret is in it: ${secrets}.`,
  });
}

/** The X-Ray daemon beside the app, when tracing is on. */
export function addTracingSidecar(task: ecs.TaskDefinition, logDriver: ecs.LogDriver): void {
  task.addContainer('xray', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/xray/aws-xray-daemon:3.x'),
    essential: false,
    cpu: 32,
    memoryReservationMiB: 64,
    portMappings: [{ containerPort: 2000, protocol: ecs.Protocol.UDP }],
    logging: logDriver,
  });
}
