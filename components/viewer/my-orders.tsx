'use client';

import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { formatCountdown, useServerNow } from '@/components/providers/server-clock';
import { useTRPC } from '@/components/providers/trpc-provider';
import { TruncatedText } from '@/components/layout/truncated-text';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorBanner } from '@/components/ui/field-errors';
import { formatFen } from '@/components/ui/money';
import { Empty, ErrorState, Loading } from '@/components/ui/states';

export function MyOrders() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useServerNow(500);
  const orders = useQuery({ ...trpc.orders.mine.queryOptions(), refetchInterval: 15_000 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.orders.mine.queryKey() });
  const pay = useMutation(trpc.orders.pay.mutationOptions({ onSettled: () => void refresh() }));
  const cancel = useMutation(trpc.orders.cancel.mutationOptions({ onSettled: () => void refresh() }));

  if (orders.isPending) return <Loading />;
  if (orders.isError) return <ErrorState error={orders.error} onRetry={() => orders.refetch()} />;
  return (
    <div>
      <h1 className="border-b border-zinc-100 p-4 text-lg font-semibold">{t('orders.mine')}</h1>
      <div className="px-4 pt-3"><ErrorBanner error={pay.error ?? cancel.error} /></div>
      {orders.data.length === 0 ? (
        <Empty>{t('orders.empty')}</Empty>
      ) : (
        <ul data-testid="my-orders">
          {orders.data.map((order) => {
            const item = order.items[0]!;
            const left = Date.parse(order.payDeadline) - now;
            // The deadline passed: the server cancels it on time; show it as over meanwhile.
            const unpaid = order.status === 'PENDING_PAYMENT' && left > 0;
            return (
              <li key={order.orderSn} data-testid="my-order" className="border-b border-zinc-100 p-4">
                <div className="flex items-center justify-between gap-2 text-xs text-zinc-500">
                  <span className="min-w-0 truncate">
                    {t('orders.sn')} <span translate="no" className="tabular-nums">{order.orderSn}</span>
                  </span>
                  <span data-testid="order-status" className={`shrink-0 whitespace-nowrap ${order.status === 'PAID' ? 'text-green-700' : order.status === 'PENDING_PAYMENT' ? 'text-brand' : ''}`}>
                    {t(`orders.status.${order.status === 'PENDING_PAYMENT' && left <= 0 ? 'EXPIRED' : order.status}`)}
                  </span>
                </div>
                <p className="mt-2 flex min-w-0 items-baseline gap-1 text-sm">
                  <TruncatedText text={item.title} className="min-w-0" />
                  <span translate="no" className="shrink-0 text-zinc-500">{Object.values(item.specs).join(' / ')}</span>
                  <span className="shrink-0">×{item.quantity}</span>
                </p>
                <p className="mt-1 text-sm">{t('orders.total')} <span className="font-semibold whitespace-nowrap">{formatFen(order.totalAmount)}</span></p>
                {unpaid ? (
                  <div className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-2">
                    <span className="text-xs whitespace-nowrap tabular-nums text-brand" data-testid="pay-countdown">{t('orders.payIn', { t: formatCountdown(left) })}</span>
                    <span className="ml-auto flex gap-2">
                    <ConfirmDialog title={t('orders.confirmCancel')} confirmLabel={t('orders.cancel')} cancelLabel={t('orders.keep')} destructive onConfirm={() => cancel.mutateAsync({ orderSn: order.orderSn })}>
                      <button type="button" disabled={cancel.isPending} className="shrink-0 rounded-full border border-zinc-300 px-4 py-1.5 text-sm whitespace-nowrap">
                        {t('orders.cancel')}
                      </button>
                    </ConfirmDialog>
                    <ConfirmDialog title={t('orders.confirmPay', { amount: formatFen(order.totalAmount) })} confirmLabel={t('orders.pay')} onConfirm={() => pay.mutateAsync({ orderSn: order.orderSn })}>
                      <button type="button" disabled={pay.isPending} className="shrink-0 rounded-full bg-brand px-4 py-1.5 text-sm whitespace-nowrap text-white" data-testid="pay-button">
                        {t('orders.pay')}
                      </button>
                    </ConfirmDialog>
                    </span>
                  </div>
                ) : null}
                {order.liveId ? <Link href={`/live/${order.liveId}`} className="mt-2 inline-block text-xs text-zinc-500 underline">{t('detail.backToRoom')}</Link> : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
