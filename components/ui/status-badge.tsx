'use client';

import { useI18n } from '@/components/providers/i18n-provider';

const tone = {
  LIVE: 'bg-brand text-white',
  SCHEDULED: 'bg-amber-100 text-amber-800',
  ENDED: 'bg-zinc-200 text-zinc-600',
} as const;

export function StatusBadge({ status }: { status: keyof typeof tone }) {
  const { t } = useI18n();
  return <span className={`shrink-0 rounded-full px-2 py-0.5 text-xs ${tone[status]}`}>{t(`live.status.${status}`)}</span>;
}
