import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface ObservabilityProps {
  loadBalancer: elbv2.IApplicationLoadBalancer;
  queue: sqs.IQueue;
  deadLetters: sqs.IQueue;
  backlog: cloudwatch.IMetric;
  workerLogs: logs.ILogGroup;
  apiLogs: logs.ILogGroup;
  table: dynamodb.Table;
  alarmEmail: string | null;
}

const FIVE_MINUTES = Duration.minutes(5);

/** The dashboard someone on call opens first, and the alarms that page them. */
export class Observability extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', { displayName: 'photoshare alarms', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const alb = props.loadBalancer.metrics;
    const requests = alb.requestCount({ period: FIVE_MINUTES });
    const target5xx = alb.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: FIVE_MINUTES });
    const elb5xx = alb.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: FIVE_MINUTES });
    const errorRate = new cloudwatch.MathExpression({
      label: '5xx per 100 requests',
      expression: '100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / FILL(requests, 1)',
      usingMetrics: { target5xx, elb5xx, requests },
      period: FIVE_MINUTES,
    });
    const p99 = alb.targetResponseTime({ statistic: 'p99', period: FIVE_MINUTES });
    const oldestAge = props.queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' });
    const deadLetters = props.deadLetters.metricApproximateNumberOfMessagesVisible({
      period: FIVE_MINUTES,
      statistic: 'Maximum',
    });
    const workerErrors = errorCount(this, 'WorkerErrors', props.workerLogs);
    const apiErrors = errorCount(this, 'ApiErrors', props.apiLogs);
    const throttles = props.table.metricThrottledRequestsForOperations({
      operations: [
        dynamodb.Operation.GET_ITEM,
        dynamodb.Operation.PUT_ITEM,
        dynamodb.Operation.UPDATE_ITEM,
        dynamodb.Operation.DELETE_ITEM,
        dynamodb.Operation.QUERY,
        dynamodb.Operation.BATCH_WRITE_ITEM,
      ],
      period: FIVE_MINUTES,
    });

    this.alarm('ApiErrorRate', errorRate, 2, 'More than 2 % of API requests answered 5xx for 10 minutes', 2);
    // Uploads stream through the ALB, so p99 includes slow clients' bodies: a generous bar.
    this.alarm('ApiLatencyP99', p99, 5, 'API p99 latency above 5 s for 15 minutes', 3);
    this.alarm('QueueOldestMessageAge', oldestAge, 900, 'A photo has waited more than 15 minutes for the worker', 1);
    this.alarm('DeadLettersNotEmpty', deadLetters, 0, 'A photo failed every attempt and is in the dead-letter queue', 1);
    this.alarm('WorkerErrors', workerErrors, 10, 'The worker logged more than 10 errors in 5 minutes', 1);

    new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: 'photoshare',
      widgets: [
        [
          new cloudwatch.GraphWidget({ title: 'API 5xx', left: [target5xx, elb5xx], right: [errorRate] }),
          new cloudwatch.GraphWidget({
            title: 'API latency',
            left: [p99, alb.targetResponseTime({ statistic: 'p50', period: FIVE_MINUTES })],
          }),
          new cloudwatch.GraphWidget({ title: 'Requests', left: [requests] }),
        ],
        [
          new cloudwatch.GraphWidget({ title: 'Queue depth', left: [props.backlog, deadLetters] }),
          new cloudwatch.GraphWidget({ title: 'Oldest photo waiting (s)', left: [oldestAge] }),
          new cloudwatch.GraphWidget({ title: 'Errors logged', left: [workerErrors, apiErrors] }),
          new cloudwatch.GraphWidget({ title: 'DynamoDB throttles', left: [throttles] }),
        ],
      ],
    });
  }

  private alarm(id: string, metric: cloudwatch.IMetric, threshold: number, description: string, evaluationPeriods: number): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

/** pino writes level ≥ 50 for error and fatal: count those lines. */
function errorCount(scope: Construct, name: string, group: logs.ILogGroup): cloudwatch.Metric {
  const filter = new logs.MetricFilter(scope, `${name}Filter`, {
    logGroup: group,
    filterPattern: logs.FilterPattern.numberValue('$.level', '>=', 50),
    metricNamespace: 'photoshare',
    metricName: name,
    metricValue: '1',
    defaultValue: 0,
  });
  return filter.metric({ period: FIVE_MINUTES, statistic: 'Sum' });
}
