import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { Client, fetchBytes, waitFor } from '../helpers/client.js';
import { distinctJpeg } from '../helpers/images.js';
import { fixture, startTestService } from '../helpers/service.js';

const PASSWORD = 'correct-horse-9';

t.test('deleting an account over HTTP: everything of it goes, another account stays', async (t) => {
  const { url, dataDir } = await startTestService(t, { LABELS: 'off' });
  const ann = new Client(url);
  const bob = new Client(url);
  const annId = await ann.signUpAndLogin('ann@example.com');
  const bobId = await bob.signUpAndLogin('bob@example.com');
  const jpeg = fixture('nokia-starfish-gps.jpg');

  const annPhotos: any[] = [];
  for (let i = 0; i < 3; i++) {
    const upload = await ann.upload(distinctJpeg(jpeg, i), `p${i}.jpg`);
    annPhotos.push(await ann.waitForPhoto(upload.body.photoId));
  }
  const bobUpload = await bob.upload(distinctJpeg(jpeg, 9), 'bob.jpg');
  const bobPhoto = await bob.waitForPhoto(bobUpload.body.photoId);

  const album = await ann.json('POST', '/albums', { title: 'Holidays' });
  await ann.json('POST', `/albums/${album.body.albumId}/photos`, { photoIds: [annPhotos[0].photoId, annPhotos[1].photoId] });
  const albumLink = (await ann.json('POST', `/albums/${album.body.albumId}/share`, {})).body.url as string;
  const photoLink = (await ann.json('POST', `/photos/${annPhotos[0].photoId}/share`, {})).body.url as string;
  const bobLink = (await bob.json('POST', `/photos/${bobPhoto.photoId}/share`, {})).body.url as string;
  t.equal((await ann.request('DELETE', `/photos/${annPhotos[2].photoId}`)).status, 204, 'one photo in the trash');
  const key = await ann.json('POST', '/api-keys', { name: 'backup', scopes: ['photos:read'] });
  const otherSignIn = await new Client(url).json('POST', '/auth/login', { email: 'ann@example.com', password: PASSWORD });
  const thumbnail = annPhotos[0].urls.thumbnail as string;
  t.equal((await fetchBytes(thumbnail)).status, 200, 'the image is served before');
  t.equal((await fetchBytes(photoLink)).status, 200, 'and the link');

  t.match(
    await ann.json('DELETE', '/me', { password: 'not-my-password-1' }),
    { status: 401, body: { error: { code: 'invalid_credentials' } } },
    'a wrong password deletes nothing',
  );
  t.match(await ann.json('DELETE', '/me', { password: PASSWORD }), { status: 202, body: { status: 'deleting' } });

  t.equal((await ann.request('GET', '/photos')).status, 401, 'the access token is refused at once');
  t.equal((await ann.request('POST', '/albums', { title: 'x' })).status, 401, 'for writes too');
  t.equal((await new Client(url).request('GET', '/photos', undefined, { 'x-api-key': key.body.key })).status, 401, 'and the key');
  t.equal((await fetchBytes(photoLink)).status, 404, 'the photo link is gone at once');
  t.equal((await fetchBytes(albumLink)).status, 404, 'and the album link');
  t.equal((await fetchBytes(thumbnail)).status, 404, 'and the image URLs');
  t.match(
    await new Client(url).json('POST', '/auth/login', { email: 'ann@example.com', password: PASSWORD }),
    { status: 401, body: { error: { code: 'invalid_credentials' } } },
    'no sign-in',
  );
  for (const refreshToken of [ann.refreshToken, otherSignIn.body.refreshToken]) {
    t.equal((await new Client(url).json('POST', '/auth/refresh', { refreshToken })).status, 401, 'no refresh');
  }

  const originals = path.join(dataDir, 'blobs', 'originals', annId);
  const processed = path.join(dataDir, 'blobs', 'processed', annId);
  const empty = (dir: string) => !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
  t.ok(await waitFor(() => empty(originals) && empty(processed), { timeoutMs: 15_000 }), 'the files are gone from DATA_DIR');

  t.equal((await bob.json('GET', `/photos/${bobPhoto.photoId}`)).status, 200, "bob's photo is there");
  t.equal((await fetchBytes(bobLink)).status, 200, 'and his link');
  t.equal((await fetchBytes(bobPhoto.urls.thumbnail)).status, 200, 'and his image');
  t.ok(fs.readdirSync(path.join(dataDir, 'blobs', 'originals', bobId)).length === 1, 'and his original');
});

t.test('signing out everywhere: every sign-in of the account ends', async (t) => {
  const { url } = await startTestService(t, { LABELS: 'off' });
  const ann = new Client(url);
  await ann.signUpAndLogin('ann@example.com');
  const laptop = new Client(url);
  await laptop.signUpAndLogin('bob@example.com');
  const phone = await new Client(url).json('POST', '/auth/login', { email: 'ann@example.com', password: PASSWORD });
  t.equal(phone.status, 200);

  t.equal((await ann.request('POST', '/auth/logout/everywhere')).status, 204);
  for (const [what, refreshToken] of [
    ['this sign-in', ann.refreshToken],
    ['the other one', phone.body.refreshToken],
  ]) {
    const res = await new Client(url).json('POST', '/auth/refresh', { refreshToken });
    t.match(res, { status: 401, body: { error: { code: 'invalid_refresh_token' } } }, `${what} can no longer refresh`);
  }
  const bobs = await new Client(url).json('POST', '/auth/refresh', { refreshToken: laptop.refreshToken });
  t.equal(bobs.status, 200, "another account's sign-in goes on");
});
