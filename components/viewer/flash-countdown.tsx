'use client';

import { useI18n } from '@/components/providers/i18n-provider';
import { formatCountdown, useServerNow } from '@/components/providers/server-clock';

/** "秒杀 距开始 mm:ss" / "秒杀 距结束 mm:ss", on the server's clock. */
export function FlashCountdown({ flash, className, testId }: { flash: { status: 'SCHEDULED' | 'ACTIVE'; startsAt: string; endsAt: string }; className: string; testId: string }) {
  const { t } = useI18n();
  const now = useServerNow(500);
  return (
    <span className={`tabular-nums ${className}`} data-testid={testId}>
      {t('viewer.flash')}{' '}
      {flash.status === 'SCHEDULED'
        ? t('flash.startsIn', { t: formatCountdown(Date.parse(flash.startsAt) - now) })
        : t('flash.endsIn', { t: formatCountdown(Date.parse(flash.endsAt) - now) })}
    </span>
  );
}
