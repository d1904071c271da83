'use client';

// The desk's compact audience: online now and the session's figures, and the funnel from room
// entry to paid in one line.
import { useQuery } from '@tanstack/react-query';
import { percent, useAudience, useWatchTime } from '@/components/board/use-audience';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { formatFen } from '@/components/ui/money';

const FUNNEL_POLL_MS = 10_000;

export function DeskAudience({ liveId }: { liveId: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const figures = useAudience(liveId);
  const funnel = useQuery({ ...trpc.liveStats.funnel.queryOptions({ liveId }), refetchInterval: FUNNEL_POLL_MS });
  const watch = useWatchTime();
  const f = figures.data;
  const total = funnel.data?.total;
  const cells: [string, string | number, string][] = [
    [t('audience.online'), f?.online ?? '—', 'desk-online'],
    [t('audience.uv'), f?.uv ?? '—', 'desk-uv'],
    [t('audience.peak'), f?.peak ?? '—', 'desk-peak'],
    [t('audience.avgWatch'), f ? watch(f.avgWatchSeconds) : '—', 'desk-watch'],
    [t('audience.entries'), f?.entries ?? '—', 'desk-entries'],
    [t('audience.gpm'), f ? formatFen(f.gpm) : '—', 'desk-gpm'],
    [t('audience.conversion'), f ? percent(f.conversion) : '—', 'desk-conversion'],
  ];
  return (
    <section className="rounded-xl border border-zinc-200 bg-white p-4" data-testid="desk-audience">
      <h2 className="text-sm font-medium">{t('audience.title')}</h2>
      <dl className="mt-2 grid grid-cols-4 gap-2 text-center">
        {cells.map(([label, value, testId]) => (
          <div key={testId} className={testId === 'desk-online' ? 'rounded-md bg-brand/5' : ''}>
            <dt className="text-[10px] text-zinc-500">{label}</dt>
            <dd className="font-semibold tabular-nums" data-testid={testId}>{value}</dd>
          </div>
        ))}
      </dl>
      {total ? (
        <p className="mt-3 flex flex-wrap items-center gap-1 text-xs text-zinc-600 tabular-nums" data-testid="desk-funnel">
          {(
            [
              [t('board.roomEntries'), total.roomEntries],
              [t('board.cartOpens'), total.cartOpens],
              [t('board.cardClicks'), total.cardClicks],
              [t('board.detailViews'), total.detailViews],
              [t('board.orders'), total.orders],
              [t('board.paid'), total.paid],
            ] as const
          ).map(([label, value], i) => (
            <span key={label} className="whitespace-nowrap">
              {i > 0 ? <span className="mx-0.5 text-zinc-400">→</span> : null}
              {label} <b className="text-zinc-900">{value}</b>
            </span>
          ))}
        </p>
      ) : null}
    </section>
  );
}
