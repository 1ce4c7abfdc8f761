import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import t from 'tap';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { Client } from '../helpers/client.js';
import { fixture, startTestService } from '../helpers/service.js';

// Issue 16, in Chromium: a share link opens as a page (not a bare JPEG titled with the token), an album link has a
// viewer without script, and a browser that asks for an unknown path gets a page rather than raw JSON.

const ARTIFACTS = path.join(import.meta.dirname, '..', '..', 'test-artifacts', 'public-share');
fs.mkdirSync(ARTIFACTS, { recursive: true });

const SIZES = [
  { name: 'phone', viewport: { width: 390, height: 844 } },
  { name: 'wide', viewport: { width: 1440, height: 900 } },
] as const;
const SCHEMES = ['light', 'dark'] as const;

async function eachLook(
  browser: Browser,
  visit: (page: Page, look: string, viewport: { width: number; height: number }) => Promise<void>,
) {
  for (const size of SIZES) {
    for (const colorScheme of SCHEMES) {
      const context = await browser.newContext({ viewport: size.viewport, colorScheme });
      await visit(await context.newPage(), `${size.name}-${colorScheme}`, size.viewport);
      await context.close();
    }
  }
}

/** The drawn box of the page's main image, once loaded, and the image's own aspect. */
async function drawnImage(page: Page, selector = 'main img') {
  const image = page.locator(selector);
  await image.evaluate((img: any) => (img.complete ? null : new Promise((resolve) => img.addEventListener('load', resolve))));
  return image.evaluate((img: any) => {
    const box = img.getBoundingClientRect();
    return {
      top: box.top,
      bottom: box.bottom,
      left: box.left,
      right: box.right,
      width: box.width,
      height: box.height,
      natural: img.naturalWidth / img.naturalHeight,
      loaded: img.naturalWidth > 0,
    };
  });
}

const background = (page: Page) =>
  page.evaluate(() => (globalThis as any).getComputedStyle((globalThis as any).document.body).backgroundColor as string);
const isDark = (rgb: string) => (rgb.match(/\d+/g) ?? []).slice(0, 3).reduce((sum, n) => sum + Number(n), 0) < 150;

t.test('a photo link opens as a page: its title, the photo fitting the window at its aspect, expiry, download', async (t) => {
  const svc = await startTestService(t, { LABELS: 'off' });
  const owner = new Client(svc.url);
  await owner.signUpAndLogin('public@example.com');
  // A portrait: a 13 MP photo turned on its side (its preview is 960×1280).
  const portrait = await sharp(fixture('xiaomi-mi3-13mp.jpg')).rotate(90).jpeg().toBuffer();
  const uploaded = await owner.upload(portrait, 'IMG_2041.jpg', { title: 'Harbour at dusk' });
  const photo = await owner.waitForPhoto(uploaded.body.photoId);
  const link = (await owner.json('POST', `/photos/${photo.photoId}/share`, { allowDownload: true })).body.url as string;
  const token = new URL(link).pathname.split('/')[2]!;
  const browser = await launchBrowser(t);

  await eachLook(browser, async (page, look, viewport) => {
    const response = await page.goto(link);
    t.match(response!.headers()['content-type'], /^text\/html/, `${look}: a page, not a bare JPEG`);
    const title = await page.evaluate(() => (globalThis as any).document.title as string);
    t.equal(title, 'Harbour at dusk', `${look}: the tab is titled with the photo's title`);
    t.notOk(title.includes(token), `${look}: never the token`);
    await t.resolves(page.getByRole('heading', { name: 'Harbour at dusk' }).waitFor(), `${look}: the title as a heading`);
    const drawn = await drawnImage(page);
    t.ok(drawn.loaded && drawn.natural < 1, `${look}: the portrait is drawn`);
    t.ok(
      Math.abs(drawn.width / drawn.height - drawn.natural) < 0.02,
      `${look}: drawn ${Math.round(drawn.width)}×${Math.round(drawn.height)} at the image's aspect ${drawn.natural.toFixed(3)}`,
    );
    t.ok(drawn.left >= 0 && drawn.right <= viewport.width && drawn.bottom <= viewport.height, `${look}: it fits the window`);
    await t.resolves(
      page.getByText(/Shared by photoshare · link expires \d{1,2} \w+ \d{4}/).waitFor(),
      `${look}: who and until when`,
    );
    const download = page.getByRole('link', { name: 'Download' });
    const button = (await download.boundingBox())!;
    t.ok(button.y + button.height <= viewport.height, `${look}: the Download button is wholly in view`);
    t.equal(isDark(await background(page)), look.endsWith('dark'), `${look}: the page follows the colour scheme`);
    await page.screenshot({ path: path.join(ARTIFACTS, `photo-${look}.png`) });
  });

  const page = await browser.newPage();
  await page.goto(link);
  // The full-size copy may still be in the making: then the "Almost there" page retries by itself, and the file comes.
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.getByRole('link', { name: 'Download' }).click(),
  ]);
  t.equal(file.suggestedFilename(), 'photo.jpg', 'the Download button gives the photo as a file');
  const shares = await owner.json('GET', `/photos/${photo.photoId}/shares`);
  t.equal(
    shares.body.items[0].views,
    SIZES.length * SCHEMES.length + 1,
    'one view per page visit: its image and download are part of it',
  );
});

