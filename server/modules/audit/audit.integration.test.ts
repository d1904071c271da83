// The audit log: every console change (goods, prices, stock, room, sale, members) with who,
// when, what and the values before and after; the shop's owner reads the shop's, ops read all,
// nobody rewrites it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import { BACKENDS, callerFor, createSeededContainer, newTag, refusal, userByName, type Caller } from '@/server/testing/harness';
import type { AuditEntry } from './audit.service';

describe.each(BACKENDS)('audit log on %s', (backend) => {
  let container: Container;
  let owner: Caller;
  let operator: Caller;
  let ops: Caller;
  let shopId: number;

  beforeAll(async () => {
    container = await createSeededContainer(backend);
    const host1 = await userByName(container, 'host1');
    shopId = host1.shopId!;
    owner = callerFor(container, host1);
    operator = callerFor(container, await userByName(container, 'host1b'));
    ops = callerFor(container, await userByName(container, 'ops1'));
  });
  afterAll(async () => {
    await container?.close();
  });

  /** The shop's log as its owner reads it, newest first, down to what this test touched. */
  async function logOf(match: (e: AuditEntry) => boolean): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const { entries: rows, next } = await owner.audit.shop({ cursor, limit: 200 });
      entries.push(...rows.filter(match));
      if (!next) break;
      cursor = next;
    }
    return entries;
  }

  it('writes goods, price and stock changes with who made them and the values before and after', async () => {
    const tag = newTag();
    const category = (await container.db.category.findFirstOrThrow({ select: { id: true } })).id;
    const goods = await owner.catalog.create({
      title: `审计测试 ${tag}`,
      subtitle: '',
      description: '',
      categoryId: category,
      images: ['/goods/tee.svg'],
      specDefs: [],
      skus: [{ skuCode: `AU-${tag}`, specs: {}, price: 5900, stock: 10 }],
    });
    const sku = goods.skus[0]!;
    await operator.catalog.update({ spuId: goods.id, title: goods.title, subtitle: '新副标题', description: '', categoryId: category, images: goods.images, specDefs: [], skus: [{ id: sku.id, skuCode: sku.skuCode, specs: {}, price: 4900, stock: 10 }] });
    await operator.catalog.changeStock({ skuId: sku.id, stock: 3 });

    const mine = await logOf((e) => (e.targetType === 'goods' && e.targetId === String(goods.id)) || (e.targetType === 'sku' && e.targetId === String(sku.id)));
    expect(mine.map((e) => e.action)).toEqual(['stock.set', 'goods.update', 'goods.create']);
    const [stock, update, create] = mine;
    expect(create).toMatchObject({ actorName: '李主播', actorRole: 'OWNER', shopId, shop: '李记服饰旗舰店', targetName: goods.title, before: null });
    expect(create!.after).toMatchObject({ title: goods.title, skus: { [`AU-${tag}`]: { price: 5900, stock: 10 } } });
    // Only what moved: the price and the subtitle.
    expect(update).toMatchObject({ actorName: '助播小周', actorRole: 'OPERATOR' });
    expect(update!.before).toEqual({ subtitle: '', skus: { [`AU-${tag}`]: { price: 5900 } } });
    expect(update!.after).toEqual({ subtitle: '新副标题', skus: { [`AU-${tag}`]: { price: 4900 } } });
    expect(stock).toMatchObject({ actorRole: 'OPERATOR', before: { stock: 10 }, after: { stock: 3 }, targetName: `${goods.title} AU-${tag}` });
    expect(new Date(stock!.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('writes room and flash-sale changes', async () => {
    const tag = newTag();
    const category = (await container.db.category.findFirstOrThrow({ select: { id: true } })).id;
    const goods = await owner.catalog.create({ title: `审计直播 ${tag}`, subtitle: '', description: '', categoryId: category, images: ['/goods/tee.svg'], specDefs: [], skus: [{ skuCode: `AR-${tag}`, specs: {}, price: 9900, stock: 20 }] });
    const room = await operator.live.create({ title: `审计直播间 ${tag}` });
    await operator.live.start({ liveId: room.id });
    const desk = await operator.live.addGoods({ liveId: room.id, spuIds: [goods.id] });
    const item = desk.goods[0]!;
    await operator.live.pin({ liveId: room.id, roomGoodsId: item.roomGoodsId });
    await operator.live.setWelfare({ liveId: room.id, roomGoodsId: item.roomGoodsId, isWelfare: true });
    const sale = await operator.flashSale.create({ liveId: room.id, roomGoodsId: item.roomGoodsId, window: { kind: 'now', durationMinutes: 10 }, payWindowSeconds: 600, skus: [{ skuId: goods.skus[0]!.id, flashPrice: 1990, flashStock: 5, perUserLimit: 1 }] });
    await operator.flashSale.adjustStock({ flashSkuId: sale.skus[0]!.flashSkuId, flashStock: 8 });
    await operator.flashSale.stop({ flashSaleId: sale.id });
    await operator.live.setShelf({ liveId: room.id, roomGoodsId: item.roomGoodsId, onShelf: false });
    await operator.live.end({ liveId: room.id });

    const roomLog = await logOf((e) => (e.targetType === 'room' && e.targetId === String(room.id)) || (e.targetType === 'room_goods' && e.targetId === String(item.roomGoodsId)) || (e.targetType === 'flash_sale' && e.targetId === String(sale.id)));
    expect(roomLog.map((e) => e.action).reverse()).toEqual(['room.create', 'room.start', 'room.addGoods', 'room.pin', 'room.welfare', 'sale.create', 'sale.adjustStock', 'sale.stop', 'room.shelf', 'room.end']);
    const byAction = new Map(roomLog.map((e) => [e.action, e]));
    expect(byAction.get('room.start')).toMatchObject({ before: { status: 'SCHEDULED' }, after: { status: 'LIVE' }, targetName: room.title });
    expect(byAction.get('room.pin')).toMatchObject({ before: { pinned: null }, after: { pinned: item.roomGoodsId } });
    expect(byAction.get('room.welfare')).toMatchObject({ before: { isWelfare: false }, after: { isWelfare: true } });
    expect(byAction.get('sale.create')!.after).toMatchObject({ status: 'ACTIVE', prices: [{ flashPrice: 1990, flashStock: 5, perUserLimit: 1 }] });
    const flashSkuId = sale.skus[0]!.flashSkuId;
    expect(byAction.get('sale.adjustStock')).toMatchObject({ before: { skus: { [flashSkuId]: { flashStock: 5 } } }, after: { skus: { [flashSkuId]: { flashStock: 8 } } } });
    expect(byAction.get('sale.stop')).toMatchObject({ before: { status: 'ACTIVE' }, after: { status: 'ENDED' } });
    expect(byAction.get('room.shelf')).toMatchObject({ before: { onShelf: true }, after: { onShelf: false } });
  });

  it('writes member changes; shows the shop’s log to its owner only, and every shop’s to ops', async () => {
    const invitation = await owner.members.invite({ role: 'MODERATOR' });
    await owner.members.revokeInvitation({ invitationId: invitation.id });
    const lines = await logOf((e) => e.targetType === 'invitation' && e.targetId === String(invitation.id));
    expect(lines.map((e) => e.action)).toEqual(['member.uninvite', 'member.invite']);
    expect(lines[1]!.after).toMatchObject({ role: 'MODERATOR' });
    // The code never reaches the log.
    expect(JSON.stringify(lines)).not.toContain(invitation.code);

    // Another shop's owner sees none of it; operators and moderators do not read the log.
    const shop2 = await callerFor(container, await userByName(container, 'host2')).audit.shop({ limit: 200 });
    expect(shop2.entries.every((e) => e.shopId !== shopId)).toBe(true);
    const refused = await refusal(operator.audit.shop({ limit: 10 }));
    expect(refused.code).toBe('FORBIDDEN');
    expect((await refusal(callerFor(container, await userByName(container, 'viewer1')).audit.all({ limit: 10 }))).code).toBe('FORBIDDEN');

    // Ops read every shop's, or one shop's.
    const all = await ops.audit.all({ limit: 200 });
    expect(all.entries.some((e) => e.targetType === 'invitation' && e.targetId === String(invitation.id))).toBe(true);
    const one = await ops.audit.all({ shopId, limit: 50 });
    expect(one.entries.every((e) => e.shopId === shopId && e.shop === '李记服饰旗舰店')).toBe(true);
    // Pages follow each other without overlap.
    const first = await ops.audit.all({ limit: 2 });
    const second = await ops.audit.all({ limit: 2, cursor: first.next! });
    expect(BigInt(second.entries[0]!.id)).toBeLessThan(BigInt(first.entries[1]!.id));
  });

  it('is append-only: the database refuses to change or delete a line', async () => {
    const [line] = (await owner.audit.shop({ limit: 1 })).entries;
    await expect(container.db.$executeRawUnsafe(`UPDATE audit_log SET action = 'forged' WHERE id = ${line!.id}`)).rejects.toThrow(/append-only/);
    await expect(container.db.$executeRawUnsafe(`DELETE FROM audit_log WHERE id = ${line!.id}`)).rejects.toThrow(/append-only/);
  });
});
