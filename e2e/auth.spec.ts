import { expect, test } from './fixtures';
import { DEMO_PASSWORD, EMBEDDED, signInAs as signIn, uniqueName } from './accounts';

test.describe('sign-in for each role', () => {
  test('a host lands on the console and sees the shop’s goods from the database', async ({ page }) => {
    await signIn(page, 'host1');
    await expect(page).toHaveURL(/\/console$/);
    await expect(page.getByTestId('current-user')).toContainText('李主播');
    const goods = page.getByTestId('goods-table');
    await expect(goods).toContainText('纯棉宽松短袖T恤');
    await expect(goods).toContainText('¥59.00');
    // The other shop's goods are not in this host's library.
    await expect(goods).not.toContainText('赣南脐橙');
  });

  test('ops land on the board with every room', async ({ page }) => {
    await signIn(page, 'ops1');
    await expect(page).toHaveURL(/\/ops$/);
    const rooms = page.getByTestId('ops-rooms');
    await expect(rooms).toContainText('秋冬穿搭专场');
    await expect(rooms).toContainText('山野好物年货节');
  });

  test('a viewer lands in a live room', async ({ page }) => {
    await signIn(page, 'viewer1');
    await expect(page).toHaveURL(/\/live\/\d+$/);
    await expect(page.getByTestId('cart-button')).toBeVisible();
  });

  test('a wrong password shows a clear error and no session', async ({ page }) => {
    await page.goto('/login');
    await page.locator('input[name="username"]').fill('host1');
    await page.locator('input[name="password"]').fill('wrong-password');
    await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
    await expect(page.getByTestId('sign-in-error')).toHaveText('用户名或密码错误');
    await page.goto('/console');
    await expect(page).toHaveURL(/\/login\?next=%2Fconsole/);
  });
});

test.describe('demo mode and guessing', () => {
  test(EMBEDDED ? 'the embedded default lists the demo accounts: one click fills the form' : 'on PostgreSQL the sign-in page is a plain form and no account is named anywhere', async ({ page, request }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { name: '登录直播小黄车' })).toBeVisible();
    const demo = await request.get(`/api/trpc/auth.demoAccounts?input=${encodeURIComponent(JSON.stringify({ json: null }))}`);
    if (EMBEDDED) {
      expect(demo.status()).toBe(200);
      await page.getByTestId('demo-accounts').getByRole('button', { name: /^host1 / }).click();
      await expect(page.locator('input[name="username"]')).toHaveValue('host1');
      await expect(page.locator('input[name="password"]')).toHaveValue(DEMO_PASSWORD);
      await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
      await expect(page).toHaveURL(/\/console$/);
    } else {
      expect(demo.status()).toBe(404);
      expect(await demo.text()).not.toMatch(/host1|viewer1|livecart123/);
      await expect(page.getByTestId('demo-accounts')).toHaveCount(0);
      expect(await page.content()).not.toMatch(/host1|viewer1|livecart123/);
    }
  });

  test('repeated wrong passwords lock the name for a while, and the page says how long', async ({ page }) => {
    await page.goto('/login');
    const name = uniqueName('guess');
    await page.locator('input[name="username"]').fill(name);
    for (let i = 1; i <= 4; i++) {
      await page.locator('input[name="password"]').fill(`wrong-${i}`);
      await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
      await expect(page.getByTestId('sign-in-error')).toHaveText('用户名或密码错误');
    }
    await page.locator('input[name="password"]').fill('wrong-5');
    await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
    await expect(page.getByTestId('sign-in-error')).toHaveText('尝试次数过多，请 60 秒后再试');
  });
});

test.describe('role-guarded pages', () => {
  test('signed out, the console and the board send you to sign in', async ({ page }) => {
    await page.goto('/ops');
    await expect(page).toHaveURL(/\/login\?next=%2Fops/);
    await page.goto('/console');
    await expect(page).toHaveURL(/\/login\?next=%2Fconsole/);
  });

  test('a viewer may not open the console or the board', async ({ page }) => {
    await signIn(page, 'viewer2');
    await expect(page).toHaveURL(/\/live\//);
    await page.goto('/console');
    await expect(page.getByRole('heading', { name: /无权访问|Not allowed/ })).toBeVisible();
    await page.goto('/ops');
    await expect(page.getByRole('heading', { name: /无权访问|Not allowed/ })).toBeVisible();
  });

  test('a host may not open the ops board', async ({ page }) => {
    await signIn(page, 'host2');
    await expect(page).toHaveURL(/\/console$/);
    await page.goto('/ops');
    await expect(page.getByRole('heading', { name: /无权访问|Not allowed/ })).toBeVisible();
  });

  test('the language switch turns the UI to English and back', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { name: '登录直播小黄车' })).toBeVisible();
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to Livecart' })).toBeVisible();
    await page.getByRole('button', { name: '中文' }).click();
    await expect(page.getByRole('heading', { name: '登录直播小黄车' })).toBeVisible();
  });
});

test('the REST API is documented on an interactive page', async ({ page, request }) => {
  const list = await request.get('/api/live/goods-list?live_id=abc');
  expect(list.status()).toBe(400);
  expect(await list.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'live_id must be a whole number' } });
  await page.goto('/api/docs');
  await expect(page.getByText('Livecart API')).toBeVisible();
  await expect(page.getByText('/api/live/goods-list')).toBeVisible();
});
