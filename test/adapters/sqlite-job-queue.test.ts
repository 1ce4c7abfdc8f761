import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { openDatabase } from '../../src/adapters/local/sqlite-database.js';
import { SqliteJobQueue } from '../../src/adapters/local/sqlite-job-queue.js';
import { ManualClock } from '../helpers/manual-clock.js';

// Visibility, backoff and extension are read on the queue's clock: these tests
// move a ManualClock instead of waiting, so no receive here waits for time.
const OPTIONS = { visibilitySeconds: 1, maxAttempts: 3, retryBaseMs: 1000, pollMs: 20 };

function openQueue(t: Test, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-test-'))) {
  const db = openDatabase(dir);
  const clock = new ManualClock();
  const queue = new SqliteJobQueue(db, { ...OPTIONS, clock });
  t.teardown(() => {
    if (db.open) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { queue, dir, db, clock };
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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-test-'));
  const db = openDatabase(dir);
  t.teardown(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  // An idle receive would look again only after 30 s: only the enqueue can wake it in time.
  const queue = new SqliteJobQueue(db, { ...OPTIONS, pollMs: 30_000 });
  const started = performance.now();
  const waiting = queue.receive(30_000);
  // Enqueued on the next turn of the event loop, once the receive is waiting.
  setImmediate(() => {
    queue.enqueue(job(3));
  });
  t.equal((await waiting)?.job.photoId, 'p3');
  t.ok(performance.now() - started < 5_000, 'woken by the enqueue, not by its poll or its timeout');
});

t.test('an unacknowledged job comes back after the visibility timeout', async (t) => {
  const { queue, clock } = openQueue(t);
  queue.enqueue(job(4));
  const first = await queue.receive(0);
  t.equal(first?.attempt, 1);
  t.equal(await queue.receive(0), null, 'hidden while in flight');
  t.same(await queue.stats(), { waiting: 0, inFlight: 1, dead: 0 });
  clock.advance(999);
  t.equal(await queue.receive(0), null, 'still hidden 1 ms before the timeout');
  clock.advance(1);
  const again = await queue.receive(0);
  t.equal(again?.job.photoId, 'p4', 'redelivered once the timeout is reached');
  t.equal(again?.attempt, 2);
  await queue.ack(first!.receipt);
  t.same((await queue.stats()).inFlight, 1, 'a stale receipt acknowledges nothing');
  await queue.ack(again!.receipt);
  t.same(await queue.stats(), { waiting: 0, inFlight: 0, dead: 0 }, 'the current receipt does');
});

t.test('extend keeps a long job hidden', async (t) => {
  const { queue, clock } = openQueue(t);
  queue.enqueue(job(5));
  const first = await queue.receive(0);
  clock.advance(600);
  await queue.extend(first!.receipt, 2);
  clock.advance(600);
  t.equal(await queue.receive(0), null, 'still hidden past the original timeout');
  clock.advance(1399);
  t.equal(await queue.receive(0), null, 'hidden until the extension ends');
  clock.advance(1);
  const again = await queue.receive(0);
  t.equal(again?.job.photoId, 'p5', 'and delivered again when it does');
  t.equal(again?.attempt, 2);
});

t.test('failures back off, then dead-letter after the last attempt', async (t) => {
  const { queue, clock } = openQueue(t);
  queue.enqueue(job(6));
  for (let attempt = 1; attempt <= 3; attempt++) {
    const received = await queue.receive(0);
    t.equal(received?.attempt, attempt);
    const { deadLettered } = await queue.retry(received!.receipt, `boom ${attempt}`);
    t.equal(deadLettered, attempt === 3, attempt === 3 ? 'dead-lettered' : 'will retry');
    if (attempt === 3) break;
    // Exponential backoff from retryBaseMs (1000): 1 s after the first failure, 2 s after the second.
    const backoff = OPTIONS.retryBaseMs * 2 ** (attempt - 1);
    clock.advance(backoff - 1);
    t.equal(await queue.receive(0), null, `not delivered before its ${backoff} ms backoff ends`);
    clock.advance(1);
  }
  clock.advance(24 * 3600_000);
  t.equal(await queue.receive(0), null, 'a dead job is not delivered, however long after');
  t.same(await queue.stats(), { waiting: 0, inFlight: 0, dead: 1 });
});

t.test('jobs held by a crashed worker are recovered at start', async (t) => {
  const { queue, dir, db, clock } = openQueue(t);
  queue.enqueue(job(7));
  await queue.receive(0);
  db.close();
  const reopenedDb = openDatabase(dir);
  t.teardown(() => reopenedDb.close());
  const reopened = new SqliteJobQueue(reopenedDb, { visibilitySeconds: 60, maxAttempts: 3, clock });
  t.equal(await reopened.receive(0), null, 'still hidden until recovered');
  t.equal(await reopened.recoverInFlight(), 1);
  t.equal((await reopened.receive(0))?.job.photoId, 'p7', 'delivered again at once');
});
