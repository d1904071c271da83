// The sign-up rules as plain values, for the schema and for the browser's words alike (the
// sign-in and sign-up pages do not load zod: its eval probe would trip the page's CSP).

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
