import t from 'tap';
import { launchBrowser } from '../helpers/browser.js';
import { Client } from '../helpers/client.js';
import { distinctJpeg } from '../helpers/images.js';
import { fixture, startTestService } from '../helpers/service.js';
import { shot, signInAt, thumbnailsLoaded } from '../helpers/web-app.js';

// Selection and what it does, albums, favourites, search and the trash, as a person uses them in Chromium.

t.test('select with shift, then favourite, add to an album, and move to the trash; restore and empty it', async (t) => {
  const svc = await startTestService(t);
  const owner = new Client(svc.url);
  await owner.signUpAndLogin('select@example.com');
  for (let i = 0; i < 5; i++)
    await owner.waitForPhoto(
      (await owner.upload(distinctJpeg(fixture('nokia-starfish-gps.jpg'), i), `sea-${i}.jpg`)).body.photoId,
    );
  const browser = await launchBrowser(t);
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await signInAt(page, svc.url, 'select@example.com');
  await thumbnailsLoaded(page, 5);
  const names = await page
    .locator('.tile')
    .evaluateAll((tiles) => tiles.map((el) => (el as any).getAttribute('aria-label') as string));

  // One checkbox, then shift on the fourth: the four between.
  await page.getByRole('checkbox', { name: names[0]!.replace('Open', 'Select') }).click();
  await page.getByRole('checkbox', { name: names[3]!.replace('Open', 'Select') }).click({ modifiers: ['Shift'] });
  const bar = page.getByRole('toolbar', { name: 'Selected photos' });
  await bar.getByText('4 selected').waitFor();
  t.pass('shift takes the range');
  // While something is selected, a click on a tile selects rather than opens.
  await page.locator('.tile').nth(4).click();
  await bar.getByText('5 selected').waitFor();
  t.equal(new URL(page.url()).pathname, '/', 'and opens nothing');
  await page.locator('.tile').nth(4).click();
  await bar.getByText('4 selected').waitFor();
  await shot(page, 'selection');

  await bar.getByRole('button', { name: 'Favourite' }).click();
  await page.getByText('Added 4 photos to favourites.').waitFor();
  const favourites = (await owner.json('GET', '/photos?favorite=true')).body.items;
  t.equal(favourites.length, 4, 'four favourites');

  await bar.getByRole('button', { name: 'Add to album' }).click();
  const picker = page.getByRole('dialog', { name: 'Add to album' });
  await picker.getByLabel('New album').fill('Seaside');
  await picker.getByRole('button', { name: 'Create and add' }).click();
  await page.getByText('Added 4 photos to “Seaside”.').waitFor();

  // The album, from the Albums page.
  await page.getByRole('navigation', { name: 'Library' }).getByRole('link', { name: 'Albums' }).click();
  await page.getByRole('link', { name: /Seaside/ }).click();
  await page.getByRole('heading', { name: 'Seaside' }).waitFor();
  await thumbnailsLoaded(page, 4);
  t.match(new URL(page.url()).pathname, /^\/albums\/[\w-]{22}$/, 'the album has its own address');
  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('Album title').fill('Seaside 2013');
  await page.getByRole('button', { name: 'Save album' }).click();
  await page.getByRole('heading', { name: 'Seaside 2013' }).waitFor();
  // Open a photo in the album: its neighbours are the album's, and it can become the cover.
  await page.locator('.tile').nth(2).click();
  await page.getByRole('button', { name: 'Use as album cover' }).click();
  await page.getByText('Now the album’s cover.').waitFor();
  const coverId = new URL(page.url()).pathname.split('/').pop();
  await page.keyboard.press('Escape');
  const album = (await owner.json('GET', '/albums')).body.items[0];
  t.equal(album.coverPhotoId, coverId, 'the chosen cover');
  t.equal(album.title, 'Seaside 2013');
  await shot(page, 'album');

  // Favourites.
  await page.getByRole('navigation', { name: 'Library' }).getByRole('link', { name: 'Favourites' }).click();
  await thumbnailsLoaded(page, 4);
  t.equal(await page.locator('.tile').count(), 4, 'the favourites page');

  // Back to the timeline: select two, move them to the trash.
  await page.getByRole('navigation', { name: 'Library' }).getByRole('link', { name: 'Photos' }).click();
  await thumbnailsLoaded(page, 5);
  await page.getByRole('checkbox', { name: names[0]!.replace('Open', 'Select') }).click();
  await page.getByRole('checkbox', { name: names[1]!.replace('Open', 'Select') }).click();
  await page.getByRole('toolbar', { name: 'Selected photos' }).getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('button', { name: 'Move 2 photos to trash' }).click();
  await page.getByText('Moved 2 photos to the trash.').waitFor();
  t.equal(await page.locator('.tile').count(), 3, 'they leave the timeline at once');

  await page.getByRole('navigation', { name: 'Library' }).getByRole('link', { name: 'Trash' }).click();
  await page.locator('.tile').nth(1).waitFor();
  t.equal(await page.locator('.tile').count(), 2, 'and are in the trash');
  t.match(await page.locator('.caption').first().textContent(), /^30 days left$/);
  await page.locator('.tile').first().click();
  await page.getByRole('button', { name: 'Restore' }).click();
  await page.getByText('Restored 1 photo.').waitFor();
  await page.getByRole('button', { name: 'Empty trash' }).click();
  await page.getByRole('button', { name: 'Yes, delete for good' }).click();
  await page.getByText('The trash is empty.').first().waitFor();
  await shot(page, 'trash-empty');
  t.equal((await owner.json('GET', '/photos')).body.items.length, 4, 'four in the library: one restored, one gone for good');
  t.same(pageErrors, []);
});

