import t from 'tap';
import { Client, fetchBytes } from '../helpers/client.js';
import { distinctJpeg } from '../helpers/images.js';
import { fixture, startTestService } from '../helpers/service.js';

interface SharedAlbum {
  kind: string;
  title: string;
  photoCount: number;
  items: { photoId: string; urls: { thumbnail: string; preview: string; download: string | null } }[];
  nextCursor: string | null;
}

const JSON_TYPE = { 'content-type': 'application/json' };

t.test('an album link shows the album as it is now, and only through the link', async (t) => {
  const { url } = await startTestService(t, { LABELS: 'off' });
  const ann = new Client(url);
  await ann.signUpAndLogin('ann@example.com');
  const ben = new Client(url);
  await ben.signUpAndLogin('ben@example.com');
  const jpeg = fixture('nokia-starfish-gps.jpg');
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    const res = await ann.upload(distinctJpeg(jpeg, i), `p${i}.jpg`);
    ids.push((await ann.waitForPhoto(res.body.photoId)).photoId);
  }
  const { albumId } = (await ann.json('POST', '/albums', { title: 'Reef <dive>', description: 'Our trip' })).body;
  await ann.json('POST', `/albums/${albumId}/photos`, { photoIds: ids.slice(0, 2) });

  const created = await ann.json('POST', `/albums/${albumId}/share`, { maxViews: 3 });
  t.equal(created.status, 201);
  t.match(created.body, { kind: 'album', albumId, photoId: null, hasPassword: false, allowDownload: false, maxViews: 3 });
  const link = created.body.url as string;
  const listed = await ann.json('GET', `/albums/${albumId}/shares`);
  t.same(
    listed.body.items.map((s: { shareId: string }) => s.shareId),
    [created.body.shareId],
    "the album's links",
  );

  const view = async (): Promise<SharedAlbum> => JSON.parse((await fetchBytes(link)).body.toString()) as SharedAlbum;
  const first = await view();
  t.match(first, { kind: 'album', title: 'Reef <dive>', photoCount: 2 });
  t.same(first.items.map((p) => p.photoId).sort(), ids.slice(0, 2).sort());
  const image = await fetchBytes(first.items[0]!.urls.thumbnail);
  t.equal(image.status, 200);
  t.equal(image.headers.get('content-type'), 'image/jpeg');
  t.equal((await fetchBytes(first.items[0]!.urls.preview)).status, 200);
  t.equal(first.items[0]!.urls.download, null, 'no download unless allowed');
  t.equal((await fetchBytes(first.items[0]!.urls.thumbnail.replace('/thumbnail?', '/download?'))).status, 403);
  t.equal((await fetchBytes(`${link}/photos/${ids[3]}/thumbnail`)).status, 404, 'a photo not in the album is not shown');
  const bens = (await ben.upload(jpeg, 'his.jpg')).body.photoId;
  t.equal((await fetchBytes(`${link}/photos/${bens}/thumbnail`)).status, 404, "nor someone else's");

  await ann.json('POST', `/albums/${albumId}/photos`, { photoIds: [ids[2]] });
  await ann.json('DELETE', `/albums/${albumId}/photos`, { photoIds: [ids[0]] });
  const second = await view();
  t.same(second.items.map((p) => p.photoId).sort(), [ids[1], ids[2]].sort(), 'a photo added later shows, a removed one not');
  t.equal((await fetchBytes(`${link}/photos/${ids[0]}/thumbnail`)).status, 404, "and the removed one's image stops");
  t.equal((await ann.request('DELETE', `/photos/${ids[1]}`)).status, 204);
  t.equal((await fetchBytes(`${link}/photos/${ids[1]}/preview`)).status, 404, 'nor does a trashed one');

  const html = await fetch(link, { headers: { accept: 'text/html' } });
  t.equal(html.status, 200, 'the third visit (images are not visits)');
  const lastPage = await html.text();
  t.match(lastPage, /<h1>Reef &lt;dive&gt;<\/h1>/, 'a page, its title escaped');
  const [, lastThumbnail] = /<img src="([^"]+)"/.exec(lastPage) ?? [];
  t.equal((await fetch(link, { headers: { accept: 'text/html' } })).status, 410, 'the fourth is one too many');
  t.equal(
    (await fetchBytes(lastThumbnail!.replaceAll('&amp;', '&'))).status,
    200,
    "the last visit's page still shows its images (a ticket in each URL)",
  );
  t.equal((await fetchBytes(`${link}/photos/${ids[2]}/thumbnail`)).status, 410, 'without a ticket they stop with the link');
  t.equal((await fetchBytes(`${link}/photos/${ids[2]}/thumbnail?t=9999999999999.forged`)).status, 410, 'a forged ticket is none');

  t.equal((await ben.json('POST', `/albums/${albumId}/share`, {})).status, 404, "ben cannot share ann's album");
  t.equal((await ben.json('GET', `/albums/${albumId}/shares`)).status, 404);
  t.equal((await ann.json('POST', `/albums/${albumId}/share`, { variant: 'original' })).status, 400, 'variant is for photos');

  const again = await ann.json('POST', `/albums/${albumId}/share`, {});
  t.equal((await ann.request('DELETE', `/shares/${again.body.shareId}`)).status, 204);
  t.equal((await fetchBytes(again.body.url)).status, 410, 'revoked at once');
});

t.test('an album link with a password shows nothing of the album before it', async (t) => {
  const { url } = await startTestService(t, { LABELS: 'off' });
  const ann = new Client(url);
  await ann.signUpAndLogin('ann@example.com');
  const photo = await ann.waitForPhoto((await ann.upload(fixture('nokia-starfish-gps.jpg'), 'p.jpg')).body.photoId);
  const { albumId } = (await ann.json('POST', '/albums', { title: 'Family secrets' })).body;
  await ann.json('POST', `/albums/${albumId}/photos`, { photoIds: [photo.photoId] });
  const created = await ann.json('POST', `/albums/${albumId}/share`, { password: 'letmein!', allowDownload: true });
  const link = created.body.url as string;

  const page = await fetch(link, { headers: { accept: 'text/html' } });
  t.equal(page.status, 401);
  const html = await page.text();
  for (const secret of ['Family', 'secrets', photo.photoId, '<img']) t.notOk(html.includes(secret), `nothing of ${secret}`);
  t.equal((await fetchBytes(`${link}/photos/${photo.photoId}/thumbnail`)).status, 401, 'nor its images');

  const unlocked = await fetch(`${link}/unlock`, {
    method: 'POST',
    headers: JSON_TYPE,
    body: JSON.stringify({ password: 'letmein!' }),
  });
  t.equal(unlocked.status, 200);
  const cookie = (unlocked.headers.get('set-cookie') ?? '').split(';')[0]!;
  const open = await fetch(link, { headers: { accept: 'text/html', cookie } });
  t.equal(open.status, 200);
  const opened = await open.text();
  t.match(opened, /<h1>Family secrets<\/h1>/, 'the album, once the password is given');
  t.match(opened, new RegExp(`/photos/${photo.photoId}/thumbnail`));
  const download = await fetchBytes(`${link}/photos/${photo.photoId}/download`, { cookie });
  t.ok([200, 503].includes(download.status), `the download is offered (${download.status})`);
});
