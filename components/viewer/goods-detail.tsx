'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { MissingState } from '@/components/layout/missing-state';
import { useI18n } from '@/components/providers/i18n-provider';
import { useSocketEvent, useSocketRoom } from '@/components/providers/socket-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { formatFen } from '@/components/ui/money';
import { ErrorState, Loading } from '@/components/ui/states';
import { stockState } from '@/server/modules/catalog/sku-summary';
import { FlashCountdown } from './flash-countdown';
import { useTrack } from './use-track';

interface Props {
  spuId: number;
  liveId?: number;
  trackingCode?: string;
  sourceType?: 'live' | 'share' | 'search';
  /** A signed-in viewer: the page can show how much of a limited SKU they may still buy. */
  isViewer?: boolean;
}

export function GoodsDetail({ spuId, liveId, trackingCode, sourceType, isViewer = false }: Props) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const track = useTrack();
  const queryClient = useQueryClient();
  const detailQuery = trpc.catalog.detail.queryOptions({ spuId, liveId });
  const detail = useQuery(detailQuery);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [image, setImage] = useState(0);
  const tracked = useRef<string | null>(null);
  const roomId = detail.data?.live.id;
  const refetch = () => {
    void queryClient.invalidateQueries({ queryKey: detailQuery.queryKey });
    if (isViewer) void queryClient.invalidateQueries({ queryKey: trpc.orders.quote.pathKey() });
  };

  // The room's pushes reach this page too: a sale starting or ending changes prices, a stock
  // change (the host's, or an order) changes what can be bought.
  useSocketRoom(roomId === undefined ? null : { liveId: roomId, as: 'viewer' }, refetch);
  useSocketEvent('flash:changed', (p) => p.liveId === roomId && refetch());
  useSocketEvent('goods:changed', (p) => p.liveId === roomId && refetch());
  // Regular stock after orders (≤ 1/s); a flash sale's figures come with stock:changed below.
  useSocketEvent('goods:stock', (p) => p.liveId === roomId && p.items.some((i) => i.spuId === spuId && !i.flash) && refetch());
  useSocketEvent('stock:changed', (p) => {
    if (p.liveId !== roomId) return;
    queryClient.setQueryData(detailQuery.queryKey, (old) => {
      if (!old) return old;
      const skus = old.skus.map((s) => (s.flashSkuId === p.flashSkuId ? { ...s, stock: Math.max(0, p.remaining), stockState: stockState(p.remaining) } : s));
      return { ...old, skus, stockState: stockState(skus.reduce((n, s) => n + s.stock, 0)) };
    });
  });

  useEffect(() => {
    // One detail view per page visit (the effect may run twice in development).
    const key = `${spuId}:${trackingCode ?? ''}`;
    if (roomId === undefined || tracked.current === key) return;
    tracked.current = key;
    track({ type: 'DETAIL_VIEW', liveId: roomId, spuId, trackingCode, sourceType });
  }, [roomId, spuId, trackingCode, sourceType, track]);

  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    return detail.error.data?.code === 'NOT_FOUND' ? (
      <MissingState title={t('detail.notOnSale')} back={liveId ? { href: `/live/${liveId}`, label: t('detail.backToRoom') } : { href: '/', label: t('notFound.home') }} />
    ) : (
      <ErrorState error={detail.error} onRetry={() => detail.refetch()} />
    );
  }
  const goods = detail.data;
  // Preselect the only value of a dimension, and otherwise wait for the viewer's choice.
  const selection: Record<string, string> = { ...Object.fromEntries(goods.specDefs.filter((d) => d.values.length === 1).map((d) => [d.name, d.values[0]!])), ...chosen };
  const sku = goods.skus.find((s) => goods.specDefs.every((d) => s.specs[d.name] === selection[d.name])) ?? (goods.specDefs.length === 0 ? goods.skus[0] : undefined);
  // A value can be chosen while some SKU with it — and with the other values chosen so far — is
  // in stock: a sold-out SKU shows as such, the others stay buyable.
  const available = (name: string, value: string) =>
    goods.skus.some((s) => s.specs[name] === value && s.stock > 0 && goods.specDefs.every((d) => d.name === name || selection[d.name] === undefined || s.specs[d.name] === selection[d.name]));
  const soldOut = goods.stockState === 'sold_out';
  const price = sku ? (sku.flashPrice ?? sku.price) : Math.min(...goods.skus.map((s) => s.flashPrice ?? s.price));

  const checkout = sku
    ? `/checkout?${new URLSearchParams({
        sku_id: String(sku.id),
        quantity: '1',
        live_id: String(goods.live.id),
        ...(sourceType ? { source_type: sourceType } : {}),
        ...(trackingCode ? { tracking_code: trackingCode } : {}),
      }).toString()}`
    : null;

  return (
    <div className="pb-24" data-testid="goods-detail">
      <div className="relative aspect-square w-full bg-zinc-100">
        <img src={goods.images[image] ?? goods.images[0]} alt={goods.title} translate="no" className="size-full object-cover" />
        {goods.images.length > 1 ? (
          <div className="absolute inset-x-0 bottom-2 flex justify-center gap-1.5">
            {goods.images.map((src, i) => (
              <button key={src} type="button" onClick={() => setImage(i)} aria-label={`${i + 1}`} className={`size-2 rounded-full ${i === image ? 'bg-white' : 'bg-white/50'}`} />
            ))}
          </div>
        ) : null}
      </div>

      <section className="p-4">
        {goods.flash ? (
          <p className="mb-2">
            <FlashCountdown flash={goods.flash} className="inline-block rounded bg-brand px-2 py-0.5 text-xs text-white" testId="detail-countdown" />
          </p>
        ) : null}
        <p className="flex items-baseline gap-2">
          <span className="text-2xl font-bold text-brand" data-testid="detail-price">{formatFen(price)}</span>
          {sku?.flashPrice ? <span className="text-sm text-zinc-400 line-through">{formatFen(sku.price)}</span> : null}
        </p>
        <h1 translate="no" className="mt-2 text-lg font-semibold break-words" data-testid="detail-title">{goods.title}</h1>
        {goods.subtitle ? <p translate="no" className="mt-1 text-sm break-words text-zinc-500">{goods.subtitle}</p> : null}
        <p translate="no" className="mt-1 text-xs text-zinc-400">{goods.shop}</p>
      </section>

      <section className="border-t border-zinc-100 p-4" aria-label={t('detail.select')}>
        {goods.specDefs.map((dim) => (
          <div key={dim.name} className="mb-3">
            <p translate="no" className="mb-2 text-sm text-zinc-600">{dim.name}</p>
            <div className="flex flex-wrap gap-2">
              {dim.values.map((value) => {
                const active = selection[dim.name] === value;
                const inStock = available(dim.name, value);
                return (
                  <button
                    key={value}
                    type="button"
                    aria-pressed={active}
                    disabled={!inStock}
                    onClick={() => setChosen((c) => ({ ...c, [dim.name]: value }))}
                    data-sold-out={inStock ? undefined : 'true'}
                    className={`rounded-full border px-3 py-1 text-sm disabled:border-dashed disabled:text-zinc-300 ${active ? 'border-brand bg-brand/10 text-brand' : 'border-zinc-300'}`}
                  >
                    <span translate="no">{value}</span>
                    {inStock ? null : <span className="ml-1 text-[10px]"> {t('detail.soldOut')}</span>}
                  </button>
                );
              })}
            </div>
          </div>
        ))}
        <p className="text-sm text-zinc-600" data-testid="detail-stock">
          {sku ? (sku.stock > 0 ? t('detail.stock', { n: sku.stock }) : t('detail.soldOut')) : soldOut ? t('detail.soldOut') : t('detail.chooseSku')}
        </p>
        {sku?.perUserLimit ? <PersonalLimit liveId={goods.live.id} skuId={sku.id} limit={sku.perUserLimit} isViewer={isViewer} /> : null}
      </section>

      {goods.description ? <section translate="no" className="border-t border-zinc-100 p-4 text-sm leading-relaxed break-words whitespace-pre-line text-zinc-700">{goods.description}</section> : null}

      <footer className="fixed inset-x-0 bottom-0 mx-auto flex max-w-md items-center gap-3 border-t border-zinc-200 bg-white p-3">
        <Link href={`/live/${goods.live.id}`} className="shrink-0 text-sm whitespace-nowrap text-zinc-600">{t('detail.backToRoom')}</Link>
        <BuyAction liveId={goods.live.id} sku={sku} checkout={checkout} soldOut={soldOut} isViewer={isViewer} />
      </footer>
    </div>
  );
}

