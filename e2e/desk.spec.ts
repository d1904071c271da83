import { expect, phonePage, signIn, test } from './fixtures';

test('the host adds two goods, reorders and pins; the viewer sees it live and follows the deep link', async ({ page: host, browser }, testInfo) => {
  await signIn(host, 'host1');
  await host.getByRole('link', { name: /进入中控台|Open control desk/ }).first().click();
  await expect(host).toHaveURL(/\/console\/live\/\d+$/);
  const liveId = host.url().split('/').pop()!;
  const items = host.getByTestId('desk-item');
  await expect(items.first()).toBeVisible();
  const before = await items.count();

  const viewer = await phonePage(browser);
  await viewer.goto(`/live/${liveId}`);
  await viewer.getByTestId('cart-button').click();
  await expect(viewer.getByTestId('cart-item')).toHaveCount(before);
  const loadsBefore = await viewer.evaluate(() => performance.getEntriesByType('navigation').length);

  // Add two goods from the library.
  await host.getByRole('button', { name: /^(添加商品|Add goods)$/ }).click();
  const dialog = host.getByRole('dialog');
  await dialog.getByRole('checkbox').nth(0).check();
  await dialog.getByRole('checkbox').nth(1).check();
  const added = [
    (await dialog.locator('label').nth(0).locator('span.flex-1').textContent())!.trim(),
    (await dialog.locator('label').nth(1).locator('span.flex-1').textContent())!.trim(),
  ];
  await dialog.getByRole('button', { name: /^(添加所选|Add selected)$/ }).click();
  await expect(items).toHaveCount(before + 2);
  await expect(items.nth(before + 1).getByTestId('desk-item-title')).toHaveText(added[1]!);
  await expect(viewer.getByTestId('cart-item')).toHaveCount(before + 2);

  // Drag the last one to the top by its handle, as a mouse would.
  const from = (await items.nth(before + 1).getByTestId('drag-handle').boundingBox())!;
  const to = (await items.first().boundingBox())!;
  await host.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await host.mouse.down();
  await host.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 10, { steps: 5 });
  await host.mouse.move(from.x + from.width / 2, to.y + 5, { steps: 25 });
  await host.mouse.up();
  await expect(items.first().getByTestId('desk-item-title')).toHaveText(added[1]!);

  // Pin it.
  await items.first().getByRole('button', { name: /^(讲解|Pin)$/ }).click();
  await expect(items.first().getByText(/讲解中|Presenting/)).toBeVisible();

  // The viewer's page follows without reload: new order, pinned card.
  await expect(viewer.getByTestId('cart-item-title').first()).toHaveText(added[1]!);
  await expect(viewer.getByTestId('cart-item-title').last()).toHaveText(added[0]!);
  await expect(viewer.getByTestId('pinned-title')).toHaveText(added[1]!);
  expect(await viewer.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loadsBefore);
  await testInfo.attach('desk-after-reorder', { body: await host.screenshot({ fullPage: true }), contentType: 'image/png' });
  await testInfo.attach('viewer-cart', { body: await viewer.screenshot(), contentType: 'image/png' });

  // The pinned card opens the detail page through the deep link.
  await viewer.getByTestId('cart-drawer').getByRole('button', { name: /收起|Close/ }).click();
  await viewer.getByTestId('pinned-card').click();
  // The click's trace travels with it (trace_id), so the detail views and the order join its trail.
  await expect(viewer).toHaveURL(new RegExp(`/goods/\\d+\\?source_type=live&live_id=${liveId}&tracking_code=tc[a-z0-9]+&trace_id=[0-9a-f]{32}$`));
  await expect(viewer.getByTestId('detail-title')).toHaveText(added[1]!);
  const spuId = Number(new URL(viewer.url()).pathname.split('/').pop());

  // Its SKU data is the library's: every SKU's values are offered, the price is right.
  const detail = await viewer.request.get(`/api/trpc/catalog.detail?input=${encodeURIComponent(JSON.stringify({ json: { spuId, liveId: Number(liveId) } }))}`);
  const skus = (await detail.json()).result.data.json.skus as { specs: Record<string, string>; price: number; stock: number }[];
  expect(skus.length).toBeGreaterThan(0);
  const firstValue = Object.values(skus[0]!.specs)[0]!;
  await viewer.getByRole('button', { name: firstValue, exact: true }).click();
  await expect(viewer.getByTestId('detail-price')).toHaveText(`¥${(skus[0]!.price / 100).toFixed(2)}`);
  await expect(viewer.getByTestId('detail-stock')).toContainText(String(skus[0]!.stock));
  await expect(viewer.getByTestId('buy-button')).toHaveAttribute('href', new RegExp(`tracking_code=tc`));
  await testInfo.attach('viewer-detail', { body: await viewer.screenshot({ fullPage: true }), contentType: 'image/png' });
  await viewer.context().close();
});

