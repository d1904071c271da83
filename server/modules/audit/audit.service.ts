// Reading the audit log: a shop's owner reads the shop's, ops read every shop's. Newest first,
// a page at a time.
import type { Db } from '@/server/db/client';
import type { AuditPageInput } from './audit.schema';

export interface AuditEntry {
  id: string;
  shopId: number | null;
  shop: string | null;
  actorId: number;
  actorName: string;
  actorRole: string;
  action: string;
  targetType: string;
  targetId: string;
  targetName: string;
  before: unknown;
  after: unknown;
  createdAt: Date;
}

/** One page of the log: of one shop, or of every shop (shopId null, for ops). */
export async function readAuditLog(db: Db, shopId: number | null, input: AuditPageInput): Promise<{ entries: AuditEntry[]; next: string | null }> {
  const rows = await db.auditLog.findMany({
    where: { ...(shopId === null ? {} : { shopId }), ...(input.cursor ? { id: { lt: BigInt(input.cursor) } } : {}) },
    select: {
      id: true,
      shopId: true,
      actorId: true,
      actorName: true,
      actorRole: true,
      action: true,
      targetType: true,
      targetId: true,
      targetName: true,
      before: true,
      after: true,
      createdAt: true,
      shop: { select: { name: true } },
    },
    orderBy: { id: 'desc' },
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  return {
    entries: page.map(({ id, shop, ...row }) => ({ ...row, id: String(id), shop: shop?.name ?? null })),
    next: rows.length > input.limit ? String(page[page.length - 1]!.id) : null,
  };
}
