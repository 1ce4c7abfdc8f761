import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { Client, fetchBytes } from '../helpers/client.js';
import { fixture, freePort, startTestService } from '../helpers/service.js';

t.test('a restart with the same DATA_DIR keeps users, photos, shares and unfinished jobs', async (t) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'photoshare-restart-'));
  t.teardown(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const port = String(await freePort());

  // First life: the API alone, so the upload's job stays queued when it stops.
  const first = await startTestService(t, { DATA_DIR: dataDir, PORT: port, ROLE: 'api' });
  const alice = new Client(first.url);
  await alice.signUpAndLogin('alice@example.com');
  const upload = await alice.upload(fixture('nokia-starfish-gps.jpg'), 'starfish.jpg', { title: 'before restart' });
  t.equal(upload.status, 201);
  t.equal((await alice.json('GET', `/photos/${upload.body.photoId}`)).body.status, 'processing', 'no worker yet');
  const { refreshToken, accessToken } = alice;
  await first.stop();

  // Second life: API and worker; the queued job is finished.
  const second = await startTestService(t, { DATA_DIR: dataDir, PORT: port });
  const again = new Client(second.url);
  again.accessToken = accessToken;
  const photo = await again.waitForPhoto(upload.body.photoId);
  t.equal(photo.status, 'ready', 'the job queued before the restart was done after it');
  t.equal(photo.title, 'before restart');
  const login = await again.json('POST', '/auth/login', { email: 'alice@example.com', password: 'correct-horse-9' });
  t.equal(login.status, 200, 'the user is still there');
  t.equal((await again.json('POST', '/auth/refresh', { refreshToken })).status, 200, 'refresh tokens survive');
  const share = await again.json('POST', `/photos/${photo.photoId}/share`);
  t.equal(share.status, 201);
  await second.stop();

  // Third life: the share link and signing keys are the same.
  const third = await startTestService(t, { DATA_DIR: dataDir, PORT: port });
  t.equal((await fetchBytes(share.body.url)).status, 200, 'the share link still works');
  const later = new Client(third.url);
  later.accessToken = accessToken;
  const listed = await later.json('GET', '/photos');
  t.equal(listed.status, 200, 'an access token from before still verifies');
  t.equal(listed.body.items.length, 1);
  t.equal((await fetchBytes(listed.body.items[0].urls.thumbnail)).status, 200);
  const shares = await later.json('GET', `/photos/${photo.photoId}/shares`);
  t.equal(shares.body.items[0].views, 1);
});
