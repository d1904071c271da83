'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { useSocketEvent, useSocketRoom } from '@/components/providers/socket-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { MissingState } from '@/components/layout/missing-state';
import { Sentence } from '@/components/layout/sentence';
import { TruncatedText } from '@/components/layout/truncated-text';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { formatFen } from '@/components/ui/money';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { stockState } from '@/server/modules/catalog/sku-summary';
import type { RoomItem } from '@/server/modules/live/room-view';
import { detailLink, newTrackingCode } from './deep-link';
import { withItemStock } from './room-stock';
import { FlashCountdown } from './flash-countdown';
import { LiveComments } from './live-comments';
import { StreamPlayer } from './stream-player';
import { useTrack } from './use-track';

function CartIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M3 4h2l2.4 11h10.2L20 8H6.2" strokeLinecap="round" strokeLinejoin="round" />
      <circle cx="9" cy="19" r="1.5" fill="currentColor" />
      <circle cx="17" cy="19" r="1.5" fill="currentColor" />
    </svg>
  );
}

function withFlashRemaining(item: RoomItem, flashSkuId: number, remaining: number): RoomItem {
  if (!item.flash) return item;
  const before = item.flash.skus.find((s) => s.flashSkuId === flashSkuId);
  if (!before) return item;
  const skus = item.flash.skus.map((s) => (s === before ? { ...s, remaining } : s));
  const flash = { ...item.flash, skus, remaining: skus.reduce((n, s) => n + s.remaining, 0) };
  // Only a running sale sells its flash stock; the item's other SKUs keep theirs (sold out is per SKU).
  if (flash.status !== 'ACTIVE') return { ...item, flash };
  const available = Math.max(0, item.available - Math.max(0, before.remaining) + Math.max(0, remaining));
  return { ...item, flash, available, stockState: stockState(available) };
}