t.test('search: words and filters as chips, each removable, all in the address', async (t) => {
  const svc = await startTestService(t);
  const owner = new Client(svc.url);
  await owner.signUpAndLogin('search@example.com');
  const starfish = await owner.waitForPhoto((await owner.upload(fixture('nokia-starfish-gps.jpg'), 'starfish.jpg')).body.photoId);
  await owner.waitForPhoto((await owner.upload(fixture('xiaomi-mi3-13mp.jpg'), 'xiaomi.jpg')).body.photoId);
  await owner.json('PATCH', `/photos/${starfish.photoId}`, { tags: ['beach'] });
  const browser = await launchBrowser(t);
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await signInAt(page, svc.url, 'search@example.com');
  await page.getByRole('navigation', { name: 'Library' }).getByRole('link', { name: 'Search' }).click();
  const form = page.getByRole('search', { name: 'Search your photos' });
  await form.getByLabel('Tag').fill('beach');
  await form.getByLabel('Camera').fill('nokia');
  await form.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('list', { name: 'Active filters' }).waitFor();
  await thumbnailsLoaded(page, 1);
  t.equal(await page.locator('.tile').getAttribute('aria-label'), 'Open starfish.jpg', 'the one that matches both');
  t.same(Object.fromEntries(new URL(page.url()).searchParams), { tag: 'beach', camera: 'nokia' }, 'the address says the filters');
  await shot(page, 'search-phone');
  await page.getByRole('button', { name: 'Remove tag beach' }).click();
  await page.waitForURL((url) => !url.searchParams.has('tag'));
  await page.reload();
  await thumbnailsLoaded(page, 1);
  t.equal(await page.getByRole('listitem').filter({ hasText: 'Camera: nokia' }).count(), 1, 'a reload keeps the rest');
  await page.getByRole('button', { name: 'Remove camera nokia' }).click();
  await page.getByText('Search by words').waitFor();
  t.pass('no filters: a hint, not the whole library');
});

t.test('select all of a day, jump to a month, delete an album (its photos stay)', async (t) => {
  const svc = await startTestService(t);
  const owner = new Client(svc.url);
  await owner.signUpAndLogin('jump@example.com');
  // Taken in 2015 (Xiaomi), 2014 (iPhone), 2013 (Nokia: two copies, the same day).
  for (const [name, i] of [
    ['xiaomi-mi3-13mp.jpg', 0],
    ['iphone4s-orient6-gps.jpg', 0],
    ['nokia-starfish-gps.jpg', 0],
    ['nokia-starfish-gps.jpg', 1],
  ] as const)
    await owner.waitForPhoto((await owner.upload(distinctJpeg(fixture(name), i), `${i}-${name}`)).body.photoId);
  const album = await owner.json('POST', '/albums', { title: 'Old days' });
  const browser = await launchBrowser(t);
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signInAt(page, svc.url, 'jump@example.com');
  await thumbnailsLoaded(page, 4);

  const nokiaDay = page.getByRole('region', { name: /2013/ });
  await nokiaDay.getByRole('checkbox', { name: /^Select all of/ }).check();
  await page.getByRole('toolbar', { name: 'Selected photos' }).getByText('2 selected').waitFor();
  t.pass('the day’s checkbox selects its two photos');
  await page.getByRole('button', { name: 'Clear selection' }).click();

  await page.getByLabel('Jump to month').fill('2014-12');
  await page.getByRole('button', { name: 'Go' }).click();
  await page.waitForURL((url) => url.searchParams.get('to') === '2014-12');
  await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('.tile').length === 3);
  const months = await page.locator('h2.month').allTextContents();
  t.equal(months.length, 2, 'from that month back: 2014 and 2013');
  t.notMatch(months.join(' '), /2015/, 'nothing taken later');
  await page.getByRole('link', { name: 'Back to the newest' }).click();
  await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('.tile').length === 4);

  await page.goto(`${svc.url}/albums/${album.body.albumId}`);
  await page.getByRole('button', { name: 'Delete album' }).click();
  await page.getByRole('button', { name: 'Delete album (photos stay)' }).click();
  await page.waitForURL('**/albums');
  t.equal((await owner.json('GET', '/albums')).body.items.length, 0, 'the album is gone');
  t.equal((await owner.json('GET', '/photos')).body.items.length, 4, 'its photos stay');
});
