import { SendMessageCommand } from '@aws-sdk/client-sqs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { SqsJobQueue } from '../../../src/adapters/aws/sqs-job-queue.js';
import { openDatabase } from '../../../src/adapters/local/sqlite-database.js';
import { SqliteJobQueue } from '../../../src/adapters/local/sqlite-job-queue.js';
import type { JobQueue, ProcessPhotoJob } from '../../../src/ports/job-queue.js';
import { BUCKETS, startSqs } from '../../helpers/emulators.js';
import { s3EventBody } from '../../helpers/s3-to-sqs.js';

const MAX_ATTEMPTS = 3;

interface Harness {
  queue: JobQueue;
  /** Makes a job appear the way production does: a local enqueue, or an S3 event in SQS. */
  produce(job: ProcessPhotoJob): Promise<void>;
}

const adapters: Record<string, (t: Test) => Promise<Harness>> = {
  'SQLite queue': async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobs-'));
    const db = openDatabase(dir);
    t.teardown(() => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const queue = new SqliteJobQueue(db, { visibilitySeconds: 1, maxAttempts: MAX_ATTEMPTS, retryBaseMs: 1000, pollMs: 50 });
    return {
      queue,
      produce: async (job) => {
        queue.enqueue(job);
      },
    };
  },
  'SQS fed by S3 events (fake SQS)': async (t) => {
    const sqs = await startSqs(t, { visibilitySeconds: 1, maxReceiveCount: MAX_ATTEMPTS });
    const queue = new SqsJobQueue(sqs.client, {
      queueUrl: sqs.queueUrl,
      deadLetterQueueUrl: sqs.deadLetterQueueUrl,
      maxAttempts: MAX_ATTEMPTS,
      retryBaseSeconds: 1,
    });
    return {
      queue,
      produce: async (job) => {
        await sqs.client.send(
          new SendMessageCommand({ QueueUrl: sqs.queueUrl, MessageBody: s3EventBody(BUCKETS.originals, job.key, 1234) }),
        );
      },
    };
  },
};

const job = (n: number): ProcessPhotoJob => ({ photoId: `photo${n}`, userId: 'user1', key: `originals/user1/photo${n}` });

for (const [name, make] of Object.entries(adapters)) {
  t.test(`JobQueue contract: ${name}`, async (t) => {
    const { queue, produce } = await make(t);

    t.test('a produced job is received once and gone after ack', async (t) => {
      await produce(job(1));
      const received = await queue.receive(2000);
      t.same(received?.job, job(1));
      t.equal(received?.attempt, 1);
      await queue.ack(received!.receipt);
      t.equal(await queue.receive(1500), null, 'not delivered again, even after the visibility timeout');
    });

    t.test('an unacknowledged job comes back after the visibility timeout', async (t) => {
      await produce(job(2));
      const first = await queue.receive(2000);
      t.equal(await queue.receive(0), null, 'hidden while in flight');
      const again = await queue.receive(3000);
      t.same(again?.job, job(2));
      t.equal(again?.attempt, 2);
      t.not(again?.receipt, first?.receipt, 'a new receipt for a new delivery');
      await queue.ack(again!.receipt);
    });

    t.test('extend keeps a long job hidden', async (t) => {
      await produce(job(3));
      const held = await queue.receive(2000);
      await queue.extend(held!.receipt, 5);
      t.equal(await queue.receive(1500), null, 'still hidden past the visibility timeout');
      await queue.ack(held!.receipt);
    });

    t.test('failures come back with a growing attempt count, then are dead-lettered', async (t) => {
      await produce(job(4));
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const received = await queue.receive(5000);
        t.equal(received?.attempt, attempt, `delivery ${attempt}`);
        const { deadLettered } = await queue.retry(received!.receipt, 'boom');
        t.equal(deadLettered, attempt === MAX_ATTEMPTS);
      }
      t.equal(await queue.receive(5000), null, 'a dead-lettered job is not delivered again');
      t.equal((await queue.stats()).dead, 1, 'it waits in the dead letters');
    });

    t.test('check passes', async (t) => {
      await queue.check();
      t.pass();
    });
  });
}

t.test('SQS: test events and keys that are not originals are dropped', async (t) => {
  const sqs = await startSqs(t, { visibilitySeconds: 1, maxReceiveCount: MAX_ATTEMPTS });
  const queue = new SqsJobQueue(sqs.client, { queueUrl: sqs.queueUrl, maxAttempts: MAX_ATTEMPTS });
  const send = (body: string) => sqs.client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrl, MessageBody: body }));
  await send(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: BUCKETS.originals }));
  await send(s3EventBody(BUCKETS.processed, 'processed/u/p/thumbnail.jpg', 10));
  await send(s3EventBody(BUCKETS.originals, 'originals/u/p', 10, 'ObjectRemoved:Delete'));
  await send('not json');
  await send(s3EventBody(BUCKETS.originals, 'originals/user1/photo9', 10));
  const received = await queue.receive(3000);
  t.same(received?.job, job(9), 'only the real new original becomes a job');
  await queue.ack(received!.receipt);
  t.same(await queue.stats(), { waiting: 0, inFlight: 0, dead: 0 }, 'the others were deleted, not left to rot');
});
