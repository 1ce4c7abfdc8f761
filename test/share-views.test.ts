import t from 'tap';
import { Client } from './helpers/client.js';
import { fixture, startTestService } from './helpers/service.js';

t.test('share views are counted at once, written in batches, and kept across a restart', async (t) => {
  const first = await startTestService(t);
  const alice = new Client(first.url);
  await alice.signUpAndLogin('alice@example.com');
  const upload = await alice.upload(fixture('nokia-starfish-gps.jpg'), 'starfish.jpg');
  await alice.waitForPhoto(upload.body.photoId);
  const share = await alice.json('POST', `/photos/${upload.body.photoId}/share`, {});
  for (let i = 0; i < 5; i++) t.equal((await fetch(share.body.url)).status, 200);
  const shares = await alice.json('GET', `/photos/${upload.body.photoId}/shares`);
  t.equal(shares.body.items[0].views, 5, 'the owner sees every view at once');
  await first.stop();

  const again = await startTestService(t, { DATA_DIR: first.dataDir, PORT: new URL(first.url).port });
  const back = new Client(again.url);
  back.accessToken = alice.accessToken;
  const kept = await back.json('GET', `/photos/${upload.body.photoId}/shares`);
  t.equal(kept.body.items[0].views, 5, 'a graceful stop writes the views still pending');
  t.equal((await fetch(share.body.url)).status, 200);
  await new Promise((resolve) => setTimeout(resolve, 1200));
  t.equal((await back.json('GET', `/photos/${upload.body.photoId}/shares`)).body.items[0].views, 6);
});
