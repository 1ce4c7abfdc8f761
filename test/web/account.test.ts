import fs from 'node:fs';
import path from 'node:path';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import t from 'tap';
import { launchBrowser } from '../helpers/browser.js';
import { Client } from '../helpers/client.js';
import { Mailbox } from '../helpers/mailbox.js';
import { SteppedClock } from '../helpers/manual-clock.js';
import { startTestService } from '../helpers/service.js';

const ARTIFACTS = path.join(import.meta.dirname, '..', '..', 'test-artifacts');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

async function signInThroughForm(page: Page, email: string, password = 'correct-horse-9') {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

t.test('two-step sign-in in the browser: enrol with the QR code’s secret, then sign in with a code', async (t) => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // The service's clock: each code is computed for it, and the next step is jumped to, not waited for.
  const clock = new SteppedClock();
  const svc = await startTestService(t, {}, { clock });
  await new Client(svc.url).signUpAndLogin('two-step@example.com');
  const browser = await launchBrowser(t);
  const page = await (await browser.newContext({ viewport: { width: 1000, height: 900 } })).newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  const codeNow = (secret: string) => generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });

  await page.goto(svc.url);
  await signInThroughForm(page, 'two-step@example.com');
  await page.getByRole('navigation', { name: 'Account' }).getByText('two-step@example.com').waitFor();
  t.pass('the header says who is signed in');
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  t.equal(new URL(page.url()).pathname, '/account', 'the account page has its own address');
  await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
  const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
  await qr.waitFor();
  const box = await qr.boundingBox();
  t.ok(box && box.width >= 150 && Math.abs(box.width - box.height) < 1, 'a square QR code, large enough to scan');
  const secret = (await page.getByTestId('totp-secret').textContent())!;
  t.match(secret, /^[A-Z2-7]{16,}$/, 'the key is shown for typing too');
  await shot(page, 'account-totp-setup');

  await page.getByLabel('Your password').fill('correct-horse-9');
  await page.getByLabel('Code from the app').fill('000000');
  await page.getByRole('button', { name: 'Turn on' }).click();
  t.equal(await page.getByRole('alert').textContent(), 'That code is wrong or was already used.');
  await page.getByLabel('Code from the app').fill(await codeNow(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await codes.first().waitFor();
  t.equal(await codes.count(), 10, 'ten recovery codes to keep');
  const recovery = (await codes.first().textContent())!;
  await shot(page, 'account-recovery-codes');
  await page.getByRole('button', { name: 'I have saved them' }).click();
  await page.getByText(/On: signing in asks for a code/).waitFor();
  await page.reload();
  await page.getByText(/On: signing in asks for a code.*10 recovery codes left/).waitFor();
  t.pass('a reload of /account comes back to the account page, signed in');

  // Signing in again now asks for a code.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await signInThroughForm(page, 'two-step@example.com');
  await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
  const codeBox = page.getByLabel('Code from your authenticator app (or a recovery code)');
  await codeBox.fill('000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  t.equal(await page.getByRole('alert').textContent(), 'That code is wrong or was already used. Try the next one.');
  clock.advance(30_000);
  await codeBox.fill(await codeNow(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
  t.pass('signed in with the code');
  const stored = await page.evaluate(() => {
    const g = globalThis as any;
    return [g.localStorage.length, g.sessionStorage.length];
  });
  t.same(stored, [0, 0], 'nothing kept in script-readable storage');

  // A recovery code stands in for the phone; then the code turns two-step sign-in off.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await signInThroughForm(page, 'two-step@example.com');
  await codeBox.fill(recovery);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await page.getByText(/9 recovery codes left/).waitFor();
  clock.advance(30_000);
  await page.getByLabel('Code from the app').fill(await codeNow(secret));
  await page.getByRole('button', { name: 'Turn off two-step sign-in' }).click();
  await page.getByText('Off: your password alone signs you in.').waitFor();
  await page.getByRole('button', { name: 'Back to your photos' }).click();
  t.equal(new URL(page.url()).pathname, '/');
  t.same(pageErrors, [], 'no script errors');
});

t.test('a forgotten password reset in the browser, then changed on the account page', async (t) => {
  const mailbox = new Mailbox();
  const svc = await startTestService(t, {}, { mailer: mailbox });
  await new Client(svc.url).signUpAndLogin('forgetful@example.com');
  const browser = await launchBrowser(t);
  const page = await (await browser.newContext()).newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));

  await page.goto(svc.url);
  await page.getByRole('button', { name: 'Forgot your password?' }).click();
  await page.getByLabel('Email').fill('forgetful@example.com');
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await page.getByText('If forgetful@example.com has an account, a code is on its way there.').waitFor();
  await page.getByLabel('Code from the email').fill('00000000');
  await page.getByLabel('New password', { exact: true }).fill('brand-new-horse-7');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  t.match(await page.getByRole('alert').textContent(), /wrong or has expired/, 'a wrong code, in words');
  await page.getByLabel('Code from the email').fill(await mailbox.code('forgetful@example.com', 1));
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
  t.pass('the mailed code set the new password and signed in');
  await shot(page, 'password-reset-done');

  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await page.getByLabel('Current password').fill('correct-horse-9');
  await page.getByLabel('New password', { exact: true }).fill('third-horse-33');
  await page.getByRole('button', { name: 'Change password' }).click();
  t.equal(await page.getByRole('alert').textContent(), 'The current password is wrong.', 'the old password no longer counts');
  await page.getByLabel('Current password').fill('brand-new-horse-7');
  await page.getByRole('button', { name: 'Change password' }).click();
  t.equal(await page.getByRole('status').textContent(), 'Your password is changed.');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await signInThroughForm(page, 'forgetful@example.com', 'third-horse-33');
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
  t.pass('the changed password signs in');
  t.same(pageErrors, [], 'no script errors');
});

t.test('signing out everywhere, and deleting the account, from the account page', async (t) => {
  const svc = await startTestService(t);
  await new Client(svc.url).signUpAndLogin('leaver@example.com');
  const browser = await launchBrowser(t);
  const laptop = await (await browser.newContext()).newPage();
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  const pageErrors: string[] = [];
  for (const page of [laptop, phone]) {
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(svc.url);
    await signInThroughForm(page, 'leaver@example.com');
    await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
  }

  await laptop.getByRole('link', { name: 'Account', exact: true }).click();
  await laptop.getByRole('button', { name: 'Sign out everywhere' }).click();
  await laptop.getByText('You are signed out on every device.').waitFor();
  await phone.reload();
  await phone.getByRole('heading', { name: 'Sign in' }).waitFor();
  t.pass('the other device is signed out too once its access token is renewed');

  await signInThroughForm(laptop, 'leaver@example.com');
  await laptop.getByRole('link', { name: 'Account', exact: true }).click();
  await laptop.getByRole('button', { name: 'Delete account…' }).click();
  const form = laptop.getByRole('form', { name: 'Delete account' });
  await form.getByLabel('Your password').fill('wrong-horse-9');
  await form.getByRole('button', { name: 'Delete my account' }).click();
  t.equal(await form.getByRole('alert').textContent(), 'The password is wrong.');
  await form.getByLabel('Your password').fill('correct-horse-9');
  await form.getByRole('button', { name: 'Delete my account' }).click();
  await laptop.getByText('Your account is deleted. Its photos, albums and links are being removed.').waitFor();
  await shot(laptop, 'account-deleted');
  await signInThroughForm(laptop, 'leaver@example.com');
  t.equal(await laptop.getByRole('alert').textContent(), 'Wrong email or password.', 'the account is gone');
  t.same(pageErrors, [], 'no script errors');
});
