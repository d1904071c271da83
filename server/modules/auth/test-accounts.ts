// Fresh accounts for tests that end every session of an account or lock it: the demo accounts
// are shared by test files running at the same time.
import { randomUUID } from 'node:crypto';
import type { Container } from '@/server/container';
import type { ShopRole } from '@/server/db/generated/enums';
import { hashPassword } from './password';

export const TEST_PASSWORD = 'test-pass-123';

export async function createAccount(
  container: Container,
  options: { role?: 'VIEWER' | 'OPS'; member?: { shopId: number; shopRole: ShopRole }; password?: string } = {},
) {
  const username = `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const passwordHash = await hashPassword(options.password ?? TEST_PASSWORD);
  const user = await container.db.user.create({
    data: options.member
      ? { username, displayName: `测试${username.slice(-4)}`, passwordHash, role: 'HOST', shopId: options.member.shopId, shopRole: options.member.shopRole }
      : { username, displayName: `测试${username.slice(-4)}`, passwordHash, role: options.role ?? 'VIEWER' },
    select: { id: true, username: true, displayName: true, role: true, shopId: true, shopRole: true },
  });
  return { ...user, name: user.displayName, password: options.password ?? TEST_PASSWORD };
}

/** The shop a demo host belongs to. */
export async function shopOf(container: Container, username: string): Promise<number> {
  return (await container.db.user.findUniqueOrThrow({ where: { username }, select: { shopId: true } })).shopId!;
}
