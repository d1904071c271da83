'use client';

import { errorKey } from '@/components/i18n/messages';
import { useI18n } from '@/components/providers/i18n-provider';

/** Server validation issues by dotted path ("skus.2.price"), from a tRPC error. */
export function issuesOf(error: unknown): Map<string, string> {
  const issues = (error as { data?: { zod?: { issues?: { path: string; message: string }[] } | null } } | null)?.data?.zod?.issues ?? [];
  const map = new Map<string, string>();
  for (const issue of issues) if (!map.has(issue.path)) map.set(issue.path, issue.message);
  return map;
}

export function FieldError({ issues, path }: { issues: Map<string, string>; path: string }) {
  const message = issues.get(path);
  return message ? (
    <span role="alert" data-field-error={path} className="mt-1 block text-xs text-red-600">
      {message}
    </span>
  ) : null;
}

// Details the server put in its message (figures, names) matter for these: keep them after the words.
const WITH_DETAIL = new Set(['ABOVE_INVENTORY', 'BELOW_SOLD', 'OVERLAPPING_SALE', 'RATE_LIMITED', 'BAD_TRANSITION', 'SKU_IN_USE', 'UNKNOWN_SKU']);

type ErrorLike = { message: string; data?: { reason?: string | null; httpStatus?: number; requestId?: string | null } | null };

/**
 * The reason whose words to show: the server's own, else — for a failure on the server's side
 * that came without one — the generic words, so no internal text reaches the screen.
 */
function reasonOf(error: ErrorLike): string | null {
  const reason = error.data?.reason;
  if (errorKey(reason)) return reason!;
  const status = error.data?.httpStatus ?? 0;
  if (status === 503) return 'UNAVAILABLE';
  if (status >= 500) return 'INTERNAL';
  return null;
}

/** A refusal in the viewer's language: the UI's words for known reasons, else the server's message. */
export function useErrorText() {
  const { t, locale } = useI18n();
  return (error: ErrorLike | null) => {
    if (!error) return null;
    const reason = reasonOf(error);
    const key = errorKey(reason);
    if (!key) return error.message;
    // A failure on the server's side: the request's id, for support to find it in the log.
    const id = (reason === 'INTERNAL' || reason === 'UNAVAILABLE') && error.data?.requestId ? t('error.requestId', { id: error.data.requestId }) : '';
    if (id) return `${t(key)} ${id}`;
    return locale === 'zh' && WITH_DETAIL.has(reason!) ? `${t(key)}（${error.message}）` : t(key);
  };
}

export function ErrorBanner({ error }: { error: ErrorLike | null }) {
  const text = useErrorText()(error);
  return text ? (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
      {text}
    </p>
  ) : null;
}
