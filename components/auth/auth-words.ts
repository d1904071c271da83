import type { MessageKey } from '@/components/i18n/messages';
import { SIGN_UP_RULES } from '@/server/modules/auth/auth.rules';

/** Where each account lands after signing in or up. */
export const homeOf = { HOST: '/console', OPS: '/ops', VIEWER: '/live/1' } as const;

/** Only same-site paths, so the auth pages cannot be used to send anyone elsewhere. */
export function safeNext(next: string | null | undefined): string | undefined {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : undefined;
}

/** The form's own words for the server's sign-up rules (the schema is shared). */
const ruleKeys = new Map<string, MessageKey>([
  [SIGN_UP_RULES.account, 'signup.rule.account'],
  [SIGN_UP_RULES.passwordLength, 'signup.rule.passwordLength'],
  [SIGN_UP_RULES.passwordDigits, 'signup.rule.passwordDigits'],
  [SIGN_UP_RULES.passwordName, 'signup.rule.passwordName'],
  [SIGN_UP_RULES.displayName, 'signup.rule.displayName'],
]);

export function ruleKey(message: string): MessageKey | undefined {
  return ruleKeys.get(message);
}

/** "Too many sign-in attempts: try again in 60 s" → 60 (the server's wait, also its Retry-After). */
export function waitSecondsOf(message: string): number | undefined {
  const match = /in (\d+) s\b/.exec(message);
  return match ? Number(match[1]) : undefined;
}
