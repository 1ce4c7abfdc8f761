import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { openDatabase } from '../src/adapters/local/sqlite-database.js';
import { SqliteJobQueue } from '../src/adapters/local/sqlite-job-queue.js';

function openQueue(t: Test, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-test-'))) {
  const db = openDatabase(dir);
  const queue = new SqliteJobQueue(db, { visibilitySeconds: 1, maxAttempts: 3, retryBaseMs: 20, pollMs: 20 });
  t.teardown(() => db.close());
  return { queue, dir, db };
}

const job = (n: number) => ({ photoId: `p${n}`, userId: 'u', key: `originals/u/p${n}` });

t.test('delivers in order and forgets acknowledged jobs', async (t) => {
  const { queue } = openQueue(t);
  queue.enqueue(job(1));
  queue.enqueue(job(2));
  const a = await queue.receive(0);
  const b = await queue.receive(0);
  t.equal(a?.job.photoId, 'p1');
  t.equal(b?.job.photoId, 'p2');
  t.equal(await queue.receive(0), null, 'both are in flight');
  t.same(await queue.stats(), { waiting: 0, inFlight: 2, dead: 0 });
  await queue.ack(a!.receipt);
  await queue.ack(b!.receipt);
  t.same(await queue.stats(), { waiting: 0, inFlight: 0, dead: 0 });
});

t.test('a receive waiting for work wakes when a job is enqueued', async (t) => {
  const { queue } = openQueue(t);
  const waiting = queue.receive(2000);
  const started = Date.now();
  setTimeout(() => queue.enqueue(job(3)), 50);
  t.equal((await waiting)?.job.photoId, 'p3');
  t.ok(Date.now() - started < 1500, 'did not wait for the timeout');
});

t.test('an unacknowledged job comes back after the visibility timeout', async (t) => {
  const { queue } = openQueue(t);
  queue.enqueue(job(4));
  const first = await queue.receive(0);
  t.equal(first?.attempt, 1);
  t.equal(await queue.receive(0), null, 'hidden while in flight');
  const again = await queue.receive(2500);
  t.equal(again?.job.photoId, 'p4', 'redelivered');
  t.equal(again?.attempt, 2);
  await queue.ack(first!.receipt);
  t.same((await queue.stats()).inFlight, 1, 'a stale receipt acknowledges nothing');
});

t.test('extend keeps a long job hidden', async (t) => {
  const { queue } = openQueue(t);
  queue.enqueue(job(5));
  const first = await queue.receive(0);
  await sleep(600);
  await queue.extend(first!.receipt, 2);
  await sleep(600);
  t.equal(await queue.receive(0), null, 'still hidden past the original timeout');
});

t.test('failures back off, then dead-letter after the last attempt', async (t) => {
  const { queue } = openQueue(t);
  queue.enqueue(job(6));
  for (let attempt = 1; attempt <= 3; attempt++) {
    const received = await queue.receive(1000);
    t.equal(received?.attempt, attempt);
    const { deadLettered } = await queue.retry(received!.receipt, `boom ${attempt}`);
    t.equal(deadLettered, attempt === 3, attempt === 3 ? 'dead-lettered' : 'will retry');
  }
  t.equal(await queue.receive(200), null, 'a dead job is not delivered');
  t.same(await queue.stats(), { waiting: 0, inFlight: 0, dead: 1 });
});

t.test('jobs held by a crashed worker are recovered at start', async (t) => {
  const { queue, dir, db } = openQueue(t);
  queue.enqueue(job(7));
  await queue.receive(0);
  db.close();
  const reopened = new SqliteJobQueue(openDatabase(dir), { visibilitySeconds: 60, maxAttempts: 3 });
  t.equal(await reopened.receive(0), null, 'still hidden until recovered');
  t.equal(await reopened.recoverInFlight(), 1);
  t.equal((await reopened.receive(0))?.job.photoId, 'p7', 'delivered again at once');
});
