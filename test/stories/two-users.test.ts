import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { Client, fetchBytes } from '../helpers/client.js';
import { distinctJpeg } from '../helpers/images.js';
import { fixture, startTestService } from '../helpers/service.js';

t.test("every photo and share route treats another user's ids as missing", async (t) => {
  const { url } = await startTestService(t);
  const alice = new Client(url);
  const mallory = new Client(url);
  await alice.signUpAndLogin('alice@example.com');
  await mallory.signUpAndLogin('mallory@example.com');

  const upload = await alice.upload(fixture('iphone4s-orient6-gps.jpg'), 'mine.jpg', { title: 'private' });
  const photo = await alice.waitForPhoto(upload.body.photoId);
  const share = await alice.json('POST', `/photos/${photo.photoId}/share`);
  const id = photo.photoId;

  const missing = await mallory.json('GET', '/photos/AAAAAAAAAAAAAAAAAAAAAA');
  const attempts: [string, string, unknown?][] = [
    ['GET', `/photos/${id}`],
    ['PATCH', `/photos/${id}`, { title: 'mine now' }],
    ['DELETE', `/photos/${id}`],
    ['GET', `/photos/${id}/original`],
    ['POST', `/photos/${id}/share`, {}],
    ['GET', `/photos/${id}/shares`],
    ['DELETE', `/shares/${share.body.shareId}`],
  ];
  for (const [method, path, body] of attempts) {
    const res = await mallory.json(method, path, body);
    t.equal(res.status, 404, `${method} ${path.replace(id, ':id')} → 404`);
    t.same(res.body.error.code, 'not_found');
    if (method === 'GET' && path === `/photos/${id}`) {
      t.same(res.body.error, missing.body.error, 'exactly as for a photo that does not exist');
    }
  }
  t.same((await mallory.json('GET', '/photos')).body.items, [], "mallory's library is empty");

  const after = await alice.json('GET', `/photos/${id}`);
  t.equal(after.body.title, 'private', 'untouched');
  t.equal((await fetchBytes(share.body.url)).status, 200, "alice's link still works");
  t.equal((await alice.json('GET', `/photos/${id}/shares`)).body.items[0].revokedAt, null, 'not revoked by mallory');

  const aliceCursorPage = await alice.json('GET', '/photos?limit=1');
  t.equal(aliceCursorPage.status, 200);
});

