// Each page's error states in both languages: a missing object (the server's real answer), a
// failure on the server's side (a tRPC 500 put in place of the real answer) and a network that
// drops the call. Whatever the page says must be in the page's language (language-checks.ts),
// and an object that is not there (or another shop's) is said to be missing, with no retry.
import type { Page, Route } from '@playwright/test';
import { expect, test } from './fixtures';
import { LOCALES, findingsOf, setLanguage, signInAs, type Locale } from './language-checks';

const RETRY = /^(重试|Retry)$/;

/**
 * Answers the calls to `procedure` with what the server sends for an unexpected failure (500,
 * reason INTERNAL, a request id), or drops them like a lost network. Other calls of the same
 * batch get their real answers.
 */
async function failCalls(page: Page, procedure: string, how: 'internal' | 'network') {
  await page.route(
    (url) => url.pathname.startsWith('/api/trpc/') && url.pathname.slice('/api/trpc/'.length).split(',').includes(procedure),
    async (route: Route) => {
      if (how === 'network') return route.abort('failed');
      const url = new URL(route.request().url());
      const paths = url.pathname.slice('/api/trpc/'.length).split(',');
      const batched = url.searchParams.get('batch') === '1';
      const failure = (path: string) => ({
        error: {
          json: { message: 'Internal server error', code: -32603, data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, path, zod: null, reason: 'INTERNAL', requestId: 'e2e-request-1' } },
        },
      });
      if (!batched) return route.fulfill({ status: 500, contentType: 'application/json', json: failure(paths[0]!) });
      // The real answers for the others in the batch, the failure for ours.
      const real = paths.length > 1 ? ((await (await route.fetch()).json()) as unknown[]) : [];
      const body = paths.map((path, i) => (path === procedure ? failure(path) : real[i]));
      return route.fulfill({ status: paths.length > 1 ? 207 : 500, contentType: 'application/json', json: body });
    },
  );
}

