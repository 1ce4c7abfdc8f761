import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import t from 'tap';
import type { Test } from 'tap';
import { launchBrowser } from '../helpers/browser.js';
import { Client } from '../helpers/client.js';
import { fixture, startTestService } from '../helpers/service.js';
import { distinctJpeg } from '../helpers/images.js';

// The uploader's bugs issue 16 lists, each with the browser check that would have caught it.

const ARTIFACTS = path.join(import.meta.dirname, '..', '..', 'test-artifacts');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const SMALL = fixture('iphone4s-orient6-gps.jpg');
const jpeg = (name: string, n: number) => ({ name, mimeType: 'image/jpeg', buffer: distinctJpeg(SMALL, n) });

async function signedInPage(t: Test, url: string, email: string, env: { clock?: boolean } = {}) {
  await new Client(url).signUpAndLogin(email);
  const browser = await launchBrowser(t);
  const context = await browser.newContext({ viewport: { width: 900, height: 800 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  if (env.clock) await page.clock.install();
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct-horse-9');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
  return { page, context, pageErrors };
}

const row = (page: Page, name: string) => page.locator('.upload', { has: page.getByText(name, { exact: true }) });
const colourOf = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el: any) => (globalThis as any).getComputedStyle(el).color as string);

t.before(() => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

t.test('network failures say what happened, and Retry sends the file again', async (t) => {
  const svc = await startTestService(t);
  const { page, context, pageErrors } = await signedInPage(t, svc.url, 'network@example.com');
  const input = page.locator('input[type=file]');

  // The request never leaves the browser.
  const abortPosts = (route: any) => (route.request().method() === 'POST' ? route.abort() : route.continue());
  await page.route('**/photos', abortPosts);
  await input.setInputFiles(jpeg('a.jpg', 1));
  const a = row(page, 'a.jpg');
  await page.locator('.upload[data-state=failed]', { hasText: 'a.jpg' }).waitFor();
  t.match(await a.textContent(), /could not reach the service/i, 'an upload that never started: the service was not reached');
  t.notMatch(await a.textContent(), /interrupted|dropped/i, 'not said to have been cut off');
  t.equal(await a.locator('progress').count(), 0, 'no progress bar beside the error');
  t.notMatch(await page.locator('main').textContent(), /Failed to fetch/, 'no raw "Failed to fetch"');
  await shot(page, 'upload-unreachable');

  await page.unroute('**/photos', abortPosts);
  await page.getByRole('button', { name: 'Retry a.jpg' }).click();
  await page.locator('.upload[data-state=done]', { hasText: 'a.jpg' }).waitFor();
  t.pass('Retry sent it again, and it was uploaded');
  await page.locator('.tile').first().waitFor();

  // The server answers 503 with its own message: retryable, and the message is shown.
  const unavailable = (route: any) =>
    route.request().method() === 'POST'
      ? route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'unavailable', message: 'The photo store is busy.' } }),
        })
      : route.continue();
  await page.route('**/photos', unavailable);
  await input.setInputFiles(jpeg('b.jpg', 2));
  const b = page.locator('.upload[data-state=failed]', { hasText: 'b.jpg' });
  await b.waitFor();
  t.match(await b.textContent(), /The photo store is busy\./, "a server error shows the server's message");
  t.equal(await page.getByRole('button', { name: 'Retry b.jpg' }).count(), 1, 'a 5xx can be retried');
  await page.unroute('**/photos', unavailable);

  // Refused for what the file is: not retryable, the server's reason.
  await input.setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('my notes\n'.repeat(100)) });
  const notes = page.locator('.upload[data-state=failed]', { hasText: 'notes.jpg' });
  await notes.waitFor();
  t.match(await notes.textContent(), /refused|rejected/i, 'said to be refused by the server');
  t.match(await notes.textContent(), /not a supported image/i, 'with its reason');
  t.equal(await page.getByRole('button', { name: 'Retry notes.jpg' }).count(), 0, 'a file the server refuses is not retried');
  t.equal(await notes.locator('progress').count(), 0, 'no full blue progress bar beside the error');

  // The service stops while the bytes are on their way (a slow link keeps the upload going): the
  // connection is dropped after the shutdown's grace period.
  const cdp = await context.newCDPSession(page);
  const uploadThroughput = async (bytesPerSecond: number) =>
    cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: bytesPerSecond,
    });
  await uploadThroughput(64 * 1024);
  await input.setInputFiles({
    name: 'large.jpg',
    mimeType: 'image/jpeg',
    buffer: Buffer.concat([SMALL, Buffer.alloc(3 * 1024 * 1024)]),
  });
  await page.waitForFunction(() => {
    const bar = (globalThis as any).document.querySelector('.upload[data-state=uploading] progress');
    return bar && bar.value > 0;
  });
  await svc.stop();
  const large = page.locator('.upload[data-state=failed]', { hasText: 'large.jpg' });
  await large.waitFor();
  t.match(await large.textContent(), /connection dropped during the upload/i, 'a started upload that was cut off says so');
  t.equal(await page.getByRole('button', { name: 'Retry large.jpg' }).count(), 1, 'and can be retried');
  await uploadThroughput(-1);

  // The service is gone: the next upload never starts.
  await input.setInputFiles(jpeg('c.jpg', 3));
  const c = page.locator('.upload[data-state=failed]', { hasText: 'c.jpg' });
  await c.waitFor();
  t.match(await c.textContent(), /could not reach the service/i, 'a stopped server: not reached');
  t.equal(await page.getByRole('button', { name: 'Retry c.jpg' }).count(), 1, 'retryable');
  await shot(page, 'upload-failures');
  t.same(pageErrors, [], 'no script errors');
});

