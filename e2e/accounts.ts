// Sign-in by typing, as a user without the demo list does (it exists only in demo mode: the
// embedded run has it, the PostgreSQL run does not).
import { randomUUID } from 'node:crypto';
import { expect, type Browser, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'livecart123';
export const EMBEDDED = process.env.E2E_BACKEND === 'embedded';

export async function signInAs(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** A desktop page in a browser context of its own (its own cookies). */
export async function ownPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

export const uniqueName = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 8)}`;

/** A POST to a tRPC procedure with the page's cookies, from the page's own origin. */
export async function callAsPage(page: Page, path: string, input: unknown) {
  const origin = new URL(page.url()).origin;
  const response = await page.request.post(`/api/trpc/${path}`, { headers: { 'content-type': 'application/json', origin }, data: { json: input } });
  return { status: response.status(), body: (await response.json()) as { error?: { json: { data: { reason: string | null } } } } };
}
