import t, { type Test } from 'tap';
import { startAwsTestService } from '../helpers/aws-service.js';
import { Client } from '../helpers/client.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startTestService } from '../helpers/service.js';

interface Harness {
  url: string;
  clock: ManualClock;
  confirm?: (email: string) => Promise<void>;
}

// Behind one proxy (as behind the ALB), so a test can speak from several addresses.
const ENV = { TRUST_PROXY_HOPS: '1', LABELS: 'off' };

const modes: Record<string, (t: Test) => Promise<Harness>> = {
  'local (counters in process)': async (t) => {
    const clock = new ManualClock(new Date());
    return { url: (await startTestService(t, ENV, { clock })).url, clock };
  },
  'aws (counters in DynamoDB, Cognito)': async (t) => {
    const clock = new ManualClock(new Date());
    const running = await startAwsTestService(t, ENV, { clock });
    return { url: running.url, clock, confirm: running.confirmUser };
  },
};

const PASSWORD = 'correct-horse-9';

for (const [mode, start] of Object.entries(modes)) {
  t.test(`Throttled sign-in: ${mode}`, async (t) => {
    const { url, clock, confirm } = await start(t);
    const client = new Client(url, confirm);
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const login = (email: string, password: string, address: string) =>
      client.json('POST', '/auth/login', { email, password }, from(address));

    t.test('wrong passwords earn growing delays, per account and address; the owner elsewhere is not kept out', async (t) => {
      const email = 'owner@example.com';
      await client.signUpAndLogin(email, PASSWORD);
      const attacker = '203.0.113.7';
      for (let i = 0; i < 5; i++) t.equal((await login(email, `guess-000${i}`, attacker)).status, 401, `guess ${i + 1}`);
      const held = await login(email, PASSWORD, attacker);
      t.match(held, { status: 429, body: { error: { code: 'sign_in_delayed' } } }, 'even the right password waits');
      t.equal(held.headers.get('retry-after'), '1');
      t.equal((await login(email, PASSWORD, '198.51.100.20')).status, 200, 'the owner, from their own address, signs in');

      clock.advance(1000);
      t.equal((await login(email, 'guess-0006', attacker)).status, 401);
      t.equal((await login(email, 'guess-0007', attacker)).headers.get('retry-after'), '2', 'twice as long');
      clock.advance(2000);
      t.equal((await login(email, 'guess-0008', attacker)).status, 401);
      t.equal((await login(email, 'guess-0009', attacker)).headers.get('retry-after'), '4');
      clock.advance(4000);
      t.equal((await login(email, PASSWORD, attacker)).status, 200, 'after the wait, the right password');
      t.equal((await login(email, 'typo', attacker)).status, 401, 'and a success forgets the failures');
      t.equal((await login(email, 'typo', attacker)).status, 401);
    });

    t.test('an address has a sign-in budget across accounts, and a sign-up budget', async (t) => {
      const sprayer = '192.0.2.99';
      let refused = null;
      for (let i = 0; i < 40 && !refused; i++) {
        const answer = await login(`nobody${i}@example.com`, 'Winter2026!', sprayer);
        if (answer.status === 429) refused = { at: i, answer };
        else t.equal(answer.status, 401);
      }
      t.equal(refused?.at, 30, '30 attempts in 10 minutes');
      t.match(refused?.answer, { body: { error: { code: 'rate_limited' } } });
      t.equal(refused?.answer.headers.get('retry-after'), '20', 'a token every 20 s');
      t.equal(refused?.answer.headers.get('ratelimit-limit'), '30');
      t.equal((await login('nobody@example.com', 'x', '192.0.2.100')).status, 401, 'another address is not held back');

      const signups = [];
      for (let i = 0; i < 21; i++) {
        signups.push(
          await client.json('POST', '/auth/signup', { email: `new${i}@example.com`, password: PASSWORD }, from('192.0.2.50')),
        );
      }
      t.same(
        signups.slice(0, 20).map((s) => s.status),
        Array(20).fill(201),
        '20 sign-ups an hour from one address',
      );
      t.match(signups[20], { status: 429, body: { error: { code: 'rate_limited' } } });
      t.equal(signups[20]!.headers.get('retry-after'), '180');
    });
  });
}

t.test('without a trusted proxy, X-Forwarded-For is ignored: a client cannot pose as many addresses', async (t) => {
  const clock = new ManualClock(new Date());
  const { url } = await startTestService(t, { LABELS: 'off' }, { clock });
  const client = new Client(url);
  const statuses = [];
  for (let i = 0; i < 21; i++) {
    const answer = await client.json(
      'POST',
      '/auth/signup',
      { email: `spoof${i}@example.com`, password: PASSWORD },
      { 'x-forwarded-for': `10.0.0.${i}` },
    );
    statuses.push(answer.status);
  }
  t.equal(statuses.filter((s) => s === 201).length, 20);
  t.equal(statuses[20], 429);
});
