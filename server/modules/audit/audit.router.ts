import { opsProcedure, router, shopProcedure } from '@/server/trpc/init';
import { auditPageInput, opsAuditInput } from './audit.schema';
import { readAuditLog } from './audit.service';

export const auditRouter = router({
  /** The shop's log, for its owner. */
  shop: shopProcedure('owner').input(auditPageInput).query(({ ctx, input }) => readAuditLog(ctx.container.db, ctx.member.shopId, input)),
  /** Every shop's log (or one shop's), for ops. */
  all: opsProcedure.input(opsAuditInput).query(({ ctx, input }) => readAuditLog(ctx.container.db, input.shopId ?? null, input)),
});
