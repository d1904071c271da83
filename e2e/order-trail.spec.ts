import { expect, phonePage, signIn, test } from './fixtures';

test('ops open an order and read its trail: the card click, the detail view, the order and the payment, with times', async ({ page: ops, browser }, testInfo) => {
  await signIn(ops, 'ops1');
  await expect(ops.getByTestId('ops-rooms')).toBeVisible();
  const liveId = await ops.getByTestId('ops-room-row').filter({ hasText: '秋冬穿搭专场' }).getAttribute('data-live-id');

  // A viewer clicks a card in the room, reads the details, buys and pays.
  const viewer = await phonePage(browser);
  await signIn(viewer, 'viewer2');
  await viewer.goto(`/live/${liveId}`);
  await viewer.getByTestId('cart-button').click();
  await viewer.getByTestId('cart-item').filter({ hasText: '纯棉宽松短袖T恤' }).click();
  await expect(viewer).toHaveURL(/trace_id=[0-9a-f]{32}/);
  const traceId = new URL(viewer.url()).searchParams.get('trace_id')!;
  await viewer.getByRole('button', { name: '黑色', exact: true }).click();
  await viewer.getByRole('button', { name: 'M', exact: true }).click();
  await viewer.getByTestId('buy-button').click();
  await viewer.locator('input[name="name"]').fill('李雷');
  await viewer.locator('input[name="phone"]').fill('13700002222');
  await viewer.locator('input[name="region"]').fill('上海市浦东新区');
  await viewer.locator('input[name="detail"]').fill('世纪大道 100 号');
  await viewer.getByTestId('submit-order').click();
  await expect(viewer).toHaveURL(/\/orders\?focus=\d+/);
  const orderSn = new URL(viewer.url()).searchParams.get('focus')!;
  await viewer.context().close();

  // Ops find it by its number from the nav.
  await ops.getByRole('link', { name: /订单轨迹|Order trail/ }).click();
  await ops.getByPlaceholder(/订单号|Order number/).fill(orderSn);
  await ops.getByRole('button', { name: /查看轨迹|Show trail/ }).click();
  const trail = ops.getByTestId('order-trail');
  await expect(trail).toBeVisible();
  await expect(trail).toContainText(traceId);
  await expect(trail.locator('li[data-step]')).toHaveText([/点击商品卡片/, /浏览商品详情/, /下单/]);
  await testInfo.attach('order-trail', { body: await ops.screenshot({ fullPage: true }), contentType: 'image/png' });
});
