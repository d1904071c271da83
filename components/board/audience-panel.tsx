'use client';

// The board's audience: online now, entries, unique viewers, peak, watch time, GPM and viewer →
// buyer conversion, and the curve over the session with the 讲解 segments on it.
import { useI18n } from '@/components/providers/i18n-provider';
import { formatFen } from '@/components/ui/money';
import { Empty, Loading } from '@/components/ui/states';
import { AudienceChart } from './audience-chart';
import { BigNumber } from './big-number';
import { percent, useAudience, useAudienceCurve, useWatchTime } from './use-audience';

export function AudiencePanel({ liveId }: { liveId: number }) {
  const { t } = useI18n();
  const figures = useAudience(liveId);
  const curve = useAudienceCurve(liveId);
  const watch = useWatchTime();
  const f = figures.data;
  return (
    <>
      <section className="grid grid-cols-2 gap-3 md:grid-cols-7" data-testid="audience-figures">
        <BigNumber label={t('audience.online')} value={f?.online ?? '—'} testId="audience-online" />
        <BigNumber label={t('audience.entries')} value={f?.entries ?? '—'} testId="audience-entries" />
        <BigNumber label={t('audience.uv')} value={f?.uv ?? '—'} testId="audience-uv" />
        <BigNumber label={t('audience.peak')} value={f?.peak ?? '—'} testId="audience-peak" />
        <BigNumber label={t('audience.avgWatch')} value={f ? watch(f.avgWatchSeconds) : '—'} testId="audience-watch" />
        <div title={t('audience.gpmHint')}>
          <BigNumber label={t('audience.gpm')} value={f ? formatFen(f.gpm) : '—'} testId="audience-gpm" />
        </div>
        <div title={t('audience.conversionHint')}>
          <BigNumber label={t('audience.conversion')} value={f ? percent(f.conversion) : '—'} testId="audience-conversion" />
        </div>
      </section>
      <section className="rounded-xl bg-white p-4 shadow-sm">
        <div className="mb-2 flex flex-wrap items-baseline gap-2">
          <h2 className="text-sm font-medium">{t('audience.curve')}</h2>
          <span className="text-xs text-zinc-500">{t('audience.curveHint')}</span>
        </div>
        {curve.isPending ? <Loading /> : curve.data && (curve.data.points.length > 0 || curve.data.startedAt) ? <AudienceChart curve={curve.data} /> : <Empty>{t('audience.noCurve')}</Empty>}
      </section>
    </>
  );
}
