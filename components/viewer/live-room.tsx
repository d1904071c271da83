'use client';

import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { useSocketEvent, useSocketRoom } from '@/components/providers/socket-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { formatFen } from '@/components/ui/money';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { LanguageSwitch } from '@/components/ui/language-switch';

const LOW_STOCK = 10;

export function LiveRoom({ liveId }: { liveId: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const roomQuery = trpc.live.room.queryOptions({ liveId });
  const room = useQuery(roomQuery);
  const [cartOpen, setCartOpen] = useState(true);
  const refetch = () => queryClient.invalidateQueries({ queryKey: roomQuery.queryKey });

  useSocketRoom({ liveId, as: 'viewer' }, refetch);
  useSocketEvent('pin:changed', (payload) => {
    if (payload.liveId !== liveId) return;
    queryClient.setQueryData(roomQuery.queryKey, (old) =>
      old ? { ...old, pinned: payload.pinned, goods: old.goods.map((g) => ({ ...g, pinned: g.roomGoodsId === payload.pinned?.roomGoodsId })) } : old,
    );
  });
  useSocketEvent('goods:changed', (payload) => {
    if (payload.liveId === liveId) void refetch();
  });

  if (room.isPending) return <Loading />;
  if (room.isError) {
    return room.error.data?.code === 'NOT_FOUND' ? <Empty>{t('viewer.notFound')}</Empty> : <ErrorState error={room.error} onRetry={() => room.refetch()} />;
  }
  const { data } = room;

  return (
    <div className="flex min-h-dvh flex-col">
      <header className="relative h-[42dvh] min-h-64 w-full overflow-hidden bg-gradient-to-b from-zinc-800 to-zinc-950 text-white">
        <div className="absolute inset-x-0 top-0 flex items-center justify-between p-3">
          <div className="min-w-0">
            <p className="truncate text-sm font-medium" data-testid="room-title">{data.title}</p>
            <p className="text-xs text-white/70">{data.shop}</p>
          </div>
          <div className="flex items-center gap-2">
            <StatusBadge status={data.status} />
            <LanguageSwitch tone="dark" />
          </div>
        </div>
        {data.pinned ? (
          <div data-testid="pinned-card" className="absolute bottom-3 left-3 flex w-56 items-center gap-2 rounded-lg bg-white p-2 text-zinc-900 shadow-lg">
            {data.pinned.image ? <img src={data.pinned.image} alt="" className="size-12 rounded object-cover" /> : null}
            <div className="min-w-0">
              <p className="text-[10px] text-brand">{t('viewer.pinned')}</p>
              <p className="truncate text-sm font-medium" data-testid="pinned-title">{data.pinned.title}</p>
              <p className="text-sm font-semibold text-brand">{formatFen(data.pinned.minPrice)}</p>
            </div>
          </div>
        ) : null}
      </header>

      <section className="flex-1">
        <button
          type="button"
          onClick={() => setCartOpen((open) => !open)}
          className="flex w-full items-center gap-2 border-b border-zinc-100 px-4 py-3 text-left font-medium"
          aria-expanded={cartOpen}
        >
          <span className="grid size-7 place-items-center rounded-full bg-cart">
            <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
              <path d="M3 4h2l2.4 11h10.2L20 8H6.2" strokeLinecap="round" strokeLinejoin="round" />
              <circle cx="9" cy="19" r="1.5" fill="currentColor" />
              <circle cx="17" cy="19" r="1.5" fill="currentColor" />
            </svg>
          </span>
          {t('viewer.cart')} · {data.goods.length}
        </button>
        {data.status === 'ENDED' ? (
          <Empty>{t('viewer.ended')}</Empty>
        ) : !cartOpen ? null : data.goods.length === 0 ? (
          <Empty>{t('viewer.empty')}</Empty>
        ) : (
          <ul data-testid="cart-list">
            {data.goods.map((item, index) => (
              <li key={item.roomGoodsId} data-testid="cart-item" className="flex gap-3 border-b border-zinc-100 px-4 py-3">
                <div className="relative">
                  {item.image ? <img src={item.image} alt="" className="size-20 rounded-md object-cover" /> : <div className="size-20 rounded-md bg-zinc-100" />}
                  <span className="absolute left-0 top-0 rounded-br-md rounded-tl-md bg-black/60 px-1.5 text-xs text-white">{index + 1}</span>
                </div>
                <div className="flex min-w-0 flex-1 flex-col">
                  <p className="line-clamp-2 text-sm">{item.title}</p>
                  <p className="mt-1 text-xs text-zinc-500">
                    {item.totalStock === 0 ? t('viewer.soldOut') : item.totalStock <= LOW_STOCK ? t('viewer.lowStock', { n: item.totalStock }) : t('viewer.inStock')}
                  </p>
                  <div className="mt-auto flex items-end justify-between">
                    <span className="font-semibold text-brand">{formatFen(item.minPrice)}</span>
                    {item.pinned ? <span className="text-xs text-brand">{t('viewer.pinned')}</span> : null}
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
