import type { Page } from '@playwright/test';
import { expect, phonePage, signIn, test } from './fixtures';

/** The stream's video advances: it decoded frames (readyState ≥ 2) and its clock moves. */
async function expectPlaying(viewer: Page) {
  const video = viewer.getByTestId('stream-video');
  await expect(video).toBeVisible();
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  const at = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).not.toBe(at);
  await expect(viewer.getByTestId('stream')).toHaveAttribute('data-state', /playing|buffering/);
}

test('a phone plays the demo stream, and the desk and the ops board count its viewers live', async ({ page: host, browser }, testInfo) => {
  // A room of its own, so no other spec's viewer is in it: created, live, its stream pasted.
  await signIn(host, 'host1');
  const title = `观众实测 ${Date.now().toString(36)}`;
  await host.locator('input[name="roomTitle"]').fill(title);
  await host.getByRole('button', { name: /^(新建直播间|New live room)$/ }).click();
  const card = host.getByTestId('room-card').filter({ hasText: title });
  await card.getByRole('button', { name: /^(开播|Go live)$/ }).click();
  await expect(card.getByRole('button', { name: /^(开播|Go live)$/ })).toHaveCount(0);
  await card.getByRole('link', { name: /进入中控台|Open control desk/ }).click();
  await expect(host).toHaveURL(/\/console\/live\/\d+$/);
  const liveId = host.url().split('/').pop()!;
  const panel = host.getByTestId('stream-panel');
  await panel.locator('input[name="streamUrl"]').fill('/demo-stream/index.m3u8');
  await panel.getByRole('button', { name: /^(保存|Save)$/ }).click();
  await expect(panel.getByRole('status')).toHaveText(/已保存|Saved/);
  const deskOnline = host.getByTestId('desk-online');
  await expect(deskOnline).toHaveText('0');

  const ops = await (await browser.newContext()).newPage();
  await signIn(ops, 'ops1');
  await ops.goto(`/ops/live/${liveId}`);
  const boardOnline = ops.getByTestId('audience-online');
  await expect(boardOnline).toHaveText('0');
  await expect(ops.getByTestId('audience-entries')).toHaveText('0');

  const first = await phonePage(browser);
  await first.goto(`/live/${liveId}`);
  await expectPlaying(first);
  // Muted autoplay; a tap turns the sound on.
  expect(await first.getByTestId('stream-video').evaluate((v: HTMLVideoElement) => v.muted)).toBe(true);
  await first.getByTestId('stream-unmute').click();
  expect(await first.getByTestId('stream-video').evaluate((v: HTMLVideoElement) => v.muted)).toBe(false);
  // The room's overlays stay above the video and usable.
  await first.getByTestId('cart-button').click();
  await expect(first.getByTestId('cart-drawer')).toBeVisible();
  await expect(deskOnline).toHaveText('1');
  await expect(boardOnline).toHaveText('1');

  const second = await phonePage(browser);
  await second.goto(`/live/${liveId}`);
  await expectPlaying(second);
  await expect(deskOnline).toHaveText('2');
  await expect(boardOnline).toHaveText('2');
  await expect(ops.getByTestId('audience-peak')).toHaveText('2');
  await expect(ops.getByTestId('audience-entries')).toHaveText('2');
  await expect(ops.getByTestId('audience-uv')).toHaveText('2');
  await expect(host.getByTestId('desk-funnel')).toContainText(/进房|Room entries/);

  await testInfo.attach('viewer-stream', { body: await first.screenshot(), contentType: 'image/png' });
  await testInfo.attach('desk-audience', { body: await host.getByTestId('desk-audience').screenshot(), contentType: 'image/png' });
  await testInfo.attach('board-audience', { body: await ops.screenshot({ fullPage: true }), contentType: 'image/png' });

  // Leaving ends the visit: the count falls without a reload.
  await second.context().close();
  await expect(deskOnline).toHaveText('1');
  await expect(boardOnline).toHaveText('1');
  await first.context().close();
  await expect(deskOnline).toHaveText('0');
  await ops.context().close();
});

test('the host sets the pull URL in clear words and previews it; viewers switch to it live', async ({ page: host, browser }) => {
  await signIn(host, 'host1');
  await host.getByRole('link', { name: /进入中控台|Open control desk/ }).first().click();
  await expect(host).toHaveURL(/\/console\/live\/\d+$/);
  const liveId = host.url().split('/').pop()!;
  const panel = host.getByTestId('stream-panel');
  const input = panel.locator('input[name="streamUrl"]');
  const saved = '/demo-stream/index.m3u8';
  await expect(input).toHaveValue(saved);
  // The desk previews what viewers see.
  await expect.poll(() => panel.getByTestId('stream-preview').evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);

  const viewer = await phonePage(browser);
  await viewer.goto(`/live/${liveId}`);
  await expectPlaying(viewer);

  // A push address, or a page that is not a stream, is refused in the host's words, and nothing changes.
  await input.fill('rtmp://push.example.com/live/room1');
  await panel.getByRole('button', { name: /^(保存|Save)$/ }).click();
  await expect(panel.locator('[data-field-error="streamUrl"]')).toHaveText(/以 https:\/\/ 或 http:\/\/ 开头|starting with https:\/\/ or http:\/\//);
  await input.fill('https://pull.example.com/live/room1.mp4');
  await panel.getByRole('button', { name: /^(保存|Save)$/ }).click();
  await expect(panel.locator('[data-field-error="streamUrl"]')).toHaveText(/HLS（\.m3u8）或 FLV|HLS \(\.m3u8\) or FLV/);

  // Cleared: the viewer's page waits for the host's stream, without a reload.
  await input.fill('');
  await panel.getByRole('button', { name: /^(保存|Save)$/ }).click();
  await expect(panel.getByText(/还没有设置拉流地址|No pull URL yet/)).toBeVisible();
  await expect(viewer.getByTestId('stream-waiting')).toBeVisible();
  // Set again: it plays again.
  await input.fill(saved);
  await panel.getByRole('button', { name: /^(保存|Save)$/ }).click();
  await expect(panel.getByRole('status')).toHaveText(/已保存|Saved/);
  await expectPlaying(viewer);
  await viewer.context().close();
});

test('a room that has not started shows its poster, title, start time and a countdown', async ({ browser }) => {
  const ops = await (await browser.newContext()).newPage();
  await signIn(ops, 'ops1');
  const liveId = await ops.getByTestId('ops-room-row').filter({ hasText: '山野好物年货节' }).getAttribute('data-live-id');
  await ops.context().close();
  const viewer = await phonePage(browser);
  await viewer.goto(`/live/${liveId}`);
  const card = viewer.getByTestId('stream-not-started');
  await expect(card).toContainText('山野好物年货节');
  await expect(card).toContainText(/开播时间|Starts/);
  await expect(viewer.getByTestId('stream-countdown')).toHaveText(/距开播 \d+:\d{2}:\d{2}|Starts in \d+:\d{2}:\d{2}/);
  await expect(viewer.getByTestId('stream')).toHaveAttribute('data-state', 'scheduled');
  await expect(viewer.getByTestId('stream').locator('img')).toHaveAttribute('src', '/demo-stream/poster.jpg');
  await viewer.context().close();
});
