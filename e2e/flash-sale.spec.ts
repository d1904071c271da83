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

test('a viewer buys and pays in a live flash sale; both desks and another viewer follow live; the flash SKU sells out, the item stays buyable', async ({ page: host, browser }, testInfo) => {
  const title = '保湿修护面霜';
  await signIn(host, 'host1');
  await host.getByRole('link', { name: /进入中控台|Open control desk/ }).first().click();
  await expect(host).toHaveURL(/\/console\/live\/\d+$/);
  const liveId = host.url().split('/').pop()!;

  // A second operator of the shop has the same desk open.
  const operator = await browser.newPage();
  await signIn(operator, 'host1b');
  await operator.goto(`/console/live/${liveId}`);
  await expect(operator.getByTestId('flash-panel')).toBeVisible();

  // Host: a flash sale on one SKU (50ml; 100ml stays at the regular price), 1 per person, starting now.
  await host.getByTestId('desk-item').filter({ hasText: title }).getByRole('button', { name: /^(设置秒杀|Flash sale)$/ }).click();
  const editor = host.getByTestId('flash-editor');
  await editor.getByRole('checkbox', { name: /CREAM-02/ }).uncheck();
  await editor.getByLabel(/秒杀价（元） CREAM-01|Flash price \(¥\) CREAM-01/).fill('99');
  await editor.getByLabel(/秒杀库存 CREAM-01|Flash stock CREAM-01/).fill('3');
  await editor.getByLabel(/每人限购 CREAM-01|Limit per person CREAM-01/).fill('1');
  await editor.getByRole('button', { name: /^(创建秒杀|Create flash sale)$/ }).click();
  await expect(host.getByTestId('flash-sale').first()).toContainText(/进行中|On/);
  await expect(host.getByTestId('flash-remaining').first()).toHaveText('3');
  await expect(operator.getByTestId('flash-remaining').first()).toHaveText('3');

  // The host lowers the flash stock to 2: the other desk follows without a reload.
  await host.getByLabel(/调整库存 CREAM-01|Stock CREAM-01/).fill('2');
  await host.getByRole('button', { name: /^(改秒杀库存|Set flash stock)$/ }).click();
  await expect(host.getByTestId('flash-remaining').first()).toHaveText('2');
  await expect(operator.getByTestId('flash-remaining').first()).toHaveText('2');

  // A second viewer watches the cart, not signed in.
  const watcher = await phonePage(browser);
  await watcher.goto(`/live/${liveId}`);
  await watcher.getByTestId('cart-button').click();
  const watched = watcher.getByTestId('cart-item').filter({ hasText: title });
  await expect(watched.getByTestId('flash-badge')).toBeVisible();
  await expect(watched.getByTestId('cart-item-flash-stock')).toHaveText(/秒杀仅剩 2 件|Flash sale: 2 left/);
  await expect(watched.getByTestId('cart-item-stock')).toHaveText(/有货|In stock/);

  // Viewer 1 buys and pays.
  const buyer = await phonePage(browser);
  await signIn(buyer, 'viewer1');
  await buy(buyer, liveId, title, '50ml');
  const mine = buyer.getByTestId('my-order').first();
  await expect(mine.getByTestId('pay-countdown')).toBeVisible();
  await mine.getByTestId('pay-button').click();
  // Paying asks once, in the app.
  await buyer.getByRole('alertdialog').getByRole('button', { name: /^(立即支付|Pay now)$/ }).click();
  await expect(mine.getByTestId('order-status')).toHaveText(/已支付|Paid/);

  // The desks show the order live; the other viewer sees the flash stock drop.
  await expect(host.getByTestId('ticker-order').first()).toContainText('观众小美');
  await expect(host.getByTestId('ticker-order').first()).toContainText(/已支付|Paid/);
  await expect(host.getByTestId('flash-remaining').first()).toHaveText('1');
  await expect(operator.getByTestId('flash-remaining').first()).toHaveText('1');
  await expect(watched.getByTestId('cart-item-flash-stock')).toHaveText(/秒杀仅剩 1 件|Flash sale: 1 left/);

  // Viewer 1 is at the limit while stock remains: its own words, not "sold out".
  await buyer.goto(`/live/${liveId}`);
  await buyer.getByTestId('cart-button').click();
  await buyer.getByTestId('cart-item').filter({ hasText: title }).click();
  await buyer.getByRole('button', { name: '50ml', exact: true }).click();
  await expect(buyer.getByTestId('detail-limit')).toHaveText(/每人限购 1 件，你已购买 1 件|Limit 1 per person — you already have 1/);
  await expect(buyer.getByTestId('buy-state')).toHaveText(/已达限购|Limit reached/);
  await expect(buyer.getByTestId('buy-button')).toHaveCount(0);

  // Viewer 2 takes the last one: the flash SKU is sold out for everyone, the item is not.
  const second = await phonePage(browser);
  await signIn(second, 'viewer2');
  await buy(second, liveId, title, '50ml');
  await expect(watched.getByTestId('cart-item-flash-stock')).toHaveText(/秒杀已抢光|Flash sale sold out/);
  await expect(watched.getByTestId('cart-item-stock')).toHaveText(/有货|In stock/);
  await expect(host.getByTestId('flash-remaining').first()).toHaveText('0');
  await expect(operator.getByTestId('flash-remaining').first()).toHaveText('0');

  // The SKU picker marks the sold-out SKU and keeps the other buyable.
  await watched.click();
  const soldOutSku = watcher.getByRole('button', { name: /^50ml/ });
  await expect(soldOutSku).toBeDisabled();
  await expect(soldOutSku).toContainText(/已售罄|Sold out/);
  await watcher.getByRole('button', { name: '100ml', exact: true }).click();
  await expect(watcher.getByTestId('detail-price')).toHaveText('¥288.00');
  await expect(watcher.getByTestId('buy-button')).toBeVisible();

  await testInfo.attach('desk-flash', { body: await host.screenshot({ fullPage: true }), contentType: 'image/png' });
  await testInfo.attach('viewer-sku-sold-out', { body: await watcher.screenshot(), contentType: 'image/png' });
  await testInfo.attach('my-orders', { body: await buyer.screenshot({ fullPage: true }), contentType: 'image/png' });
  for (const p of [watcher, buyer, second, operator]) await p.context().close();
});
