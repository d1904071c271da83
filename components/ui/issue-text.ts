// What went wrong, in the viewer's words. Two kinds: a broken input rule (a zod issue the
// server or the browser described with describeIssue) and a refusal (an AppError's reason with
// its params, or only a tRPC code / HTTP status). The server's English message never shows.
// Pure functions of a translator, so forms, banners and tests share them (field-errors.tsx
// wraps them in hooks and components).
import type { MessageKey, MessageValues } from '@/components/i18n/messages';
import type { IssueCode } from '@/server/validation';

type T = (key: MessageKey, values?: MessageValues) => string;
type Has = (key: string) => key is MessageKey;
type Params = Record<string, string | number>;

/** Words with what they are filled with. */
interface Words {
  key: MessageKey;
  values: Params;
}

function issueWords(has: Has, issue: Pick<IssueCode, 'code' | 'key' | 'params'>): Words {
  const params = issue.params ?? {};
  const words = (key: MessageKey): Words => ({ key, values: params });
  if (issue.key && has(issue.key)) return words(issue.key);
  if (issue.code === 'too_small') {
    if (params.origin === 'string' && params.minimum === 1) return words('invalid.generic.required');
    if (params.origin === 'array' || params.origin === 'set') return words('invalid.generic.tooFewItems');
    if (params.origin === 'string') return words('invalid.generic.tooShort');
    return words(params.exclusive ? 'invalid.generic.above' : 'invalid.generic.tooSmall');
  }
  if (issue.code === 'too_big') {
    if (params.origin === 'array' || params.origin === 'set') return words('invalid.generic.tooManyItems');
    if (params.origin === 'string') return words('invalid.generic.tooLong');
    return words(params.exclusive ? 'invalid.generic.below' : 'invalid.generic.tooBig');
  }
  if (issue.code === 'invalid_type') return words('invalid.generic.required');
  if (issue.code === 'invalid_format') return words('invalid.generic.format');
  if (issue.code === 'not_multiple_of') return words('invalid.generic.multipleOf');
  return words('invalid.generic.other');
}

/** A broken input rule: the schema's own key when it has one, else generic words by zod's code. */
export function issueText(t: T, has: Has, issue: Pick<IssueCode, 'code' | 'key' | 'params'>): string {
  return fill(t, has, issueWords(has, issue), false).map(String).join('');
}

/** The same words in parts: what a user typed (a SKU code, a spec value) apart, to mark translate="no". */
export function issueParts(t: T, has: Has, issue: Pick<IssueCode, 'code' | 'key' | 'params'>): WordPart[] {
  return fill(t, has, issueWords(has, issue), true);
}

// ── Refusals ──

/** What a client knows of a failed call: a tRPC error (its data), a REST error body made into one, or a plain { message } of the caller's own words. */
export interface ErrorLike {
  message?: string;
  data?: {
    /** tRPC's code name (NOT_FOUND…). */
    code?: string;
    httpStatus?: number;
    reason?: string | null;
    params?: Params | null;
    requestId?: string | null;
    zod?: { issues?: IssueCode[] } | null;
  } | null;
}

/** Generic words by HTTP status for an error without a reason or a known tRPC code. */
const byStatus: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
};

/** The HTTP status of an error, 0 when the server never answered (network). */
export function statusOf(error: ErrorLike): number {
  return error.data?.httpStatus ?? 0;
}

/** Whether a retry may pass: the server failed (5xx), is busy (429), timed out, or was not reached. */
export function isRetryable(error: ErrorLike): boolean {
  if (!error.data) return true;
  const status = statusOf(error);
  return status >= 500 || status === 429 || status === 408 || status === 0;
}

/**
 * The words of a refusal: the reason's own (filled with its params), else — for a failure on
 * the server's side — the generic ones with the request id, else generic words by tRPC code or
 * HTTP status; a failed call that never reached the server (no data) is a network failure. A
 * plain object with only a message (not an Error) is the caller's own words and shows as is.
 */
function refusalWords(has: Has, error: ErrorLike): Words | { own: string } {
  const data = error.data;
  if (!data) return !(error instanceof Error) && error.message ? { own: error.message } : { key: 'error.NETWORK', values: {} };
  const params = data.params ?? {};
  const reason = data.reason;
  if (reason && has(`error.${reason}`)) return { key: `error.${reason}` as MessageKey, values: params };
  const status = statusOf(error);
  if (status === 503) return { key: 'error.UNAVAILABLE', values: {} };
  if (status >= 500) return { key: 'error.INTERNAL', values: {} };
  // Input that broke a rule: the first issue's words (forms show each next to its field).
  const issue = data.zod?.issues?.[0];
  if (issue) return issueWords(has, issue);
  for (const name of [data.code, byStatus[status], status >= 400 ? 'BAD_REQUEST' : undefined]) {
    if (name && has(`error.${name}`)) return { key: `error.${name}` as MessageKey, values: {} };
  }
  return { key: 'error.INTERNAL', values: {} };
}

/** A refusal in the viewer's words (with the request id of a server-side failure, for support). */
export function refusalText(t: T, has: Has, error: ErrorLike): string {
  return refusalParts(t, has, error).map(String).join('');
}

export function refusalParts(t: T, has: Has, error: ErrorLike): WordPart[] {
  const words = refusalWords(has, error);
  if ('own' in words) return [words.own];
  const parts = fill(t, has, words, true);
  const id = error.data?.requestId;
  if (id && (words.key === 'error.INTERNAL' || words.key === 'error.UNAVAILABLE')) parts.push(' ', t('error.requestId', { id }));
  return parts;
}

// ── Filling the words ──

/** A piece of text the user (or a seller) wrote: shown as is, marked translate="no". */
export class UserText {
  constructor(readonly text: string) {}
  toString() {
    return this.text;
  }
}
export type WordPart = string | UserText;

// Params that carry a seller's or viewer's own text: never translated, marked in the page.
const USER_CONTENT = new Set(['skuCode', 'title', 'keyword', 'value', 'spec', 'specs']);
// Params that name a state or a part (ENDED, OPERATOR): put in words by error.value.<VALUE>.
const NAMED_VALUES = new Set(['status', 'part', 'ask']);
const OPEN = '\uE000';
const CLOSE = '\uE001';

function fill(t: T, has: Has, words: Words, mark: boolean): WordPart[] {
  const values: MessageValues = {};
  const user: string[] = [];
  for (const [name, value] of Object.entries(words.values)) {
    if (NAMED_VALUES.has(name) && typeof value === 'string' && has(`error.value.${value}`)) values[name] = t(`error.value.${value}` as MessageKey);
    else if (mark && USER_CONTENT.has(name) && typeof value === 'string') values[name] = `${OPEN}${user.push(value) - 1}${CLOSE}`;
    else values[name] = value;
  }
  const text = t(words.key, values);
  if (!user.length) return [text];
  return text.split(new RegExp(`(${OPEN}\\d+${CLOSE})`)).flatMap<WordPart>((piece) => {
    const match = new RegExp(`^${OPEN}(\\d+)${CLOSE}$`).exec(piece);
    if (match) return [new UserText(user[Number(match[1])]!)];
    return piece ? [piece] : [];
  });
}
