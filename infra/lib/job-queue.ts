import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Deliveries of one photo before it goes to the DLQ; the worker marks it failed on the last one. */
export const MAX_RECEIVE_COUNT = 5;
/** Above the longest job the worker runs (a 100 MP photo), which also extends it while it works. */
export const JOB_VISIBILITY_SECONDS = 300;

export interface JobQueueProps {
  originals: s3.IBucket;
  originalsPrefix: string;
}

/** S3's ObjectCreated notifications for new originals, queued for the worker, with a dead-letter queue. */
export class JobQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: JobQueueProps) {
    super(scope, id);
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Jobs', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(JOB_VISIBILITY_SECONDS),
      retentionPeriod: Duration.days(4),
      receiveMessageWaitTime: Duration.seconds(20),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    props.originals.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(this.queue), {
      prefix: props.originalsPrefix,
    });
    // CDK puts the notification configuration with its own Lambda, one per stack, whose role always gets this policy.
    for (const handler of Stack.of(this).node.children.filter((c) => c.node.id.startsWith('BucketNotificationsHandler'))) {
      Validations.of(handler.node.tryFindChild('Role') ?? handler).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's bucket-notifications handler (a deploy-time custom resource) always attaches AWSLambdaBasicExecutionRole, " +
          'even to a role given to it; the policy lets the function write its own CloudWatch logs and nothing else.',
      });
    }
  }
}
