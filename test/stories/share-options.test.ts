import t from 'tap';
import { Client, fetchBytes, fetchWhenPrepared } from '../helpers/client.js';
import { metadataOf } from '../helpers/images.js';
import { fixture, startTestService } from '../helpers/service.js';

const HTML = { accept: 'text/html' };
const JSON_TYPE = { 'content-type': 'application/json' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function post(url: string, body: string, headers: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', body, headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

t.test('a link with a password gives nothing before the password, then lets that browser in', async (t) => {
  const { url } = await startTestService(t, { LABELS: 'off' });
  const ann = new Client(url);
  await ann.signUpAndLogin('ann@example.com');
  const upload = await ann.upload(fixture('iphone4s-orient6-gps.jpg'), 'secret-garden.jpg', { title: 'Our secret garden' });
  const photo = await ann.waitForPhoto(upload.body.photoId);

  const created = await ann.json('POST', `/photos/${photo.photoId}/share`, { password: 'open sesame', maxViews: 3 });
  t.equal(created.status, 201);
  t.match(created.body, { kind: 'photo', hasPassword: true, allowDownload: false, maxViews: 3, views: 0, state: 'live' });
  t.notOk('passwordHash' in created.body || JSON.stringify(created.body).includes('scrypt'), 'the hash never leaves');
  const link = created.body.url as string;

  const page = await fetch(link, { headers: HTML });
  t.equal(page.status, 401);
  const html = await page.text();
  t.match(html, /<form method="post" action="\/s\/[A-Za-z0-9_-]+\/unlock">/, 'a form that posts the password');
  for (const secret of ['secret', 'garden', photo.photoId, '/cdn/', 'og:image', 'iPhone']) {
    t.notOk(html.toLowerCase().includes(secret.toLowerCase()), `the page says nothing of ${secret}`);
  }
  t.equal(page.headers.get('cache-control'), 'no-store');
  const asJson = await fetchBytes(link);
  t.equal(asJson.status, 401);
  t.same(JSON.parse(asJson.body.toString()).error.code, 'password_required');
  t.equal((await fetchBytes(`${link}?password=open%20sesame`)).status, 401, 'a password in the URL is not taken');

  const wrongJson = await post(`${link}/unlock`, JSON.stringify({ password: 'guess' }), JSON_TYPE);
  t.equal(wrongJson.status, 401);
  t.equal(JSON.parse(wrongJson.text).error.code, 'wrong_password');
  const wrongForm = await post(`${link}/unlock`, 'password=guess2', { ...FORM, ...HTML });
  t.equal(wrongForm.status, 401);
  t.match(wrongForm.text, /not the password/, 'the form again, saying so');
  t.notOk(wrongForm.headers.get('set-cookie'), 'and no cookie');

  const right = await post(`${link}/unlock`, `password=${encodeURIComponent('open sesame')}`, { ...FORM, ...HTML });
  t.equal(right.status, 303, 'the form goes back to the link');
  t.equal(right.headers.get('location'), new URL(link).pathname);
  const setCookie = right.headers.get('set-cookie') ?? '';
  t.match(setCookie, /^share_unlock=[^;]+;/);
  t.match(setCookie, /Path=\/s\/[A-Za-z0-9_-]+(;|$)/, 'scoped to this link');
  t.match(setCookie, /HttpOnly/);
  t.match(setCookie, /SameSite=Lax/);
  const cookie = setCookie.split(';')[0]!;

  const image = await fetchBytes(link, { cookie });
  t.equal(image.status, 200, 'with the cookie: the photo');
  t.equal(image.headers.get('content-type'), 'image/jpeg');
  t.match(await metadataOf(image.body), { exif: false, gps: false }, 'without EXIF or location');
  t.equal((await fetchBytes(`${link}/download`, { cookie })).status, 403, 'no download unless allowed');

  const other = await ann.json('POST', `/photos/${photo.photoId}/share`, { password: 'another one' });
  t.equal((await fetchBytes(other.body.url, { cookie })).status, 401, "one link's cookie opens no other link");
  t.equal((await fetchBytes(link, { cookie: 'share_unlock=9999999999999.forged' })).status, 401, 'nor does a forged one');

  const head = await fetch(link, { method: 'HEAD', headers: { cookie } });
  t.equal(head.status, 200, 'a HEAD answers');
  const revalidated = await fetchBytes(link, { cookie, 'if-none-match': image.headers.get('etag')! });
  t.equal(revalidated.status, 304, 'a revalidation answers 304');
  t.equal((await fetchBytes(link, { cookie })).status, 200, 'neither used up a view');
  t.equal(
    (await fetchBytes(`${link}?cursor=anything`, { cookie, 'if-none-match': '"not-it"' })).status,
    200,
    'three views: a stray cursor or a stale ETag is a visit like any other',
  );
  const fourth = await fetchBytes(link, { cookie });
  t.equal(fourth.status, 410, 'then maxViews is reached');
  t.equal(JSON.parse(fourth.body.toString()).error.code, 'used_up');
  const listed = await ann.json('GET', `/photos/${photo.photoId}/shares`);
  t.match(
    listed.body.items.find((s: { shareId: string }) => s.shareId === created.body.shareId),
    { views: 3, state: 'used_up' },
  );

  // Wrong guesses slow down: five free, then each must wait (SignInGuard's delays, per link and address), even
  // when they are sent all at once.
  const guarded = other.body.url as string;
  const statuses = await Promise.all(
    Array.from({ length: 20 }, (_, i) => post(`${guarded}/unlock`, JSON.stringify({ password: `nope${i}` }), JSON_TYPE)),
  ).then((answers) => answers.map((answer) => answer.status).sort());
  t.same(statuses, [...Array<number>(5).fill(401), ...Array<number>(15).fill(429)], 'five checked, fifteen refused');
  const blocked = await post(`${guarded}/unlock`, JSON.stringify({ password: 'another one' }), JSON_TYPE);
  t.equal(blocked.status, 429, 'even the right password must wait');
  t.ok(Number(blocked.headers.get('retry-after')) >= 1, 'with Retry-After');
});

t.test('allowDownload offers the full-size photo as a file, without metadata', async (t) => {
  const { url } = await startTestService(t, { LABELS: 'off' });
  const ann = new Client(url);
  await ann.signUpAndLogin('ann@example.com');
  const upload = await ann.upload(fixture('iphone4s-orient6-gps.jpg'), 'p.jpg');
  const photo = await ann.waitForPhoto(upload.body.photoId);
  const created = await ann.json('POST', `/photos/${photo.photoId}/share`, { allowDownload: true });
  t.match(created.body, { allowDownload: true, hasPassword: false, maxViews: null });
  const file = await fetchWhenPrepared(`${created.body.url}/download`, (u) => fetchBytes(u));
  t.equal(file.status, 200);
  t.match(file.headers.get('content-disposition'), /^attachment; filename="photo\.jpg"$/);
  const meta = await metadataOf(file.body);
  t.equal(meta.width, photo.width, 'full size');
  t.match(meta, { exif: false, gps: false }, 'no EXIF, so no location');

  for (const [body, why] of [
    [{ password: 'abc' }, 'a password too short'],
    [{ password: 'x'.repeat(201) }, 'too long'],
    [{ maxViews: 0 }, 'maxViews of none'],
    [{ maxViews: 1.5 }, 'half a view'],
    [{ allowDownload: 'yes' }, 'not a boolean'],
    [{ passcode: 'abcd' }, 'an unknown option'],
  ] as const) {
    const res = await ann.json('POST', `/photos/${photo.photoId}/share`, body);
    t.equal(res.status, 400, why);
    t.ok(res.body.error.code);
  }
  for (const [body, why] of [
    ['{}', 'no password'],
    [JSON.stringify({ password: 'x'.repeat(201) }), 'one too long'],
    [JSON.stringify({ password: 'abcd', extra: 1 }), 'an unknown field'],
  ] as const) {
    const res = await post(`${created.body.url}/unlock`, body, JSON_TYPE);
    t.equal(res.status, 400, `unlock: ${why}`);
    t.ok(JSON.parse(res.text).error.code, 'in the error envelope');
  }
  const missing = await post(`${url}/s/${'A'.repeat(43)}/unlock`, JSON.stringify({ password: 'whatever' }), JSON_TYPE);
  t.equal(missing.status, 404, 'an unknown link says so before any password is looked at');
});