t.test('an album link: the grid, a photo page, Next / Previous / Back to album, all without script', async (t) => {
  const svc = await startTestService(t, { LABELS: 'off' });
  const owner = new Client(svc.url);
  await owner.signUpAndLogin('album@example.com');
  const landscape = await sharp(fixture('xiaomi-mi3-13mp.jpg')).jpeg().toBuffer();
  const portrait = await sharp(fixture('xiaomi-mi3-13mp.jpg')).rotate(90).jpeg().toBuffer();
  const ids: string[] = [];
  for (const [bytes, name] of [
    [landscape, 'wide.jpg'],
    [portrait, 'tall.jpg'],
    [fixture('nokia-starfish-gps.jpg'), 'starfish.jpg'],
  ] as const) {
    ids.push((await owner.waitForPhoto((await owner.upload(bytes, name)).body.photoId)).photoId);
  }
  const { albumId } = (await owner.json('POST', '/albums', { title: 'Weekend by the sea' })).body;
  await owner.json('POST', `/albums/${albumId}/photos`, { photoIds: ids });
  const link = (await owner.json('POST', `/albums/${albumId}/share`, { allowDownload: true })).body.url as string;
  const browser = await launchBrowser(t);

  await eachLook(browser, async (page, look, viewport) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(link);
    t.equal(await page.title(), 'Weekend by the sea', `${look}: the album's title`);
    const tiles = page.locator('ul.grid img');
    await page.waitForFunction(() =>
      [...(globalThis as any).document.querySelectorAll('ul.grid img')].every((img: any) => img.complete && img.naturalWidth > 0),
    );
    t.equal(await tiles.count(), 3, `${look}: three thumbnails drawn`);
    await page.screenshot({ path: path.join(ARTIFACTS, `album-${look}.png`) });

    await page.getByRole('link', { name: 'Photo 1', exact: true }).click();
    t.match(page.url(), /\/view\//, `${look}: a tile opens its photo's page`);
    const first = await drawnImage(page);
    t.ok(Math.abs(first.width / first.height - first.natural) < 0.02, `${look}: the photo at its aspect`);
    t.ok(first.bottom <= viewport.height && first.right <= viewport.width, `${look}: fitting the window`);
    t.equal(await page.getByRole('link', { name: /Previous/ }).count(), 0, `${look}: no Previous on the first`);
    await page.screenshot({ path: path.join(ARTIFACTS, `album-photo-${look}.png`) });
    await page.getByRole('link', { name: /Next/ }).click();
    const second = await drawnImage(page);
    t.not(second.natural.toFixed(2), first.natural.toFixed(2), `${look}: Next shows another photo`);
    t.ok(Math.abs(second.width / second.height - second.natural) < 0.02, `${look}: at its own aspect`);
    await page.getByRole('link', { name: /Previous/ }).click();
    t.equal((await drawnImage(page)).natural.toFixed(3), first.natural.toFixed(3), `${look}: Previous goes back`);
    t.ok(await page.getByRole('link', { name: 'Download' }).isVisible(), `${look}: download, as the link allows`);
    await page.getByRole('link', { name: 'Back to album' }).click();
    t.equal(await page.title(), 'Weekend by the sea', `${look}: back to the album`);
    t.same(errors, [], `${look}: nothing refused or missing`);
  });
});

t.test('a link with a password shows the form first, then the photo', async (t) => {
  const svc = await startTestService(t, { LABELS: 'off' });
  const owner = new Client(svc.url);
  await owner.signUpAndLogin('locked@example.com');
  const photo = await owner.waitForPhoto(
    (await owner.upload(fixture('nokia-starfish-gps.jpg'), 's.jpg', { title: 'Starfish' })).body.photoId,
  );
  const link = (await owner.json('POST', `/photos/${photo.photoId}/share`, { password: 'open sesame' })).body.url as string;
  const browser = await launchBrowser(t);
  await eachLook(browser, async (page, look) => {
    await page.goto(link);
    t.equal(await page.title(), 'Password required · photoshare', `${look}: the form says nothing of the photo`);
    t.equal(await page.locator('meta[property^="og:"]').count(), 0, `${look}: no card before the password`);
    await page.screenshot({ path: path.join(ARTIFACTS, `password-${look}.png`) });
    await page.getByLabel('Password').fill('open sesame');
    await page.getByRole('button', { name: 'Open' }).click();
    await page.waitForURL(link);
    t.equal(await page.title(), 'Starfish', `${look}: then the photo`);
    t.ok((await drawnImage(page)).loaded);
  });
});

t.test('a browser that asks for an unknown path gets a page, not raw JSON', async (t) => {
  const svc = await startTestService(t, { LABELS: 'off' });
  const browser = await launchBrowser(t);
  await eachLook(browser, async (page, look) => {
    for (const where of ['/nope', '/photos/abc/xyz']) {
      const response = await page.goto(`${svc.url}${where}`);
      t.equal(response!.status(), 404);
      t.match(response!.headers()['content-type'], /^text\/html/, `${look} ${where}: a page`);
      t.equal(await page.title(), 'Page not found · photoshare');
      t.notMatch(await page.locator('body').innerText(), /"error"/, `${look} ${where}: no JSON shown`);
      t.equal(await page.getByRole('link', { name: 'Go to photoshare' }).getAttribute('href'), '/');
    }
    await page.screenshot({ path: path.join(ARTIFACTS, `not-found-${look}.png`) });
    // A share link that does not exist reads the same way.
    await page.goto(`${svc.url}/s/${'A'.repeat(43)}`);
    t.equal(await page.title(), 'Link not found · photoshare');
    await page.screenshot({ path: path.join(ARTIFACTS, `link-not-found-${look}.png`) });
  });
});
