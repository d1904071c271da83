'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { htmlLang } from '@/components/i18n/config';
import { useI18n } from '@/components/providers/i18n-provider';
import { useSocketEvent } from '@/components/providers/socket-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { formatFen } from '@/components/ui/money';
import { Empty } from '@/components/ui/states';

/** Every order of the room as it happens (the desk sees buyers by name). */
export function OrderTicker({ liveId }: { liveId: number }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ordersQuery = trpc.orders.forRoom.queryOptions({ liveId, limit: 50 });
  const orders = useQuery(ordersQuery);

  useSocketEvent('order:updated', (p) => {
    if (p.liveId !== liveId) return;
    queryClient.setQueryData(ordersQuery.queryKey, (old) => {
      const list = old ?? [];
      const row = { orderSn: p.orderSn, status: p.status, buyer: p.buyer, amount: p.amount, quantity: p.quantity, title: p.title, at: p.at };
      const existing = list.findIndex((o) => o.orderSn === p.orderSn);
      if (existing >= 0) return list.map((o, i) => (i === existing ? { ...o, status: p.status } : o));
      return [row, ...list].slice(0, 50);
    });
  });

  return (
    <section className="rounded-xl border border-zinc-200 bg-white p-4">
      <h2 className="font-semibold">{t('orders.ticker')}</h2>
      {!orders.data || orders.data.length === 0 ? (
        <Empty>{t('orders.none')}</Empty>
      ) : (
        // One column no wider than the panel: a long line truncates instead of pushing the status out.
        <ol className="mt-2 grid max-h-96 grid-cols-[minmax(0,1fr)] gap-1 overflow-y-auto text-sm" data-testid="order-ticker">
          {orders.data.map((o) => (
            <li key={o.orderSn} data-testid="ticker-order" className="flex items-center gap-2 border-b border-zinc-100 py-1">
              <span className="w-14 shrink-0 tabular-nums text-xs text-zinc-400">{new Date(o.at).toLocaleTimeString(htmlLang(locale), { hour12: false })}</span>
              <span translate="no" title={`${o.buyer} · ${o.title} ×${o.quantity}`} className="min-w-0 flex-1 truncate">{o.buyer} · {o.title} ×{o.quantity}</span>
              <span className="shrink-0 whitespace-nowrap tabular-nums">{formatFen(o.amount)}</span>
              <span className={`shrink-0 whitespace-nowrap rounded px-1 text-xs ${o.status === 'PAID' ? 'bg-green-100 text-green-800' : o.status === 'PENDING_PAYMENT' ? 'bg-amber-100 text-amber-800' : 'bg-zinc-100 text-zinc-500'}`}>{t(`orders.status.${o.status}`)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
