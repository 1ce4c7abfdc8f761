import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import t from 'tap';
import { launchBrowser } from '../helpers/browser.js';
import { Client } from '../helpers/client.js';
import { FIXTURES, fixture, startTestService } from '../helpers/service.js';
import { distinctJpeg } from '../helpers/images.js';

const ARTIFACTS = path.join(import.meta.dirname, '..', '..', 'test-artifacts');
const PHOTOS = ['xiaomi-mi3-13mp.jpg', 'nokia-starfish-gps.jpg', 'iphone4s-orient6-gps.jpg'].map((f) => path.join(FIXTURES, f));

// Browser-side functions reach the page through globalThis: this file is compiled without the DOM's types.
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

t.test('the whole story in a real browser', async (t) => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // Small enough that a 2.5 MB file is refused, large enough for the real photos; one upload at a time, so the uploader must queue.
  const svc = await startTestService(t, { MAX_UPLOAD_BYTES: String(2 * 1024 * 1024), MAX_UPLOADS_IN_FLIGHT: '1' });
  const browser = await launchBrowser(t);
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));

  await page.goto(svc.url);
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Email').fill('browser@example.com');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Sign up' }).click();
  t.equal(
    await page.getByLabel('Password').evaluate((el: any) => el.validity.valid),
    false,
    'the browser holds back a password under 8 characters',
  );
  await page.getByLabel('Password').fill('allletters');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('alert').waitFor();
  t.match(await page.getByRole('alert').textContent(), /password/i, 'a weak password is refused with the reason');
  await page.getByLabel('Password').fill('correct-horse-9');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();

  await page.locator('input[type=file]').setInputFiles(PHOTOS);
  const bars = page.locator('.upload progress');
  await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('.upload[data-state=done]').length === 3, null, {
    timeout: 30_000,
  });
  t.equal(await bars.count(), 3, 'three progress bars: the two that waited their turn were not refused');
  t.same(await bars.evaluateAll((els) => els.map((e) => (e as any).value)), [1, 1, 1], 'all complete');

  await page.waitForFunction(
    () =>
      [...(globalThis as any).document.querySelectorAll('.tile[data-status=ready] img')].filter((i: any) => i.complete).length ===
      3,
    null,
    { timeout: 60_000 },
  );
  const placeholders = await page
    .locator('.tile[data-status=ready]')
    .evaluateAll((tiles) => tiles.map((el) => (el as any).style.backgroundImage as string));
  t.ok(
    placeholders.length === 3 && placeholders.every((b) => b.startsWith('url("data:image/png;base64,')),
    'each ready tile is painted with its ThumbHash under the thumbnail',
  );
  const thumbs = await page.locator('.tile img').evaluateAll((imgs) => imgs.map((i) => (i as any).naturalWidth));
  t.equal(thumbs.length, 3, 'three thumbnails, without a reload');
  t.ok(
    thumbs.every((w) => w > 0 && w <= 200),
    'each is a real image no wider than 200 px',
  );
  await shot(page, 'gallery');

  // Too large: refused before a byte is sent, with its own message.
  const big = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'big-')), 'huge.jpg');
  fs.writeFileSync(big, Buffer.alloc(2.5 * 1024 * 1024, 1));
  await page.locator('input[type=file]').setInputFiles(big);
  const failed = page.locator('.upload[data-state=failed]');
  await failed.waitFor();
  t.match(await failed.textContent(), /huge\.jpg.*Too large: 2\.5 MB, the limit is 2\.0 MB/);

  await page.getByRole('link', { name: 'Open iphone4s-orient6-gps.jpg' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('img.preview').waitFor();
  t.match(await dialog.textContent(), /Apple iPhone 4S/, 'the camera');
  const preview = await dialog.locator('img.preview').evaluate((i: any) => [i.naturalWidth, i.naturalHeight]);
  t.ok(preview[1]! > preview[0]!, 'the preview is portrait, as the camera held it');
  await dialog.getByLabel('Title').fill('Portrait');
  await dialog.getByLabel('Tags (comma separated)').fill('people, test');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.getByText('Saved.').waitFor();
  await shot(page, 'photo');

  await dialog.getByLabel('Link expires in').selectOption({ label: '1 hour' });
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const link = await dialog.getByLabel('New link').inputValue();
  t.match(link, new RegExp(`^${svc.url}/s/`));
  await dialog.locator('li[data-share]').waitFor();
  await shot(page, 'share');

  // Anyone with the link: a fresh context, no session.
  const stranger = await (await browser.newContext()).newPage();
  const shown = stranger.waitForResponse((response) => response.url().includes('/image?t='));
  const seen = await stranger.goto(link);
  t.equal(seen!.status(), 200);
  t.match(seen!.headers()['content-type'], /^text\/html/, 'a page (issue 16), not a bare JPEG');
  const bytes = await (await shown).body();
  const { width, height } = await sharp(bytes).metadata();
  t.ok(width <= 1280 && height <= 1280 && height > width, 'the shared preview');
  await stranger.reload();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('link', { name: 'Open Portrait' }).click();
  const views = page.getByRole('dialog').locator('li[data-share] .views');
  await views.first().waitFor();
  t.same(await views.allTextContents(), ['2'], 'two page visits; the image each page loads is part of its visit');

  const firstLink = page.getByRole('dialog').locator('li[data-share]');
  await firstLink.getByRole('button', { name: 'Revoke' }).click();
  await firstLink.locator('.state', { hasText: 'revoked' }).waitFor();
  const gone = await stranger.reload();
  t.equal(gone!.status(), 410);
  t.match(await stranger.locator('body').textContent(), /no longer available|revoked/i, 'a clear page, not a broken image');
  await shot(stranger, 'revoked-link');

  // Delete (to the trash), with a confirmation; the viewer goes on to the next photo, Escape closes it.
  await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Move to trash' }).click();
  await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('.tile').length === 2);
  t.not(await page.locator('#photo-title').textContent(), 'Portrait', 'the next photo is shown');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  t.equal(await page.locator('.tile').count(), 2);

  // Still signed in after a reload (the session cookie), and out after signing out.
  const sessionCookie = async () => (await page.context().cookies()).find((cookie) => cookie.name === 'ps_refresh');
  const spent = await sessionCookie();
  t.match(
    spent,
    { httpOnly: true, sameSite: 'Strict', path: '/auth' },
    'the refresh token is in an HttpOnly cookie for /auth only',
  );
  await page.reload();
  await page.locator('.tile img').first().waitFor();
  t.equal(await page.locator('.tile').count(), 2, 'the library after a reload');
  const kept = await sessionCookie();
  t.ok(kept && kept.value !== spent?.value, 'the refresh token the reload’s refresh answered replaced the spent one');
  const scriptSees = await page.evaluate(() => {
    const g = globalThis as any;
    const dump = (storage: any) =>
      Array.from({ length: storage.length }, (_, i) => `${storage.key(i)}=${storage.getItem(storage.key(i))}`);
    return { storage: [...dump(g.localStorage), ...dump(g.sessionStorage)].join('\n'), cookies: g.document.cookie as string };
  });
  t.notOk(
    scriptSees.storage.includes(kept!.value) || /eyJ[\w-]+\.[\w-]+\./.test(scriptSees.storage),
    'no token in localStorage or sessionStorage',
  );
  t.notOk(scriptSees.cookies.includes('ps_refresh'), 'nor a cookie script can read');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill('browser@example.com');
  await page.getByLabel('Password').fill('wrong-password-1');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  t.equal(await page.getByRole('alert').textContent(), 'Wrong email or password.');
  t.same(pageErrors, [], 'no script errors');
});

