import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import t, { type Test } from 'tap';
import { DynamoDownloadTickets } from '../../../src/adapters/aws/dynamo-download-tickets.js';
import { DynamoPhotoRepo } from '../../../src/adapters/aws/dynamo-photo-repo.js';
import { MemoryDownloadTickets } from '../../../src/adapters/local/memory-download-tickets.js';
import type { DownloadTicketStore } from '../../../src/ports/download-tickets.js';
import { TABLE, startDynamo } from '../../helpers/emulators.js';

const adapters: Record<string, (t: Test) => Promise<DownloadTicketStore>> = {
  memory: async () => new MemoryDownloadTickets(),
  'DynamoDB (DynamoDB Local)': async (t) => new DynamoDownloadTickets((await startDynamo(t)).client, TABLE),
};

const T0 = new Date(Date.UTC(2026, 10, 26, 12));
const later = (ms: number) => new Date(T0.getTime() + ms);

for (const [name, make] of Object.entries(adapters)) {
  t.test(`DownloadTicketStore contract: ${name}`, async (t) => {
    const store = await make(t);
    const ticket = {
      ticketHash: 'a'.repeat(64),
      userId: 'ana',
      photoIds: ['p1', 'p2', 'p3'],
      expiresAt: later(300_000).toISOString(),
    };
    await store.put(ticket, T0);
    t.same(await store.get(ticket.ticketHash, T0), ticket, 'found by its hash, ids in order');
    t.same(await store.get(ticket.ticketHash, later(299_999)), ticket, 'until it expires');
    t.equal(await store.get(ticket.ticketHash, later(300_000)), null, 'not from its expiry on');
    t.equal(await store.get('b'.repeat(64), T0), null, 'an unknown hash');
    const many = {
      ...ticket,
      ticketHash: 'c'.repeat(64),
      photoIds: Array.from({ length: 500 }, (_, i) => `photo${String(i).padStart(17, '0')}`),
    };
    await store.put(many, T0);
    t.same((await store.get(many.ticketHash, T0))?.photoIds, many.photoIds, '500 photos');
  });
}

t.test('DynamoDB: a ticket item carries no userId (it is in no library index) and expires by TTL', async (t) => {
  const { client } = await startDynamo(t);
  const store = new DynamoDownloadTickets(client, TABLE);
  await store.put({ ticketHash: 'd'.repeat(64), userId: 'ana', photoIds: ['p1'], expiresAt: later(300_000).toISOString() });
  const item = (
    await DynamoDBDocumentClient.from(client).send(
      new GetCommand({ TableName: TABLE, Key: { pk: `download#${'d'.repeat(64)}` } }),
    )
  ).Item;
  t.match(item, { type: 'download', ticketUserId: 'ana', purgeAt: Math.ceil(later(300_000).getTime() / 1000) + 60 });
  t.notOk(item && 'userId' in item);
  t.same((await new DynamoPhotoRepo(client, TABLE).list({ userId: 'ana', limit: 10, order: 'taken' })).items, []);
});
