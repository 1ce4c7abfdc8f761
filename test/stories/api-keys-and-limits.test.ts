import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import fs from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import { startAwsTestService } from '../helpers/aws-service.js';
import { Client } from '../helpers/client.js';
import { CREDENTIALS, REGION, TABLE } from '../helpers/emulators.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { fixture, startTestService } from '../helpers/service.js';

interface Harness {
  client: (name: string) => Promise<Client>;
  clock: ManualClock;
  /** Every byte the service stored its records in, to look for a secret. */
  storedRecords: () => Promise<string>;
}

/** Small limits, on a clock that stands still unless the test moves it: a bucket refills only when told. */
const LIMITS = { RATE_LIMIT_BURST: '10', RATE_LIMIT_PER_SECOND: '1', API_KEY_DAILY_QUOTA: '25', LABELS: 'off' };

const modes: Record<string, (t: Test) => Promise<Harness>> = {
  'local (SQLite, counters in process)': async (t) => {
    const clock = new ManualClock(new Date());
    const running = await startTestService(t, LIMITS, { clock });
    return {
      clock,
      client: async (name) => {
        const client = new Client(running.url);
        await client.signUpAndLogin(`${name}@example.com`);
        return client;
      },
      storedRecords: async () =>
        fs
          .readdirSync(running.dataDir)
          .filter((f) => f.endsWith('.db') || f.endsWith('.db-wal'))
          .map((f) => fs.readFileSync(path.join(running.dataDir, f)).toString('latin1'))
          .join(''),
    };
  },
  'aws (DynamoDB counters in DynamoDB Local)': async (t) => {
    const clock = new ManualClock(new Date());
    const running = await startAwsTestService(t, LIMITS, { clock });
    const dynamo = new DynamoDBClient({
      region: REGION,
      endpoint: running.env.AWS_ENDPOINT_URL_DYNAMODB!,
      credentials: CREDENTIALS,
    });
    t.teardown(() => {
      dynamo.destroy();
    });
    return {
      clock,
      client: async (name) => {
        const client = new Client(running.url, running.confirmUser);
        await client.signUpAndLogin(`${name}@example.com`);
        return client;
      },
      storedRecords: async () => JSON.stringify((await dynamo.send(new ScanCommand({ TableName: TABLE }))).Items),
    };
  },
};

/** A client that sends this API key instead of an access token. */
function withKey(base: Client, key: string) {
  const client = new Client(base.base);
  return {
    json: <T = any>(method: string, url: string, body?: unknown) => client.json<T>(method, url, body, { 'x-api-key': key }),
    upload: (file: Buffer) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)], { type: 'image/jpeg' }), 'key.jpg');
      return client.json('POST', '/photos', form, { 'x-api-key': key });
    },
  };
}

