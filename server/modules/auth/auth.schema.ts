import { z } from 'zod';

export const signInInput = z.object({
  username: z.string().trim().min(1, 'Enter your username').max(40),
  password: z.string().min(1, 'Enter your password').max(200),
});
export type SignInInput = z.infer<typeof signInInput>;

/** A user name: 3–20 letters, digits or _, starting with a letter. */
export const USERNAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{2,19}$/;
/** Or a mainland mobile number, 11 digits. */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;
export const PASSWORD_MIN = 8;

/** The sign-up rules' words (the form shows its own words for each, by these). */
export const SIGN_UP_RULES = {
  account: 'Use 3–20 letters, digits or _ starting with a letter, or an 11-digit mobile number',
  passwordLength: `Use at least ${PASSWORD_MIN} characters`,
  passwordDigits: 'Use letters or symbols too, not only digits',
  passwordName: 'The password must not contain the user name',
  displayName: 'Use at most 20 characters',
} as const;

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

export const sessionIdInput = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, 'Not a session id') });
export type SessionIdInput = z.infer<typeof sessionIdInput>;
