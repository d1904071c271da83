// Sign-in, sign-up, sign-out and the demo accounts. Answers never tell whether a name exists:
// an unknown name and a wrong password get the same refusal after the same work (a password
// hash is checked either way), and a name that cannot be taken is refused with one message
// whatever the reason.
import { randomBytes } from 'node:crypto';
import type { Container } from '@/server/container';
import type { Db } from '@/server/db/client';
import { AppError } from '@/server/errors';
import { claimInvitation, joined, pendingInvitation } from '@/server/modules/members/members.service';
import { DEMO_PASSWORD, DEMO_USERNAMES } from '@/prisma/seed-data';
import { PHONE_PATTERN, type SignInInput, type SignUpInput } from './auth.schema';
import { hashPassword, verifyPassword } from './password';
import { authRuntime } from './runtime';
import { sessionIdOf, type Session, type SessionUser } from './session';
import { LOCALE_COOKIE, isLocale, type Locale } from '@/components/i18n/config';

/** Demo mode lists the seeded accounts and their shared password on the sign-in page. */
export function isDemoMode(container: Pick<Container, 'env' | 'database'>): boolean {
  const mode = container.env.DEMO_MODE;
  return mode === 'on' || (mode === 'auto' && container.database.target.kind === 'pglite');
}

// Checked for names that do not exist, so that they cost what a wrong password costs.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

const userSelect = { id: true, role: true, displayName: true, shopId: true, shopRole: true, passwordHash: true, locale: true } as const;

export async function authenticate(container: Container, input: SignInInput, ip: string): Promise<SessionUser & { locale: Locale | null }> {
  const { throttle } = authRuntime(container);
  // A locked name or IP waits out its lock, whatever the password.
  await throttle.beforeSignIn(input.username, ip);
  const user = await container.db.user.findUnique({ where: { username: input.username }, select: userSelect });
  const matches = await verifyPassword(user?.passwordHash ?? (await dummy()), input.password);
  if (!user || !matches) {
    const locked = await throttle.signInFailed(input.username, ip);
    throw locked ?? new AppError('UNAUTHORIZED', 'Wrong username or password', 'BAD_CREDENTIALS');
  }
  await throttle.signInSucceeded(input.username);
  return { id: user.id, role: user.role, name: user.displayName, shopId: user.shopId, shopRole: user.shopRole, locale: isLocale(user.locale) ? user.locale : null };
}

/** Keeps the language the user chose on the account, so a sign-in on another device restores it. */
export async function saveLocale(container: Container, user: SessionUser, locale: Locale): Promise<void> {
  await container.db.user.update({ where: { id: user.id }, data: { locale }, select: { id: true } });
}

