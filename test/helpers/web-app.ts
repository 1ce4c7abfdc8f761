import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

export const ARTIFACTS = path.join(import.meta.dirname, '..', '..', 'test-artifacts');

/** A full-page screenshot under test-artifacts/, to be looked at. */
export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Opens the app and signs in through its form (the password every test account uses). */
export async function signInAt(page: Page, url: string, email: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct-horse-9');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
}

/** Waits until every thumbnail in the grid has arrived. */
export async function thumbnailsLoaded(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) =>
      [...(globalThis as any).document.querySelectorAll('.tile[data-status=ready] img')].filter(
        (i: any) => i.complete && i.naturalWidth > 0,
      ).length === n,
    count,
    { timeout: 60_000 },
  );
}
