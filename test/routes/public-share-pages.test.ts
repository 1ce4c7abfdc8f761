import { Readable } from 'node:stream';
import t from 'tap';
import { buildTestApp, injectJson, TEST_ORIGIN, type TestApp } from '../helpers/app.js';

// The public pages of share links (issue 16): what a browser, a chat's crawler and an API client each get.

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const IMAGE = { accept: 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8' };
const SLACK = { ...HTML, 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' };

async function setUp(t: Parameters<typeof buildTestApp>[0]) {
  const testApp = await buildTestApp(t);
  const ana = await testApp.signIn('ana@example.com');
  const ready = async (overrides: Parameters<TestApp['readyPhoto']>[1] = {}) => {
    const photo = await testApp.readyPhoto(ana.userId, overrides);
    for (const variant of ['preview', 'thumbnail'] as const) {
      await testApp.adapters.blobs.put(
        photo.variants[variant]!.key,
        Readable.from([Buffer.from(`${variant} bytes`)]),
        'image/jpeg',
      );
    }
    return photo;
  };
  const post = (url: string, payload: object) =>
    injectJson(testApp.app, {
      method: 'POST',
      url,
      headers: { ...ana.headers, 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
  const get = (url: string, headers: Record<string, string> = {}) => testApp.app.inject({ url, headers });
  const views = async (photoId: string, shareId: string) => {
    const listed = await injectJson(testApp.app, { url: `/photos/${photoId}/shares`, headers: ana.headers });
    return listed.body.items.find((s: { shareId: string }) => s.shareId === shareId).views as number;
  };
  return { ...testApp, ana, ready, post, get, views };
}

const meta = (html: string, key: string) =>
  new RegExp(`<meta (?:property|name)="${key.replace(/[.:]/g, '\\$&')}" content="([^"]*)">`).exec(html)?.[1];
const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];
const hrefOf = (html: string, text: string) =>
  new RegExp(`<a [^>]*href="([^"]+)"[^>]*>${text}</a>`).exec(html)?.[1]?.replaceAll('&amp;', '&');

t.test('a photo link is a page for a browser, the image for anyone else', async (t) => {
  const { get, post, ready, views } = await setUp(t);
  const photo = await ready({ title: 'Sunset <at> the pier' });
  const created = await post(`/photos/${photo.photoId}/share`, { allowDownload: true });
  const path = new URL(created.body.url).pathname;
  const token = path.split('/')[2]!;

  const page = await get(path, HTML);
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /^text\/html/);
  t.equal(titleOf(page.body), 'Sunset &lt;at&gt; the pier', "the tab says the photo's title, escaped");
  t.notOk(titleOf(page.body)!.includes(token), 'never the token');
  t.match(page.body, /Shared by photoshare · link expires <time datetime="[^"]+">\d{1,2} \w+ \d{4}<\/time>/);
  t.match(page.headers['content-security-policy'], /default-src 'none'/);
  t.notMatch(page.headers['content-security-policy'], /script-src/, 'no script may run');
  t.notMatch(page.body, /<script/);
  t.equal(page.headers['cache-control'], 'private, no-store');
  t.match(page.body, /prefers-color-scheme:dark/, 'light and dark');

  t.equal(meta(page.body, 'og:title'), 'Sunset &lt;at&gt; the pier');
  t.equal(meta(page.body, 'og:type'), 'website');
  const ogImage = meta(page.body, 'og:image')!.replaceAll('&amp;', '&');
  t.match(ogImage, new RegExp(`^${TEST_ORIGIN}/s/${token}/image\\?t=`), 'og:image: an absolute URL of the image');
  t.equal(meta(page.body, 'og:image:width'), '10');
  t.equal(meta(page.body, 'og:image:height'), '10');
  t.equal(meta(page.body, 'twitter:card'), 'summary_large_image');
  const [, src] = /<img src="([^"]+)" width="10" height="10"/.exec(page.body) ?? [];
  t.equal(src?.replaceAll('&amp;', '&'), ogImage.slice(TEST_ORIGIN.length), 'the page shows the same image, drawn at its size');
  const download = hrefOf(page.body, 'Download');
  t.match(download, new RegExp(`^/s/${token}/download\\?t=`), 'a Download button, as the link allows it');

  const image = await get(ogImage.slice(TEST_ORIGIN.length), HTML);
  t.equal(image.statusCode, 200, 'the image answers whatever the Accept');
  t.equal(image.body, 'preview bytes');
  t.equal(await views(photo.photoId, created.body.shareId), 1, 'the page was the visit; its image is part of it');

  for (const headers of [{}, IMAGE, { accept: 'application/json' }]) {
    const bytes = await get(path, headers);
    t.equal(bytes.statusCode, 200);
    t.equal(bytes.body, 'preview bytes', `Accept ${JSON.stringify(headers)}: the bytes, as before`);
  }
  t.equal(await views(photo.photoId, created.body.shareId), 4, 'each a visit, as before');

  const untitled = await ready();
  const plain = await post(`/photos/${untitled.photoId}/share`, {});
  const plainPage = (await get(new URL(plain.body.url).pathname, HTML)).body;
  t.equal(titleOf(plainPage), 'A photo shared with you', 'no title: a sentence, not the token');
  t.equal(meta(plainPage, 'og:title'), 'A photo shared with you');
  t.notOk(hrefOf(plainPage, 'Download'), 'no Download unless allowed');
});

t.test('a link with a password: the form has no title and no card; a crawler gets nothing more', async (t) => {
  const { app, get, post, ready } = await setUp(t);
  const photo = await ready({ title: 'Private garden' });
  const created = await post(`/photos/${photo.photoId}/share`, { password: 'open sesame' });
  const path = new URL(created.body.url).pathname;
  for (const headers of [HTML, SLACK]) {
    const form = await get(path, headers);
    t.equal(form.statusCode, 401);
    t.equal(titleOf(form.body), 'Password required · photoshare');
    t.notMatch(form.body, /og:|twitter:|Private|garden|<img/, 'no card, no title, no image');
  }
  t.equal((await get(`${path}/image`)).statusCode, 401, 'nor its image');

  const unlocked = await app.inject({
    method: 'POST',
    url: `${path}/unlock`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ password: 'open sesame' }),
  });
  const cookie = String(unlocked.headers['set-cookie']).split(';')[0]!;
  const page = await get(path, { ...HTML, cookie });
  t.equal(page.statusCode, 200);
  t.equal(titleOf(page.body), 'Private garden', 'the photo, once the password is given');
  t.notOk(meta(page.body, 'og:image'), 'still no card: a crawler could not see it');
  const [, src] = /<img src="([^"]+)"/.exec(page.body) ?? [];
  t.equal((await get(src!.replaceAll('&amp;', '&'))).statusCode, 401, 'the ticket does not stand in for the password');
  t.equal((await get(src!.replaceAll('&amp;', '&'), { cookie })).statusCode, 200);
});

