'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { htmlLang } from '@/components/i18n/config';
import { MissingState } from '@/components/layout/missing-state';
import { TruncatedText } from '@/components/layout/truncated-text';
import { useI18n } from '@/components/providers/i18n-provider';
import { useServerNow } from '@/components/providers/server-clock';
import { useSocketEvent, useSocketRoom } from '@/components/providers/socket-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { useCoalesced } from '@/components/providers/use-coalesced';
import { ErrorBanner } from '@/components/ui/field-errors';
import { formatFen } from '@/components/ui/money';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { BigNumber } from './big-number';
import { download, toCsv } from './csv';
import { FunnelChart } from './funnel-chart';
import { OrdersChart } from './orders-chart';
import { useLastMinute } from './use-last-minute';
import { AudiencePanel } from './audience-panel';

const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const duration = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

/** The ops board of one room: live over socket.io, throttled on the server (≤ 2 updates/s). */
export function RoomBoard({ liveId }: { liveId: number }) {
  const { t, has, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useServerNow(1000);
  const clock = (at: string | Date) => new Date(at).toLocaleTimeString(htmlLang(locale), { hour12: false });
  const source = (type: string | null) => {
    const key = `board.sourceType.${type}`;
    return type === null ? '—' : has(key) ? t(key) : type;
  };
  const board = useQuery(trpc.liveStats.board.queryOptions({ liveId }));
  // Room entries move with no stats event: the funnel is also asked for again now and then.
  const funnel = useQuery({ ...trpc.liveStats.funnel.queryOptions({ liveId }), refetchInterval: 10_000 });
  const pins = useQuery(trpc.liveStats.pins.queryOptions({ liveId }));
  const lastMinute = useLastMinute(liveId);
  const health = useQuery({ ...trpc.liveStats.syncHealth.queryOptions(), refetchInterval: 5000 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.liveStats.pathKey() });
  const retry = useMutation(trpc.liveStats.retry.mutationOptions({ onSuccess: () => void refresh() }));
  const reconcile = useMutation(trpc.liveStats.reconcile.mutationOptions({ onSuccess: () => void refresh() }));

  useSocketRoom({ liveId, as: 'host' }, refresh);
  useSocketEvent('stats:updated', (p) => p.liveId === liveId && void refresh());
  // Stock left per SKU follows every stock change (flash or regular), ≤ 2 refetches a second.
  const stockMoved = useCoalesced(() => void queryClient.invalidateQueries({ queryKey: trpc.liveStats.board.queryKey({ liveId }) }));
  useSocketEvent('stock:changed', (p) => p.liveId === liveId && stockMoved());
  useSocketEvent('goods:changed', (p) => p.liveId === liveId && stockMoved());
  useSocketEvent('goods:stock', (p) => p.liveId === liveId && stockMoved());
  useSocketEvent('flash:changed', (p) => p.liveId === liveId && stockMoved());

  if (board.isPending) return <Loading />;
  if (board.isError) {
    return board.error.data?.code === 'NOT_FOUND' ? <MissingState title={t('board.notFound')} back={{ href: '/ops', label: t('board.backToRooms') }} /> : <ErrorState error={board.error} onRetry={() => board.refetch()} />;
  }
  const b = board.data;

  const exportCsv = () =>
    download(
      `live-${liveId}-skus.csv`,
      toCsv([
        // The columns in the reader's language: the file is opened by people, in a spreadsheet.
        [t('board.csvColumns.liveId'), t('board.csvColumns.skuId'), t('board.csvColumns.skuCode'), t('board.csvColumns.title'), t('board.csvColumns.specs'), t('board.csvColumns.totalSales'), t('board.csvColumns.paidSales'), t('board.csvColumns.uv'), t('board.csvColumns.gmvYuan'), t('board.csvColumns.remainingStock')],
        ...b.skus.map((s) => [liveId, s.skuId, s.skuCode, s.title, Object.values(s.specs).join('/'), s.totalSales, s.paidSales, s.uv, (s.gmv / 100).toFixed(2), s.remainingStock]),
      ]),
    );

  return (
    // minmax(0, 1fr): charts and tables take the screen's width, never more.
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <div className="flex min-w-0 flex-wrap items-center gap-3">
        <TruncatedText as="h1" text={b.room.title} className="block max-w-full min-w-0 text-lg font-semibold" />
        <StatusBadge status={b.room.status} />
        <TruncatedText text={b.room.shop} className="block max-w-full min-w-0 text-sm text-zinc-500" />
      </div>

      <section className="grid grid-cols-2 gap-3 md:grid-cols-5">
        <BigNumber label={t('board.gmv')} value={formatFen(b.totals.gmv)} testId="board-gmv" />
        <BigNumber label={t('board.orders')} value={b.totals.orders} testId="board-orders" />
        <BigNumber label={t('board.paid')} value={b.totals.paidOrders} testId="board-paid" />
        <BigNumber label={t('board.buyers')} value={b.totals.buyers} testId="board-buyers" />
        <BigNumber label={t('board.lastMinute')} value={lastMinute.data?.lastMinute ?? b.lastMinute} testId="board-last-minute" />
      </section>

      <AudiencePanel liveId={liveId} />

      <section className="rounded-xl bg-white p-4 shadow-sm">
        <h2 className="mb-2 text-sm font-medium">{t('board.perSecond')}</h2>
        <OrdersChart series={b.series} now={now} />
      </section>

      <section className="rounded-xl bg-white p-4 shadow-sm">
        <div className="flex items-center justify-between">
          <h2 className="text-sm font-medium">{t('board.skus')}</h2>
          <button type="button" onClick={exportCsv} disabled={b.skus.length === 0} className="rounded-md border border-zinc-300 px-3 py-1 text-sm disabled:opacity-40">{t('board.csv')}</button>
        </div>
        {b.skus.length === 0 ? <Empty>{t('board.none')}</Empty> : (
          <div className="mt-2 overflow-x-auto">
          <table className="w-full min-w-[32rem] text-sm tabular-nums" data-testid="board-skus">
            <thead className="text-left text-xs text-zinc-500">
              <tr><th className="py-1">{t('goods.title')}</th><th>{t('board.sku')}</th><th className="text-right">{t('board.totalSales')}</th><th className="text-right">{t('board.uv')}</th><th className="text-right">{t('board.gmv')}</th><th className="text-right">{t('board.remaining')}</th></tr>
            </thead>
            <tbody>
              {b.skus.map((s) => (
                <tr key={s.skuId} className="border-t border-zinc-100" data-testid="board-sku-row">
                  <td className="max-w-[16rem] py-1"><TruncatedText text={s.title} className="block" /></td>
                  <td translate="no" className="whitespace-nowrap">{Object.values(s.specs).join('/') || s.skuCode}</td>
                  <td className="text-right" data-testid="sku-sales">{s.totalSales}</td>
                  <td className="text-right">{s.uv}</td>
                  <td className="text-right" data-testid="sku-gmv">{formatFen(s.gmv)}</td>
                  <td className="text-right">{s.remainingStock}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </section>

      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-2">
        <section className="rounded-xl bg-white p-4 shadow-sm">
          <h2 className="mb-2 text-sm font-medium">{t('board.funnel')}</h2>
          {funnel.data ? (
            <>
              <FunnelChart
                stages={[
                  { name: t('board.roomEntries'), value: funnel.data.total.roomEntries },
                  { name: t('board.cartOpens'), value: funnel.data.total.cartOpens },
                  { name: t('board.cardClicks'), value: funnel.data.total.cardClicks },
                  { name: t('board.detailViews'), value: funnel.data.total.detailViews },
                  { name: t('board.orders'), value: funnel.data.total.orders },
                  { name: t('board.paid'), value: funnel.data.total.paid },
                ]}
              />
              <div className="mt-2 overflow-x-auto">
              <table className="w-full min-w-[26rem] text-xs tabular-nums">
                <thead className="text-left text-zinc-500"><tr><th>{t('board.source')}</th><th>{t('board.trackingCode')}</th><th className="text-right">{t('board.cardClicks')}</th><th className="text-right">{t('board.detailViews')}</th><th className="text-right">{t('board.orders')}</th><th className="text-right">{t('board.paid')}</th></tr></thead>
                <tbody>
                  {funnel.data.bySource.slice(0, 10).map((r) => (
                    <tr key={`${r.sourceType}|${r.trackingCode}`} className="border-t border-zinc-100"><td className="whitespace-nowrap">{source(r.sourceType)}</td><td translate="no" className="font-mono">{r.trackingCode ?? '—'}</td><td className="text-right">{r.cardClicks}</td><td className="text-right">{r.detailViews}</td><td className="text-right">{r.orders}</td><td className="text-right">{r.paid}</td></tr>
                  ))}
                </tbody>
              </table>
              </div>
            </>
          ) : <Loading />}
        </section>

        <section className="rounded-xl bg-white p-4 shadow-sm">
          <h2 className="mb-2 text-sm font-medium">{t('board.pins')}</h2>
          {!pins.data || pins.data.length === 0 ? <Empty>{t('board.none')}</Empty> : (
            <ol className="grid gap-1 text-sm" data-testid="pin-timeline">
              {pins.data.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center gap-x-2 gap-y-0.5 border-b border-zinc-100 py-1 tabular-nums">
                  <span className="w-14 shrink-0 text-xs text-zinc-400">{clock(p.startedAt)}</span>
                  <TruncatedText text={p.title} className="min-w-[8rem] flex-1" />
                  <span className="text-xs whitespace-nowrap text-zinc-500">{t('board.duration')} {duration(p.durationSeconds)}</span>
                  <span className="text-xs whitespace-nowrap">{t('board.orders')} {p.orders}</span>
                  <span className="text-xs whitespace-nowrap">{formatFen(p.gmv)}</span>
                  <span className="text-xs whitespace-nowrap text-zinc-500">{t('board.conversion')} {percent(p.conversion)}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>

      {health.data ? (
        <section className="rounded-xl bg-white p-4 shadow-sm" data-testid="sync-health">
          <div className="flex flex-wrap items-center gap-4 text-sm">
            <h2 className="font-medium">{t('board.sync')}</h2>
            <span>{t('board.backlog')} <b className="tabular-nums">{health.data.backlog}</b></span>
            <span>{t('board.batchMode')} <b>{health.data.batchMode ? t('board.on') : t('board.off')}</b></span>
            <span>{t('board.dead')} <b className="tabular-nums">{health.data.dead}</b></span>
            <button type="button" onClick={() => reconcile.mutate({ liveId })} disabled={reconcile.isPending} className="ml-auto rounded-md border border-zinc-300 px-3 py-1">{t('board.reconcile')}</button>
          </div>
          {reconcile.data ? <p role="status" className="mt-2 text-xs text-zinc-600">{t('board.reconciled', { n: reconcile.data.length })}</p> : null}
          <ErrorBanner error={retry.error ?? reconcile.error} />
          {health.data.failures.length > 0 ? (
            <div className="mt-2 overflow-x-auto">
            <table className="w-full min-w-[28rem] text-xs">
              <thead className="text-left text-zinc-500"><tr><th>{t('orders.sn')}</th><th>{t('board.retryCount')}</th><th>{t('board.errorCode')}</th><th>{t('board.nextRetry')}</th><th /></tr></thead>
              <tbody>
                {health.data.failures.map((f) => (
                  <tr key={f.id} className="border-t border-zinc-100">
                    <td className="font-mono">{f.orderSn}</td>
                    <td className="tabular-nums">{f.retryCount}</td>
                    <td title={f.lastError}>{f.lastErrorCode}</td>
                    <td>{f.status === 'DEAD' ? t('board.dead') : f.nextRetryAt ? clock(f.nextRetryAt) : '—'}</td>
                    <td className="text-right"><button type="button" onClick={() => retry.mutate({ outboxIds: [f.outboxId] })} className="rounded border border-zinc-300 px-2">{t('board.retry')}</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
