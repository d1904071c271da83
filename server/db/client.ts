// The Prisma client over the chosen driver adapter. One per process (see server/container.ts).
import { PrismaClient } from './generated/client';
import type { DatabaseHandle } from './adapter';

export type Db = PrismaClient;
export type { Prisma } from './generated/client';

export function createPrisma(handle: DatabaseHandle): Db {
  return new PrismaClient({ adapter: handle.factory });
}
