import type { Container } from '@/server/container';
import { audit, type AuditActor } from '@/server/modules/audit/audit';
import { saleForAudit, saleIdOfFlashSku } from '@/server/modules/audit/snapshots';
import { publicProcedure, router, shopProcedure, staffProcedure } from '@/server/trpc/init';
import { adjustFlashStockInput, createSaleInput, roomSalesInput, saleIdInput, type AdjustFlashStockInput, type CreateSaleInput } from './flash-sale.schema';
import { adjustFlashStock, createSale, getSale, listRoomSales, startSaleNow, stopSale } from './flash-sale.service';

// The sale's service belongs to the stock owners; the audit log of its console changes is
// written here, around it.
type Member = AuditActor & { shopId: number };
const target = (id: number) => ({ type: 'flash_sale', id, name: `#${id}` });

async function createAudited(container: Container, member: Member, input: CreateSaleInput) {
  const sale = await createSale(container, member.shopId, input);
  const after = { ...saleForAudit(sale), roomGoodsId: input.roomGoodsId, payWindowSeconds: input.payWindowSeconds, prices: input.skus };
  await audit(container, member, 'sale.create', target(sale.id), null, after);
  return sale;
}

async function moveAudited(container: Container, member: Member, flashSaleId: number, action: 'sale.start' | 'sale.stop') {
  const before = await getSale(container.db, member.shopId, flashSaleId);
  const sale = await (action === 'sale.start' ? startSaleNow : stopSale)(container, member.shopId, flashSaleId);
  await audit(container, member, action, target(sale.id), saleForAudit(before), saleForAudit(sale));
  return sale;
}

async function adjustAudited(container: Container, member: Member, input: AdjustFlashStockInput) {
  const saleId = await saleIdOfFlashSku(container.db, member.shopId, input.flashSkuId);
  const was = saleId ? await getSale(container.db, member.shopId, saleId) : undefined;
  const sale = await adjustFlashStock(container, member.shopId, input);
  await audit(container, member, 'sale.adjustStock', target(sale.id), was && saleForAudit(was), saleForAudit(sale));
  return sale;
}

export const flashSaleRouter = router({
  /** The server's clock, so countdowns follow it rather than the phone's. */
  clock: publicProcedure.query(() => ({ now: Date.now() })),
  /** The room's sales with the stock ledger of each flash SKU. */
  forRoom: staffProcedure.input(roomSalesInput).query(({ ctx, input }) => listRoomSales(ctx.container.db, ctx.scopeShopId, input.liveId)),
  create: shopProcedure('operator').input(createSaleInput).mutation(({ ctx, input }) => createAudited(ctx.container, ctx.member, input)),
  start: shopProcedure('operator').input(saleIdInput).mutation(({ ctx, input }) => moveAudited(ctx.container, ctx.member, input.flashSaleId, 'sale.start')),
  stop: shopProcedure('operator').input(saleIdInput).mutation(({ ctx, input }) => moveAudited(ctx.container, ctx.member, input.flashSaleId, 'sale.stop')),
  adjustStock: shopProcedure('operator').input(adjustFlashStockInput).mutation(({ ctx, input }) => adjustAudited(ctx.container, ctx.member, input)),
});
