// Every page in both languages at phone and desktop widths: a full-page screenshot per width in
// test-results/, and a failure on horizontal overflow or on any visible word in the wrong
// language (see language-checks.ts for what counts).
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { LOCALES, expectHolds, signInAs, setLanguage, type Locale } from './language-checks';

const PHONE = [320, 390, 1440];
const DESK = [390, 1280, 1440];
const WIDE = [390, 1440];

/** host1's live room (the seed's first), from the console's room list. */
async function openDesk(page: Page) {
  await page.goto('/console');
  await page.getByRole('link', { name: /进入中控台|Open control desk/ }).first().click();
  await expect(page).toHaveURL(/\/console\/live\/\d+$/);
  await expect(page.getByTestId('desk-item').first()).toBeVisible({ timeout: 20_000 });
  return page.url().split('/').pop()!;
}

/** From the room's cart to the checkout page of its first item, first SKU in stock. */
async function toCheckout(page: Page, liveId: string) {
  await page.goto(`/live/${liveId}`);
  await page.getByTestId('cart-button').click();
  await page.getByTestId('cart-item').first().click();
  await expect(page.getByTestId('goods-detail')).toBeVisible();
  const choices = page.locator('section[aria-label] button[aria-pressed]');
  await expect(choices.first()).toBeVisible();
  // One value per spec dimension: the first one in stock.
  for (const group of await page.locator('section[aria-label] div.flex-wrap').all()) {
    await group.locator('button:not([disabled])').first().click();
  }
  await page.getByTestId('buy-button').click();
  await expect(page).toHaveURL(/\/checkout\?/);
}

/** Places an order through the detail and checkout pages; confirms a payment step if one is asked. */
async function placeOrder(page: Page, liveId: string) {
  await toCheckout(page, liveId);
  const name = page.locator('input[name="name"]');
  await expect(name).toBeVisible();
  if (!(await name.inputValue())) {
    await name.fill('李雷');
    await page.locator('input[name="phone"]').fill('13912345678');
    await page.locator('input[name="region"]').fill('广东省深圳市南山区');
    await page.locator('input[name="detail"]').fill('科技园路 1 号');
  }
  await page.getByTestId('submit-order').click();
  const confirm = page.getByRole('alertdialog');
  await expect(page).toHaveURL(/\/orders/, { timeout: 5_000 }).catch(async () => {
    await confirm.getByRole('button').last().click();
    await expect(page).toHaveURL(/\/orders/);
  });
}