test('a goods form with bad input shows errors next to the fields and saves nothing', async ({ page }) => {
  await signIn(page, 'host2');
  const sent: string[] = [];
  page.on('request', (request) => {
    if (/catalog\.(create|update)/.test(request.url())) sent.push(request.url());
  });
  await page.goto('/console/goods/new');
  // The default spec is named in the page's language.
  await expect(page.getByLabel(/^规格名，如 颜色$/)).toHaveValue('颜色');

  // A price in 元 with a sign or three decimals is explained next to it once it is left, before any request.
  const price = page.getByLabel('价格（元） 1', { exact: true });
  const priceError = page.locator('[data-field-error="skus.0.price"]');
  await price.fill('-5');
  await price.blur();
  await expect(priceError).toHaveText('价格须大于 0');
  await expect(price).toHaveAttribute('aria-invalid', 'true');
  await expect(price).toHaveAttribute('aria-describedby', (await priceError.getAttribute('id'))!);
  await price.fill('12.345');
  await expect(priceError).toHaveText('价格最多两位小数');
  await price.fill('19.9');
  await expect(priceError).toHaveCount(0);
  await price.fill('12.345');

  // Saved with the rest empty: each field says what it needs, the first one has the focus, nothing is sent.
  await page.getByRole('button', { name: /^(保存|Save)$/ }).click();
  await expect(page.locator('[data-field-error="title"]')).toHaveText('请填写标题');
  await expect(page.locator('[data-field-error="categoryId"]')).toHaveText('请选择类目');
  await expect(page.locator('[data-field-error="images"]')).toHaveText('至少添加一张图片');
  await expect(page.locator('[data-field-error="specDefs.0.values"]')).toHaveText('至少添加一个规格值');
  await expect(priceError).toHaveText('价格最多两位小数');
  await expect(page.locator('input[name="title"]')).toBeFocused();
  await expect(page.getByTestId('form-alert')).toHaveText('请修正标出的错误，尚未保存任何内容。');
  // Fixing a field clears its error as it is typed.
  await page.locator('input[name="title"]').fill('面霜');
  await expect(page.locator('[data-field-error="title"]')).toHaveCount(0);
  expect(sent).toEqual([]);
  await expect(page).toHaveURL(/\/console\/goods\/new$/);
});

test('a refusal by the server is shown at its field and keeps what was typed; the price goes in as fen', async ({ page }) => {
  await signIn(page, 'host2');
  await page.goto('/console/goods/new');
  const title = `走查面霜 ${Date.now().toString(36)}`;
  await page.locator('input[name="title"]').fill(title);
  await page.locator('select[name="categoryId"]').selectOption({ index: 1 });
  await page.locator('button[aria-pressed="false"]').first().click();
  await page.getByLabel(/^规格值/).fill('50ml, 100ml');
  await expect(page.getByTestId('sku-table').locator('tbody tr')).toHaveCount(2);
  await page.getByLabel('价格（元） 1', { exact: true }).fill('19.9');
  await page.getByLabel('库存 1', { exact: true }).fill('5');
  await page.getByLabel('价格（元） 2', { exact: true }).fill('29.90');
  await page.getByLabel('库存 2', { exact: true }).fill('3');

  // On the way, the title grows past the server's limit: the server's own refusal comes back.
  await page.route('**/api/trpc/catalog.create**', async (route) => {
    const body = route.request().postDataJSON() as Record<string, { json: { title: string } }>;
    for (const call of Object.values(body)) call.json.title = 'x'.repeat(121);
    await route.continue({ postData: JSON.stringify(body) });
  });
  await page.getByRole('button', { name: /^(保存|Save)$/ }).click();
  await expect(page.locator('[data-field-error="title"]')).toHaveText('标题最多 120 个字');
  await expect(page.locator('input[name="title"]')).toBeFocused();
  await expect(page.locator('input[name="title"]')).toHaveValue(title);
  await expect(page.getByLabel('价格（元） 1', { exact: true })).toHaveValue('19.9');
  await expect(page.getByLabel('价格（元） 2', { exact: true })).toHaveValue('29.90');
  await expect(page.getByRole('button', { name: /^(保存|Save)$/ })).toBeEnabled();

  // Sent as typed: saved, with the prices in fen.
  await page.unroute('**/api/trpc/catalog.create**');
  await page.getByRole('button', { name: /^(保存|Save)$/ }).click();
  await expect(page).toHaveURL(/\/console$/);
  await page.getByRole('searchbox').fill(title);
  const row = page.getByTestId('goods-table').locator('tr', { hasText: title });
  await expect(row).toContainText('¥19.90');
  await expect(row).toContainText('¥29.90');
});
