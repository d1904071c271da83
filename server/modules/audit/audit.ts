// The audit log of console changes: who, when, what, and the values before and after. One
// writer, called by the services (and the flash-sale router) after a change is made.
import type { Container } from '@/server/container';
import type { Prisma } from '@/server/db/generated/client';
import type { Role, ShopRole } from '@/server/db/generated/enums';

/** Who made the change: a member of a shop (owner / operator / moderator), or ops. */
export interface AuditActor {
  id: number;
  name: string;
  role: Role;
  shopId: number | null;
  shopRole?: ShopRole | null;
}

export interface AuditTarget {
  /** goods, sku, room, room_goods, flash_sale, member, invitation */
  type: string;
  id: number | string;
  /** What it is called (goods title, room title, member name), for reading the log. */
  name?: string;
}

/** What changed: goods.create, goods.update, stock.set, room.start, sale.create, member.remove … */
export type AuditAction = string;

type Json = Prisma.InputJsonValue;

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Only what differs, down to the third level ({ skus: { 'TEE-01': { price } } }), so the log
 * reads as the change rather than two copies of the goods. Values that are not objects are
 * kept whole.
 */
export function changedOnly(before: unknown, after: unknown, depth = 3): [unknown, unknown] {
  if (depth === 0 || !isPlainObject(before) || !isPlainObject(after)) return [before, after];
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (same(before[key], after[key])) continue;
    const [kb, ka] = changedOnly(before[key], after[key], depth - 1);
    if (kb !== undefined) b[key] = kb;
    if (ka !== undefined) a[key] = ka;
  }
  return [b, a];
}

const asJson = (value: unknown): Json | undefined => (value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as Json));

/**
 * Writes one line of the log. The change itself is already made: a failure to write is logged
 * (loudly) rather than thrown, so a client never retries a change that happened.
 */
export async function audit(
  container: Pick<Container, 'db' | 'log'>,
  actor: AuditActor | undefined,
  action: AuditAction,
  target: AuditTarget,
  before: unknown,
  after: unknown,
): Promise<void> {
  // Services called without an actor (timers, tests of the service alone) change nothing a person did.
  if (!actor) return;
  const [b, a] = before && after ? changedOnly(before, after) : [before, after];
  try {
    await container.db.auditLog.create({
      data: {
        shopId: actor.shopId,
        actorId: actor.id,
        actorName: actor.name.slice(0, 40),
        actorRole: actor.shopRole ?? actor.role,
        action,
        targetType: target.type,
        targetId: String(target.id),
        targetName: (target.name ?? '').slice(0, 120),
        before: asJson(b),
        after: asJson(a),
      },
      select: { id: true },
    });
  } catch (error) {
    container.log.error({ err: error, action, target, actorId: actor.id }, 'audit log write failed');
  }
}
