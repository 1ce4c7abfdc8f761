import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { launchBrowser } from '../helpers/browser.js';
import { Client } from '../helpers/client.js';
import { fixture, startTestService } from '../helpers/service.js';
import { shot, signInAt, thumbnailsLoaded } from '../helpers/web-app.js';

// Issue 16's quality bars, checked in Chromium: no console errors, no layout shift as thumbnails arrive, axe-core
// finds nothing serious, the keyboard reaches everything, phone and wide layouts, dark mode, the bundle's budget.

const AXE = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const PHOTOS = ['xiaomi-mi3-13mp.jpg', 'nokia-starfish-gps.jpg', 'iphone4s-orient6-gps.jpg'];

/** axe-core's serious and critical findings on the page as it is (run by the DevTools protocol, so the CSP stays). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const result = await (globalThis as any).axe.run((globalThis as any).document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n: any) => n.target.join(' ')),
    }));
  });
  return (found as { id: string; impact: string; nodes: string[] }[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).join(', ')}`);
}

async function library(t: Test, email: string) {
  const svc = await startTestService(t);
  const owner = new Client(svc.url);
  await owner.signUpAndLogin(email);
  for (const name of PHOTOS) await owner.waitForPhoto((await owner.upload(fixture(name), name)).body.photoId);
  const album = await owner.json('POST', '/albums', { title: 'Holidays' });
  const ids = (await owner.json('GET', '/photos')).body.items.map((p: { photoId: string }) => p.photoId);
  await owner.json('POST', `/albums/${album.body.albumId}/photos`, { photoIds: ids });
  return { svc, owner, albumId: album.body.albumId as string };
}

t.test('a first visit and a session: no console errors, no layout shift as the thumbnails arrive', async (t) => {
  const { svc } = await library(t, 'quiet@example.com');
  const browser = await launchBrowser(t);
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(svc.url);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  t.same(errors, [], 'the sign-in page of a first visit logs nothing (no refresh bound to fail)');
  await page.evaluate(() => {
    const g = globalThis as any;
    g.__shift = 0;
    new g.PerformanceObserver((list: any) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) g.__shift = Number(g.__shift) + Number(entry.value);
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.getByLabel('Email').fill('quiet@example.com');
  await page.getByLabel('Password').fill('correct-horse-9');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('.tile').first().waitFor();
  const before = await page.evaluate(() => (globalThis as any).__shift as number);
  await thumbnailsLoaded(page, 3);
  const after = await page.evaluate(() => (globalThis as any).__shift as number);
  t.ok(after - before < 0.01, `the thumbnails' arrival moves nothing (layout shift ${(after - before).toFixed(4)})`);
  await page.reload();
  await thumbnailsLoaded(page, 3);
  t.same(errors, [], 'nor does signing in, the library, or a reload that resumes the session');
});

t.test('axe-core finds no serious violations on any page, light or dark, wide or phone', async (t) => {
  const { svc, albumId } = await library(t, 'axe@example.com');
  const browser = await launchBrowser(t);
  for (const [name, options] of [
    ['wide', { viewport: { width: 1440, height: 900 }, colorScheme: 'light' }],
    ['phone-dark', { viewport: { width: 390, height: 844 }, colorScheme: 'dark', isMobile: true, hasTouch: true }],
  ] as const) {
    const page = await (await browser.newContext(options)).newPage();
    await page.goto(svc.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    t.same(await seriousViolations(page), [], `${name}: sign-in`);
    await signInAt(page, svc.url, 'axe@example.com');
    await thumbnailsLoaded(page, 3);
    const first = await page.locator('.cell').first().getAttribute('data-photo');
    for (const [label, url, ready] of [
      ['timeline', '/', '.tile img'],
      ['viewer', `/photos/${first}`, 'img.preview'],
      ['albums', '/albums', '.album-card'],
      ['album', `/albums/${albumId}`, '.tile img'],
      ['search', '/search?camera=nokia', '.tile img'],
      ['favourites', '/favorites', '.empty'],
      ['trash', '/trash', 'text=The trash is empty.'],
      ['account', '/account', 'text=Two-step sign-in'],
    ] as const) {
      await page.goto(`${svc.url}${url}`);
      await page.locator(ready).first().waitFor();
      t.same(await seriousViolations(page), [], `${name}: ${label}`);
      const overflow = await page.evaluate(() => {
        const g = globalThis as any;
        return g.document.documentElement.scrollWidth - g.innerWidth;
      });
      t.ok(overflow <= 0, `${name}: ${label} has no sideways scrolling`);
      await page.screenshot({ path: path.join(import.meta.dirname, '..', '..', 'test-artifacts', `${name}-${label}.png`) });
    }
    if (options.colorScheme === 'dark') {
      const background = await page.evaluate(() => {
        const g = globalThis as any;
        return g.getComputedStyle(g.document.body).backgroundColor as string;
      });
      const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number) as [number, number, number];
      t.ok(r + g + b < 120, `dark mode: a dark page (${background})`);
    }
    await page.context().close();
  }
});

t.test('the keyboard alone: reach a photo, open it, step, close back to it, select with Space', async (t) => {
  const { svc } = await library(t, 'keys@example.com');
  const browser = await launchBrowser(t);
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await signInAt(page, svc.url, 'keys@example.com');
  await thumbnailsLoaded(page, 3);
  const activeTile = () =>
    page.evaluate(() => {
      const active = (globalThis as any).document.activeElement;
      return active?.classList.contains('tile') ? (active.closest('.cell').dataset.photo as string) : null;
    });
  let presses = 0;
  while ((await activeTile()) === null && presses++ < 40) await page.keyboard.press('Tab');
  const first = await activeTile();
  t.ok(first, `Tab reaches the first photo (${presses} presses)`);
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').locator('img.preview').waitFor();
  t.equal(new URL(page.url()).pathname, `/photos/${first}`, 'Enter opens it');
  await page.keyboard.press('ArrowRight');
  await page.waitForURL((url) => url.pathname !== `/photos/${first}`);
  const second = new URL(page.url()).pathname.split('/').pop();
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await page.waitForFunction((id) => (globalThis as any).document.activeElement?.closest('.cell')?.dataset.photo === id, second);
  t.pass('Escape closes it, focus on the photo last shown');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await page.getByRole('toolbar', { name: 'Selected photos' }).getByText('1 selected').waitFor();
  t.pass('Tab to its checkbox, Space selects it');
  await shot(page, 'keyboard-selected');
});

t.test('the bundle stays within its budget: 60 KB of JavaScript, gzipped', async (t) => {
  const assets = path.join(import.meta.dirname, '..', '..', 'web', 'dist', 'assets');
  const scripts = fs.readdirSync(assets).filter((f) => f.endsWith('.js'));
  const gzipped = scripts.reduce((sum, f) => sum + gzipSync(fs.readFileSync(path.join(assets, f)), { level: 9 }).length, 0);
  t.ok(scripts.length > 0, 'built');
  t.ok(gzipped < 60 * 1024, `${(gzipped / 1024).toFixed(1)} KB gzipped`);
});
