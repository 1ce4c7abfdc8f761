import t from 'tap';
import { takeToken, type BucketRule } from '../../src/domain/token-bucket.js';

const rule: BucketRule = { limit: 100, windowMs: 5000 }; // 20 a second, 100 at once

/** Takes `n` tokens at `nowMs` from a bucket at `tat`, answering the decisions. */
function takeMany(tat: number | null, n: number, nowMs: number) {
  const decisions = [];
  for (let i = 0; i < n; i++) {
    const decision = takeToken(tat, rule, nowMs);
    if (decision.allowed) tat = decision.tatMs;
    decisions.push(decision);
  }
  return { decisions, tat };
}

t.test('a full bucket allows its limit at once, then refuses until a token comes back', async (t) => {
  const { decisions, tat } = takeMany(null, 101, 0);
  t.equal(decisions.filter((d) => d.allowed).length, 100, 'the burst');
  t.same(
    decisions.slice(0, 3).map((d) => d.remaining),
    [99, 98, 97],
    'remaining counts down',
  );
  t.equal(decisions[99]!.remaining, 0);
  const refused = decisions[100]!;
  t.equal(refused.allowed, false);
  t.equal(refused.retryAfterMs, 50, 'one token every 50 ms');
  t.equal(refused.resetMs, 5000, 'full again after the whole window');
  t.equal(takeToken(tat, rule, 49).allowed, false, 'not before the token is back');
  t.equal(takeToken(tat, rule, 50).allowed, true, 'and then exactly one');
});

t.test('a steady rate at the refill rate is never refused', async (t) => {
  let tat: number | null = null;
  let refused = 0;
  for (let ms = 0; ms < 60_000; ms += 50) {
    const decision = takeToken(tat, rule, ms);
    if (decision.allowed) tat = decision.tatMs;
    else refused++;
  }
  t.equal(refused, 0);
});

t.test('a bucket left alone refills, but never beyond its limit', async (t) => {
  const { tat } = takeMany(null, 100, 0);
  t.equal(takeMany(tat, 11, 500).decisions.filter((d) => d.allowed).length, 10, 'half a second gives back 10');
  t.equal(takeMany(tat, 150, 3_600_000).decisions.filter((d) => d.allowed).length, 100, 'an hour gives back only the limit');
});
