import t, { type Test } from 'tap';
import { DynamoThrottleStore } from '../../../src/adapters/aws/dynamo-throttle-store.js';
import { MemoryThrottleStore } from '../../../src/adapters/local/memory-throttle-store.js';
import type { ThrottleStore } from '../../../src/ports/throttle-store.js';
import { TABLE, startDynamo } from '../../helpers/emulators.js';

const adapters: Record<string, (t: Test) => Promise<ThrottleStore>> = {
  memory: async () => new MemoryThrottleStore(),
  'DynamoDB (DynamoDB Local)': async (t) => new DynamoThrottleStore((await startDynamo(t)).client, TABLE),
};

const rule = { limit: 5, windowMs: 1000 };
const T0 = Date.UTC(2026, 10, 26, 12);

for (const [name, make] of Object.entries(adapters)) {
  t.test(`ThrottleStore contract: ${name}`, async (t) => {
    const store = await make(t);

    t.test('a bucket: the limit at once, then refusals with the wait, then refilled', async (t) => {
      const at = (n: number, ms: number) => Promise.all(Array.from({ length: n }, () => store.take('user:a', rule, ms)));
      const first = await at(7, T0);
      t.equal(first.filter((d) => d.allowed).length, 5, 'concurrent takes never share the last token');
      const refused = first.find((d) => !d.allowed)!;
      t.equal(refused.retryAfterMs, 200, 'one token every 200 ms');
      t.equal((await store.take('user:b', rule, T0)).remaining, 4, 'another key has its own bucket');
      t.equal((await store.take('user:a', rule, T0 + 199)).allowed, false);
      const back = await store.take('user:a', rule, T0 + 200);
      t.match(back, { allowed: true, remaining: 0 }, 'a token came back');
      const later = await at(6, T0 + 60_000);
      t.equal(later.filter((d) => d.allowed).length, 5, 'a minute later the bucket is full, not fuller');
    });

    t.test('a fixed window counts up to its limit and starts afresh in the next window', async (t) => {
      const end = T0 + 86_400_000;
      const counts = await Promise.all(Array.from({ length: 4 }, () => store.countInWindow('quota:k', 3, end, T0)));
      t.same(counts.map((c) => c.allowed).sort(), [false, true, true, true]);
      t.same(
        counts
          .filter((c) => c.allowed)
          .map((c) => c.count)
          .sort(),
        [1, 2, 3],
      );
      t.match(await store.countInWindow('quota:k', 3, end + 86_400_000, end), { allowed: true, count: 1 });
      t.match(await store.countInWindow('quota:old', 3, end, end), { allowed: false }, 'a window that has ended counts nothing');
    });

    t.test('failures add up, are forgotten a while after the last, and can be cleared', async (t) => {
      const forget = 3_600_000;
      t.equal(await store.failures('login:x', T0, forget), null);
      await store.recordFailure('login:x', T0, forget);
      t.same(await store.recordFailure('login:x', T0 + 10, forget), { count: 2, lastAtMs: T0 + 10 });
      t.same(await store.failures('login:x', T0 + forget, forget), { count: 2, lastAtMs: T0 + 10 });
      t.equal(await store.failures('login:x', T0 + 10 + forget, forget), null, 'forgotten');
      t.same(
        await store.recordFailure('login:x', T0 + 10 + forget, forget),
        { count: 1, lastAtMs: T0 + 10 + forget },
        'a new run',
      );
      await store.clearFailures('login:x');
      t.equal(await store.failures('login:x', T0 + 20 + forget, forget), null, 'cleared');
    });
  });
}

t.test('the memory store stays within its bound, dropping what was touched longest ago', async (t) => {
  const store = new MemoryThrottleStore(3);
  for (const key of ['a', 'b', 'c']) await store.take(key, rule, T0);
  await store.take('a', rule, T0);
  await store.take('d', rule, T0);
  t.equal((await store.take('a', rule, T0)).remaining, 2, 'a, recently used, kept its count');
  t.equal((await store.take('b', rule, T0)).remaining, 4, 'b, the oldest, was dropped and starts full');
});
