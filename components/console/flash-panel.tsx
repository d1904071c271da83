'use client';

import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { formatCountdown, useServerNow } from '@/components/providers/server-clock';
import { useSocketEvent } from '@/components/providers/socket-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { useCoalesced } from '@/components/providers/use-coalesced';
import { TruncatedText } from '@/components/layout/truncated-text';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorBanner } from '@/components/ui/field-errors';
import { formatFen } from '@/components/ui/money';
import { Empty } from '@/components/ui/states';

/** The room's flash sales with the stock ledger of every flash SKU, live. */
export function FlashPanel({ liveId, editable }: { liveId: number; editable: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useServerNow(1000);
  const salesQuery = trpc.flashSale.forRoom.queryOptions({ liveId });
  const sales = useQuery(salesQuery);
  const refetch = () => queryClient.invalidateQueries({ queryKey: salesQuery.queryKey });
  const [drafts, setDrafts] = useState<Record<number, string>>({});

  // Every open desk follows every change — this operator's, another's, the buyers' — with the
  // whole ledger refetched at most twice a second however many pushes arrive.
  const refetchSoon = useCoalesced(() => void refetch());
  useSocketEvent('flash:changed', (p) => p.liveId === liveId && refetchSoon());
  useSocketEvent('order:updated', (p) => p.liveId === liveId && refetchSoon());
  useSocketEvent('stock:changed', (p) => {
    if (p.liveId !== liveId) return;
    // The remaining figure at once; flash stock, sold, paid … with the refetch.
    queryClient.setQueryData(salesQuery.queryKey, (old) =>
      old?.map((sale) => ({ ...sale, skus: sale.skus.map((s) => (s.flashSkuId === p.flashSkuId ? { ...s, remaining: p.remaining } : s)) })),
    );
    refetchSoon();
  });

  const start = useMutation(trpc.flashSale.start.mutationOptions({ onSuccess: () => void refetch() }));
  const stop = useMutation(trpc.flashSale.stop.mutationOptions({ onSuccess: () => void refetch() }));
  const adjust = useMutation(trpc.flashSale.adjustStock.mutationOptions({ onSuccess: () => void refetch() }));

  return (
    <section className="rounded-xl border border-zinc-200 bg-white p-4" data-testid="flash-panel">
      <h2 className="font-semibold">{t('flash.title')}</h2>
      <div className="mt-2"><ErrorBanner error={start.error ?? stop.error ?? adjust.error} /></div>
      {!sales.data || sales.data.length === 0 ? (
        <Empty>{t('flash.none')}</Empty>
      ) : (
        <ul className="mt-2 grid gap-3">
          {sales.data.map((sale) => {
            const open = sale.status === 'ACTIVE' || sale.status === 'SCHEDULED';
            const countdown = sale.status === 'SCHEDULED' ? t('flash.startsIn', { t: formatCountdown(new Date(sale.startsAt).getTime() - now) }) : sale.status === 'ACTIVE' ? t('flash.endsIn', { t: formatCountdown(new Date(sale.endsAt).getTime() - now) }) : null;
            return (
              <li key={sale.id} className="rounded-lg bg-zinc-50 p-3" data-testid="flash-sale">
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <TruncatedText text={sale.title} className="max-w-full min-w-0 font-medium" />
                  <span className={`rounded-full px-2 py-0.5 text-xs ${sale.status === 'ACTIVE' ? 'bg-brand text-white' : 'bg-zinc-200 text-zinc-700'}`}>{t(`flash.status.${sale.status}`)}</span>
                  {countdown ? <span className="tabular-nums text-zinc-500">{countdown}</span> : null}
                  {editable && sale.status === 'SCHEDULED' ? <button type="button" onClick={() => start.mutate({ flashSaleId: sale.id })} className="ml-auto rounded-md bg-brand px-2 py-1 text-xs text-white">{t('flash.start')}</button> : null}
                  {editable && open ? (
                    <ConfirmDialog title={t('flash.confirmStop')} description={<span translate="no">{sale.title}</span>} confirmLabel={t('flash.stop')} destructive onConfirm={() => stop.mutateAsync({ flashSaleId: sale.id })}>
                      <button type="button" className={`${sale.status === 'SCHEDULED' ? '' : 'ml-auto '}rounded-md border border-zinc-300 px-2 py-1 text-xs`}>{t('flash.stop')}</button>
                    </ConfirmDialog>
                  ) : null}
                </div>
                {/* One card per SKU: the panel is a narrow side column, too narrow for a nine-column table. */}
                <ul className="mt-2 grid gap-2">
                  {sale.skus.map((s) => {
                    const figures: [label: string, value: number, testId?: string][] = [
                      [t('flash.stock'), s.flashStock],
                      [t('flash.sold'), s.sold, 'flash-sold'],
                      [t('flash.remaining'), s.remaining, 'flash-remaining'],
                      [t('flash.paid'), s.paid],
                      [t('flash.held'), s.held],
                      [t('flash.released'), s.released],
                    ];
                    return (
                      <li key={s.flashSkuId} data-testid="flash-sku" className="rounded-md bg-white p-2 text-xs tabular-nums">
                        <div className="flex items-baseline justify-between gap-2">
                          <TruncatedText text={Object.values(s.specs).join(' / ') || s.skuCode} className="min-w-0 font-medium text-zinc-700" />
                          <span className="shrink-0 font-semibold text-brand">{formatFen(s.flashPrice)}</span>
                        </div>
                        <dl className="mt-1.5 grid grid-cols-3 gap-x-2 gap-y-1">
                          {figures.map(([label, value, testId]) => (
                            <div key={label} className="min-w-0">
                              <dt className="truncate text-zinc-500">{label}</dt>
                              <dd className="text-sm text-zinc-900" data-testid={testId}>{value}</dd>
                            </div>
                          ))}
                        </dl>
                        {editable && open ? (
                          <div className="mt-2 flex items-center gap-1.5">
                            <input aria-label={`${t('flash.adjust')} ${s.skuCode}`} inputMode="numeric" value={drafts[s.flashSkuId] ?? String(s.flashStock)} onChange={(e) => setDrafts((d) => ({ ...d, [s.flashSkuId]: e.target.value }))} className="w-20 rounded border border-zinc-300 px-2 py-1" />
                            <button type="button" onClick={() => adjust.mutate({ flashSkuId: s.flashSkuId, flashStock: /^\d+$/.test(drafts[s.flashSkuId] ?? '') ? Number(drafts[s.flashSkuId]) : s.flashStock })} className="whitespace-nowrap rounded border border-zinc-300 px-2 py-1">{t('flash.setStock')}</button>
                          </div>
                        ) : null}
                      </li>
                    );
                  })}
                </ul>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
