// Shared input rules, and the one way a broken rule is described to the client.
// Schemas name their problems by message key ('invalid.price.decimals'), never in a language:
// the browser renders the key in the viewer's locale (components/ui/field-errors.tsx). This file
// is imported by browser forms too (the same schemas validate there), so it stays pure zod.
import { z } from 'zod';

/** A row id whose every problem reads as `key` (e.g. a category not chosen: 'invalid.goods.categoryRequired'). */
export function dbIdWith(key: `invalid.${string}`) {
  return z.number({ error: key }).int(key).positive(key).max(2_147_483_647, key);
}

/** A row id: a positive whole number that fits PostgreSQL's integer, so a huge one is a 400, not a crash. */
export const dbId = dbIdWith('invalid.id');

/** What the client needs to say what is wrong, in its own language. */
export interface IssueCode {
  /** Dotted path of the field ("skus.2.price"); '' for the whole input. */
  path: string;
  /** zod's issue code (too_small, too_big, invalid_type, custom…): the generic words when there is no key. */
  code: string;
  /** The schema's own message key (invalid.*), or null when zod's default applies. */
  key: string | null;
  /**
   * The figures the words need: limits (minimum, maximum; `exclusive: 1` when the limit itself
   * is not allowed, as for .positive()), the kind of value (origin), a custom rule's params.
   */
  params: Record<string, string | number>;
}

const KEY = /^invalid\.[\w.]+$/;

export function describeIssue(issue: z.core.$ZodIssue): IssueCode {
  const params: Record<string, string | number> = {};
  const raw = issue as unknown as Record<string, unknown>;
  for (const name of ['minimum', 'maximum', 'origin', 'expected', 'format', 'divisor'] as const) {
    const value = raw[name];
    if (typeof value === 'number' || typeof value === 'string') params[name] = value;
    else if (typeof value === 'bigint') params[name] = Number(value);
  }
  if ((issue.code === 'too_small' || issue.code === 'too_big') && raw.inclusive === false) params.exclusive = 1;
  if (issue.code === 'custom' && issue.params) {
    for (const [name, value] of Object.entries(issue.params)) if (typeof value === 'number' || typeof value === 'string') params[name] = value;
  }
  return { path: issue.path.map(String).join('.'), code: issue.code, key: KEY.test(issue.message) ? issue.message : null, params };
}
