import { expect, phonePage, signIn, test } from './fixtures';
import type { Page } from '@playwright/test';

async function buy(viewer: Page, liveId: string, title: string, spec: string) {
  await viewer.goto(`/live/${liveId}`);
  await viewer.getByTestId('cart-button').click();
  await viewer.getByTestId('cart-item').filter({ hasText: title }).click();
  await expect(viewer.getByTestId('detail-countdown')).toContainText(/距结束|Ends in/);
  await viewer.getByRole('button', { name: spec, exact: true }).click();
  await expect(viewer.getByTestId('detail-price')).toHaveText('¥99.00');
  await viewer.getByTestId('buy-button').click();
  await expect(viewer.getByTestId('checkout-price')).toHaveText('¥99.00');
  const name = viewer.locator('input[name="name"]');
  if (!(await name.inputValue())) {
    await name.fill('李雷');
    await viewer.locator('input[name="phone"]').fill('13912345678');
    await viewer.locator('input[name="region"]').fill('广东省深圳市南山区');
    await viewer.locator('input[name="detail"]').fill('科技园路 1 号');
  }
  await viewer.getByTestId('submit-order').click();
  await expect(viewer).toHaveURL(/\/orders\?focus=\d+/);
}

test('a viewer buys and pays in a live flash sale; the desk and another viewer follow live; sold out at 0', async ({ page: host, browser }, testInfo) => {
  const title = '保湿修护面霜';
  await signIn(host, 'host1');
  await host.getByRole('link', { name: /进入中控台|Open control desk/ }).first().click();
  await expect(host).toHaveURL(/\/console\/live\/\d+$/);
  const liveId = host.url().split('/').pop()!;

  // Host: a flash sale on one SKU, 2 units, 1 per person, starting now.
  await host.getByTestId('desk-item').filter({ hasText: title }).getByRole('button', { name: /^(设置秒杀|Flash sale)$/ }).click();
  const editor = host.getByTestId('flash-editor');
  await editor.getByRole('checkbox', { name: /CREAM-02/ }).uncheck();
  await editor.getByLabel(/秒杀价（元） CREAM-01|Flash price \(¥\) CREAM-01/).fill('99');
  await editor.getByLabel(/秒杀库存 CREAM-01|Flash stock CREAM-01/).fill('2');
  await editor.getByLabel(/每人限购 CREAM-01|Limit per person CREAM-01/).fill('1');
  await editor.getByRole('button', { name: /^(创建秒杀|Create flash sale)$/ }).click();
  await expect(host.getByTestId('flash-sale').first()).toContainText(/进行中|On/);
  await expect(host.getByTestId('flash-remaining').first()).toHaveText('2');

  // A second viewer watches the cart, not signed in.
  const watcher = await phonePage(browser);
  await watcher.goto(`/live/${liveId}`);
  await watcher.getByTestId('cart-button').click();
  const watched = watcher.getByTestId('cart-item').filter({ hasText: title });
  await expect(watched.getByTestId('flash-badge')).toBeVisible();
  await expect(watched.getByTestId('cart-item-stock')).toHaveText(/仅剩 2 件|Only 2 left/);

  // Viewer 1 buys and pays.
  const buyer = await phonePage(browser);
  await signIn(buyer, 'viewer1');
  await buy(buyer, liveId, title, '50ml');
  const mine = buyer.getByTestId('my-order').first();
  await expect(mine.getByTestId('pay-countdown')).toBeVisible();
  await mine.getByTestId('pay-button').click();
  await expect(mine.getByTestId('order-status')).toHaveText(/已支付|Paid/);

  // The desk shows the order live; the other viewer sees the stock drop.
  await expect(host.getByTestId('ticker-order').first()).toContainText('观众小美');
  await expect(host.getByTestId('ticker-order').first()).toContainText(/已支付|Paid/);
  await expect(host.getByTestId('flash-remaining').first()).toHaveText('1');
  await expect(watched.getByTestId('cart-item-stock')).toHaveText(/仅剩 1 件|Only 1 left/);

  // Viewer 2 takes the last one: sold out for everyone.
  const second = await phonePage(browser);
  await signIn(second, 'viewer2');
  await buy(second, liveId, title, '50ml');
  await expect(watched.getByTestId('cart-item-stock')).toHaveText(/已售罄|Sold out/);
  await expect(host.getByTestId('flash-remaining').first()).toHaveText('0');

  await testInfo.attach('desk-flash', { body: await host.screenshot({ fullPage: true }), contentType: 'image/png' });
  await testInfo.attach('viewer-sold-out', { body: await watcher.screenshot(), contentType: 'image/png' });
  await testInfo.attach('my-orders', { body: await buyer.screenshot({ fullPage: true }), contentType: 'image/png' });
  for (const p of [watcher, buyer, second]) await p.context().close();
});