t.test('maxViews: a chat crawler uses up no view; one page visit is one view, its image and download included', async (t) => {
  const { get, post, ready, views } = await setUp(t);
  const photo = await ready({ title: 'Only twice' });
  const created = await post(`/photos/${photo.photoId}/share`, { maxViews: 2, allowDownload: true });
  const path = new URL(created.body.url).pathname;

  for (const headers of [SLACK, { 'user-agent': 'facebookexternalhit/1.1', accept: '*/*' }]) {
    const card = await get(path, headers);
    t.equal(card.statusCode, 200);
    t.equal(titleOf(card.body), 'A photo shared with you', 'the crawler gets a card that names nothing');
    t.notOk(meta(card.body, 'og:image'), 'and shows no image');
    t.notMatch(card.body, /Only twice|<img/);
  }
  t.equal(await views(photo.photoId, created.body.shareId), 0, 'crawlers used up no view');

  const page = await get(path, HTML);
  t.equal(page.statusCode, 200);
  t.equal(titleOf(page.body), 'Only twice');
  t.notOk(meta(page.body, 'og:image'), 'a maxViews link never carries its image in a card');
  t.equal(meta(page.body, 'og:title'), 'A photo shared with you');
  const [, src] = /<img src="([^"]+)"/.exec(page.body) ?? [];
  const image = src!.replaceAll('&amp;', '&');
  const download = hrefOf(page.body, 'Download')!;
  t.equal((await get(image)).statusCode, 200);
  t.equal((await get(image)).statusCode, 200, 'reloaded');
  t.equal(await views(photo.photoId, created.body.shareId), 1, 'one page visit, one view');

  t.equal((await get(`${path}/image`)).statusCode, 200, 'the image without the page’s ticket is a visit of its own');
  t.equal(await views(photo.photoId, created.body.shareId), 2);
  t.equal((await get(path, HTML)).statusCode, 410, 'then the link is used up');
  t.equal((await get(image)).statusCode, 200, 'the last page still shows its image (its ticket)');
  const file = await get(download);
  t.not(file.statusCode, 410, `and its download is part of that visit (${file.statusCode})`);
  t.equal((await get(`${path}/image?t=9999999999999.forged`)).statusCode, 410, 'a forged ticket is none');
});

