'use client';

import type { ReactNode } from 'react';
import { useI18n } from '@/components/providers/i18n-provider';
import { useErrorText } from './field-errors';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-3 p-6 text-sm text-zinc-500">
      <span className="size-4 animate-spin rounded-full border-2 border-zinc-300 border-t-rose-500" />
      {label ?? t('state.loading')}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: { message: string; data?: { reason?: string | null; httpStatus?: number } | null } | null; onRetry?: () => void }) {
  const { t } = useI18n();
  const text = useErrorText()(error);
  return (
    <div role="alert" className="m-4 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
      <p className="font-medium">{t('state.error')}</p>
      {text ? <p className="mt-1 text-red-700">{text}</p> : null}
      {onRetry ? (
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