t.test('the library: pages, cursors, tags, edits, deletion', async (t) => {
  const { url, dataDir } = await startTestService(t, { LABELS: 'off' });
  const ann = new Client(url);
  const ben = new Client(url);
  const annId = await ann.signUpAndLogin('ann@example.com');
  await ben.signUpAndLogin('ben@example.com');

  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await ann.upload(distinctJpeg(fixture('iphone4s-orient6-gps.jpg'), i), `p${i}.jpg`, {
      tags: i % 2 ? 'odd' : 'even',
    });
    ids.push(res.body.photoId);
  }
  for (const id of ids) await ann.waitForPhoto(id);

  t.test('pages of two, newest first, with an opaque cursor', async (t) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: any } = await ann.json(
        'GET',
        `/photos?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      t.equal(res.status, 200);
      seen.push(...res.body.items.map((p: any) => p.photoId));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    t.same(seen, [...ids].reverse(), 'every photo once, newest first');
    t.equal(pages, 3);
  });

  t.test('bad cursors and limits', async (t) => {
    const first = await ann.json('GET', '/photos?limit=2');
    const cursor: string = first.body.nextCursor;
    const [body, mac] = cursor.split('.');
    const altered = `${Buffer.from(JSON.stringify(['2099-01-01T00:00:00.000Z', 'x'])).toString('base64url')}.${mac}`;
    for (const bad of [altered, `${body}.${mac!.slice(0, -2)}xx`, 'garbage', `${body}`]) {
      const res = await ann.json('GET', `/photos?cursor=${encodeURIComponent(bad)}`);
      t.equal(res.status, 400, 'altered cursor → 400');
      t.equal(res.body.error.code, 'invalid_cursor');
    }
    const foreign = await ben.json('GET', `/photos?cursor=${encodeURIComponent(cursor)}`);
    t.equal(foreign.status, 400, "another user's cursor → 400");
    for (const limit of ['0', '201', 'ten']) {
      t.equal((await ann.json('GET', `/photos?limit=${limit}`)).status, 400, `limit=${limit} → 400`);
    }
    t.equal((await ann.json('GET', '/photos?limit=200')).status, 200);
  });

  t.test('filter by tag', async (t) => {
    const odd = await ann.json('GET', '/photos?tag=odd');
    t.same(
      odd.body.items.map((p: any) => p.photoId),
      [ids[3], ids[1]],
    );
    const even = await ann.json('GET', '/photos?tag=EVEN&limit=2');
    t.equal(even.body.items.length, 2);
    t.ok(even.body.nextCursor);
    const rest = await ann.json('GET', `/photos?tag=even&cursor=${encodeURIComponent(even.body.nextCursor)}`);
    t.same(
      rest.body.items.map((p: any) => p.photoId),
      [ids[0]],
    );
  });

  t.test('edit title, description and tags', async (t) => {
    const res = await ann.json('PATCH', `/photos/${ids[0]}`, {
      title: '  Harbour ',
      description: 'Morning',
      tags: ['Boats', 'boats', 'sea'],
    });
    t.equal(res.status, 200);
    t.match(res.body, { title: 'Harbour', description: 'Morning', tags: ['boats', 'sea'] });
    t.equal((await ann.json('GET', `/photos/${ids[0]}`)).body.title, 'Harbour', 'stored');
    t.equal((await ann.json('PATCH', `/photos/${ids[0]}`, {})).status, 400, 'empty edit');
    t.equal((await ann.json('PATCH', `/photos/${ids[0]}`, { owner: 'x' })).status, 400, 'unknown field');
    t.equal(
      (
        await ann.json('PATCH', `/photos/${ids[0]}`, {
          tags: Array(51)
            .fill(0)
            .map((_, i) => `t${i}`),
        })
      ).status,
      400,
      'too many tags',
    );
  });

  t.test('delete moves to the trash at once; a purge removes the record, blobs and shares', async (t) => {
    const victim = ids[4]!;
    const photo = await ann.json('GET', `/photos/${victim}`);
    const share = await ann.json('POST', `/photos/${victim}/share`);
    t.equal((await fetchBytes(share.body.url)).status, 200);
    // Where the folder store keeps them: originals/<userId>/<photoId> and processed/<userId>/<photoId>/<variant>.
    const original = path.join(dataDir, 'blobs', 'originals', annId, victim);
    const processed = path.join(dataDir, 'blobs', 'processed', annId, victim);
    t.ok(fs.statSync(original).isFile(), 'the original is on disk before the delete');
    t.same(
      fs
        .readdirSync(processed)
        .map((name) => path.parse(name).name)
        .sort(),
      ['preview', 'thumbnail'],
      'and both variants',
    );
    const neighbour = path.join(dataDir, 'blobs', 'originals', annId, ids[3]!);

    t.equal((await ann.request('DELETE', `/photos/${victim}`)).status, 204);
    t.equal((await ann.json('GET', `/photos/${victim}`)).status, 404);
    t.notOk(
      (await ann.json('GET', '/photos?limit=200')).body.items.some((p: { photoId: string }) => p.photoId === victim),
      'out of the library',
    );
    t.equal((await fetchBytes(share.body.url)).status, 410, 'the share link stops at once');
    t.equal((await fetchBytes(photo.body.urls.preview)).status, 404, 'and so does the variant URL signed before');
    t.ok(fs.existsSync(original), 'the original is kept in the trash');
    const trash = await ann.json('GET', '/trash');
    t.same(
      trash.body.items.map((p: { photoId: string }) => p.photoId),
      [victim],
      'the trash holds it',
    );
    const [trashed] = trash.body.items;
    t.equal(Date.parse(trashed.purgeAt) - Date.parse(trashed.trashedAt), 30 * 86_400_000, 'purged 30 days after');
    t.equal((await fetchBytes(trashed.urls.thumbnail)).status, 200, "the trash view's own URLs show it to its owner");
    t.equal((await ben.json('GET', '/trash')).body.items.length, 0, "ben's trash is his own");
    t.equal((await ben.request('POST', `/trash/${victim}/restore`)).status, 404, "ben cannot restore ann's photo");
    t.equal((await ben.request('DELETE', `/trash/${victim}`)).status, 404, 'nor purge it');

    const restored = await ann.json('POST', `/trash/${victim}/restore`);
    t.equal(restored.status, 200);
    t.equal(restored.body.photoId, victim);
    t.equal((await ann.json('GET', `/photos/${victim}`)).status, 200, 'back in the library');
    t.equal((await fetchBytes(restored.body.urls.preview)).status, 200, 'its images serve again');
    t.equal((await fetchBytes(share.body.url)).status, 410, 'its link stays revoked');
    t.equal((await ann.request('POST', `/trash/${victim}/restore`)).status, 404, 'not in the trash any more');

    t.equal((await ann.request('DELETE', `/photos/${victim}`)).status, 204);
    t.equal((await ann.request('DELETE', `/trash/${victim}`)).status, 204, 'purged');
    t.equal((await fetchBytes(share.body.url)).status, 404, 'the share link is gone');
    t.same((await ann.json('GET', '/trash')).body.items, []);
    t.notOk(fs.existsSync(original), 'original removed from disk');
    t.notOk(fs.existsSync(processed), 'variants removed from disk');
    t.ok(fs.existsSync(neighbour), "ann's other photos are untouched");
    t.equal((await ann.request('DELETE', `/photos/${victim}`)).status, 404, 'second delete is 404');
    t.equal((await ann.request('DELETE', `/trash/${victim}`)).status, 404, 'and so is a second purge');
  });
});
