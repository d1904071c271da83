'use client';

import type { ReactNode } from 'react';
import { useI18n } from '@/components/providers/i18n-provider';
import { ErrorWords } from './field-errors';
import { isRetryable, statusOf, type ErrorLike } from './issue-text';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-3 p-6 text-sm text-zinc-500">
      <span className="size-4 animate-spin rounded-full border-2 border-zinc-300 border-t-rose-500" />
      {label ?? t('state.loading')}
    </div>
  );
}

/**
 * A read that failed. Another shop's object (or one that is gone) is a 404, a part the user may
 * not see a 403: said calmly, with no retry — trying again cannot help. A retry button only for
 * failures that may pass: the server's (5xx), too many requests (429), or no answer at all.
 */
export function ErrorState({ error, onRetry }: { error: ErrorLike | null; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  const status = statusOf(error);
  if (error.data && (status === 404 || status === 403)) {
    return (
      <div role="alert" data-error-state={status === 404 ? 'not-found' : 'forbidden'} className="m-4 rounded-lg border border-zinc-200 bg-zinc-50 p-4 text-sm text-zinc-700">
        <ErrorWords error={error} />
      </div>
    );
  }
  return (
    <div role="alert" data-error-state="failed" className="m-4 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
      <p className="font-medium">{t('state.error')}</p>
      <p className="mt-1 text-red-700">
        <ErrorWords error={error} />
      </p>
      {onRetry && isRetryable(error) ? (
        <button type="button" onClick={onRetry} className="mt-3 rounded-md bg-red-600 px-3 py-1.5 text-white hover:bg-red-700">
          {t('state.retry')}
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return <div className="p-8 text-center text-sm text-zinc-500">{children ?? t('state.empty')}</div>;
}
