import t from 'tap';
import { openDatabase } from '../../src/adapters/local/sqlite-database.js';
import { SqlitePhotoRepo } from '../../src/adapters/local/sqlite-photo-repo.js';
import { Client, waitFor } from '../helpers/client.js';
import { fixture, startTestService } from '../helpers/service.js';

/** The views of a share as written to the SQLite file (not the ones still counted in memory). */
function viewsOnDisk(dataDir: string, shareId: string): number {
  const db = openDatabase(dataDir);
  try {
    return (db.prepare('SELECT views FROM shares WHERE share_id = ?').get(shareId) as { views: number }).views;
  } finally {
    db.close();
  }
}

// No flush timer fires during this test: views reach the file only when a stop or flushViews() writes them.
const NO_TIMED_FLUSH = { photos: { viewFlushMs: 3_600_000 } };

t.test('share views are counted at once, written in batches, and kept across a restart', async (t) => {
  const first = await startTestService(t, {}, NO_TIMED_FLUSH);
  const alice = new Client(first.url);
  await alice.signUpAndLogin('alice@example.com');
  const upload = await alice.upload(fixture('nokia-starfish-gps.jpg'), 'starfish.jpg');
  await alice.waitForPhoto(upload.body.photoId);
  const share = await alice.json('POST', `/photos/${upload.body.photoId}/share`, {});
  const { shareId } = share.body;
  for (let i = 0; i < 5; i++) t.equal((await fetch(share.body.url)).status, 200);
  const shares = await alice.json('GET', `/photos/${upload.body.photoId}/shares`);
  t.equal(shares.body.items[0].views, 5, 'the owner sees every view at once');
  t.equal(viewsOnDisk(first.dataDir, shareId), 0, 'not written view by view');
  await first.stop();
  t.equal(viewsOnDisk(first.dataDir, shareId), 5, 'a graceful stop writes the views still pending');

  const again = await startTestService(t, { DATA_DIR: first.dataDir, PORT: new URL(first.url).port }, NO_TIMED_FLUSH);
  const back = new Client(again.url);
  back.accessToken = alice.accessToken;
  const kept = await back.json('GET', `/photos/${upload.body.photoId}/shares`);
  t.equal(kept.body.items[0].views, 5, 'kept across the restart');
  t.equal((await fetch(share.body.url)).status, 200);
  t.equal((await back.json('GET', `/photos/${upload.body.photoId}/shares`)).body.items[0].views, 6, 'a new view shows at once');
  t.equal(viewsOnDisk(again.dataDir, shareId), 5, 'while it is still only counted');
  const repo = again.service.adapters.photos;
  t.ok(repo instanceof SqlitePhotoRepo, 'local mode keeps photos in SQLite');
  if (repo instanceof SqlitePhotoRepo) repo.flushViews();
  t.equal(viewsOnDisk(again.dataDir, shareId), 6, 'a flush writes it');
  t.equal(
    (await back.json('GET', `/photos/${upload.body.photoId}/shares`)).body.items[0].views,
    6,
    'and it is not counted twice',
  );
});

t.test('pending views are written when the flush delay ends', async (t) => {
  const api = await startTestService(t, {}, { photos: { viewFlushMs: 10 } });
  const alice = new Client(api.url);
  await alice.signUpAndLogin('alice@example.com');
  const upload = await alice.upload(fixture('nokia-starfish-gps.jpg'), 'starfish.jpg');
  await alice.waitForPhoto(upload.body.photoId);
  const share = await alice.json('POST', `/photos/${upload.body.photoId}/share`, {});
  for (let i = 0; i < 3; i++) t.equal((await fetch(share.body.url)).status, 200);
  // The flush timer is real (10 ms here): wait for its write, with a deadline.
  t.ok(await waitFor(() => viewsOnDisk(api.dataDir, share.body.shareId) === 3), 'written without a stop or an explicit flush');
  t.equal((await alice.json('GET', `/photos/${upload.body.photoId}/shares`)).body.items[0].views, 3, 'and counted once');
});
