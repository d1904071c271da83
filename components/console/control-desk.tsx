'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { useSocketEvent, useSocketRoom } from '@/components/providers/socket-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { formatFenRange } from '@/components/ui/money';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';

export function ControlDesk({ liveId }: { liveId: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const deskQuery = trpc.live.desk.queryOptions({ liveId });
  const desk = useQuery(deskQuery);
  const refetch = () => queryClient.invalidateQueries({ queryKey: deskQuery.queryKey });

  useSocketRoom({ liveId, as: 'host' }, refetch);
  // Another operator of the shop changed the pin: show it here too.
  useSocketEvent('pin:changed', (payload) => {
    if (payload.liveId === liveId) void refetch();
  });

  const pin = useMutation(
    trpc.live.pin.mutationOptions({
      onSuccess: (data) => queryClient.setQueryData(deskQuery.queryKey, data),
    }),
  );

  if (desk.isPending) return <Loading />;
  if (desk.isError) return <ErrorState error={desk.error} onRetry={() => desk.refetch()} />;

  return (
    <div>
      <div className="flex items-center gap-3">
        <h1 className="text-lg font-semibold">
          {t('desk.title')} · {desk.data.title}
        </h1>
        <StatusBadge status={desk.data.status} />
      </div>
      {pin.error ? (
        <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {pin.error.message}
        </p>
      ) : null}
      {desk.data.goods.length === 0 ? (
        <Empty>{t('desk.empty')}</Empty>
      ) : (
        <ol className="mt-4 grid gap-2" data-testid="desk-goods">
          {desk.data.goods.map((item, index) => (
            <li key={item.roomGoodsId} data-testid="desk-item" className={`flex items-center gap-4 rounded-xl border bg-white p-3 ${item.pinned ? 'border-brand' : 'border-zinc-200'}`}>
              <span className="w-6 text-center text-sm tabular-nums text-zinc-400">{index + 1}</span>
              {item.image ? <img src={item.image} alt="" className="size-14 rounded-md object-cover" /> : null}
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium">{item.title}</p>
                <p className="text-sm text-zinc-500">
                  {formatFenRange(item.minPrice, item.maxPrice)} · {t('goods.stock')} {item.totalStock}
                  {item.onShelf ? '' : ` · ${t('desk.offShelf')}`}
                </p>
              </div>
              {item.pinned ? <span className="rounded-full bg-brand/10 px-2 py-0.5 text-xs text-brand">{t('desk.pinned')}</span> : null}
              <button
                type="button"
                disabled={pin.isPending || !item.onShelf}
                onClick={() => pin.mutate({ liveId, roomGoodsId: item.pinned ? null : item.roomGoodsId })}
                className={`rounded-md px-3 py-1.5 text-sm disabled:opacity-50 ${item.pinned ? 'border border-zinc-300' : 'bg-brand text-white'}`}
              >
                {item.pinned ? t('desk.unpin') : t('desk.pin')}
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