t.test('finished rows can be dismissed; cancelled is its own, neutral state', async (t) => {
  const svc = await startTestService(t, { MAX_UPLOADS_IN_FLIGHT: '1' });
  const { page, pageErrors } = await signedInPage(t, svc.url, 'dismiss@example.com');
  const input = page.locator('input[type=file]');

  await input.setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('my notes\n'.repeat(100)) });
  await page.locator('.upload[data-state=failed]', { hasText: 'notes.jpg' }).waitFor();

  // Hold the next upload on the wire, so one is uploading and the next waits its turn.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const hold = async (route: any) => {
    if (route.request().method() !== 'POST') return route.continue();
    await held;
    await route.continue().catch(() => undefined);
  };
  await page.route('**/photos', hold);
  await input.setInputFiles([jpeg('first.jpg', 1), jpeg('second.jpg', 2)]);
  await page.locator('.upload[data-state=uploading]', { hasText: 'first.jpg' }).waitFor();
  await page.locator('.upload[data-state=queued]', { hasText: 'second.jpg' }).waitFor();
  await page.getByRole('button', { name: 'Cancel second.jpg' }).click();
  const second = page.locator('.upload[data-state=cancelled]', { hasText: 'second.jpg' });
  await second.waitFor();
  await page.getByRole('button', { name: 'Cancel first.jpg' }).click();
  const first = page.locator('.upload[data-state=cancelled]', { hasText: 'first.jpg' });
  await first.waitFor();
  release();
  t.match(await first.textContent(), /Cancelled/, 'a cancelled upload says so');
  const danger = await colourOf(page, '.upload[data-state=failed] .status');
  const cancelled = await colourOf(page, '.upload[data-state=cancelled] .status >> nth=0');
  t.not(cancelled, danger, `cancelled (${cancelled}) is not coloured as an error (${danger})`);
  t.equal(await first.getByRole('alert').count(), 0, 'nor announced as one');
  t.equal(await first.locator('progress').count(), 0, 'no progress bar left on a cancelled row');
  await page.unroute('**/photos', hold);
  await shot(page, 'upload-cancelled');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'upload-cancelled-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Each finished row goes on its own.
  await page.getByRole('button', { name: 'Dismiss second.jpg' }).click();
  await second.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Dismiss notes.jpg' }).click();
  await page.locator('.upload', { hasText: 'notes.jpg' }).waitFor({ state: 'detached' });
  t.equal(await page.locator('.upload').count(), 1, 'one row left');

  // And the rest at once, done ones too.
  await input.setInputFiles(jpeg('third.jpg', 3));
  await page.locator('.upload[data-state=done]', { hasText: 'third.jpg' }).waitFor();
  await page.getByRole('button', { name: 'Clear finished' }).click();
  await page.locator('.upload').first().waitFor({ state: 'detached' });
  t.equal(await page.locator('.upload').count(), 0, 'Clear finished empties the list');
  t.same(pageErrors, [], 'no script errors');
});

