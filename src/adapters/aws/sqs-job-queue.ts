import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { JobQueue, ProcessPhotoJob, ReceivedJob } from '../../ports/job-queue.js';
import { jobFromMessage, jobMessage } from './job-message.js';
import { jobsFromS3Event } from './s3-event.js';

export interface SqsJobQueueOptions {
  queueUrl: string;
  deadLetterQueueUrl?: string;
  /** The queue's redrive maxReceiveCount: the delivery after which a failure is final. */
  maxAttempts: number;
  retryBaseSeconds?: number;
}

/**
 * Photo jobs from the SQS queue that S3 notifies of new originals: the
 * object-created event is an upload's job. The API sends the few jobs it asks
 * for itself (a full-size copy) to the same queue. A message is deleted
 * only after success; failures are made visible again after a backoff, and
 * the queue's redrive policy moves a message that keeps failing to the DLQ.
 */
export class SqsJobQueue implements JobQueue {
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly sqs: SQSClient,
    private readonly options: SqsJobQueueOptions,
  ) {}

  async send(job: ProcessPhotoJob): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.options.queueUrl, MessageBody: jobMessage(job) }));
  }

  async receive(waitMs: number): Promise<ReceivedJob | null> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const out = await this.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.options.queueUrl,
          MaxNumberOfMessages: 1,
          WaitTimeSeconds: Math.max(0, Math.min(20, Math.ceil((deadline - Date.now()) / 1000))),
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      const message = out.Messages?.[0];
      if (!message?.ReceiptHandle) return null;
      const job = jobsFromS3Event(message.Body ?? '')[0] ?? jobFromMessage(message.Body ?? '');
      if (!job) {
        // s3:TestEvent and anything that is neither a new original nor our own job: nothing to do, ever.
        await this.ack(message.ReceiptHandle);
        if (Date.now() >= deadline) return null;
        continue;
      }
      const attempt = Number(message.Attributes?.ApproximateReceiveCount ?? 1);
      this.attempts.set(message.ReceiptHandle, attempt);
      return { receipt: message.ReceiptHandle, job, attempt };
    }
  }

  async ack(receipt: string): Promise<void> {
    this.attempts.delete(receipt);
    await this.sqs.send(new DeleteMessageCommand({ QueueUrl: this.options.queueUrl, ReceiptHandle: receipt }));
  }

  async retry(receipt: string, _error: string): Promise<{ deadLettered: boolean }> {
    const attempt = this.attempts.get(receipt) ?? 1;
    this.attempts.delete(receipt);
    const seconds = Math.min(43_200, (this.options.retryBaseSeconds ?? 1) * 2 ** (attempt - 1));
    await this.extend(receipt, seconds);
    // The redrive policy moves it to the DLQ on its next receive.
    return { deadLettered: attempt >= this.options.maxAttempts };
  }

  async extend(receipt: string, seconds: number): Promise<void> {
    await this.sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: this.options.queueUrl, ReceiptHandle: receipt, VisibilityTimeout: seconds }),
    );
  }

  async recoverInFlight(): Promise<number> {
    return 0; // SQS makes a dead consumer's messages visible again by itself.
  }

  async stats(): Promise<{ waiting: number; inFlight: number; dead: number }> {
    const count = async (url: string) => {
      const out = await this.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return {
        visible: Number(out.Attributes?.ApproximateNumberOfMessages ?? 0),
        hidden: Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
      };
    };
    const main = await count(this.options.queueUrl);
    const dead = this.options.deadLetterQueueUrl ? (await count(this.options.deadLetterQueueUrl)).visible : 0;
    return { waiting: main.visible, inFlight: main.hidden, dead };
  }

  async check(): Promise<void> {
    await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: this.options.queueUrl, AttributeNames: ['QueueArn'] }));
  }
}
