import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { Client } from '../helpers/client.js';
import { fixture, startTestService } from '../helpers/service.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

t.test('the same photo twice is stored once; a client can ask before sending', async (t) => {
  const { url, dataDir } = await startTestService(t);
  const alice = new Client(url);
  await alice.signUpAndLogin('alice@example.com');
  const photo = fixture('nokia-starfish-gps.jpg');
  const first = await alice.upload(photo, 'starfish.jpg');
  t.equal(first.status, 201);
  const originals = () => fs.readdirSync(path.join(dataDir, 'blobs', 'originals'), { recursive: true }).length;
  const storedBefore = originals();

  const again = await alice.upload(photo, 'starfish-copy.jpg', { title: 'again' });
  t.equal(again.status, 409);
  t.same(again.body, {
    error: { code: 'duplicate', message: 'You already have this photo (the same bytes): nothing new was stored' },
    photoId: first.body.photoId,
  });
  t.equal(originals(), storedBefore, 'its bytes were not kept');
  t.equal((await alice.json('GET', '/photos')).body.items.length, 1, 'one photo in the library');

  const bob = new Client(url);
  await bob.signUpAndLogin('bob@example.com');
  t.equal((await bob.upload(photo, 'mine.jpg')).status, 201, "the same bytes in another user's library are theirs");

  const other = fixture('iphone4s-orient6-gps.jpg');
  const check = await alice.json('POST', '/photos/check', { sha256: [sha256(photo).toUpperCase(), sha256(other)] });
  t.equal(check.status, 200);
  t.same(check.body, { existing: [{ sha256: sha256(photo), photoId: first.body.photoId }] }, 'the one she has, not the other');

  for (const bad of [
    { sha256: [] },
    { sha256: ['abc'] },
    { sha256: Array.from({ length: 1001 }, (_, i) => sha256(Buffer.from(String(i)))) },
    { hashes: [sha256(other)] },
  ]) {
    const refused = await alice.json('POST', '/photos/check', bad);
    t.equal(refused.status, 400, JSON.stringify(bad).slice(0, 60));
    t.equal(refused.body.error.code, 'invalid_request');
  }
  t.equal((await new Client(url).json('POST', '/photos/check', { sha256: [sha256(photo)] })).status, 401, 'signed in only');

  t.equal((await alice.request('DELETE', `/photos/${first.body.photoId}`)).status, 204);
  const inTrash = await alice.upload(photo, 'starfish.jpg');
  t.equal(inTrash.status, 409, 'a photo in the trash is still one you have');
  t.equal(inTrash.body.photoId, first.body.photoId);
  t.same((await alice.json('POST', '/photos/check', { sha256: [sha256(photo)] })).body.existing, [
    { sha256: sha256(photo), photoId: first.body.photoId },
  ]);
  t.equal((await alice.request('DELETE', `/trash/${first.body.photoId}`)).status, 204);
  t.same((await alice.json('POST', '/photos/check', { sha256: [sha256(photo)] })).body, { existing: [] });
  t.equal((await alice.upload(photo, 'starfish.jpg')).status, 201, 'deleted, it can be uploaded again');
});
