import t from 'tap';
import { launchBrowser } from '../helpers/browser.js';
import { Client } from '../helpers/client.js';
import { fixture, startTestService } from '../helpers/service.js';
import { shot, signInAt, thumbnailsLoaded } from '../helpers/web-app.js';

// The viewer: a URL per photo, the keyboard, Back, zoom, the side panel; issue 16's "Back leaves the app" and
// "focus is lost after Delete".

const PHOTOS = ['xiaomi-mi3-13mp.jpg', 'nokia-starfish-gps.jpg', 'iphone4s-orient6-gps.jpg'];

t.test('the viewer: its own address, ←/→, Escape, Back, reload, zoom, and focus after a delete', async (t) => {
  const svc = await startTestService(t);
  const owner = new Client(svc.url);
  await owner.signUpAndLogin('viewer@example.com');
  for (const name of PHOTOS) await owner.waitForPhoto((await owner.upload(fixture(name), name)).body.photoId);
  const browser = await launchBrowser(t);
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await signInAt(page, svc.url, 'viewer@example.com');
  await thumbnailsLoaded(page, 3);
  const order = await page.locator('.cell').evaluateAll((cells) => cells.map((c) => (c as any).dataset.photo as string));

  await page.locator('.tile').first().click();
  const viewer = page.getByRole('dialog');
  await viewer.locator('img.preview').waitFor();
  t.equal(new URL(page.url()).pathname, `/photos/${order[0]}`, 'the open photo has its own address');
  await page.keyboard.press('ArrowRight');
  await page.waitForURL(`**/photos/${order[1]}`);
  t.pass('→ shows the next photo, and the address follows');
  await page.keyboard.press('ArrowLeft');
  await page.waitForURL(`**/photos/${order[0]}`);
  t.pass('← the one before');
  await page.getByRole('button', { name: 'Next photo' }).click();
  await page.waitForURL(`**/photos/${order[1]}`);

  // Zoom by double click and by wheel; 0 resets.
  const scaleOf = () =>
    viewer
      .locator('img.preview')
      .evaluate((img: any) => new (globalThis as any).DOMMatrix((globalThis as any).getComputedStyle(img).transform).a);
  await viewer.locator('img.preview').waitFor();
  t.equal(await scaleOf(), 1, 'fitted at first');
  await viewer.locator('img.preview').dblclick();
  t.ok((await scaleOf()) > 2, 'a double click zooms in');
  await viewer.locator('img.preview').dblclick();
  t.equal(await scaleOf(), 1, 'and out again');
  await viewer.locator('.stage').hover();
  await page.mouse.wheel(0, -300);
  await page.waitForFunction(() => {
    const g = globalThis as any;
    return new g.DOMMatrix(g.getComputedStyle(g.document.querySelector('img.preview')).transform).a > 1.5;
  });
  t.pass('the wheel zooms');
  await page.keyboard.press('0');
  t.equal(await scaleOf(), 1, '0 fits it again');
  await shot(page, 'viewer-wide');

  // A reload keeps the photo open, over the timeline.
  await page.reload();
  await viewer.locator('img.preview').waitFor();
  t.equal(new URL(page.url()).pathname, `/photos/${order[1]}`, 'a reload restores the open photo');
  await page.locator('.tile').first().waitFor({ state: 'attached' });

  // Back closes the viewer and stays in the app, on the timeline where it was.
  await page.goBack();
  await viewer.waitFor({ state: 'detached' });
  t.equal(new URL(page.url()).pathname, '/', 'Back closes the photo, and the app is still here');
  t.equal(await page.locator('.tile').count(), 3);
  const focused = await page.evaluate(() => (globalThis as any).document.activeElement?.closest('.cell')?.dataset.photo);
  t.equal(focused, order[1], 'focus is back on the photo that was open');
  await page.goForward();
  await viewer.locator('img.preview').waitFor();
  t.pass('Forward opens it again');
  await page.keyboard.press('Escape');
  await viewer.waitFor({ state: 'detached' });
  t.equal(new URL(page.url()).pathname, '/', 'Escape closes it');

  // A deep link from outside: the viewer over the timeline; closing it leaves the app where it was.
  const fresh = await page.context().newPage();
  await fresh.goto(`${svc.url}/photos/${order[2]}`);
  await fresh.getByRole('dialog').locator('img.preview').waitFor();
  t.equal(
    await fresh.locator('#photo-title').textContent(),
    (await owner.json('GET', `/photos/${order[2]}`)).body.filename,
    'the linked photo',
  );
  await fresh.getByRole('button', { name: 'Close' }).click();
  await fresh.getByRole('dialog').waitFor({ state: 'detached' });
  t.equal(new URL(fresh.url()).pathname, '/', 'a shared address closes to the timeline');

  // Delete from the viewer: on to the next photo, focus kept in the viewer.
  await page.locator('.tile').first().click();
  await viewer.locator('img.preview').waitFor();
  await viewer.getByRole('button', { name: 'Delete', exact: true }).click();
  await viewer.getByRole('button', { name: 'Move to trash' }).click();
  await page.waitForURL(`**/photos/${order[1]}`);
  await page.waitForFunction(() => {
    const active = (globalThis as any).document.activeElement;
    return active?.closest('dialog.viewer') && active.textContent === 'Delete';
  });
  t.pass('focus stays in the viewer after a delete, on Delete for the next photo');
  t.equal((await owner.json('GET', '/trash')).body.items.length, 1, 'the photo went to the trash');
  t.same(pageErrors, []);
});

t.test('the side panel: tags shown as saved, the message beside the button', async (t) => {
  const svc = await startTestService(t);
  const owner = new Client(svc.url);
  await owner.signUpAndLogin('panel@example.com');
  await owner.waitForPhoto((await owner.upload(fixture('nokia-starfish-gps.jpg'), 'starfish.jpg')).body.photoId);
  const browser = await launchBrowser(t);
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await signInAt(page, svc.url, 'panel@example.com');
  await page.getByRole('link', { name: 'Open starfish.jpg' }).click();
  const panel = page.getByRole('complementary', { name: 'Details' });
  await panel.getByLabel('Tags (comma separated)').fill('  sea,  Starfish ,, sea ');
  await panel.getByRole('button', { name: 'Save' }).click();
  await panel.getByText('Saved.').waitFor();
  t.equal(await panel.getByLabel('Tags (comma separated)').inputValue(), 'sea, starfish', 'the box shows the tags as kept');
  const [save, saved] = await Promise.all([
    panel.getByRole('button', { name: 'Save' }).boundingBox(),
    panel.getByText('Saved.').boundingBox(),
  ]);
  t.ok(save && saved && Math.abs(save.y - saved.y) < save.height, '"Saved." sits beside the Save button');
  await shot(page, 'viewer-panel');
});