for (const [mode, start] of Object.entries(modes)) {
  t.test(`API keys and usage plans: ${mode}`, async (t) => {
    const { client, clock, storedRecords } = await start(t);
    const ann = await client('ann');
    const bob = await client('bob');

    t.test('a key is shown once, stored hashed, and acts as its user within its scopes', async (t) => {
      const made = await ann.json('POST', '/api-keys', { name: 'Backup script', scopes: ['photos:read', 'photos:write'] });
      t.equal(made.status, 201);
      t.match(made.body, { name: 'Backup script', scopes: ['photos:read', 'photos:write'], expiresAt: null, lastUsedAt: null });
      const key = made.body.key as string;
      t.match(key, /^psk_[A-Za-z0-9_-]{43}$/);
      t.notOk((await storedRecords()).includes(key), 'the key itself is stored nowhere');

      const listed = await ann.json('GET', '/api-keys');
      t.same(Object.keys(listed.body.items[0]).sort(), ['createdAt', 'expiresAt', 'keyId', 'lastUsedAt', 'name', 'scopes']);
      t.equal((await bob.json('GET', '/api-keys')).body.items.length, 0, "not in another user's list");

      const script = withKey(ann, key);
      const uploaded = await script.upload(fixture('nokia-starfish-gps.jpg'));
      t.equal(uploaded.status, 201, 'photos:write uploads');
      const page = await script.json('GET', '/photos');
      t.equal(page.status, 200, 'photos:read lists');
      t.same(
        page.body.items.map((p: { photoId: string }) => p.photoId),
        [uploaded.body.photoId],
        "the key's user's library",
      );
      t.match(await ann.json('GET', '/api-keys'), { body: { items: [{ lastUsedAt: /^\d{4}-/ }] } }, 'its last use is shown');

      const refused = await script.json('DELETE', `/photos/${uploaded.body.photoId}`);
      t.match(refused, { status: 403, body: { error: { code: 'insufficient_scope', message: /photos:delete/ } } });
      t.match(await script.json('POST', `/photos/${uploaded.body.photoId}/share`, {}), { status: 403 });
      for (const [method, url] of [
        ['GET', '/api-keys'],
        ['POST', '/api-keys'],
      ] as const) {
        const managing = await script.json(method, url, method === 'POST' ? { name: 'x', scopes: ['photos:read'] } : undefined);
        t.match(managing, { status: 403, body: { error: { code: 'insufficient_scope' } } }, `a key cannot ${method} ${url}`);
      }
      t.equal((await ann.json('GET', `/photos/${uploaded.body.photoId}`)).status, 200, 'the photo is still there');

      const both = await ann.json('GET', '/photos', undefined, { 'x-api-key': key });
      t.match(both, { status: 400, body: { error: { code: 'ambiguous_credentials' } } }, 'a token and a key at once');
      const unknown = withKey(ann, `psk_${'A'.repeat(43)}`);
      t.match(await unknown.json('GET', '/photos'), { status: 401, body: { error: { code: 'invalid_api_key' } } });
      t.match(await withKey(ann, 'not-a-key').json('GET', '/photos'), { status: 401 });

      const keyId = made.body.keyId as string;
      t.equal((await bob.json('DELETE', `/api-keys/${keyId}`)).status, 404, "another user's key is not found");
      t.equal((await script.json('GET', '/photos')).status, 200, 'and still works');
      t.equal((await ann.json('DELETE', `/api-keys/${keyId}`)).status, 204);
      t.match(await script.json('GET', '/photos'), { status: 401, body: { error: { code: 'invalid_api_key' } } }, 'revoked');
      t.equal((await ann.json('GET', '/api-keys')).body.items.length, 0);
      clock.advance(60_000); // the burst this test used comes back
    });

    t.test("a user's requests share one bucket, tokens and keys alike: 429 with the RateLimit headers", async (t) => {
      const carol = await client('carol');
      const key = (await carol.json('POST', '/api-keys', { name: 'sync', scopes: ['photos:read'] })).body.key as string;
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await carol.json('GET', '/photos'));
      for (let i = 0; i < 4; i++) answers.push(await withKey(carol, key).json('GET', '/photos'));
      t.same(
        answers.map((a) => a.status),
        Array(9).fill(200),
        "the burst of 10, the key's creation included",
      );
      t.same(
        answers.map((a) => Number(a.headers.get('ratelimit-remaining'))),
        [8, 7, 6, 5, 4, 3, 2, 1, 0],
        'RateLimit-Remaining counts down',
      );
      t.equal(answers[0]!.headers.get('ratelimit-limit'), '10');
      const over = await withKey(carol, key).json('GET', '/photos');
      t.match(over, { status: 429, body: { error: { code: 'rate_limited', message: /try again/ } } });
      t.equal(over.headers.get('retry-after'), '1', 'one token a second');
      t.equal(over.headers.get('ratelimit-remaining'), '0');
      t.equal((await carol.json('GET', '/photos')).status, 429, 'with the token too');
      t.equal((await bob.json('GET', '/photos')).status, 200, 'another user is not held back');
      clock.advance(1000);
      t.equal((await carol.json('GET', '/photos')).status, 200, 'a second later, one more');
      t.equal((await carol.json('GET', '/photos')).status, 429);
      clock.advance(60_000);
    });

    t.test('a key has a daily quota; it starts afresh at midnight UTC', async (t) => {
      const dave = await client('dave');
      const key = (await dave.json('POST', '/api-keys', { name: 'dashboard', scopes: ['photos:read'] })).body.key as string;
      const script = withKey(dave, key);
      let used = 0;
      for (; used < 30; used++) {
        const answer = await script.json('GET', '/photos');
        if (answer.status === 429 && answer.body.error.code === 'quota_exceeded') {
          const retryAfter = Number(answer.headers.get('retry-after'));
          const midnight = Math.ceil((clock.now().getTime() + 1) / 86_400_000) * 86_400_000;
          t.ok(Math.abs(clock.now().getTime() + retryAfter * 1000 - midnight) < 2000, 'Retry-After points at midnight UTC');
          break;
        }
        t.equal(answer.status, 200);
        if (used % 5 === 4) clock.advance(10_000); // stay within the rate limit; the quota is what is counted
      }
      t.equal(used, 25, 'the 26th request of the day is refused');
      t.equal((await dave.json('GET', '/photos')).status, 200, "the user's own token has no quota");
      clock.set(new Date(Math.ceil(clock.now().getTime() / 86_400_000) * 86_400_000 + 1000));
      t.equal((await script.json('GET', '/photos')).status, 200, 'the next day');
    });
  });
}
