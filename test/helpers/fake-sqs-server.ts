import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';

/**
 * A FAKE of Amazon SQS for tests, speaking the JSON protocol the current AWS
 * SDK uses (sqslite speaks only the old query protocol and does not redeliver
 * after a visibility timeout). It keeps SQS's semantics that our adapter relies
 * on: long polling, visibility timeouts, ChangeMessageVisibility,
 * ApproximateReceiveCount, and a redrive policy that moves a message to its
 * dead-letter queue once received more than maxReceiveCount times.
 */
interface Message {
  id: string;
  body: string;
  receiveCount: number;
  visibleAt: number;
  receipt: string | null;
}

interface Queue {
  name: string;
  url: string;
  visibilitySeconds: number;
  messages: Message[];
  deadLetterUrl: string | null;
  maxReceiveCount: number;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

export interface FakeSqs {
  endpoint: string;
  /** Every message ever moved to a dead-letter queue, by queue URL. */
  queues: Map<string, Queue>;
}

export async function startFakeSqs(t: Test): Promise<FakeSqs> {
  const queues = new Map<string, Queue>();
  let endpoint = '';
  const waiters = new Set<() => void>();

  const byUrl = (url: unknown): Queue => {
    const queue = queues.get(String(url));
    if (!queue)
      throw Object.assign(new Error('The specified queue does not exist.'), { type: 'com.amazonaws.sqs#QueueDoesNotExist' });
    return queue;
  };

  const take = (queue: Queue, max: number, visibility: number): Message[] => {
    const now = Date.now();
    const out: Message[] = [];
    for (const message of [...queue.messages]) {
      if (out.length >= max || message.visibleAt > now) continue;
      if (queue.deadLetterUrl && message.receiveCount >= queue.maxReceiveCount) {
        queue.messages.splice(queue.messages.indexOf(message), 1);
        const dlq = byUrl(queue.deadLetterUrl);
        dlq.messages.push({ ...message, receipt: null, visibleAt: 0 });
        continue;
      }
      message.receiveCount++;
      message.receipt = randomUUID();
      message.visibleAt = now + visibility * 1000;
      out.push(message);
    }
    return out;
  };

  const actions: Record<string, (input: Record<string, any>) => unknown> = {
    CreateQueue(input) {
      const url = `${endpoint}/000000000000/${input.QueueName}`;
      if (!queues.has(url)) {
        const redrive = input.Attributes?.RedrivePolicy ? JSON.parse(input.Attributes.RedrivePolicy) : null;
        queues.set(url, {
          name: input.QueueName,
          url,
          visibilitySeconds: Number(input.Attributes?.VisibilityTimeout ?? 30),
          messages: [],
          deadLetterUrl: redrive ? `${endpoint}/000000000000/${String(redrive.deadLetterTargetArn).split(':').pop()}` : null,
          maxReceiveCount: redrive ? Number(redrive.maxReceiveCount) : Infinity,
        });
      }
      return { QueueUrl: url };
    },
    GetQueueUrl(input) {
      const queue = [...queues.values()].find((q) => q.name === input.QueueName);
      if (!queue)
        throw Object.assign(new Error('The specified queue does not exist.'), { type: 'com.amazonaws.sqs#QueueDoesNotExist' });
      return { QueueUrl: queue.url };
    },
    SendMessage(input) {
      const queue = byUrl(input.QueueUrl);
      const id = randomUUID();
      queue.messages.push({
        id,
        body: input.MessageBody,
        receiveCount: 0,
        visibleAt: Date.now() + Number(input.DelaySeconds ?? 0) * 1000,
        receipt: null,
      });
      for (const wake of waiters) wake();
      return { MessageId: id, MD5OfMessageBody: md5(input.MessageBody) };
    },
    async ReceiveMessage(input) {
      const queue = byUrl(input.QueueUrl);
      const visibility = Number(input.VisibilityTimeout ?? queue.visibilitySeconds);
      const deadline = Date.now() + Number(input.WaitTimeSeconds ?? 0) * 1000;
      let got = take(queue, Number(input.MaxNumberOfMessages ?? 1), visibility);
      while (got.length === 0 && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, Math.min(100, deadline - Date.now()));
          waiters.add(wake);
        });
        got = take(queue, Number(input.MaxNumberOfMessages ?? 1), visibility);
      }
      return {
        Messages: got.map((m) => ({
          MessageId: m.id,
          ReceiptHandle: m.receipt,
          Body: m.body,
          MD5OfBody: md5(m.body),
          Attributes: { ApproximateReceiveCount: String(m.receiveCount) },
        })),
      };
    },
    DeleteMessage(input) {
      const queue = byUrl(input.QueueUrl);
      queue.messages = queue.messages.filter((m) => m.receipt !== input.ReceiptHandle);
      return {};
    },
    ChangeMessageVisibility(input) {
      const queue = byUrl(input.QueueUrl);
      const message = queue.messages.find((m) => m.receipt === input.ReceiptHandle);
      if (!message)
        throw Object.assign(new Error('Receipt handle is not valid'), { type: 'com.amazonaws.sqs#ReceiptHandleIsInvalid' });
      message.visibleAt = Date.now() + Number(input.VisibilityTimeout) * 1000;
      return {};
    },
    GetQueueAttributes(input) {
      const queue = byUrl(input.QueueUrl);
      const now = Date.now();
      return {
        Attributes: {
          ApproximateNumberOfMessages: String(queue.messages.filter((m) => m.visibleAt <= now).length),
          ApproximateNumberOfMessagesNotVisible: String(queue.messages.filter((m) => m.visibleAt > now).length),
          VisibilityTimeout: String(queue.visibilitySeconds),
        },
      };
    },
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', async () => {
      const action = String(req.headers['x-amz-target'] ?? '').replace('AmazonSQS.', '');
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(body));
      };
      try {
        const handler = actions[action];
        if (!handler) {
          reply(400, { __type: 'com.amazonaws.sqs#InvalidAction', message: `Unsupported action ${action}` });
          return;
        }
        reply(200, await handler(raw ? JSON.parse(raw) : {}));
      } catch (err) {
        reply(400, {
          __type: (err as { type?: string }).type ?? 'com.amazonaws.sqs#InvalidParameterValue',
          message: (err as Error).message,
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.teardown(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  });
  return { endpoint, queues };
}
