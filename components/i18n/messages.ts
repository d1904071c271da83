// The UI's words live in zh.json and en.json (ICU messages: `{n}`, plurals, selects), read by
// next-intl in server and client components. This file gives them types and the few helpers
// that are not hooks (tests, the audit table's "is there a word for this action?").
import { createTranslator } from 'next-intl';
import type { Locale } from './config';
import en from './en.json';
import zh from './zh.json';

export type Messages = typeof zh;
export const messages: Record<Locale, Messages> = { zh, en };

type Paths<T> = { [K in keyof T & string]: T[K] extends string ? K : `${K}.${Paths<T[K]>}` }[keyof T & string];
/** A message's dotted path ("viewer.lowStock"). */
export type MessageKey = Paths<Messages>;
export type MessageValues = Record<string, string | number | Date>;

/** Every key, dotted, in file order: the locale tests walk these. */
export function messageKeys(tree: object = zh, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : messageKeys(v as object, `${prefix}${k}.`)));
}

const known = new Set(messageKeys());

export function hasMessage(key: string): key is MessageKey {
  return known.has(key);
}

/** Outside React (tests, exports): the same formatter the hooks use. */
export function translate(locale: Locale, key: MessageKey, values?: MessageValues): string {
  return createTranslator({ locale, messages: messages[locale] })(key as never, values as never);
}

/** The UI's own words for a server refusal (its stable reason code), if it has them. */
export function errorKey(reason: string | null | undefined): MessageKey | null {
  const key = `error.${reason}`;
  return reason && hasMessage(key) ? key : null;
}
