import t from 'tap';
import { Client } from '../helpers/client.js';
import { fixture, startTestService } from '../helpers/service.js';

// `npm test` builds web/dist before tap runs.
t.test('the API serves the built front end with a strict content security policy', async (t) => {
  const svc = await startTestService(t, { MAX_UPLOAD_BYTES: '1234567' });
  const page = await fetch(`${svc.url}/`);
  t.equal(page.status, 200);
  t.match(page.headers.get('content-type'), /^text\/html/);
  t.match(page.headers.get('content-security-policy'), /default-src 'self'.*script-src 'self'/);
  t.equal(page.headers.get('x-content-type-options'), 'nosniff');
  const html = await page.text();
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  t.ok(script, 'the page loads its bundle');
  const bundle = await fetch(`${svc.url}${script}`);
  t.equal(bundle.status, 200);
  t.match(bundle.headers.get('cache-control'), /immutable/, 'hashed assets are cached for good');
  t.same(
    await (await fetch(`${svc.url}/settings`)).json(),
    { maxUploadBytes: 1234567, maxUploadsInFlight: 4 },
    'the upload limits, for the uploader',
  );
  t.equal((await fetch(`${svc.url}/no-such-page`)).status, 404);
});

t.test('the original download link, as JSON for a browser that cannot follow a redirect with its token', async (t) => {
  const svc = await startTestService(t);
  const alice = new Client(svc.url);
  await alice.signUpAndLogin('alice@example.com');
  const upload = await alice.upload(fixture('nokia-starfish-gps.jpg'), 'starfish.jpg');
  const asJson = await alice.json('GET', `/photos/${upload.body.photoId}/original`, undefined, { accept: 'application/json' });
  t.equal(asJson.status, 200);
  t.ok(Date.parse(asJson.body.expiresAt) > Date.now());
  const download = await fetch(asJson.body.url);
  t.equal(download.status, 200);
  t.same(Buffer.from(await download.arrayBuffer()), fixture('nokia-starfish-gps.jpg'), 'the very bytes uploaded');
  const redirect = await alice.request('GET', `/photos/${upload.body.photoId}/original`);
  t.equal(redirect.status, 302, 'other clients still get the redirect');
});

t.test("a reload of an app page gets the app; the API's calls to the same paths still get JSON", async (t) => {
  const svc = await startTestService(t);
  const alice = new Client(svc.url);
  await alice.signUpAndLogin('pages@example.com');
  const upload = await alice.upload(fixture('nokia-starfish-gps.jpg'), 'starfish.jpg');
  const browserAccept = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
  for (const path of [
    `/photos/${upload.body.photoId}`,
    '/albums',
    '/albums/AAAAAAAAAAAAAAAAAAAAAA',
    '/trash',
    '/favorites',
    '/search?q=beach',
    '/account',
  ]) {
    const page = await fetch(`${svc.url}${path}`, { headers: browserAccept });
    t.equal(page.status, 200, `${path}: the app`);
    t.match(page.headers.get('content-type'), /^text\/html/);
    t.match(page.headers.get('content-security-policy'), /script-src 'self'/, 'with its policy');
  }
  const api = await alice.json('GET', `/photos/${upload.body.photoId}`, undefined, browserAccept);
  t.equal(api.status, 200, 'with a token: the API');
  t.equal(api.body.photoId, upload.body.photoId);
  const anonymous = await fetch(`${svc.url}/photos/${upload.body.photoId}`);
  t.equal(anonymous.status, 401, 'an API client without a token: refused, as before');
  t.equal(
    (await fetch(`${svc.url}/photos/${upload.body.photoId}/original`, { headers: browserAccept })).status,
    401,
    'not every path under /photos is a page',
  );
});
