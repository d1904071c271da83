// The sign-up rules as plain values, for the schema and for the browser's words alike (the
// sign-in and sign-up pages do not load zod: its eval probe would trip the page's CSP).

/** A user name: 3–20 letters, digits or _, starting with a letter. */
export const USERNAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{2,19}$/;
/** Or a mainland mobile number, 11 digits. */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;
export const PASSWORD_MIN = 8;

/** The sign-up rules by message key (the words are in the locale files, filled with zod's minimum / maximum). */
export const SIGN_UP_RULES = {
  account: 'invalid.signup.account',
  passwordLength: 'invalid.signup.passwordLength',
  passwordDigits: 'invalid.signup.passwordDigits',
  passwordName: 'invalid.signup.passwordName',
  displayName: 'invalid.signup.displayName',
} as const;
