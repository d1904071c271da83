import { expect, test } from './fixtures';
import { callAsPage, ownPage, signInAs, uniqueName } from './accounts';

test('a viewer signs up, sees the signed-in devices and signs out of all of them', async ({ page, browser }, testInfo) => {
  await page.goto('/login');
  await page.getByRole('link', { name: /^(注册|Sign up)$/ }).click();
  await expect(page).toHaveURL(/\/signup/);
  const username = uniqueName('fan');
  const form = page.getByTestId('sign-up-form');
  await form.locator('input[name="username"]').fill(username);
  await form.locator('input[name="password"]').fill('12345678');
  await form.getByRole('button', { name: /^(注册|Sign up)$/ }).click();
  // The rule in the user's language, next to the field; nothing was created.
  await expect(form.locator('[data-field-error="password"]')).toHaveText('密码不能全是数字');
  await form.locator('input[name="password"]').fill('watch-live-2026');
  await form.locator('input[name="displayName"]').fill('新来的观众');
  await form.getByRole('button', { name: /^(注册|Sign up)$/ }).click();
  await expect(page).toHaveURL(/\/live\/\d+$/);

  // A second device signs in to the same account.
  const phone = await ownPage(browser);
  await signInAs(phone, username, 'watch-live-2026');

  await page.goto('/account');
  const rows = page.getByTestId('session-row');
  await expect(rows).toHaveCount(2);
  await expect(page.locator('[data-testid="session-row"][data-current="true"]')).toContainText(/本设备|This device/);
  await testInfo.attach('sessions', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  // From the phone: sign out of all devices. The first browser is signed out too.
  await phone.goto('/account');
  await phone.getByRole('button', { name: /^(退出所有设备|Sign out of all devices)$/ }).click();
  // An in-app confirmation (not the browser's confirm()): its own button says what it does.
  await phone.getByRole('alertdialog').getByRole('button', { name: /^(退出所有设备|Sign out of all devices)$/ }).click();
  await expect(phone).toHaveURL(/\/login/);
  await page.goto('/orders');
  await expect(page).toHaveURL(/\/login\?next=%2Forders/);
  await phone.context().close();
});

test('the owner invites an operator by link; the operator signs up with it and runs the desk; the change log has it', async ({ page: owner, browser }, testInfo) => {
  await signInAs(owner, 'host1');
  await owner.getByTestId('console-nav').getByRole('link', { name: /^(成员|Members)$/ }).click();
  await expect(owner.getByTestId('members')).toContainText('host1b');
  await owner.locator('select[name="role"]').selectOption('OPERATOR');
  await owner.getByRole('button', { name: /^(生成邀请|Create invitation)$/ }).click();
  const link = (await owner.getByTestId('invitation-link').textContent())!;
  expect(link).toMatch(/\/invite\/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await testInfo.attach('members', { body: await owner.screenshot({ fullPage: true }), contentType: 'image/png' });

  const operator = await ownPage(browser);
  await operator.goto(link);
  await expect(operator.getByTestId('invitation-body')).toHaveText('「李记服饰旗舰店」邀请你成为助播');
  await operator.getByRole('link', { name: /^(注册新账号并加入|Sign up a new account and join)$/ }).click();
  await expect(operator).toHaveURL(/\/signup\?invite=/);
  const username = uniqueName('zhubo');
  await operator.locator('input[name="username"]').fill(username);
  await operator.locator('input[name="displayName"]').fill('助播小林');
  await operator.locator('input[name="password"]').fill('run-the-desk-1');
  await operator.getByRole('button', { name: /^(注册|Sign up)$/ }).click();
  await expect(operator).toHaveURL(/\/console$/);
  await expect(operator.getByTestId('shop-part')).toHaveText('你的角色：助播');
  // Operators do not see the members or the log.
  await expect(operator.getByTestId('console-nav').getByRole('link', { name: /^(成员|Members)$/ })).toHaveCount(0);

  const title = `助播开的直播间 ${uniqueName('')}`;
  await operator.locator('input[name="roomTitle"]').fill(title);
  await operator.getByRole('button', { name: /^(新建直播间|New room)$/ }).click();
  await expect(operator.getByTestId('room-list')).toContainText(title);
  // Run through the room's life so it leaves the shop's list of rooms to come (other specs open the first one).
  const liveId = (await operator.getByTestId('room-list').locator('li', { hasText: title }).getByRole('link', { name: /进入中控台|Open control desk/ }).getAttribute('href'))!.split('/').pop();
  expect((await callAsPage(operator, 'live.start', { liveId: Number(liveId) })).status).toBe(200);
  expect((await callAsPage(operator, 'live.end', { liveId: Number(liveId) })).status).toBe(200);

  // The owner sees the new member, and the room in the change log under the operator's name.
  await owner.reload();
  await expect(owner.locator(`[data-testid="member-row"][data-username="${username}"]`)).toContainText('助播');
  await expect(owner.locator('[data-testid="invitation-row"]').first()).toHaveAttribute('data-state', 'ACCEPTED');
  await owner.getByTestId('console-nav').getByRole('link', { name: /^(操作记录|Change log)$/ }).click();
  const created = owner.locator('[data-testid="audit-row"][data-action="room.create"]', { hasText: title });
  await expect(created).toContainText('助播小林');
  await expect(created).toContainText('新建直播间');
  await expect(owner.locator('[data-testid="audit-row"][data-action="member.join"]', { hasText: '助播小林' })).toBeVisible();
  await testInfo.attach('owner-change-log', { body: await owner.screenshot({ fullPage: true }), contentType: 'image/png' });

  // Ops read every shop's log.
  const ops = await ownPage(browser);
  await signInAs(ops, 'ops1');
  await ops.getByTestId('ops-nav').getByRole('link', { name: /^(操作记录|Change log)$/ }).click();
  await expect(ops.locator('[data-testid="audit-row"][data-action="room.create"]', { hasText: title })).toContainText('李记服饰旗舰店');

  // The owner removes the operator: the operator's session ends at once.
  await owner.getByTestId('console-nav').getByRole('link', { name: /^(成员|Members)$/ }).click();
  await owner.locator(`[data-testid="member-row"][data-username="${username}"]`).getByRole('button', { name: /^(移除|Remove)$/ }).click();
  // Asked in the app, naming the member as they wrote their name.
  const confirm = owner.getByRole('alertdialog');
  await expect(confirm).toContainText('助播小林');
  await confirm.getByRole('button', { name: /^(移除|Remove)$/ }).click();
  await expect(owner.locator(`[data-testid="member-row"][data-username="${username}"]`)).toHaveCount(0);
  await operator.goto('/console');
  await expect(operator).toHaveURL(/\/login\?next=%2Fconsole/);
  await ops.context().close();
  await operator.context().close();
});

test('a moderator reads the desk but cannot change goods, prices, stock or the room', async ({ page: owner, browser }, testInfo) => {
  await signInAs(owner, 'host1');
  await owner.goto('/console/members');
  await owner.locator('select[name="role"]').selectOption('MODERATOR');
  await owner.getByRole('button', { name: /^(生成邀请|Create invitation)$/ }).click();
  const link = (await owner.getByTestId('invitation-link').textContent())!;

  const moderator = await ownPage(browser);
  await moderator.goto(link);
  await expect(moderator.getByTestId('invitation-body')).toHaveText('「李记服饰旗舰店」邀请你成为场控');
  await moderator.getByRole('link', { name: /^(注册新账号并加入|Sign up a new account and join)$/ }).click();
  await moderator.locator('input[name="username"]').fill(uniqueName('changkong'));
  await moderator.locator('input[name="displayName"]').fill('场控小赵');
  await moderator.locator('input[name="password"]').fill('watch-the-room-1');
  await moderator.getByRole('button', { name: /^(注册|Sign up)$/ }).click();
  await expect(moderator).toHaveURL(/\/console$/);
  await expect(moderator.getByTestId('moderator-note')).toBeVisible();

  // The desk opens and reads; a change is refused in the moderator's language, and nothing moves.
  await moderator.getByTestId('room-list').locator('li', { hasText: '秋冬穿搭专场' }).getByRole('link', { name: /进入中控台|Open control desk/ }).click();
  await expect(moderator).toHaveURL(/\/console\/live\/\d+$/);
  const liveId = Number(moderator.url().split('/').pop());
  const items = moderator.getByTestId('desk-item');
  await expect(items.first()).toBeVisible();
  const presenting = await moderator.getByText(/^(讲解中|Presenting)$/).count();
  const target = items.filter({ hasNot: moderator.getByText(/^(讲解中|Presenting)$/) }).first();
  await target.getByRole('button', { name: /^(讲解|Pin)$/ }).click();
  await expect(moderator.getByRole('alert').filter({ hasText: '你的角色不能进行此操作' })).toBeVisible();
  await expect(moderator.getByText(/^(讲解中|Presenting)$/)).toHaveCount(presenting);
  await testInfo.attach('moderator-desk', { body: await moderator.screenshot({ fullPage: true }), contentType: 'image/png' });

  // Prices and stock through the API are refused the same way.
  const goods = await moderator.request.get(`/api/trpc/live.desk?input=${encodeURIComponent(JSON.stringify({ json: { liveId } }))}`);
  const spuId = ((await goods.json()).result.data.json.goods as { spuId: number }[])[0]!.spuId;
  const library = await moderator.request.get(`/api/trpc/catalog.goodsById?input=${encodeURIComponent(JSON.stringify({ json: { spuId } }))}`);
  const spu = (await library.json()).result.data.json as { id: number; title: string; subtitle: string; description: string; categoryId: number; images: string[]; specDefs: unknown; skus: { id: number; skuCode: string; specs: unknown; price: number; stock: number }[] };
  const stock = await callAsPage(moderator, 'catalog.changeStock', { skuId: spu.skus[0]!.id, stock: 1 });
  expect([stock.status, stock.body.error?.json.data.reason]).toEqual([403, 'NOT_YOUR_PART']);
  const price = await callAsPage(moderator, 'catalog.update', { ...spu, spuId: spu.id, skus: spu.skus.map((s) => ({ ...s, price: s.price - 1 })) });
  expect([price.status, price.body.error?.json.data.reason]).toEqual([403, 'NOT_YOUR_PART']);

  // The members page and the log are the owner's.
  await moderator.goto('/console/members');
  await expect(moderator.getByTestId('owner-only')).toBeVisible();
  await moderator.context().close();
});
