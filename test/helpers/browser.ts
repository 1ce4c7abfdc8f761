import { chromium, type Browser } from 'playwright-core';
import type { Test } from 'tap';

// Debian's Chromium (`apt-get install chromium`, as .ci/run does). Missing, a test fails: it is never skipped.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(t: Test): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.teardown(() => browser.close());
  return browser;
}