t.test(
  'an album link: a grid of links to photo pages, Previous / Next / Back without script, a card with the cover',
  async (t) => {
    const { get, post, ready, clock } = await setUp(t);
    const photos = [];
    for (const title of ['First', 'Second', 'Third']) {
      photos.push(await ready({ title, takenAt: new Date(clock.now().getTime() - photos.length * 60_000).toISOString() }));
    }
    const album = await post('/albums', { title: 'Reef <dive>' });
    await post(`/albums/${album.body.albumId}/photos`, { photoIds: photos.map((p) => p.photoId) });
    const created = await post(`/albums/${album.body.albumId}/share`, { allowDownload: true });
    const path = new URL(created.body.url).pathname;

    const grid = await get(path, HTML);
    t.equal(grid.statusCode, 200);
    t.equal(titleOf(grid.body), 'Reef &lt;dive&gt;');
    t.equal(meta(grid.body, 'og:title'), 'Reef &lt;dive&gt;');
    t.match(
      meta(grid.body, 'og:image'),
      new RegExp(`^${TEST_ORIGIN}${path}/photos/[\\w-]+/preview\\?t=`),
      'the cover in the card',
    );
    const tiles = [...grid.body.matchAll(/<li id="photo-([\w-]+)"><a href="([^"]+)"><img src="([^"]+)"/g)];
    t.equal(tiles.length, 3);
    const firstView = tiles[0]![2]!.replaceAll('&amp;', '&');
    t.match(firstView, new RegExp(`^${path}/view/${tiles[0]![1]}\\?t=`), 'each tile opens its photo’s page');

    const first = await get(firstView, HTML);
    t.equal(first.statusCode, 200);
    t.match(first.headers['content-type'], /^text\/html/);
    t.notMatch(first.headers['content-security-policy'], /script-src/);
    const order = tiles.map((tile) => tile[1]);
    const firstPhoto = photos.find((p) => p.photoId === order[0])!;
    t.equal(titleOf(first.body), `${firstPhoto.title} · Reef &lt;dive&gt;`);
    t.notOk(hrefOf(first.body, '← Previous'), 'no Previous on the first photo');
    t.match(hrefOf(first.body, 'Back to album'), new RegExp(`^${path}\\?t=[^#]+#photo-${order[0]}$`));
    t.match(hrefOf(first.body, 'Download'), new RegExp(`^${path}/photos/${order[0]}/download\\?t=`));
    const second = await get(hrefOf(first.body, 'Next →')!, HTML);
    t.match(second.body, new RegExp(`<img src="${path}/photos/${order[1]}/preview\\?t=`), 'Next: the second photo');
    const third = await get(hrefOf(second.body, 'Next →')!, HTML);
    t.notOk(hrefOf(third.body, 'Next →'), 'no Next on the last');
    const back = await get(hrefOf(third.body, '← Previous')!, HTML);
    t.match(back.body, new RegExp(`/photos/${order[1]}/preview`), 'Previous goes back');
    t.equal((await get(hrefOf(back.body, 'Back to album')!, HTML)).statusCode, 200);
  },
);