export function LiveRoom({ liveId }: { liveId: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const track = useTrack();
  const roomQuery = trpc.live.room.queryOptions({ liveId });
  const room = useQuery(roomQuery);
  const [cartOpen, setCartOpen] = useState(false);
  const [ticker, setTicker] = useState<{ buyer: string; title: string; key: number } | null>(null);
  const refetch = () => queryClient.invalidateQueries({ queryKey: roomQuery.queryKey });

  useSocketRoom({ liveId, as: 'viewer' }, refetch);
  useSocketEvent('pin:changed', (payload) => {
    if (payload.liveId !== liveId) return;
    queryClient.setQueryData(roomQuery.queryKey, (old) =>
      old ? { ...old, pinned: payload.pinned, goods: old.goods.map((g) => ({ ...g, pinned: g.roomGoodsId === payload.pinned?.roomGoodsId })) } : old,
    );
  });
  // A newer snapshot exists: fetch it (never go back to an older one).
  useSocketEvent('goods:changed', (payload) => {
    const current = queryClient.getQueryData(roomQuery.queryKey);
    if (payload.liveId === liveId && (!current || payload.version > current.version)) void refetch();
  });
  useSocketEvent('room:status', (payload) => {
    if (payload.liveId === liveId) void refetch();
  });
  useSocketEvent('flash:changed', (payload) => {
    if (payload.liveId === liveId) void refetch();
  });
  // Flash stock as it drops (coalesced on the server): update in place, never back in time.
  const [stockSeq] = useState(() => new Map<number, number>());
  useSocketEvent('stock:changed', (p) => {
    if (p.liveId !== liveId || (stockSeq.get(p.flashSkuId) ?? 0) > p.seq) return;
    stockSeq.set(p.flashSkuId, p.seq);
    queryClient.setQueryData(roomQuery.queryKey, (old) =>
      old ? { ...old, goods: old.goods.map((g) => (g.flash?.flashSaleId === p.flashSaleId ? withFlashRemaining(g, p.flashSkuId, p.remaining) : g)) } : old,
    );
  });
  // Stock after orders (≤ 1/s per room): in place, not a reason to refetch the room.
  useSocketEvent('goods:stock', (p) => {
    if (p.liveId !== liveId) return;
    const byId = new Map(p.items.map((i) => [i.roomGoodsId, i]));
    queryClient.setQueryData(roomQuery.queryKey, (old) =>
      old ? { ...old, goods: old.goods.map((g) => (byId.has(g.roomGoodsId) ? withItemStock(g, byId.get(g.roomGoodsId)!, (id) => (stockSeq.get(id) ?? 0) > p.seq) : g)) } : old,
    );
  });
  useSocketEvent('order:ticker', (p) => {
    if (p.liveId === liveId) setTicker({ buyer: p.buyer, title: p.title, key: Date.now() });
  });
  useEffect(() => {
    if (!ticker) return;
    const timer = setTimeout(() => setTicker(null), 4000);
    return () => clearTimeout(timer);
  }, [ticker]);

  if (room.isPending) return <Loading />;
  if (room.isError) {
    return room.error.data?.code === 'NOT_FOUND' ? <MissingState title={t('viewer.notFound')} back={{ href: '/', label: t('notFound.home') }} /> : <ErrorState error={room.error} onRetry={() => room.refetch()} />;
  }
  const { data } = room;

  const open = (spuId: number) => {
    const code = newTrackingCode();
    track({ type: 'CARD_CLICK', liveId, spuId, trackingCode: code, sourceType: 'live' });
    router.push(detailLink(spuId, liveId, code));
  };
  // A price among several: the lowest, said to be the lowest (¥59.00起 / from ¥59.00).
  const fromPrice = (item: RoomItem) => {
    const flash = item.flash?.status === 'ACTIVE' ? item.flash : null;
    const ranged = flash ? item.skuCount > 1 && (flash.skus.length < item.skuCount || item.minPrice < item.maxPrice) : item.minPrice < item.maxPrice;
    const price = formatFen(flash ? flash.minPrice : item.minPrice);
    return ranged ? t('viewer.fromPrice', { price }) : price;
  };
  const pinnedItem = data.pinned ? data.goods.find((g) => g.roomGoodsId === data.pinned!.roomGoodsId) : undefined;
  const toggleCart = () => {
    if (!cartOpen) track({ type: 'CART_OPEN', liveId, sourceType: 'live' });
    setCartOpen(!cartOpen);
  };

  return (
    <div className="relative isolate flex min-h-dvh flex-col bg-gradient-to-b from-zinc-800 to-zinc-950 text-white">
      <StreamPlayer title={data.title} status={data.status} stream={data.stream} />
      <header className="flex items-center justify-between gap-2 p-3">
        <div className="min-w-0">
          <TruncatedText as="p" text={data.title} className="block text-sm font-medium" testId="room-title" />
          <TruncatedText as="p" text={data.shop} className="block text-xs text-white/70" />
        </div>
        <div className="flex shrink-0 items-center gap-2">
          <StatusBadge status={data.status} />
          <Link href="/orders" className="text-xs whitespace-nowrap text-white/80 underline">{t('orders.mine')}</Link>
          <LanguageSwitch tone="dark" />
        </div>
      </header>

      <LiveComments liveId={liveId} goods={data.goods} ended={data.status === 'ENDED'} open={open} />

      {ticker ? (
        <p key={ticker.key} role="status" data-testid="buy-ticker" className="mx-3 mb-2 self-start rounded-full bg-black/50 px-3 py-1 text-xs text-white">
          <Sentence words={(v) => t('orders.justBought', v)} values={{ buyer: ticker.buyer, title: ticker.title }} />
        </p>
      ) : null}

      {data.status === 'ENDED' ? <p className="p-4 text-center text-sm text-white/80">{t('viewer.ended')}</p> : null}

      <div className="flex items-end justify-between gap-3 p-3">
        {data.pinned ? (
          <button type="button" onClick={() => open(data.pinned!.spuId)} data-testid="pinned-card" className="flex w-60 items-center gap-2 rounded-lg bg-white p-2 text-left text-zinc-900 shadow-lg">
            {data.pinned.image ? <img src={data.pinned.image} alt="" className="size-12 rounded object-cover" /> : null}
            <span className="min-w-0">
              <span className="block text-[10px] text-brand">{t('viewer.pinned')}</span>
              <span translate="no" title={data.pinned.title} className="block truncate text-sm font-medium" data-testid="pinned-title">{data.pinned.title}</span>
              <span className="block text-sm font-semibold text-brand">{pinnedItem ? fromPrice(pinnedItem) : formatFen(data.pinned.minPrice)}</span>
            </span>
          </button>
        ) : <span />}
        <button type="button" onClick={toggleCart} aria-expanded={cartOpen} data-testid="cart-button" className="relative grid size-12 shrink-0 place-items-center rounded-full bg-cart text-zinc-900 shadow-lg">
          <CartIcon />
          <span className="sr-only">{t('viewer.cart')}</span>
          <span className="absolute -right-1 -top-1 min-w-5 rounded-full bg-brand px-1 text-center text-xs text-white">{data.goods.length}</span>
        </button>
      </div>

      {cartOpen ? (
        <section aria-label={t('viewer.cart')} data-testid="cart-drawer" className="absolute inset-x-0 bottom-0 max-h-[70dvh] overflow-auto rounded-t-2xl bg-white text-zinc-900 shadow-2xl">
          <div className="sticky top-0 flex items-center justify-between border-b border-zinc-100 bg-white px-4 py-3">
            <span className="font-medium">{t('viewer.cart')} · {data.goods.length}</span>
            <button type="button" onClick={() => setCartOpen(false)} className="text-sm text-zinc-500">{t('viewer.closeCart')}</button>
          </div>
          {data.goods.length === 0 ? (
            <Empty>{data.status === 'ENDED' ? t('viewer.ended') : t('viewer.empty')}</Empty>
          ) : (
            <ul data-testid="cart-list">
              {data.goods.map((item, index) => (
                <li key={item.roomGoodsId} data-testid="cart-item" className="border-b border-zinc-100">
                  <button type="button" onClick={() => open(item.spuId)} className="flex w-full gap-3 px-4 py-3 text-left">
                    <span className="relative shrink-0">
                      {item.image ? <img src={item.image} alt="" className="size-20 rounded-md object-cover" /> : <span className="block size-20 rounded-md bg-zinc-100" />}
                      <span className="absolute left-0 top-0 rounded-br-md rounded-tl-md bg-black/60 px-1.5 text-xs text-white">{index + 1}</span>
                    </span>
                    <span className="flex min-w-0 flex-1 flex-col">
                      <span translate="no" title={item.title} className="line-clamp-2 text-sm break-words" data-testid="cart-item-title">{item.title}</span>
                      <span className="mt-1 flex flex-wrap gap-1 text-[10px]">
                        {item.flash ? <FlashCountdown flash={item.flash} className="rounded bg-brand px-1 text-white" testId="flash-badge" /> : null}
                        {item.isWelfare ? <span className="rounded bg-amber-100 px-1 text-amber-800">{t('viewer.welfare')}</span> : null}
                        {item.keyword ? <span className="rounded bg-sky-100 px-1 text-sky-800" data-testid="cart-item-keyword">{t('viewer.keyword', { k: item.keyword })}</span> : null}
                        {item.pinned ? <span className="rounded bg-brand/10 px-1 text-brand">{t('viewer.pinned')}</span> : null}
                      </span>
                      <span className="mt-1 flex flex-wrap gap-x-2 text-xs text-zinc-500">
                        <span data-testid="cart-item-stock">
                          {item.stockState === 'sold_out' ? t('viewer.soldOut') : item.stockState === 'low' ? t('viewer.lowStock', { n: item.available }) : t('viewer.inStock')}
                        </span>
                        {item.flash?.status === 'ACTIVE' ? (
                          <span className="text-brand" data-testid="cart-item-flash-stock">
                            {item.flash.remaining > 0 ? t('viewer.flashLeft', { n: item.flash.remaining }) : t('viewer.flashSoldOut')}
                          </span>
                        ) : null}
                      </span>
                      <span className="mt-auto flex items-baseline gap-2">
                        <span className="font-semibold whitespace-nowrap text-brand" data-testid="cart-item-price">{fromPrice(item)}</span>
                        {item.flash?.status === 'ACTIVE' ? <span className="text-xs text-zinc-400 line-through">{formatFen(item.minPrice)}</span> : null}
                      </span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}
