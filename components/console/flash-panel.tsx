'use client';

import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { formatCountdown, useServerNow } from '@/components/providers/server-clock';
import { useSocketEvent } from '@/components/providers/socket-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
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

  useSocketEvent('flash:changed', (p) => p.liveId === liveId && void refetch());
  useSocketEvent('order:updated', (p) => p.liveId === liveId && void refetch());
  // Remaining stock between refetches comes from the (coalesced) stock pushes.
  useSocketEvent('stock:changed', (p) => {
    if (p.liveId !== liveId) return;
    queryClient.setQueryData(salesQuery.queryKey, (old) =>
      old?.map((sale) => ({ ...sale, skus: sale.skus.map((s) => (s.flashSkuId === p.flashSkuId ? { ...s, remaining: p.remaining } : s)) })),
    );
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
                  <span className="font-medium">{sale.title}</span>
                  <span className={`rounded-full px-2 py-0.5 text-xs ${sale.status === 'ACTIVE' ? 'bg-brand text-white' : 'bg-zinc-200 text-zinc-700'}`}>{t(`flash.status.${sale.status}`)}</span>
                  {countdown ? <span className="tabular-nums text-zinc-500">{countdown}</span> : null}
                  {editable && sale.status === 'SCHEDULED' ? <button type="button" onClick={() => start.mutate({ flashSaleId: sale.id })} className="ml-auto rounded-md bg-brand px-2 py-1 text-xs text-white">{t('flash.start')}</button> : null}
                  {editable && open ? <button type="button" onClick={() => window.confirm(t('flash.confirmStop')) && stop.mutate({ flashSaleId: sale.id })} className={`${sale.status === 'SCHEDULED' ? '' : 'ml-auto '}rounded-md border border-zinc-300 px-2 py-1 text-xs`}>{t('flash.stop')}</button> : null}
                </div>
                <table className="mt-2 w-full text-xs tabular-nums">
                  <thead className="text-left text-zinc-500">
                    <tr><th>SKU</th><th>{t('flash.price')}</th><th>{t('flash.stock')}</th><th>{t('flash.sold')}</th><th>{t('flash.paid')}</th><th>{t('flash.held')}</th><th>{t('flash.remaining')}</th><th>{t('flash.released')}</th><th /></tr>
                  </thead>
                  <tbody>
                    {sale.skus.map((s) => (
                      <tr key={s.flashSkuId} data-testid="flash-sku">
                        <td>{Object.values(s.specs).join('/') || s.skuCode}</td>
                        <td>{formatFen(s.flashPrice)}</td>
                        <td>{s.flashStock}</td>
                        <td data-testid="flash-sold">{s.sold}</td>
                        <td>{s.paid}</td>
                        <td>{s.held}</td>
                        <td data-testid="flash-remaining">{s.remaining}</td>
                        <td>{s.released}</td>
                        <td className="text-right">
                          {editable && open ? (
                            <span className="flex justify-end gap-1">
                              <input aria-label={`${t('flash.adjust')} ${s.skuCode}`} inputMode="numeric" value={drafts[s.flashSkuId] ?? String(s.flashStock)} onChange={(e) => setDrafts((d) => ({ ...d, [s.flashSkuId]: e.target.value }))} className="w-16 rounded border border-zinc-300 px-1" />
                              <button type="button" onClick={() => adjust.mutate({ flashSkuId: s.flashSkuId, flashStock: /^\d+$/.test(drafts[s.flashSkuId] ?? '') ? Number(drafts[s.flashSkuId]) : s.flashStock })} className="rounded border border-zinc-300 px-1">{t('desk.saveStock')}</button>
                            </span>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