t.test('album links with maxViews: browsing the photos of a visit is that visit', async (t) => {
  const { app, ana, clock, get, post, ready } = await setUp(t);
  const photos = [await ready({ title: 'A' }), await ready({ title: 'B' })];
  const album = await post('/albums', { title: 'Twice' });
  await post(`/albums/${album.body.albumId}/photos`, { photoIds: photos.map((p) => p.photoId) });
  const created = await post(`/albums/${album.body.albumId}/share`, { maxViews: 1 });
  const path = new URL(created.body.url).pathname;
  const views = async () => {
    const listed = await injectJson(app, { url: `/albums/${album.body.albumId}/shares`, headers: ana.headers });
    return listed.body.items[0].views as number;
  };

  const card = await get(path, SLACK);
  t.equal(titleOf(card.body), 'An album shared with you', 'the crawler: a card naming nothing');
  t.notMatch(card.body, /Twice|<img/);
  t.equal(await views(), 0);

  const grid = await get(path, HTML);
  t.notOk(meta(grid.body, 'og:image'), 'no cover in the card of a maxViews link');
  const [, view] = /<li id="photo-[\w-]+"><a href="([^"]+)"/.exec(grid.body) ?? [];
  const photo = await get(view!.replaceAll('&amp;', '&'), HTML);
  t.equal(photo.statusCode, 200, 'the photo page of the last visit');
  const next = await get(hrefOf(photo.body, 'Next →')!, HTML);
  t.equal(next.statusCode, 200, 'and the next');
  const back = await get(hrefOf(next.body, 'Back to album')!, HTML);
  t.equal(back.statusCode, 200, 'and back to the album: all one visit');
  t.equal(await views(), 1);
  t.equal((await get(path, HTML)).statusCode, 410, 'a new visit is one too many');
  t.equal((await get(`${path}/view/${photos[0]!.photoId}`, HTML)).statusCode, 410, 'so is a photo page without a ticket');
  const bad = await get(`${path}/view/${photos[0]!.photoId}?t=1.2.3`, HTML);
  t.equal(bad.statusCode, 410);
  t.match(bad.body, /Link no longer available/, 'as a readable page');
  t.equal((await get(`${path}/view/nope`, HTML)).statusCode, 410);
  clock.advance(600_000);
  t.equal(
    (await get(hrefOf(next.body, '← Previous')!, HTML)).statusCode,
    410,
    'a visit lasts ten minutes: then its links stop too',
  );
});

t.test('the album viewer answers like the link for refusals', async (t) => {
  const { app, get, post, ready } = await setUp(t);
  const photo = await ready();
  const shared = await post(`/photos/${photo.photoId}/share`, {});
  const photoPath = new URL(shared.body.url).pathname;
  t.equal((await get(`${photoPath}/view/${photo.photoId}`, HTML)).statusCode, 404, 'a photo link has no album viewer');
  t.equal((await get('/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/view/x', HTML)).statusCode, 404);
  const image = await injectJson(app, { url: '/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/image' });
  t.same(image.body.error.code, 'not_found', 'API clients get the envelope');
});

t.test('unknown paths: a page for a browser, the JSON envelope for API clients', async (t) => {
  const { get, app } = await setUp(t);
  for (const path of ['/nope', '/photos/abc/xyz', '/s/abc/nope/more']) {
    const page = await get(path, HTML);
    t.equal(page.statusCode, 404);
    t.match(page.headers['content-type'], /^text\/html/);
    t.equal(titleOf(page.body), 'Page not found · photoshare');
    t.match(page.body, /<a class="button" href="\/">/, 'with the way home');
    t.match(page.headers['content-security-policy'], /default-src 'none'/);
    t.notMatch(page.body, /<script/);
  }
  for (const headers of [{}, { accept: 'application/json' }, { accept: '*/*' }]) {
    const api = await injectJson(app, { url: '/nope', headers });
    t.equal(api.status, 404);
    t.same(api.body, { error: { code: 'not_found', message: 'No route for GET /nope' } }, 'exactly as before');
  }
  const posted = await injectJson(app, { method: 'POST', url: '/nope', headers: HTML });
  t.same(posted.body, { error: { code: 'not_found', message: 'No route for POST /nope' } }, 'only GET gets the page');
});