/**
 * How much of a limited SKU this viewer may still buy, from the server's quote (signed-in
 * viewers only; others see the limit alone). Reaching the limit is its own state, not sold out.
 */
function usePersonalLimit(liveId: number, skuId: number | undefined, limited: boolean) {
  const trpc = useTRPC();
  const quote = useQuery({ ...trpc.orders.quote.queryOptions({ liveId, skuId: skuId ?? 0 }), enabled: limited && skuId !== undefined, retry: false });
  const flash = quote.data?.flash;
  return flash ? { limit: flash.perUserLimit, bought: flash.alreadyBought, reached: flash.alreadyBought >= flash.perUserLimit } : null;
}

function PersonalLimit({ liveId, skuId, limit, isViewer }: { liveId: number; skuId: number; limit: number; isViewer: boolean }) {
  const { t } = useI18n();
  const mine = usePersonalLimit(liveId, skuId, isViewer);
  return (
    <p className={`mt-1 text-sm ${mine?.reached ? 'text-amber-700' : 'text-brand'}`} data-testid="detail-limit" data-limit-reached={mine?.reached ? 'true' : undefined}>
      {mine?.reached ? t('limit.reached', { n: mine.limit, m: mine.bought }) : t('detail.limit', { n: limit })}
    </p>
  );
}

function BuyAction({ liveId, sku, checkout, soldOut, isViewer }: { liveId: number; sku: { id: number; stock: number; perUserLimit: number | null } | undefined; checkout: string | null; soldOut: boolean; isViewer: boolean }) {
  const { t } = useI18n();
  const mine = usePersonalLimit(liveId, sku?.id, isViewer && !!sku?.perUserLimit);
  const idle = 'ml-auto rounded-full bg-zinc-300 px-8 py-2.5 text-white';
  if (!sku) return <span className={idle}>{soldOut ? t('detail.soldOut') : t('detail.chooseSku')}</span>;
  if (sku.stock <= 0) return <span className={idle} data-testid="buy-state">{t('detail.soldOut')}</span>;
  if (mine?.reached) return <span className={idle} data-testid="buy-state">{t('limit.button')}</span>;
  return (
    <Link href={checkout!} data-testid="buy-button" className="ml-auto rounded-full bg-brand px-8 py-2.5 text-center text-white">
      {t('detail.buy')}
    </Link>
  );
}
