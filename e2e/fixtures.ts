import { test as base, expect, type Browser, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'livecart123';

/** Signs in through the sign-in page, by clicking the demo account as a new user would. */
export async function signIn(page: Page, username: string) {
  await page.goto('/login');
  await page.getByTestId('demo-accounts').getByRole('button', { name: new RegExp(`^${username} `) }).click();
  await expect(page.locator('input[name="username"]')).toHaveValue(username);
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
