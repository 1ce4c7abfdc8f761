import t, { type Test } from 'tap';
import { DynamoApiKeyRepo } from '../../../src/adapters/aws/dynamo-api-key-repo.js';
import { DynamoPhotoRepo } from '../../../src/adapters/aws/dynamo-photo-repo.js';
import { SqliteApiKeyRepo } from '../../../src/adapters/local/sqlite-api-key-repo.js';
import { SqlitePhotoRepo } from '../../../src/adapters/local/sqlite-photo-repo.js';
import { hashApiKey, newApiKeySecret, type ApiKey } from '../../../src/domain/api-key.js';
import { newId } from '../../../src/domain/ids.js';
import type { ApiKeyRepo } from '../../../src/ports/api-key-repo.js';
import type { PhotoRepo } from '../../../src/ports/photo-repo.js';
import { TABLE, startDynamo } from '../../helpers/emulators.js';
import { newPhoto, tempDatabase } from '../../helpers/factories.js';

const adapters: Record<string, (t: Test) => Promise<{ keys: ApiKeyRepo; photos: PhotoRepo }>> = {
  SQLite: async (t) => {
    const { db } = tempDatabase(t);
    return { keys: new SqliteApiKeyRepo(db), photos: new SqlitePhotoRepo(db, () => undefined) };
  },
  'DynamoDB (DynamoDB Local)': async (t) => {
    const { client } = await startDynamo(t);
    return { keys: new DynamoApiKeyRepo(client, TABLE), photos: new DynamoPhotoRepo(client, TABLE) };
  },
};

function newKey(userId: string, minute: number, name = 'backup script'): ApiKey {
  return {
    keyId: newId(),
    userId,
    name,
    scopes: ['photos:read', 'photos:write'],
    keyHash: hashApiKey(newApiKeySecret()),
    createdAt: new Date(Date.UTC(2026, 10, 26, 12, minute)).toISOString(),
    expiresAt: minute % 2 ? new Date(Date.UTC(2027, 0, 1)).toISOString() : null,
    lastUsedAt: null,
  };
}

for (const [name, make] of Object.entries(adapters)) {
  t.test(`ApiKeyRepo contract: ${name}`, async (t) => {
    const { keys, photos } = await make(t);
    const first = newKey('ann', 1);
    const second = newKey('ann', 2, 'camera uploader');
    t.equal(await keys.create(first, 3), true);
    t.equal(await keys.create(second, 3), true);
    t.equal(await keys.create(newKey('bob', 3), 3), true);

    t.same(await keys.findByHash(first.keyHash), first, 'found by its hash, as stored');
    t.equal(await keys.findByHash(hashApiKey(newApiKeySecret())), null, 'an unknown hash');
    t.same(
      (await keys.list('ann')).map((k) => k.name),
      ['camera uploader', 'backup script'],
      "a user's keys, newest first, no one else's",
    );

    const racing = await Promise.all([newKey('ann', 4), newKey('ann', 5), newKey('ann', 6)].map((k) => keys.create(k, 3)));
    t.same(racing.filter(Boolean).length, 1, 'concurrent creates never pass the cap');
    t.equal((await keys.list('ann')).length, 3);

    await keys.touch(first, '2026-11-26T13:00:00.000Z');
    t.equal((await keys.findByHash(first.keyHash))?.lastUsedAt, '2026-11-26T13:00:00.000Z', 'last use recorded');

    t.equal(await keys.delete('bob', first.keyId), false, "another user's key is not theirs to delete");
    t.equal(await keys.delete('ann', first.keyId), true);
    t.equal(await keys.findByHash(first.keyHash), null, 'a deleted key is found no more');
    t.equal(await keys.delete('ann', first.keyId), false, 'deleting twice');
    await keys.touch(first, '2026-11-26T14:00:00.000Z');
    t.equal(await keys.findByHash(first.keyHash), null, 'touching a deleted key does not bring it back');
    t.equal(await keys.create(newKey('ann', 7), 3), true, 'a deleted key frees its place');

    t.same((await photos.list({ userId: 'ann', limit: 10 })).items, [], 'keys never show up in the library');
    await photos.create(newPhoto({ userId: 'ann' }));
    t.equal((await photos.list({ userId: 'ann', limit: 10 })).items.length, 1);
  });
}
