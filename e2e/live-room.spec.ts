import { expect, phonePage, signIn, test } from './fixtures';

test('a pin on the host desk appears on an open viewer page without reload', async ({ page: hostPage, browser }, testInfo) => {
  await signIn(hostPage, 'host1');
  await hostPage.getByRole('link', { name: /进入中控台|Open control desk/ }).first().click();
  await expect(hostPage).toHaveURL(/\/console\/live\/\d+$/);
  const liveId = hostPage.url().split('/').pop()!;
  const items = hostPage.getByTestId('desk-item');
  await expect(items.first()).toBeVisible();

  // The viewer is not signed in: the live room is public, like the stream itself.
  const viewer = await phonePage(browser);
  await viewer.goto(`/live/${liveId}`);
  await expect(viewer.getByTestId('cart-button')).toBeVisible();
  // Navigation entries let us prove the page never reloaded.
  const loadsBefore = await viewer.evaluate(() => performance.getEntriesByType('navigation').length);

  const second = items.nth(1);
  const title = (await second.getByTestId('desk-item-title').textContent())!.trim();
  await second.getByRole('button', { name: /^(讲解|Pin)$/ }).click();
  await expect(second.getByText(/讲解中|Presenting/)).toBeVisible();

  await expect(viewer.getByTestId('pinned-title')).toHaveText(title);
  expect(await viewer.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loadsBefore);

  await testInfo.attach('host-desk', { body: await hostPage.screenshot({ fullPage: true }), contentType: 'image/png' });
  await testInfo.attach('viewer-room', { body: await viewer.screenshot({ fullPage: true }), contentType: 'image/png' });

  // Unpinning clears the card the same way.
  await second.getByRole('button', { name: /^(取消讲解|Unpin)$/ }).click();
  await expect(viewer.getByTestId('pinned-card')).toHaveCount(0);
  await viewer.context().close();
});

test('an unknown room says so', async ({ browser }) => {
  const viewer = await phonePage(browser);
  await viewer.goto('/live/999999');
  await expect(viewer.getByText(/直播间不存在|does not exist/)).toBeVisible();
  await viewer.context().close();
});
