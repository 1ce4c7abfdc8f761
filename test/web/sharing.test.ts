import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { launchBrowser } from '../helpers/browser.js';
import { Client } from '../helpers/client.js';
import { fixture, startTestService } from '../helpers/service.js';

// Browser-side functions reach the page through globalThis: this file is compiled without the DOM's types.
const ARTIFACTS = path.join(import.meta.dirname, '..', '..', 'test-artifacts');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const FILENAME = 'starfish.jpg';
const PHONE = { width: 390, height: 844 };

/** A service with one ready photo of share@example.com's, and a browser page signed in as them. */
async function signedIn(t: Test, viewport: { width: number; height: number }) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const svc = await startTestService(t, { LABELS: 'off' });
  const owner = new Client(svc.url);
  await owner.signUpAndLogin('share@example.com');
  const photo = await owner.waitForPhoto((await owner.upload(fixture('nokia-starfish-gps.jpg'), FILENAME)).body.photoId);
  const browser = await launchBrowser(t);
  const context = await browser.newContext({ viewport, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(svc.url);
  await page.getByLabel('Email').fill('share@example.com');
  await page.getByLabel('Password').fill('correct-horse-9');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
  return { svc, owner, photo, browser, page, pageErrors };
}

/** The photo's share panel, in the viewer's details panel (opened on request in a narrow window). */
async function openSharePanel(page: Page): Promise<Locator> {
  await page.getByRole('link', { name: `Open ${FILENAME}` }).click();
  const info = page.getByRole('dialog').getByRole('button', { name: 'Info' });
  if ((await info.getAttribute('aria-expanded')) !== 'true') await info.click();
  const panel = page.getByRole('region', { name: 'Share' });
  await panel.waitFor();
  return panel;
}

async function closePhoto(page: Page) {
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

const clipboard = (page: Page) => page.evaluate(() => (globalThis as any).navigator.clipboard.readText() as Promise<string>);

/** Opens a link as someone else would: a fresh context, no session. */
async function visit(browser: Browser, url: string) {
  const stranger = await (await browser.newContext()).newPage();
  const response = await stranger.goto(url);
  return { stranger, response };
}

t.test('bug: the new-link box cut the URL; it shows it whole, on a phone too', async (t) => {
  const { svc, page, pageErrors } = await signedIn(t, PHONE);
  const panel = await openSharePanel(page);
  await panel.getByRole('button', { name: 'Create link' }).click();
  const box = panel.getByLabel('New link');
  await box.waitFor();
  const url = await box.inputValue();
  t.match(url, new RegExp(`^${svc.url}/s/[A-Za-z0-9_-]{43}$`), 'the whole URL is in the box');
  const fit = await box.evaluate((el: any) => ({
    wide: el.scrollWidth - el.clientWidth,
    tall: el.scrollHeight - el.clientHeight,
    right: el.getBoundingClientRect().right,
    viewport: (globalThis as any).innerWidth,
  }));
  t.ok(fit.wide <= 1 && fit.tall <= 1, `nothing of it is hidden: ${JSON.stringify(fit)}`);
  t.ok(fit.right <= fit.viewport, 'and the box is within the screen');
  await box.scrollIntoViewIfNeeded();
  await shot(page, 'share-new-link-phone');
  t.same(pageErrors, [], 'no script errors');
});

t.test('bug: an older link could not be copied again; every live link can', async (t) => {
  const { owner, photo, page, pageErrors } = await signedIn(t, { width: 1100, height: 900 });
  let panel = await openSharePanel(page);
  await panel.getByRole('button', { name: 'Create link' }).click();
  const url = await panel.getByLabel('New link').inputValue();
  await closePhoto(page);
  panel = await openSharePanel(page);
  await panel.locator('li[data-share]').first().getByRole('button', { name: 'Copy link' }).click({ timeout: 5000 });
  t.equal(await clipboard(page), url, 'copied from the list after reopening');
  await shot(page, 'share-copied-again-wide');

  // Until a date: the end of the chosen day, no later than the server allows.
  await panel.getByLabel('Link expires in').selectOption({ label: 'Until a date…' });
  const until = panel.getByLabel('Expires at the end of');
  const days = await page.evaluate(() => {
    const day = (d: Date) =>
      `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const now = new Date();
    const pick = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 2, 23, 59, 59);
    return { today: day(now), last: day(new Date(now.getTime() + 7 * 86_400_000)), pick: day(pick), end: pick.toISOString() };
  });
  t.same([await until.getAttribute('min'), await until.getAttribute('max')], [days.today, days.last], 'from today to 7 days on');
  await until.fill(days.pick);
  await panel.getByRole('button', { name: 'Create link' }).click();
  await panel.locator('li[data-share]').nth(1).waitFor();
  const newest = (await owner.json('GET', `/photos/${photo.photoId}/shares`)).body.items[0];
  t.ok(
    Math.abs(Date.parse(newest.expiresAt) - Date.parse(days.end)) < 2000,
    `expires at the end of that day: ${newest.expiresAt}`,
  );
  t.same(pageErrors, [], 'no script errors');
});

t.test('a link with a password and a view limit, copied again, opened with the password; QR code; revoke', async (t) => {
  const { owner, photo, browser, page, pageErrors } = await signedIn(t, PHONE);
  let panel = await openSharePanel(page);
  await panel.getByLabel('Link expires in').selectOption({ label: '7 days' });
  await panel.getByLabel('Password (optional)').fill('reef walk');
  await panel.getByLabel('Max views (optional)').fill('2');
  await panel.getByLabel(/Allow download/).check();
  await panel.getByRole('button', { name: 'Create link' }).click();
  const made = await panel.getByLabel('New link').inputValue();
  await panel.getByRole('button', { name: 'Copy', exact: true }).click();
  await panel.getByRole('status').filter({ hasText: 'Link copied.' }).waitFor();
  t.equal(await clipboard(page), made, 'the new link copied');
  // A second link, so the list holds two.
  await panel.getByLabel('Link expires in').selectOption({ label: '1 hour' });
  await panel.getByRole('button', { name: 'Create link' }).click();
  await panel.locator('li[data-share]').nth(1).waitFor();
  await shot(page, 'share-panel-phone');
  await closePhoto(page);

  panel = await openSharePanel(page);
  const protectedLink = panel.locator('li[data-share]').filter({ hasText: 'Password' });
  t.match(await protectedLink.textContent(), /Live.*0 of 2 views.*Download allowed/, 'what the link allows');
  await protectedLink.getByRole('button', { name: 'Copy link' }).click();
  await protectedLink.getByRole('status').filter({ hasText: 'Link copied.' }).waitFor();
  const copied = await clipboard(page);
  t.equal(copied, made, 'the same link, copied again after reopening');

  const qrButton = protectedLink.getByRole('button', { name: 'QR code' });
  await qrButton.press('Enter');
  t.equal(await qrButton.getAttribute('aria-expanded'), 'true', 'the QR code opens from the keyboard');
  const qr = protectedLink.getByRole('img', { name: /QR code for the link/ });
  const box = await qr.boundingBox();
  t.ok(box && box.width >= 150 && Math.abs(box.width - box.height) < 1, 'a square QR code, large enough to scan');
  // The panel itself (the app's header is the lead's, being rewritten): within the screen, nothing wider than it.
  const fit = await panel.evaluate((el: any) => ({
    right: el.getBoundingClientRect().right as number,
    inside: [...el.querySelectorAll('*')].every(
      (child: any) => (child.getBoundingClientRect().right as number) <= (el.getBoundingClientRect().right as number) + 1,
    ),
    viewport: (globalThis as any).innerWidth,
  }));
  t.ok(fit.right <= fit.viewport && fit.inside, `the panel fits a phone: ${JSON.stringify(fit)}`);
  await protectedLink.scrollIntoViewIfNeeded();
  await shot(page, 'share-qr-phone');

  const { stranger, response } = await visit(browser, copied);
  t.equal(response!.status(), 401, 'the link asks for its password first');
  await stranger.getByLabel('Password').fill('reef walk');
  await stranger.getByRole('button', { name: 'Open' }).click();
  await stranger.waitForLoadState();
  const shown = stranger.locator('img').first();
  await shown.waitFor();
  await shown.evaluate((img: any) => (img.complete ? null : new Promise((resolve) => img.addEventListener('load', resolve))));
  t.ok((await shown.evaluate((img: any) => img.naturalWidth as number)) > 0, 'then shows the photo, on its page');

  await protectedLink.getByRole('button', { name: 'Revoke' }).click();
  await protectedLink.locator('.state', { hasText: 'Revoked' }).waitFor();
  t.equal(await protectedLink.getByRole('button', { name: 'Copy link' }).count(), 0, 'a revoked link cannot be copied');
  t.equal((await stranger.reload())!.status(), 410, 'and no longer opens');
  const listed = await owner.json('GET', `/photos/${photo.photoId}/shares`);
  t.match(listed.body.items, [{ state: 'live' }, { state: 'revoked', url: null }], 'the API agrees');
  await shot(page, 'share-revoked-phone');
  t.same(pageErrors, [], 'no script errors');
});

t.test('an album link, copied again from the listing, opens for a stranger', async (t) => {
  const { owner, photo, browser } = await signedIn(t, { width: 1100, height: 900 });
  const { albumId } = (await owner.json('POST', '/albums', { title: 'Reef' })).body;
  await owner.json('POST', `/albums/${albumId}/photos`, { photoIds: [photo.photoId] });
  const made = await owner.json('POST', `/albums/${albumId}/share`, { password: 'coral reef' });
  const listed = await owner.json('GET', `/albums/${albumId}/shares`);
  t.equal(listed.body.items[0].url, made.body.url, 'listed with its URL');
  const { stranger, response } = await visit(browser, listed.body.items[0].url);
  t.equal(response!.status(), 401);
  await stranger.getByLabel('Password').fill('coral reef');
  await stranger.getByRole('button', { name: 'Open' }).click();
  await stranger.getByRole('heading', { name: 'Reef' }).waitFor();
  t.pass('the album page, after its password');
});