/** The cookie the pages read their language from (components/i18n/request.ts). */
export function localeCookie(locale: Locale): string {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

/**
 * Starts a server-side session for the user and puts its token in the cookie. Whatever session
 * this browser had before ends: every sign-in gets a new id.
 */
export async function startSession(container: Container, cookie: Session, user: SessionUser, ip: string): Promise<SessionUser> {
  const { sessions } = authRuntime(container);
  const previous = cookie.t ? sessionIdOf(cookie.t) : undefined;
  const { token, id } = await sessions.create(user.id, { userAgent: cookie.request.userAgent, ip });
  cookie.t = token;
  await cookie.save();
  if (previous) await sessions.revoke([previous]);
  return { ...user, sessionId: id };
}

/** Ends this browser's session (and clears its cookie). */
export async function endSession(container: Container, cookie: Session | undefined): Promise<void> {
  if (cookie?.t) await authRuntime(container).sessions.revoke([sessionIdOf(cookie.t)]);
  cookie?.destroy();
}

// Names nobody may take (besides names already taken, in any case).
const RESERVED = /^(admin|administrator|root|system|support|ops|official|livecart|host|viewer|guest|null|undefined)\d*$/i;

const nameUnavailable = () => new AppError('CONFLICT', "This name can't be used: choose another", 'NAME_UNAVAILABLE');

/** Shown for an account named by its mobile number: the middle digits hidden. */
const maskedPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

/**
 * A new account: a viewer, or — with an invitation code — a member of the inviting shop in the
 * part it names. Throttled per IP. The password is hashed before the name is looked at, so a
 * taken name answers as slowly as a free one.
 */
export async function signUp(container: Container, input: SignUpInput, ip: string): Promise<SessionUser> {
  const { db } = container;
  const { throttle } = authRuntime(container);
  await throttle.signUpAttempt(ip);
  if (input.invitation) await throttle.invitationAttempt(ip);
  const passwordHash = await hashPassword(input.password);
  const invitation = input.invitation ? await pendingInvitation(db, input.invitation) : undefined;
  const username = input.username;
  const displayName = input.displayName || (PHONE_PATTERN.test(username) ? maskedPhone(username) : username);
  if (RESERVED.test(username)) throw nameUnavailable();
  const taken = await db.user.findFirst({ where: { username: { equals: username, mode: 'insensitive' } }, select: { id: true } });
  if (taken) throw nameUnavailable();
  let user: SessionUser;
  try {
    user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: invitation
          ? { username, displayName, passwordHash, role: 'HOST', shopId: invitation.shopId, shopRole: invitation.role }
          : { username, displayName, passwordHash, role: 'VIEWER' },
        select: { id: true, role: true, displayName: true, shopId: true, shopRole: true },
      });
      if (invitation && !(await claimInvitation(tx, invitation.id, created.id))) {
        throw new AppError('NOT_FOUND', 'This invitation is not valid any more', 'INVITATION_INVALID');
      }
      return { id: created.id, role: created.role, name: created.displayName, shopId: created.shopId, shopRole: created.shopRole };
    });
  } catch (error) {
    // Taken between the look-up and the insert.
    if ((error as { code?: string }).code === 'P2002') throw nameUnavailable();
    throw error;
  }
  if (invitation) await joined(container, { id: user.id, name: user.name, shopId: invitation.shopId, shopRole: invitation.role }, invitation.id);
  return user;
}

/** Ends every session of the account (sign out of all devices), this browser's too. */
export async function endAllSessions(container: Container, user: SessionUser, cookie: Session | undefined): Promise<{ ended: number }> {
  const ended = await authRuntime(container).sessions.revokeAllOf(user.id);
  cookie?.destroy();
  return { ended: ended.length };
}

export function listSessions(container: Container, user: SessionUser) {
  return authRuntime(container).sessions.list(user.id, user.sessionId);
}

/** Ends one of the account's sessions (a line of "my sessions"). */
export async function endOwnSession(container: Container, user: SessionUser, id: string, cookie: (() => Promise<Session>) | undefined) {
  if (!(await authRuntime(container).sessions.revokeOwn(user.id, id))) throw new AppError('NOT_FOUND', 'No such session of yours');
  if (id === user.sessionId) (await cookie?.())?.destroy();
  return { ok: true };
}

/** In demo mode only: the seeded accounts and their shared password. Elsewhere there are none. */
export async function demoAccounts(container: Container) {
  if (!isDemoMode(container)) throw new AppError('NOT_FOUND', 'There are no demo accounts on this instance', 'NOT_DEMO');
  return { password: DEMO_PASSWORD, accounts: await listDemoAccounts(container.db) };
}

/** The seeded demo accounts (never anyone else). */
export async function listDemoAccounts(db: Db) {
  const users = await db.user.findMany({
    where: { username: { in: DEMO_USERNAMES } },
    select: { username: true, displayName: true, role: true, shopRole: true, shop: { select: { name: true } } },
    orderBy: [{ role: 'asc' }, { id: 'asc' }],
  });
  return users.map((u) => ({ username: u.username, name: u.displayName, role: u.role, shopRole: u.shopRole, shop: u.shop?.name ?? null }));
}
