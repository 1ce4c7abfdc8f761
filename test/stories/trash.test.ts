import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { Client, waitFor } from '../helpers/client.js';
import { distinctJpeg } from '../helpers/images.js';
import { fixture, startTestService } from '../helpers/service.js';

t.test('the trash: refusals, emptying, and the worker purging what is due', async (t) => {
  // TRASH_DAYS=0: due at once, so the worker's sweep (every second here) purges what is trashed.
  const { url, dataDir } = await startTestService(t, { LABELS: 'off', TRASH_DAYS: '0', TRASH_SWEEP_SECONDS: '1' });
  const ann = new Client(url);
  const annId = await ann.signUpAndLogin('ann@example.com');
  const jpeg = fixture('nokia-starfish-gps.jpg');
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await ann.upload(distinctJpeg(jpeg, i), `p${i}.jpg`);
    ids.push((await ann.waitForPhoto(res.body.photoId)).photoId);
  }
  const original = (id: string) => path.join(dataDir, 'blobs', 'originals', annId, id);
  const processed = (id: string) => path.join(dataDir, 'blobs', 'processed', annId, id);

  for (const [query, why] of [
    ['limit=0', 'a page of none'],
    ['limit=201', 'a page too long'],
    ['cursor=nonsense', 'a cursor that is not one'],
    ['sort=old', 'an unknown parameter'],
  ] as const) {
    const res = await ann.json('GET', `/trash?${query}`);
    t.equal(res.status, 400, why);
    t.ok(res.body.error.code, 'in the error envelope');
  }
  const library = await ann.json('GET', '/photos?limit=1');
  const foreignCursor = await ann.json('GET', `/trash?cursor=${encodeURIComponent(library.body.nextCursor)}`);
  t.equal(foreignCursor.status, 400, "the library's cursor is not the trash's");
  t.equal(foreignCursor.body.error.code, 'invalid_cursor');
  for (const [method, route] of [
    ['POST', '/trash/bad.id/restore'],
    ['DELETE', '/trash/bad.id'],
  ] as const) {
    t.equal((await ann.request(method, route)).status, 400, `${method} ${route}`);
  }
  t.equal((await ann.request('POST', '/trash/AAAAAAAAAAAAAAAAAAAAAA/restore')).status, 404, 'no such photo');
  t.equal((await ann.request('POST', `/trash/${ids[0]}/restore`)).status, 404, 'a photo in the library is not in the trash');
  t.equal((await ann.request('DELETE', `/trash/${ids[0]}`)).status, 404, 'nor purged from it');
  t.equal((await new Client(url).request('GET', '/trash')).status, 401, 'signed in only');

  t.equal((await ann.request('DELETE', `/photos/${ids[0]}`)).status, 204);
  t.ok(
    await waitFor(() => !fs.existsSync(original(ids[0]!)) && !fs.existsSync(processed(ids[0]!)), { timeoutMs: 15_000 }),
    'the sweep purges what is due',
  );
  t.same((await ann.json('GET', '/trash')).body.items, [], 'and the trash no longer lists it');
  t.ok(fs.existsSync(original(ids[1]!)), 'photos in the library are untouched');
  t.same((await ann.json('GET', '/me')).body.usage.photos, 2, 'nor counted any more');
});

t.test('emptying the trash removes every photo in it and nothing else', async (t) => {
  const { url, dataDir } = await startTestService(t, { LABELS: 'off' });
  const ann = new Client(url);
  const annId = await ann.signUpAndLogin('ann@example.com');
  const ben = new Client(url);
  await ben.signUpAndLogin('ben@example.com');
  const jpeg = fixture('nokia-starfish-gps.jpg');
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push((await ann.upload(distinctJpeg(jpeg, i), `p${i}.jpg`)).body.photoId);
  const bens = (await ben.upload(jpeg, 'mine.jpg')).body.photoId;
  for (const id of ids.slice(0, 3)) t.equal((await ann.request('DELETE', `/photos/${id}`)).status, 204);
  t.equal((await ben.request('DELETE', `/photos/${bens}`)).status, 204);

  const first = await ann.json('GET', '/trash?limit=2');
  t.equal(first.body.items.length, 2);
  const second = await ann.json('GET', `/trash?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
  t.equal(second.body.items.length, 1);
  t.equal(second.body.nextCursor, null);
  t.same(
    [...first.body.items, ...second.body.items].map((p: { photoId: string }) => p.photoId).sort(),
    ids.slice(0, 3).sort(),
    'paged, each once',
  );
  t.equal(
    (await ben.request('GET', `/trash?cursor=${encodeURIComponent(first.body.nextCursor)}`)).status,
    400,
    "ann's cursor is ann's",
  );

  t.equal((await ann.request('DELETE', '/trash')).status, 204);
  t.same((await ann.json('GET', '/trash')).body.items, []);
  for (const id of ids.slice(0, 3)) t.notOk(fs.existsSync(path.join(dataDir, 'blobs', 'originals', annId, id)), 'purged');
  t.equal((await ann.json('GET', `/photos/${ids[3]}`)).status, 200, 'the photo still in the library stays');
  t.equal((await ben.json('GET', '/trash')).body.items.length, 1, "ben's trash is not ann's to empty");
  t.equal((await ann.request('DELETE', '/trash')).status, 204, 'emptying an empty trash is fine');
});

t.test('a trashed photo leaves its albums and comes back to them; a purged one leaves them for good', async (t) => {
  const { url } = await startTestService(t, { LABELS: 'off' });
  const ann = new Client(url);
  await ann.signUpAndLogin('ann@example.com');
  const jpeg = fixture('nokia-starfish-gps.jpg');
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await ann.upload(distinctJpeg(jpeg, i), `p${i}.jpg`)).body.photoId);
  const { albumId } = (await ann.json('POST', '/albums', { title: 'Beach' })).body;
  t.equal((await ann.json('POST', `/albums/${albumId}/photos`, { photoIds: ids })).body.photoCount, 3);
  const members = async () =>
    ((await ann.json('GET', `/albums/${albumId}/photos`)).body.items as { photoId: string }[]).map((p) => p.photoId).sort();

  t.equal((await ann.request('DELETE', `/photos/${ids[0]}`)).status, 204);
  t.equal((await ann.json('GET', `/albums/${albumId}`)).body.photoCount, 2, 'trashed: no longer counted');
  t.same(await members(), ids.slice(1).sort(), 'nor listed');
  const readd = await ann.json('POST', `/albums/${albumId}/photos`, { photoIds: [ids[0]] });
  t.equal(readd.status, 404, 'a photo in the trash cannot be added to an album');

  t.equal((await ann.request('POST', `/trash/${ids[0]}/restore`)).status, 200);
  t.equal((await ann.json('GET', `/albums/${albumId}`)).body.photoCount, 3, 'restored: back in its album');
  t.same(await members(), [...ids].sort());

  t.equal((await ann.request('DELETE', `/photos/${ids[0]}`)).status, 204);
  t.equal((await ann.request('DELETE', `/trash/${ids[0]}`)).status, 204);
  t.equal((await ann.json('GET', `/albums/${albumId}`)).body.photoCount, 2, 'purged: gone from its album');
  t.same(await members(), ids.slice(1).sort());
  t.equal((await ann.json('POST', `/albums/${albumId}/photos`, { photoIds: [ids[0]] })).status, 404);
});