t.test('uploads that go wrong: not an image, cancelled midway; and more photos on scroll', async (t) => {
  // This user makes some 120 requests in a few seconds (34 uploads, 51 links, the page's own): a bucket that holds them all.
  const svc = await startTestService(t, { MAX_UPLOAD_BYTES: String(4 * 1024 * 1024), RATE_LIMIT_BURST: '1000' });
  const owner = new Client(svc.url);
  await owner.signUpAndLogin('scroll@example.com');
  for (let i = 0; i < 34; i++)
    await owner.upload(distinctJpeg(fixture('iphone4s-orient6-gps.jpg'), i), `photo-${String(i).padStart(2, '0')}.jpg`);
  const browser = await launchBrowser(t);
  const context = await browser.newContext({ viewport: { width: 800, height: 500 } });
  const page = await context.newPage();
  await page.goto(svc.url);
  await page.getByLabel('Email').fill('scroll@example.com');
  await page.getByLabel('Password').fill('correct-horse-9');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('.tile').first().waitFor();
  // Copies of one photo, all taken at the same moment: the timeline's order (taken, then id) is the API's.
  const first = (await owner.json('GET', '/photos?order=taken&limit=1')).body.items[0];
  t.equal(await page.locator('.tile').first().getAttribute('aria-label'), `Open ${first.filename}`, 'in the order taken');
  await page.locator('.sentinel').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('.tile').length === 34);
  t.pass('the rest arrive on scroll');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-'));
  fs.writeFileSync(path.join(dir, 'notes.jpg'), 'these are my notes, not a photo\n'.repeat(50));
  await page.locator('input[type=file]').setInputFiles(path.join(dir, 'notes.jpg'));
  const refused = page.locator('.upload[data-state=failed]');
  await refused.waitFor();
  t.match(await refused.textContent(), /notes\.jpg.*not a supported image/i, "the API's 415, in words");

  // Slow the link down so the upload is still running when Cancel is pressed.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 64 * 1024,
  });
  const large = path.join(dir, 'large.jpg');
  fs.writeFileSync(large, Buffer.concat([fixture('nokia-starfish-gps.jpg'), Buffer.alloc(3 * 1024 * 1024)]));
  await page.locator('input[type=file]').setInputFiles(large);
  await page.getByRole('button', { name: 'Cancel large.jpg' }).click();
  const cancelled = page.locator('.upload[data-state=cancelled]', { hasText: 'large.jpg' });
  await cancelled.getByText('Cancelled', { exact: true }).waitFor();
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  const all = await owner.json('GET', '/photos?limit=200');
  t.equal(all.body.items.length, 34, 'nothing was kept of the cancelled upload');

  // A photo with more links than one page of the listing shows them all, a page at a time.
  const shared = await owner.waitForPhoto(all.body.items[0].photoId);
  for (let i = 0; i < 51; i++) t.equal((await owner.json('POST', `/photos/${shared.photoId}/share`, {})).status, 201);
  await page.getByRole('link', { name: `Open ${shared.filename}` }).click();
  // A narrow window: the details panel opens on request.
  await page.getByRole('dialog').getByRole('button', { name: 'Info' }).click();
  const rows = page.getByRole('dialog').locator('li[data-share]');
  await rows.first().waitFor();
  t.equal(await rows.count(), 50, 'the first page of links');
  await page.getByRole('dialog').getByRole('button', { name: 'Show older links' }).click();
  await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('li[data-share]').length === 51);
  t.equal(await page.getByRole('dialog').getByRole('button', { name: 'Show older links' }).count(), 0, 'and no more to show');
});

t.test('phone width: the gallery reflows and the sign-in form fits', async (t) => {
  const svc = await startTestService(t);
  const browser = await launchBrowser(t);
  const page = await (await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true })).newPage();
  await page.goto(svc.url);
  const overflow = await page.evaluate(
    () => (globalThis as any).document.documentElement.scrollWidth - (globalThis as any).innerWidth,
  );
  t.ok(overflow <= 0, 'no horizontal scrolling');
  // The form appears once the session cookie has been tried: under load, after the page's load event.
  await page.getByLabel('Email').waitFor();
  await page.keyboard.press('Tab');
  t.equal(
    await page.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('name')),
    'email',
    'the keyboard reaches the form first',
  );
  await shot(page, 'phone-sign-in');
});
