// Sign-in by typing (accounts.ts): the demo list exists on the embedded run only.
import type { Browser, Page } from '@playwright/test';
import { signInAs } from './accounts';
import { expect, phonePage, test } from './fixtures';

/** The host's desk of the shop's first room; its id. */
async function openDesk(host: Page): Promise<string> {
  await signInAs(host, 'host1');
  await host.getByRole('link', { name: /进入中控台|Open control desk/ }).first().click();
  await expect(host).toHaveURL(/\/console\/live\/\d+$/);
  await expect(host.getByTestId('desk-comments')).toBeVisible();
  return host.url().split('/').pop()!;
}

/** A signed-in viewer's phone on the room. */
async function viewerOn(browser: Browser, username: string, liveId: string): Promise<Page> {
  const page = await phonePage(browser);
  await signInAs(page, username);
  await page.goto(`/live/${liveId}`);
  await expect(page.getByTestId('comment-input')).toBeVisible();
  return page;
}

async function say(page: Page, text: string) {
  await page.getByTestId('comment-input').fill(text);
  await page.getByTestId('comment-send').click();
  await expect(page.getByTestId('comment-input')).toHaveValue('');
}

const comment = (page: Page, text: string) => page.getByTestId('comment-list').getByTestId('comment').filter({ hasText: text });
const likeCount = async (page: Page) => Number(await page.getByTestId('like-count').getAttribute('data-count'));

test('two viewers see each other’s comments and likes live, and the desk sees them too', async ({ page: host, browser }, testInfo) => {
  const liveId = await openDesk(host);
  const mei = await viewerOn(browser, 'viewer1', liveId);
  const qiang = await viewerOn(browser, 'viewer2', liveId);
  const loads = await qiang.evaluate(() => performance.getEntriesByType('navigation').length);

  await say(mei, '羽绒服有黑色吗？');
  await expect(comment(qiang, '羽绒服有黑色吗？')).toContainText('观众小美');
  await say(qiang, '同问，想要 M 码');
  await expect(comment(mei, '同问，想要 M 码')).toContainText('观众阿强');
  await expect(host.getByTestId('desk-comment-list')).toContainText('羽绒服有黑色吗？');
  await expect(host.getByTestId('desk-comment-list')).toContainText('同问，想要 M 码');

  // Likes: taps are counted at once on the tapping phone and reach the other one in a push.
  const before = await likeCount(mei);
  for (let i = 0; i < 8; i++) await qiang.getByTestId('like-button').click();
  expect(await likeCount(qiang)).toBeGreaterThanOrEqual(before + 8);
  await expect.poll(() => likeCount(mei), { timeout: 5000 }).toBeGreaterThanOrEqual(before + 8);
  await expect.poll(async () => /\b0\b/.test((await host.getByTestId('desk-likes').textContent()) ?? '0')).toBe(false);
  expect(await qiang.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loads);

  // A viewer who comes later sees the last comments.
  const late = await phonePage(browser);
  await late.goto(`/live/${liveId}`);
  await expect(comment(late, '羽绒服有黑色吗？')).toBeVisible();
  await expect(late.getByTestId('comment-sign-in')).toBeVisible();

  await testInfo.attach('viewer-comments', { body: await mei.screenshot(), contentType: 'image/png' });
  await testInfo.attach('desk-comments', { body: await host.getByTestId('desk-comments').screenshot(), contentType: 'image/png' });
  for (const page of [mei, qiang, late]) await page.context().close();
});

test('the host pins a comment, deletes one, mutes a viewer, and sees the 想要 count move', async ({ page: host, browser }, testInfo) => {
  const liveId = await openDesk(host);
  const item = host.getByTestId('desk-item').first();
  const itemTitle = (await item.getByTestId('desk-item-title').textContent())!.trim();
  await item.getByTestId('keyword-toggle').click();
  await item.getByTestId('keyword-input').fill('1号');
  await item.getByTestId('keyword-save').click();
  await expect(item.getByTestId('keyword-input')).toHaveValue('1号');
  await expect(item.getByTestId('desk-item-keyword')).toContainText('1号');
  const wantCount = item.getByTestId('want-count');
  const wantBefore = Number(await wantCount.getAttribute('data-count'));

  const cheng = await viewerOn(browser, 'viewer3', liveId);
  const dou = await viewerOn(browser, 'viewer4', liveId);

  // Comment-to-buy: the keyword opens the item's card for the one who wrote it; the desk's 想要 moves.
  await say(cheng, '扣1号！');
  await expect(cheng.getByTestId('want-card')).toBeVisible();
  await expect(cheng.getByTestId('want-title')).toHaveText(itemTitle);
  await expect(dou.getByTestId('want-card')).toHaveCount(0);
  await expect(wantCount).toHaveAttribute('data-count', String(wantBefore + 1));
  await say(dou, '我也要1号');
  await expect(wantCount).toHaveAttribute('data-count', String(wantBefore + 2));

  // Pin: over the stream on every phone.
  await say(dou, '主播讲讲尺码');
  const line = host.getByTestId('desk-comment').filter({ hasText: '主播讲讲尺码' });
  await line.getByRole('button', { name: /^(置顶|Pin)$/ }).click();
  await expect(cheng.getByTestId('pinned-comment')).toContainText('主播讲讲尺码');
  await expect(dou.getByTestId('pinned-comment')).toContainText('主播讲讲尺码');

  // Delete: gone for everyone.
  await say(cheng, '这条发错了');
  await expect(comment(dou, '这条发错了')).toBeVisible();
  await host.getByTestId('desk-comment').filter({ hasText: '这条发错了' }).getByRole('button', { name: /^(删除|Delete)$/ }).click();
  await expect(comment(dou, '这条发错了')).toHaveCount(0);
  await expect(comment(cheng, '这条发错了')).toHaveCount(0);

  // Mute: the viewer is told until when; the others go on.
  await host.getByTestId('mute-minutes').selectOption('30');
  await host.getByTestId('desk-comment').filter({ hasText: '扣1号！' }).getByRole('button', { name: /^(禁言|Mute)$/ }).click();
  await expect(host.getByTestId('desk-muted')).toContainText('观众橙子');
  await cheng.getByTestId('comment-input').fill('我还能说话吗');
  await cheng.getByTestId('comment-send').click();
  await expect(cheng.getByTestId('comment-error')).toHaveText(/你已被禁言，\d{2}:\d{2} 后可以再发言|You are muted here until/);
  await expect(comment(dou, '我还能说话吗')).toHaveCount(0);
  await say(dou, '我可以');
  await expect(comment(cheng, '我可以')).toBeVisible();

  await testInfo.attach('viewer-muted', { body: await cheng.screenshot(), contentType: 'image/png' });
  await testInfo.attach('desk', { body: await host.screenshot({ fullPage: true }), contentType: 'image/png' });

  // Unmute and clear the keyword, so the room is as other specs expect it.
  await host.getByTestId('desk-muted').getByRole('button', { name: /^(解除|Unmute)$/ }).click();
  await expect(host.getByTestId('desk-mutes')).toHaveCount(0);
  await item.getByRole('button', { name: /^(清除|Clear)$/ }).click();
  await expect(item.getByTestId('keyword-input')).toHaveValue('');
  for (const page of [cheng, dou]) await page.context().close();
});
