// A host of another shop learns nothing about an item in a foreign room: not found, before
// any rule about the item (its flash sale) is checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@/server/container';
import { setupFlashSale, type FlashSetup } from '@/server/testing/flash';
import { BACKENDS, callerFor, createSeededContainer, refusal, userByName, type Caller } from '@/server/testing/harness';

describe.each(BACKENDS)('another shop’s room items on %s', (backend) => {
  let container: Container;
  let setup: FlashSetup;
  let host1: Caller;
  let host2: Caller;
  let ownRoomId: number;

  beforeAll(async () => {
    container = await createSeededContainer(backend);
    setup = await setupFlashSale(container, { stock: 5, limit: 1 });
    host1 = callerFor(container, await userByName(container, 'host1'));
    host2 = callerFor(container, await userByName(container, 'host2'));
    ownRoomId = (await host2.live.create({ title: '山野好物 归属测试' })).id;
  });
  afterAll(async () => {
    await container?.close();
  });

  it('answers removing an item with a flash sale 404 to another shop, in its own room or the owner’s, and 412 to the owner', async () => {
    const inOwnRoom = await refusal(host2.live.removeGoods({ liveId: ownRoomId, roomGoodsId: setup.roomGoodsId }));
    expect(inOwnRoom).toMatchObject({ code: 'NOT_FOUND' });
    const inForeignRoom = await refusal(host2.live.removeGoods({ liveId: setup.liveId, roomGoodsId: setup.roomGoodsId }));
    expect(inForeignRoom).toMatchObject({ code: 'NOT_FOUND' });
    // The same answer as for an item that does not exist at all.
    const missing = await refusal(host2.live.removeGoods({ liveId: ownRoomId, roomGoodsId: 2_000_000_000 }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(inOwnRoom.message.replace(String(setup.roomGoodsId), 'ID')).toBe(missing.message.replace('2000000000', 'ID'));

    expect(await refusal(host1.live.removeGoods({ liveId: setup.liveId, roomGoodsId: setup.roomGoodsId }))).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(await container.db.liveRoomGoods.count({ where: { id: setup.roomGoodsId } })).toBe(1);
  });
});
