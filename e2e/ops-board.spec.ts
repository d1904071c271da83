import { expect, phonePage, signIn, test } from './fixtures';

test('orders placed by a viewer show on the ops board live: numbers, the SKU row and the chart', async ({ page: ops, browser }, testInfo) => {
  await signIn(ops, 'ops1');
  await expect(ops.getByTestId('ops-rooms')).toBeVisible();
  const row = ops.getByTestId('ops-room-row').filter({ hasText: '秋冬穿搭专场' });
  const liveId = await row.getAttribute('data-live-id');
  await row.getByRole('link', { name: /查看看板|Open board/ }).click();
  await expect(ops).toHaveURL(new RegExp(`/ops/live/${liveId}$`));
  const orders = ops.getByTestId('board-orders');
  await expect(orders).toBeVisible();
  const before = Number(await orders.textContent());
  const chartBefore = Number(await ops.getByTestId('orders-chart').getAttribute('data-total'));
  const loads = await ops.evaluate(() => performance.getEntriesByType('navigation').length);

  // A viewer buys a T-shirt (not in a flash sale).
  const viewer = await phonePage(browser);
  await signIn(viewer, 'viewer3');
  await viewer.goto(`/live/${liveId}`);
  await viewer.getByTestId('cart-button').click();
  await viewer.getByTestId('cart-item').filter({ hasText: '纯棉宽松短袖T恤' }).click();
  await viewer.getByRole('button', { name: '白色', exact: true }).click();
  await viewer.getByRole('button', { name: 'L', exact: true }).click();
  await viewer.getByTestId('buy-button').click();
  await viewer.locator('input[name="name"]').fill('韩梅梅');
  await viewer.locator('input[name="phone"]').fill('13700001111');
  await viewer.locator('input[name="region"]').fill('北京市海淀区');
  await viewer.locator('input[name="detail"]').fill('中关村大街 27 号');
  await viewer.getByTestId('submit-order').click();
  await expect(viewer).toHaveURL(/\/orders\?focus=\d+/);

  // The board follows without a reload.
  await expect(orders).toHaveText(String(before + 1));
  await expect(ops.getByTestId('board-sku-row').filter({ hasText: '纯棉宽松短袖T恤' })).toBeVisible();
  await expect(ops.getByTestId('board-last-minute')).not.toHaveText('0');
  await expect.poll(async () => Number(await ops.getByTestId('orders-chart').getAttribute('data-total'))).toBe(chartBefore + 1);
  expect(await ops.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loads);

  // The per-SKU results export as CSV.
  const [file] = await Promise.all([ops.waitForEvent('download'), ops.getByRole('button', { name: /导出 CSV|Export CSV/ }).click()]);
  expect(file.suggestedFilename()).toBe(`live-${liveId}-skus.csv`);
  await testInfo.attach('ops-board', { body: await ops.screenshot({ fullPage: true }), contentType: 'image/png' });
  await viewer.context().close();
});
