// A shop's members: the owner invites by code (single use, expiring), the invited person signs
// up or accepts with a viewer account and joins in that part; each part does only its part —
// a moderator (场控) cannot change goods, prices, stock, rooms or sales; the owner removes members
// and their sessions end at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import { createAccount, TEST_PASSWORD } from '@/server/modules/auth/test-accounts';
import { setupFlashSale, type FlashSetup } from '@/server/testing/flash';
import { BACKENDS, callerFor, createSeededContainer, newTag, refusal, userByName, type Caller } from '@/server/testing/harness';
import { startTestServer, trpcHttp } from '@/server/testing/http';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const cookieOf = (setCookie: string | null) => setCookie?.split(';')[0] ?? '';
const reasonOf = (error: { cause?: unknown }) => (error.cause as { reason?: string } | undefined)?.reason;

describe.each(BACKENDS)('shop members on %s', (backend) => {
  let container: Container;
  let server: Server;
  let owner: Caller;
  let otherOwner: Caller;
  let setup: FlashSetup;

  beforeAll(async () => {
    container = await createSeededContainer(backend);
    server = await startTestServer(container);
    owner = callerFor(container, await userByName(container, 'host1'));
    otherOwner = callerFor(container, await userByName(container, 'host2'));
    setup = await setupFlashSale(container, { stock: 5, limit: 1 });
  });
  afterAll(async () => {
    await server?.close();
    await container?.close();
  });

  const http = (path: string, cookie: string, input?: unknown, mutation = false) => trpcHttp(server.url, path, { input, cookie, mutation });

  it('invites an operator by code; the invited person signs up with it, joins the shop and runs the desk', async () => {
    const invitation = await owner.members.invite({ role: 'OPERATOR' });
    expect(invitation.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(invitation.expiresAt.getTime()).toBeGreaterThan(Date.now() + 24 * 3600_000);
    // The code is stored only as its hash.
    expect(await container.db.shopInvitation.count({ where: { codeHash: invitation.code } })).toBe(0);

    const info = await callerFor(container, undefined, '10.40.0.1').members.invitation({ code: invitation.code.toLowerCase() });
    expect(info).toMatchObject({ shop: '李记服饰旗舰店', role: 'OPERATOR' });

    const username = `op_${newTag().toLowerCase()}`;
    const signUp = await trpcHttp(server.url, 'auth.signUp', { input: { username, password: 'operator-pass-1', displayName: '新助播', invitation: invitation.code }, mutation: true });
    expect(signUp.status).toBe(200);
    expect(signUp.data).toMatchObject({ role: 'HOST', shopRole: 'OPERATOR', name: '新助播' });
    const cookie = cookieOf(signUp.setCookie);
    const changed = await http('catalog.changeStock', cookie, { skuId: setup.skuId, stock: 77 }, true);
    expect(changed.status).toBe(200);
    expect(changed.data).toMatchObject({ stock: 77 });

    // Single use: the same code is refused, with the one message for every invalid invitation.
    const reused = await refusal(callerFor(container, undefined, '10.40.0.2').members.invitation({ code: invitation.code }));
    expect(reused.code).toBe('NOT_FOUND');
    expect(reasonOf(reused)).toBe('INVITATION_INVALID');
    const second = await refusal(callerFor(container, undefined, '10.40.0.3').auth.signUp({ username: `op_${newTag().toLowerCase()}`, password: 'operator-pass-2', invitation: invitation.code }));
    expect(reasonOf(second)).toBe('INVITATION_INVALID');

    const members = await owner.members.list();
    expect(members.find((m) => m.username === username)).toMatchObject({ shopRole: 'OPERATOR', name: '新助播' });
    expect(members.find((m) => m.username === 'host1')).toMatchObject({ shopRole: 'OWNER' });
    const invitations = await owner.members.invitations();
    expect(invitations.find((i) => i.id === invitation.id)).toMatchObject({ state: 'ACCEPTED', acceptedBy: '新助播' });

    // Operators run the desk, not the members.
    const asOperator = await http('members.list', cookie);
    expect(asOperator.status).toBe(403);
    expect(asOperator.error?.data).toMatchObject({ reason: 'NOT_YOUR_PART' });
    expect((await http('members.invite', cookie, { role: 'MODERATOR' }, true)).status).toBe(403);
  });

  it('lets a signed-in viewer accept a moderator invitation; the moderator reads the desk and changes nothing', async () => {
    const viewer = await createAccount(container);
    const signIn = await trpcHttp(server.url, 'auth.signIn', { input: { username: viewer.username, password: TEST_PASSWORD }, mutation: true });
    const cookie = cookieOf(signIn.setCookie);
    const { code } = await owner.members.invite({ role: 'MODERATOR' });
    const accepted = await http('members.accept', cookie, { code }, true);
    expect(accepted.status).toBe(200);
    expect(accepted.data).toMatchObject({ role: 'HOST', shopRole: 'MODERATOR' });
    // The same session carries the new part at once.
    expect((await http('auth.me', cookie)).data).toMatchObject({ role: 'HOST', shopRole: 'MODERATOR' });

    expect((await http('live.desk', cookie, { liveId: setup.liveId })).status).toBe(200);
    expect((await http('catalog.goods', cookie, {})).status).toBe(200);
    expect((await http('flashSale.forRoom', cookie, { liveId: setup.liveId })).status).toBe(200);

    const goods = await owner.catalog.goodsById({ spuId: setup.spuId });
    const sku = goods.skus[0]!;
    const attempts: [string, unknown][] = [
      ['catalog.changeStock', { skuId: sku.id, stock: 1 }],
      ['catalog.update', { spuId: goods.id, title: goods.title, subtitle: goods.subtitle, description: goods.description, categoryId: goods.categoryId, images: goods.images, specDefs: goods.specDefs, skus: goods.skus.map((s) => ({ ...s, price: s.price - 100 })) }],
      ['flashSale.adjustStock', { flashSkuId: setup.flashSkuId, flashStock: 4 }],
      ['flashSale.stop', { flashSaleId: setup.flashSaleId }],
      ['live.pin', { liveId: setup.liveId, roomGoodsId: setup.roomGoodsId }],
      ['live.setShelf', { liveId: setup.liveId, roomGoodsId: setup.roomGoodsId, onShelf: false }],
      ['live.end', { liveId: setup.liveId }],
      ['live.create', { title: '场控开的直播间' }],
      ['members.invite', { role: 'MODERATOR' }],
    ];
    for (const [path, input] of attempts) {
      const reply = await http(path, cookie, input, true);
      expect([path, reply.status, reply.error?.data]).toEqual([path, 403, expect.objectContaining({ reason: 'NOT_YOUR_PART' })]);
    }
    // Nothing changed.
    const after = await owner.catalog.goodsById({ spuId: setup.spuId });
    expect(after.skus[0]).toMatchObject({ price: sku.price, stock: sku.stock });
    const sale = (await owner.flashSale.forRoom({ liveId: setup.liveId })).find((s) => s.id === setup.flashSaleId)!;
    expect(sale).toMatchObject({ status: 'ACTIVE' });
    expect(sale.skus[0]!.flashStock).toBe(5);
    const desk = await owner.live.desk({ liveId: setup.liveId });
    expect(desk).toMatchObject({ status: 'LIVE', pinned: null });
  });

  it('refuses expired and withdrawn invitations, and accounts that cannot join', async () => {
    const expired = await owner.members.invite({ role: 'OPERATOR' });
    await container.db.shopInvitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(reasonOf(await refusal(callerFor(container, undefined, '10.41.0.1').members.invitation({ code: expired.code })))).toBe('INVITATION_INVALID');

    const withdrawn = await owner.members.invite({ role: 'MODERATOR' });
    // Another shop's owner cannot withdraw it.
    expect((await refusal(otherOwner.members.revokeInvitation({ invitationId: withdrawn.id }))).code).toBe('NOT_FOUND');
    const listed = await owner.members.revokeInvitation({ invitationId: withdrawn.id });
    expect(listed.find((i) => i.id === withdrawn.id)?.state).toBe('REVOKED');
    expect(reasonOf(await refusal(callerFor(container, undefined, '10.41.0.2').members.invitation({ code: withdrawn.code })))).toBe('INVITATION_INVALID');
    expect(reasonOf(await refusal(callerFor(container, undefined, '10.41.0.3').members.invitation({ code: 'AAAA-BBBB-CCCC' })))).toBe('INVITATION_INVALID');

    const fresh = await owner.members.invite({ role: 'OPERATOR' });
    const ops = callerFor(container, await userByName(container, 'ops1'));
    expect(reasonOf(await refusal(ops.members.accept({ code: fresh.code })))).toBe('CANNOT_JOIN');
    expect(reasonOf(await refusal(callerFor(container, await userByName(container, 'host1b')).members.accept({ code: fresh.code })))).toBe('ALREADY_MEMBER');
    expect(reasonOf(await refusal(otherOwner.members.accept({ code: fresh.code })))).toBe('CANNOT_JOIN');
    // Still pending after the refusals.
    expect((await owner.members.invitations()).find((i) => i.id === fresh.id)?.state).toBe('PENDING');
  });

  it('keeps every shop to its own members; viewers and ops reach none', async () => {
    const shop2 = await otherOwner.members.list();
    expect(shop2.map((m) => m.username)).toContain('host2');
    expect(shop2.map((m) => m.username)).not.toContain('host1');
    const host1b = await userByName(container, 'host1b');
    expect((await refusal(otherOwner.members.remove({ userId: host1b.id }))).code).toBe('NOT_FOUND');
    for (const name of ['viewer1', 'ops1']) {
      const as = callerFor(container, await userByName(container, name));
      expect((await refusal(as.members.list())).code).toBe('FORBIDDEN');
      expect((await refusal(as.members.invite({ role: 'OPERATOR' }))).code).toBe('FORBIDDEN');
    }
    expect((await refusal(callerFor(container).members.list())).code).toBe('UNAUTHORIZED');
  });

  it('removes a member: the account leaves the shop and its sessions end at once; the owner stays', async () => {
    const shopId = (await userByName(container, 'host1')).shopId!;
    const member = await createAccount(container, { member: { shopId, shopRole: 'OPERATOR' } });
    const signIn = await trpcHttp(server.url, 'auth.signIn', { input: { username: member.username, password: TEST_PASSWORD }, mutation: true });
    const cookie = cookieOf(signIn.setCookie);
    expect((await http('live.myRooms', cookie)).status).toBe(200);

    const left = await owner.members.remove({ userId: member.id });
    expect(left.map((m) => m.userId)).not.toContain(member.id);
    expect((await http('auth.me', cookie)).data).toBeNull();
    expect((await http('live.myRooms', cookie)).status).toBe(401);
    expect(await container.db.user.findUniqueOrThrow({ where: { id: member.id }, select: { role: true, shopId: true, shopRole: true } })).toEqual({ role: 'VIEWER', shopId: null, shopRole: null });
    expect((await refusal(owner.members.remove({ userId: member.id }))).code).toBe('NOT_FOUND');

    const self = await userByName(container, 'host1');
    expect(reasonOf(await refusal(owner.members.remove({ userId: self.id })))).toBe('CANNOT_REMOVE_OWNER');
  });
});
