import { test as base, expect, type Browser, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'livecart123';

/** Signs in through the sign-in page with a demo account's name and password. */
export async function signIn(page: Page, username: string) {
  // Typed, as on a production instance: the demo list shows only in demo mode (the embedded run).
  await page.goto('/login');
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  // Signed in once the app has moved on to the role's home.
  await expect(page).not.toHaveURL(/\/login/);
}

/** A viewer on a phone-sized screen, in a browser context of its own. */
export async function phonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  return context.newPage();
}

export const test = base;
export { expect };