for (const locale of LOCALES) {
  test.describe(`in ${locale === 'zh' ? 'Chinese' : 'English'}`, () => {
    test.beforeEach(async ({ context }) => setLanguage(context, locale as Locale));

    test('viewer: live room, cart, goods detail', async ({ page }, testInfo) => {
      await page.goto('/live/1');
      await expect(page.getByTestId('room-title')).toBeVisible({ timeout: 20_000 });
      await expectHolds(page, testInfo, 'live-room', locale, PHONE);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByTestId('cart-button').click();
      await expect(page.getByTestId('cart-item').first()).toBeVisible();
      // A price range shows its lowest price "from".
      await expect(page.getByTestId('cart-drawer')).toContainText(locale === 'zh' ? '起' : 'from');
      await expectHolds(page, testInfo, 'cart', locale, PHONE);
      await page.getByTestId('cart-item').first().click();
      await expect(page.getByTestId('goods-detail')).toBeVisible();
      await expect(page.getByTestId('viewer-header').getByTestId('language-switch')).toBeVisible();
      await expectHolds(page, testInfo, 'goods-detail', locale, PHONE);
    });

    test('viewer: a room before its start', async ({ page }, testInfo) => {
      await page.goto('/live/2');
      await expect(page.getByTestId('room-title')).toBeVisible({ timeout: 20_000 });
      // Before its start: the poster, the title and the start time, not a black page.
      await expect(page.getByTestId('stream-not-started')).toBeVisible();
      await expect(page.getByTestId('stream-not-started')).toContainText(locale === 'zh' ? '开播时间' : 'Starts');
      await expectHolds(page, testInfo, 'scheduled-room', locale, PHONE);
    });

    test('viewer: checkout and my orders, with the header and the language switch', async ({ page }, testInfo) => {
      await signInAs(page, locale === 'zh' ? 'viewer3' : 'viewer4', locale);
      await page.goto('/orders');
      await expect(page.getByTestId('viewer-header')).toBeVisible();
      await expectHolds(page, testInfo, 'orders-empty', locale, PHONE);
      await placeOrder(page, '1');
      await expect(page.getByTestId('my-order').first()).toBeVisible();
      await expectHolds(page, testInfo, 'orders', locale, PHONE);
      // Cancelling asks in the app; Esc keeps the order.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByTestId('my-order').first().getByRole('button', { name: /^(取消订单|Cancel order)$/ }).click();
      const dialog = page.getByRole('alertdialog');
      await expect(dialog).toBeVisible();
      // Keyboard: the focus starts on the safe answer and stays inside the dialog.
      await expect(dialog.getByRole('button', { name: /^(暂不取消|Keep order)$/ })).toBeFocused();
      for (let i = 0; i < 3; i++) {
        await page.keyboard.press('Tab');
        expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
      }
      await expectHolds(page, testInfo, 'orders-confirm', locale, PHONE);
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);

      // The checkout page itself, with its header.
      await toCheckout(page, '1');
      await expect(page.getByTestId('viewer-header').getByTestId('language-switch')).toBeVisible();
      await expectHolds(page, testInfo, 'checkout', locale, PHONE);
      // Submitting with an empty address: the errors are in the page's language too.
      for (const field of ['name', 'phone', 'region', 'detail']) await page.locator(`input[name="${field}"]`).fill('');
      await page.getByTestId('submit-order').click();
      await page.waitForTimeout(500);
      await expectHolds(page, testInfo, 'checkout-invalid', locale, PHONE);
    });

    test('host: control desk, flash editor, stock dialog', async ({ page }, testInfo) => {
      await signInAs(page, 'host1', locale);
      await openDesk(page);
      await expectHolds(page, testInfo, 'desk', locale, DESK);
      // Prices and stock stay on one line; a long title keeps one line with the full title on hover.
      const item = page.getByTestId('desk-item').first();
      for (const width of DESK) {
        await page.setViewportSize({ width, height: 900 });
        for (const id of ['desk-item-price', 'desk-item-stock']) {
          const lines = await item.getByTestId(id).evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
          expect.soft(lines, `${id} at ${width}px takes one line`).toBe(1);
        }
        const title = item.getByTestId('desk-item-title');
        await expect.soft(title).toHaveAttribute('title', /.+/);
      }
      await page.setViewportSize({ width: 1440, height: 900 });
      await item.getByRole('button', { name: /^(设置秒杀|Flash sale)$/ }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await expectHolds(page, testInfo, 'flash-editor', locale, WIDE);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').getByRole('button', { name: /^(取消|Cancel)$/ }).click({ timeout: 2_000 }).catch(() => undefined);
      await expect(page.getByRole('dialog')).toHaveCount(0);
      await page.setViewportSize({ width: 1440, height: 900 });
      await item.getByRole('button', { name: /^(改库存|Stock)$/ }).click();
      await expectHolds(page, testInfo, 'stock-editor', locale, WIDE);
      // Removing asks in the app.
      await page.setViewportSize({ width: 1440, height: 900 });
      await item.getByRole('button', { name: /^(移出|Remove)$/ }).click();
      await expect(page.getByRole('alertdialog')).toBeVisible();
      await expectHolds(page, testInfo, 'desk-confirm', locale, WIDE);
      await page.getByRole('alertdialog').getByRole('button', { name: /^(取消|Cancel)$/ }).click();
      await expect(page.getByRole('alertdialog')).toHaveCount(0);
    });

    test('host: console, goods library (empty search), goods form, members, change log', async ({ page }, testInfo) => {
      await signInAs(page, 'host1', locale);
      await page.goto('/console');
      await expect(page.getByTestId('goods-table')).toBeVisible();
      await expectHolds(page, testInfo, 'console', locale, WIDE);
      const search = page.getByRole('searchbox');
      await search.fill('没有这件商品zzz');
      await expect(page.getByTestId('library-no-hit')).toBeVisible();
      await expectHolds(page, testInfo, 'library-no-hit', locale, WIDE);
      await page.getByTestId('library-no-hit').getByRole('button').click();
      await expect(search).toHaveValue('');
      await expect(page.getByTestId('goods-table')).toBeVisible();

      await page.goto('/console/goods/new');
      await expect(page.locator('form')).toBeVisible();
      await expectHolds(page, testInfo, 'goods-form-new', locale, WIDE);
      await page.locator('form button[type="submit"]').click();
      await page.waitForTimeout(500);
      await expectHolds(page, testInfo, 'goods-form-invalid', locale, WIDE);

      await page.goto('/console');
      await page.getByTestId('goods-table').getByRole('link').first().click();
      await expect(page.locator('form')).toBeVisible();
      await expectHolds(page, testInfo, 'goods-form-edit', locale, WIDE);

      await page.goto('/console/members');
      await expect(page.getByTestId('members')).toBeVisible();
      await expectHolds(page, testInfo, 'members', locale, WIDE);
      await page.goto('/console/audit');
      await expect(page.getByTestId('console-nav')).toBeVisible();
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await expectHolds(page, testInfo, 'audit', locale, WIDE);
    });

    test('ops: board and a room board', async ({ page }, testInfo) => {
      await signInAs(page, 'ops1', locale);
      await page.goto('/ops');
      await expect(page.getByTestId('ops-nav')).toBeVisible();
      await page.waitForLoadState('networkidle');
      await expectHolds(page, testInfo, 'ops-home', locale, WIDE);
      await page.goto('/ops/live/1');
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await expectHolds(page, testInfo, 'room-board', locale, WIDE);
    });
  });
}