t.test('the list of uploads clears itself: done rows leave after a while, a summary stays', async (t) => {
  const svc = await startTestService(t);
  const { page, pageErrors } = await signedInPage(t, svc.url, 'clears@example.com', { clock: true });
  // Time in the page stands still from here on, unless the test moves it.
  await page.clock.pauseAt(Date.now() + 1000);
  const files = Array.from({ length: 6 }, (_, i) => jpeg(`photo-${i}.jpg`, i));
  await page.locator('input[type=file]').setInputFiles(files);
  await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('.upload[data-state=done]').length === 6, null, {
    timeout: 30_000,
  });
  t.equal(await page.locator('.upload').count(), 6, 'six rows while they are fresh');
  await shot(page, 'uploads-done');
  await page.clock.fastForward(10_000);
  await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('.upload').length === 0, null, {
    timeout: 5_000,
  });
  t.pass('the done rows left the list on their own');
  const summary = page.getByText('6 photos uploaded');
  await summary.waitFor();
  await shot(page, 'uploads-summary');
  await page.getByRole('button', { name: 'Dismiss the upload summary' }).click();
  await summary.waitFor({ state: 'detached' });
  t.same(pageErrors, [], 'no script errors');
});

t.test('a file dropped anywhere on the page uploads', async (t) => {
  const svc = await startTestService(t);
  const { page, pageErrors } = await signedInPage(t, svc.url, 'drop@example.com');
  const transfer = await page.evaluateHandle((base64: string) => {
    const g = globalThis as any;
    const bytes = Uint8Array.from(g.atob(base64), (ch: string) => ch.charCodeAt(0));
    const data = new g.DataTransfer();
    data.items.add(new g.File([bytes], 'dropped.jpg', { type: 'image/jpeg' }));
    return data;
  }, distinctJpeg(SMALL, 7).toString('base64'));

  // Plain text dragged over the page is none of the uploader's business.
  await page.evaluate(() => {
    const g = globalThis as any;
    const text = new g.DataTransfer();
    text.setData('text/plain', 'hello');
    g.document.body.dispatchEvent(new g.DragEvent('dragenter', { dataTransfer: text, bubbles: true, cancelable: true }));
  });
  t.equal(await page.locator('.drop-overlay').count(), 0, 'dragging text shows no overlay');
  await page.evaluate(() => {
    const g = globalThis as any;
    g.document.body.dispatchEvent(new g.DragEvent('dragleave', { bubbles: true, cancelable: true }));
  });

  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
  await page.locator('.drop-overlay').waitFor();
  t.pass('a full-window overlay while files are dragged over the page');
  await shot(page, 'upload-drag-overlay');
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
  await page.locator('.upload[data-state=done]', { hasText: 'dropped.jpg' }).waitFor();
  t.pass('dropped outside the dashed zone, and uploaded');
  t.equal(await page.locator('.drop-overlay').count(), 0, 'the overlay is gone after the drop');
  await page.locator('.tile').first().waitFor();
  t.equal(await page.locator('.upload').count(), 1, 'uploaded once');
  t.same(pageErrors, [], 'no script errors');
});
