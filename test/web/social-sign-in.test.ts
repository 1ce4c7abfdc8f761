import t from 'tap';
import { launchBrowser } from '../helpers/browser.js';
import { startOidcProvider } from '../helpers/oidc-provider.js';
import { freePort, startTestService } from '../helpers/service.js';

t.test("in Chromium: through the provider's sign-in and consent pages, back to the web app signed in", async (t) => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const provider = await startOidcProvider(t, `${base}/auth/oauth/callback`);
  await startTestService(t, { PORT: String(port), OIDC_PROVIDERS: JSON.stringify([provider.entry('test', 'Test ID')]) });
  const browser = await launchBrowser(t);
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));

  await page.goto(`${base}/?signin_error=denied`);
  t.equal(
    await page.getByRole('alert').textContent(),
    'The sign-in was cancelled at the provider.',
    'a failed sign-in, in words',
  );
  t.equal(new URL(page.url()).search, '', 'and the error is taken out of the address');
  await page.getByRole('group', { name: 'Other ways to sign in' }).getByRole('link', { name: 'Sign in with Test ID' }).click();
  await page.waitForURL(`${provider.issuer}/interaction/**`);
  t.ok(page.url().startsWith(`${provider.issuer}/interaction/`), "on the provider's sign-in page");
  await page.locator('input[name=login]').fill('frank');
  await page.locator('input[name=password]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(`${base}/`);
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
  t.pass('the web app is signed in');
  // Cookies are listed for the URLs they would be sent to: these are scoped to /auth and /auth/oauth.
  const cookies = await page.context().cookies(`${base}/auth/oauth/callback`);
  t.ok(
    cookies.some((c) => c.name === 'ps_refresh' && c.httpOnly && c.sameSite === 'Strict'),
    'with the session cookie',
  );
  t.notOk(
    cookies.some((c) => c.name === 'ps_oauth'),
    'and the sign-in cookie gone',
  );
  const stored = await page.evaluate(() => {
    const g = globalThis as any;
    return [g.localStorage.length, g.sessionStorage.length, g.document.cookie];
  });
  t.same(
    stored,
    [0, 0, 'ps_session=1'],
    'no token in localStorage, sessionStorage or a cookie script can read (only the hint that a session exists)',
  );
  t.same(pageErrors, []);
});
