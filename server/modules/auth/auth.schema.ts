import { z } from 'zod';
import { locales } from '@/components/i18n/config';
import { PASSWORD_MIN, PHONE_PATTERN, SIGN_UP_RULES, USERNAME_PATTERN } from './auth.rules';

export { PASSWORD_MIN, PHONE_PATTERN, SIGN_UP_RULES, USERNAME_PATTERN } from './auth.rules';

export const localeInput = z.strictObject({ locale: z.enum(locales) });
export type LocaleInput = z.infer<typeof localeInput>;

export const signInInput = z.object({
  username: z.string().trim().min(1, 'invalid.signin.usernameRequired').max(40),
  password: z.string().min(1, 'invalid.signin.passwordRequired').max(200),
});
export type SignInInput = z.infer<typeof signInInput>;

export const signUpInput = z
  .object({
    username: z
      .string()
      .trim()
      .refine((v) => USERNAME_PATTERN.test(v) || PHONE_PATTERN.test(v), SIGN_UP_RULES.account),
    password: z
      .string()
      .min(PASSWORD_MIN, SIGN_UP_RULES.passwordLength)
      .max(200)
      .refine((v) => !/^\d+$/.test(v), SIGN_UP_RULES.passwordDigits),
    displayName: z.string().trim().max(20, SIGN_UP_RULES.displayName).optional(),
    /** An invitation code: the new account joins that shop. */
    invitation: z.string().trim().max(40).optional(),
  })
  .superRefine((value, ctx) => {
    const name = value.username.trim().toLowerCase();
    if (name.length >= 3 && value.password.toLowerCase().includes(name)) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: SIGN_UP_RULES.passwordName });
    }
  });
export type SignUpInput = z.infer<typeof signUpInput>;

export const sessionIdInput = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, 'invalid.request') });
export type SessionIdInput = z.infer<typeof sessionIdInput>;
