import t from 'tap';
import { Client, fetchBytes } from '../helpers/client.js';
import { SteppedClock } from '../helpers/manual-clock.js';
import { fixture, startTestService } from '../helpers/service.js';

// GET /photos reuses pages it has built (PageCache) while the user's library
// version and the URL window hold. These tests look for a stale page.

const titles = (body: { items: { title: string }[] }) => body.items.map((p) => p.title);

t.test('a listing never shows a page older than the last change, whoever made it', async (t) => {
  const api = await startTestService(t);
  const alice = new Client(api.url);
  await alice.signUpAndLogin('alice@example.com');
  const first = await alice.upload(fixture('nokia-starfish-gps.jpg'), 'starfish.jpg', { title: 'Starfish' });
  await alice.waitForPhoto(first.body.photoId);

  const before = await alice.json('GET', '/photos?limit=10');
  t.same(titles(before.body), ['Starfish']);
  t.match(before.body.items[0], { status: 'ready', urls: { thumbnail: /^http/ } });
  const again = await alice.request('GET', '/photos?limit=10');
  t.equal(again.headers.get('content-type'), 'application/json; charset=utf-8');
  t.same(await again.json(), before.body, 'the same page while nothing changed');

  await alice.json('PATCH', `/photos/${first.body.photoId}`, { title: 'Sea star' });
  t.same(titles((await alice.json('GET', '/photos?limit=10')).body), ['Sea star'], 'an edit shows at once');

  const second = await alice.upload(fixture('xiaomi-mi3-13mp.jpg'), 'xiaomi.jpg', { title: 'Xiaomi' });
  const listed = await alice.json('GET', '/photos?limit=10');
  t.same(titles(listed.body), ['Xiaomi', 'Sea star'], 'an upload shows at once');
  await alice.waitForPhoto(second.body.photoId);
  t.match(
    (await alice.json('GET', '/photos?limit=10')).body.items[0],
    { status: 'ready', urls: { preview: /^http/ } },
    "the worker's result shows",
  );

  const onePerPage = await alice.json('GET', '/photos?limit=1');
  const next = await alice.json('GET', `/photos?limit=1&cursor=${encodeURIComponent(onePerPage.body.nextCursor)}`);
  t.same(titles(next.body), ['Sea star'], 'pages after a cursor are their own entries');

  // A second API on the same data, as another process would be: its change must show in the first one's listing.
  const other = await startTestService(t, { DATA_DIR: api.dataDir, PUBLIC_URL: api.url, ROLE: 'api', LISTING_CACHE_MB: '0' });
  const elsewhere = new Client(other.url);
  elsewhere.accessToken = alice.accessToken;
  t.same(
    (await elsewhere.json('GET', '/photos?limit=10')).body,
    (await alice.json('GET', '/photos?limit=10')).body,
    'with no cache the same page is built',
  );
  await elsewhere.json('PATCH', `/photos/${first.body.photoId}`, { title: 'Changed elsewhere' });
  t.same(
    titles((await alice.json('GET', '/photos?limit=10')).body),
    ['Xiaomi', 'Changed elsewhere'],
    "another process's change shows",
  );
  t.equal((await elsewhere.request('DELETE', `/photos/${second.body.photoId}`)).status, 204);
  t.same(titles((await alice.json('GET', '/photos?limit=10')).body), ['Changed elsewhere'], "another process's delete shows");

  const bob = new Client(api.url);
  await bob.signUpAndLogin('bob@example.com');
  t.same((await bob.json('GET', '/photos?limit=10')).body, { items: [], nextCursor: null }, "never another user's page");
  t.same(titles((await alice.json('GET', '/photos?limit=10&tag=%20Missing')).body), [], 'a tag is part of the page');
});

t.test('a listing kept across a URL window gets fresh signed URLs', async (t) => {
  const WINDOW_MS = 3600_000; // the default window
  const clock = new SteppedClock();
  const api = await startTestService(t, { SIGNED_URL_SECONDS: String(WINDOW_MS / 1000) }, { clock });
  const alice = new Client(api.url);
  await alice.signUpAndLogin('alice@example.com');
  const upload = await alice.upload(fixture('nokia-starfish-gps.jpg'), 'starfish.jpg');
  await alice.waitForPhoto(upload.body.photoId);
  const expiresOf = (url: string) => Number(new URL(url).searchParams.get('Expires')) * 1000;
  const thumbnail = async () => (await alice.json('GET', '/photos')).body.items[0].urls.thumbnail as string;

  const before = await thumbnail();
  t.equal(await thumbnail(), before, 'the same URLs within a window');
  // URLs expire at the end of the window after the current one: the next window starts one window before that.
  const nextWindow = expiresOf(before) - WINDOW_MS;
  clock.advance(Math.max(0, nextWindow - clock.now().getTime() - 1000));
  t.equal(await thumbnail(), before, 'still the same page a second before the window ends');
  clock.advance(Math.max(0, nextWindow - clock.now().getTime() + 50));
  const after = await thumbnail();
  t.not(after, before, 'a new window, a new page');
  t.equal(expiresOf(after) - expiresOf(before), WINDOW_MS, 'its URLs expire one window later');
  t.ok(expiresOf(after) - clock.now().getTime() >= WINDOW_MS, 'and stay valid for at least a window');
  t.equal((await fetchBytes(after)).status, 200, 'and are accepted');
});
