import type { Db } from '@/server/db/client';
import { AppError } from '@/server/errors';
import type { SignInInput } from './auth.schema';
import { verifyPassword } from './password';
import type { SessionUser } from './session';

export async function authenticate(db: Db, input: SignInInput): Promise<SessionUser> {
  const user = await db.user.findUnique({
    where: { username: input.username },
    select: { id: true, role: true, displayName: true, shopId: true, passwordHash: true },
  });
  // Same message either way, so usernames cannot be probed.
  if (!user || !(await verifyPassword(user.passwordHash, input.password))) {
    throw new AppError('UNAUTHORIZED', 'Wrong username or password', 'BAD_CREDENTIALS');
  }
  return { id: user.id, role: user.role, name: user.displayName, shopId: user.shopId };
}

/** The demo accounts the sign-in page shows (seeded; all share the demo password). */
export async function listDemoAccounts(db: Db) {
  const users = await db.user.findMany({
    select: { username: true, displayName: true, role: true, shop: { select: { name: true } } },
    orderBy: [{ role: 'asc' }, { id: 'asc' }],
  });
  return users.map((u) => ({ username: u.username, name: u.displayName, role: u.role, shop: u.shop?.name ?? null }));
}
