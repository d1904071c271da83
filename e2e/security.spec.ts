// The production build's pages carry the security headers, every script Next writes carries
// the request's nonce, and the app works under its Content-Security-Policy without a single
// violation. Uploads refuse another site and bodies over the limit.
import { request as httpRequest } from 'node:http';
import type { Page } from '@playwright/test';
import { baseURL } from '../playwright.config';
import { expect, phonePage, signIn, test } from './fixtures';

/** Records CSP violations in the page (and its reloads) for violationsOf. */
async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __cspViolations: string[] }).__cspViolations = []);
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`));
  });
  const console: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) console.push(message.text());
  });
  return async () => [...(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)), ...console];
}

test('pages carry the security headers, and every script the nonce of their own response', async ({ request }) => {
  for (const path of ['/', '/login', '/live/1', '/api/docs']) {
    const response = await request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    expect(headers['x-frame-options'], path).toBe('DENY');
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    expect(headers['strict-transport-security'], path).toBeUndefined();
    const csp = headers['content-security-policy']!;
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toContain("object-src 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, path).toBeTruthy();
    expect(csp, path).not.toContain('unsafe-eval');
    if (response.status() !== 200 || !headers['content-type']?.includes('text/html') || path === '/api/docs') continue;
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length, path).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
  }
  const api = await request.get('/api/live/goods-list?live_id=1');
  expect(api.headers()['content-security-policy']).toContain("default-src 'none'");
  expect(api.headers()['x-frame-options']).toBe('DENY');
});

test('the app runs under its policy: sign-in, console, desk, goods form, live room, ops and API docs without a violation', async ({ page, browser }) => {
  const hostViolations = await watchViolations(page);
  await signIn(page, 'host1');
  await page.getByRole('link', { name: /进入中控台|Open control desk/ }).first().click();
  await expect(page).toHaveURL(/\/console\/live\/\d+$/);
  const liveId = page.url().split('/').pop()!;
  await expect(page.getByTestId('desk-item').first()).toBeVisible();
  expect(await hostViolations()).toEqual([]);
  await page.goto('/console/goods/new');
  await expect(page.getByTestId('goods-form')).toBeVisible();
  expect(await hostViolations()).toEqual([]);
  await page.goto('/api/docs');
  await expect(page.getByText('/api/live/goods-list')).toBeVisible();
  expect(await hostViolations()).toEqual([]);

  // A viewer's phone: the room, its cart and the socket.
  const viewer = await phonePage(browser);
  const viewerViolations = await watchViolations(viewer);
  await viewer.goto(`/live/${liveId}`);
  await expect(viewer.getByTestId('cart-button')).toBeVisible();
  await viewer.getByTestId('cart-button').click();
  expect(await viewerViolations()).toEqual([]);

  const ops = await (await browser.newContext()).newPage();
  const opsViolations = await watchViolations(ops);
  await signIn(ops, 'ops1');
  await ops.goto(`/ops/live/${liveId}`);
  await expect(ops.getByTestId('board-orders')).toBeVisible();
  await expect(ops.getByTestId('orders-chart')).toBeVisible();
  expect(await opsViolations()).toEqual([]);
});

/** A raw chunked POST from Node (no Origin, like any non-browser client). */
function chunkedPost(path: string, headers: Record<string, string>, chunks: number, chunkBytes: number) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(`${baseURL}${path}`, { method: 'POST', headers: { 'transfer-encoding': 'chunked', ...headers } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    void (async () => {
      const chunk = Buffer.alloc(chunkBytes, 0x61);
      for (let i = 0; i < chunks; i++) if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
      req.end();
    })();
  });
}

test('uploads take the app’s own page, refuse another site and bodies over the limit', async ({ page }) => {
  await signIn(page, 'host1');
  // From the app's own page (the browser sends its Origin): accepted.
  const own = await page.evaluate(async () => {
    const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
    const body = new FormData();
    body.set('file', new Blob([png], { type: 'image/png' }), 'dot.png');
    const response = await fetch('/api/uploads', { method: 'POST', body });
    return { status: response.status, json: (await response.json()) as { url?: string } };
  });
  expect(own.status).toBe(201);
  expect(own.json.url).toMatch(/^\/uploads\/[0-9a-f-]{36}\.png$/);

  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const form = { 'content-type': 'multipart/form-data; boundary=x', cookie };
  const foreign = await page.request.post('/api/uploads', { headers: { ...form, origin: 'https://evil.example' }, data: '--x--' });
  expect(foreign.status()).toBe(403);
  expect((await foreign.json()).error.reason).toBe('FOREIGN_ORIGIN');

  // 7 MiB chunked: read through, answered 413, never a reset.
  const tooLarge = await chunkedPost('/api/uploads', form, 112, 64 * 1024);
  expect(tooLarge.status).toBe(413);
  expect(JSON.parse(tooLarge.body)).toMatchObject({ error: { reason: 'TOO_LARGE' } });
});
