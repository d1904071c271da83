'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useServerNow(1000);
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
  if (board.isError) return <ErrorState error={board.error} onRetry={() => board.refetch()} />;
  const b = board.data;

  const exportCsv = () =>
    download(
      `live-${liveId}-skus.csv`,
      toCsv([
        ['live_id', 'sku_id', 'sku_code', 'title', 'specs', 'total_sales', 'paid_sales', 'uv', 'gmv_yuan', 'remaining_stock'],
        ...b.skus.map((s) => [liveId, s.skuId, s.skuCode, s.title, Object.values(s.specs).join('/'), s.totalSales, s.paidSales, s.uv, (s.gmv / 100).toFixed(2), s.remainingStock]),
      ]),
    );

  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">{b.room.title}</h1>
        <StatusBadge status={b.room.status} />
        <span className="text-sm text-zinc-500">{b.room.shop}</span>
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
          <table className="mt-2 w-full text-sm tabular-nums" data-testid="board-skus">
            <thead className="text-left text-xs text-zinc-500">
              <tr><th className="py-1">{t('goods.title')}</th><th>{t('board.sku')}</th><th className="text-right">{t('board.totalSales')}</th><th className="text-right">{t('board.uv')}</th><th className="text-right">{t('board.gmv')}</th><th className="text-right">{t('board.remaining')}</th></tr>
            </thead>
            <tbody>
              {b.skus.map((s) => (
                <tr key={s.skuId} className="border-t border-zinc-100" data-testid="board-sku-row">
                  <td className="py-1">{s.title}</td>
                  <td>{Object.values(s.specs).join('/') || s.skuCode}</td>
                  <td className="text-right" data-testid="sku-sales">{s.totalSales}</td>
                  <td className="text-right">{s.uv}</td>
                  <td className="text-right" data-testid="sku-gmv">{formatFen(s.gmv)}</td>
                  <td className="text-right">{s.remainingStock}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
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
              <table className="mt-2 w-full text-xs tabular-nums">
                <thead className="text-left text-zinc-500"><tr><th>{t('board.source')}</th><th>{t('board.trackingCode')}</th><th className="text-right">{t('board.cardClicks')}</th><th className="text-right">{t('board.detailViews')}</th><th className="text-right">{t('board.orders')}</th><th className="text-right">{t('board.paid')}</th></tr></thead>
                <tbody>
                  {funnel.data.bySource.slice(0, 10).map((r) => (
                    <tr key={`${r.sourceType}|${r.trackingCode}`} className="border-t border-zinc-100"><td>{r.sourceType ?? '—'}</td><td className="font-mono">{r.trackingCode ?? '—'}</td><td className="text-right">{r.cardClicks}</td><td className="text-right">{r.detailViews}</td><td className="text-right">{r.orders}</td><td className="text-right">{r.paid}</td></tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : <Loading />}
        </section>

        <section className="rounded-xl bg-white p-4 shadow-sm">
          <h2 className="mb-2 text-sm font-medium">{t('board.pins')}</h2>
          {!pins.data || pins.data.length === 0 ? <Empty>{t('board.none')}</Empty> : (
            <ol className="grid gap-1 text-sm" data-testid="pin-timeline">
              {pins.data.map((p) => (
                <li key={p.id} className="flex items-center gap-2 border-b border-zinc-100 py-1 tabular-nums">
                  <span className="w-14 text-xs text-zinc-400">{new Date(p.startedAt).toLocaleTimeString('zh-CN', { hour12: false })}</span>
                  <span className="min-w-0 flex-1 truncate">{p.title}</span>
                  <span className="text-xs text-zinc-500">{t('board.duration')} {duration(p.durationSeconds)}</span>
                  <span className="text-xs">{t('board.orders')} {p.orders}</span>
                  <span className="text-xs">{formatFen(p.gmv)}</span>
                  <span className="text-xs text-zinc-500">{t('board.conversion')} {percent(p.conversion)}</span>
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
            <table className="mt-2 w-full text-xs">
              <thead className="text-left text-zinc-500"><tr><th>order_sn</th><th>{t('board.retryCount')}</th><th>{t('board.errorCode')}</th><th>{t('board.nextRetry')}</th><th /></tr></thead>
              <tbody>
                {health.data.failures.map((f) => (
                  <tr key={f.id} className="border-t border-zinc-100">
                    <td className="font-mono">{f.orderSn}</td>
                    <td className="tabular-nums">{f.retryCount}</td>
                    <td title={f.lastError}>{f.lastErrorCode}</td>
                    <td>{f.status === 'DEAD' ? t('board.dead') : f.nextRetryAt ? new Date(f.nextRetryAt).toLocaleTimeString('zh-CN', { hour12: false }) : '—'}</td>
                    <td className="text-right"><button type="button" onClick={() => retry.mutate({ outboxIds: [f.outboxId] })} className="rounded border border-zinc-300 px-2">{t('board.retry')}</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