async function expectWords(page: Page, locale: Locale, label: string, testInfo: Parameters<Parameters<typeof test>[2]>[1]) {
  // The page has answered (an error, a missing object, or the page's own words for it) before it is read.
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
  await expect(page.getByRole('status').filter({ hasText: /^(加载中…|Loading…)$/ })).toHaveCount(0, { timeout: 15_000 });
  const path = testInfo.outputPath(`${label}-${locale}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(`${label}-${locale}`, { path, contentType: 'image/png' });
  expect.soft(await findingsOf(page, locale), `${label} (${locale}): overflow or words in the wrong language`).toEqual([]);
}

for (const locale of LOCALES) {
  test.describe(`errors in ${locale === 'zh' ? 'Chinese' : 'English'}`, () => {
    test.beforeEach(async ({ context, page }) => {
      await setLanguage(context, locale);
      await page.setViewportSize({ width: 390, height: 844 });
    });

    test('live room and goods detail', async ({ page }, testInfo) => {
      await page.goto('/live/999999');
      await expectWords(page, locale, 'live-room-missing', testInfo);
      await expect(page.getByRole('button', { name: RETRY })).toHaveCount(0);

      await failCalls(page, 'live.room', 'internal');
      await page.goto('/live/1');
      await expectWords(page, locale, 'live-room-500', testInfo);
      await page.unrouteAll({ behavior: 'ignoreErrors' });

      await failCalls(page, 'live.room', 'network');
      await page.goto('/live/1');
      await expectWords(page, locale, 'live-room-offline', testInfo);
      await page.unrouteAll({ behavior: 'ignoreErrors' });

      await page.goto('/goods/999999');
      await expectWords(page, locale, 'detail-missing', testInfo);
      await expect(page.getByRole('button', { name: RETRY })).toHaveCount(0);

      await failCalls(page, 'catalog.detail', 'internal');
      await page.goto('/goods/1?source_type=live&live_id=1');
      await expectWords(page, locale, 'detail-500', testInfo);
      await page.unrouteAll({ behavior: 'ignoreErrors' });
    });

    test('checkout and my orders', async ({ page }, testInfo) => {
      await signInAs(page, locale === 'zh' ? 'viewer3' : 'viewer4', locale);
      await page.goto('/checkout?sku_id=999999&live_id=1&quantity=1');
      await expectWords(page, locale, 'checkout-missing', testInfo);

      await failCalls(page, 'orders.quote', 'internal');
      await page.goto('/checkout?sku_id=1&live_id=1&quantity=1');
      await expectWords(page, locale, 'checkout-500', testInfo);
      await page.unrouteAll({ behavior: 'ignoreErrors' });

      await failCalls(page, 'orders.mine', 'internal');
      await page.goto('/orders');
      await expectWords(page, locale, 'orders-500', testInfo);
      await page.unrouteAll({ behavior: 'ignoreErrors' });

      await failCalls(page, 'orders.mine', 'network');
      await page.goto('/orders');
      await expectWords(page, locale, 'orders-offline', testInfo);
      await page.unrouteAll({ behavior: 'ignoreErrors' });
    });

    test('control desk: another shop’s room, and a failure', async ({ page }, testInfo) => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await signInAs(page, 'host1', locale);
      // Room 2 is host2's shop: for host1 it does not exist.
      await page.goto('/console/live/2');
      await expectWords(page, locale, 'desk-foreign', testInfo);
      await expect(page.getByRole('button', { name: RETRY })).toHaveCount(0);

      await failCalls(page, 'live.desk', 'internal');
      await page.goto('/console/live/1');
      await expectWords(page, locale, 'desk-500', testInfo);
      await page.unrouteAll({ behavior: 'ignoreErrors' });
    });

    test('ops board: a missing room, and a failure', async ({ page }, testInfo) => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await signInAs(page, 'ops1', locale);
      await page.goto('/ops/live/999999');
      await expectWords(page, locale, 'board-missing', testInfo);
      await expect(page.getByRole('button', { name: RETRY })).toHaveCount(0);

      await failCalls(page, 'liveStats.board', 'internal');
      await page.goto('/ops/live/1');
      await expectWords(page, locale, 'board-500', testInfo);
      await page.unrouteAll({ behavior: 'ignoreErrors' });

      await failCalls(page, 'liveStats.overview', 'internal');
      await page.goto('/ops');
      await expectWords(page, locale, 'ops-home-500', testInfo);
      await page.unrouteAll({ behavior: 'ignoreErrors' });
    });
  });
}

test('the checks find what they must: wrong-language words, overflow, clipped content; and skip user content and codes', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.setContent(`<!doctype html><html lang="en"><head><title>Livecart</title></head><body style="margin:0">
    <p>Orders</p><p>订单</p><p translate="no">纯棉T恤</p><button><span lang="zh-CN">中文</span></button>
    <input placeholder="搜索" /><div style="width:600px">wide</div>
    <div style="width:100px;overflow:hidden;white-space:nowrap">a line far too long for its box</div></body></html>`);
  const en = await findingsOf(page, 'en');
  expect(en.filter((f) => f.startsWith('wrong-language'))).toEqual([
    expect.stringContaining('订单'),
    expect.stringContaining('@placeholder · 搜索'),
  ]);
  expect(en.some((f) => f.startsWith('overflow · document'))).toBe(true);
  expect(en.some((f) => f.startsWith('element-overflow') && f.includes('wide'))).toBe(true);
  expect(en.some((f) => f.startsWith('clipped') && f.includes('far too long'))).toBe(true);

  await page.setContent(`<!doctype html><html lang="zh-CN"><head><title>直播小黄车</title></head><body>
    <p>订单 SKU GMV H5</p><p>订单号 LC20261201 TEE-01 /demo-stream/index.m3u8 tee.svg</p><p>Orders</p><p translate="no">Cotton tee</p></body></html>`);
  expect((await findingsOf(page, 'zh')).filter((f) => f.startsWith('wrong-language'))).toEqual([expect.stringContaining('Orders')]);
});
