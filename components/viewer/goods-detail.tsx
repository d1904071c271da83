'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { useSocketEvent } from '@/components/providers/socket-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { formatFen } from '@/components/ui/money';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import { FlashCountdown } from './flash-countdown';
import { useTrack } from './use-track';

interface Props {
  spuId: number;
  liveId?: number;
  trackingCode?: string;
  sourceType?: 'live' | 'share' | 'search';
}

export function GoodsDetail({ spuId, liveId, trackingCode, sourceType }: Props) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const track = useTrack();
  const detail = useQuery(trpc.catalog.detail.queryOptions({ spuId, liveId }));
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [image, setImage] = useState(0);
  const tracked = useRef<string | null>(null);
  // The sale starting or ending changes prices: fetch again.
  useSocketEvent('flash:changed', () => void detail.refetch());

  const roomId = detail.data?.live.id;
  useEffect(() => {
    // One detail view per page visit (the effect may run twice in development).
    const key = `${spuId}:${trackingCode ?? ''}`;
    if (roomId === undefined || tracked.current === key) return;
    tracked.current = key;
    track({ type: 'DETAIL_VIEW', liveId: roomId, spuId, trackingCode, sourceType });
  }, [roomId, spuId, trackingCode, sourceType, track]);

  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    return detail.error.data?.code === 'NOT_FOUND' ? <Empty>{t('detail.notOnSale')}</Empty> : <ErrorState error={detail.error} onRetry={() => detail.refetch()} />;
  }
  const goods = detail.data;
  // Preselect the only value of a dimension, and otherwise wait for the viewer's choice.
  const selection: Record<string, string> = { ...Object.fromEntries(goods.specDefs.filter((d) => d.values.length === 1).map((d) => [d.name, d.values[0]!])), ...chosen };
  const sku = goods.skus.find((s) => goods.specDefs.every((d) => s.specs[d.name] === selection[d.name])) ?? (goods.specDefs.length === 0 ? goods.skus[0] : undefined);
  const available = (name: string, value: string) => goods.skus.some((s) => s.specs[name] === value && s.stock > 0);
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
        <img src={goods.images[image] ?? goods.images[0]} alt={goods.title} className="size-full object-cover" />
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
        <h1 className="mt-2 text-lg font-semibold" data-testid="detail-title">{goods.title}</h1>
        {goods.subtitle ? <p className="mt-1 text-sm text-zinc-500">{goods.subtitle}</p> : null}
        <p className="mt-1 text-xs text-zinc-400">{goods.shop}</p>
      </section>

      <section className="border-t border-zinc-100 p-4" aria-label={t('detail.select')}>
        {goods.specDefs.map((dim) => (
          <div key={dim.name} className="mb-3">
            <p className="mb-2 text-sm text-zinc-600">{dim.name}</p>
            <div className="flex flex-wrap gap-2">
              {dim.values.map((value) => {
                const active = selection[dim.name] === value;
                return (
                  <button
                    key={value}
                    type="button"
                    aria-pressed={active}
                    disabled={!available(dim.name, value)}
                    onClick={() => setChosen((c) => ({ ...c, [dim.name]: value }))}
                    className={`rounded-full border px-3 py-1 text-sm disabled:border-dashed disabled:text-zinc-300 ${active ? 'border-brand bg-brand/10 text-brand' : 'border-zinc-300'}`}
                  >
                    {value}
                  </button>
                );
              })}
            </div>
          </div>
        ))}
        <p className="text-sm text-zinc-600" data-testid="detail-stock">
          {sku ? (sku.stock > 0 ? t('detail.stock', { n: sku.stock }) : t('detail.soldOut')) : t('detail.chooseSku')}
        </p>
        {sku?.perUserLimit ? <p className="mt-1 text-sm text-brand" data-testid="detail-limit">{t('detail.limit', { n: sku.perUserLimit })}</p> : null}
      </section>

      {goods.description ? <section className="border-t border-zinc-100 p-4 text-sm leading-relaxed text-zinc-700">{goods.description}</section> : null}

      <footer className="fixed inset-x-0 bottom-0 mx-auto flex max-w-md items-center gap-3 border-t border-zinc-200 bg-white p-3">
        <Link href={`/live/${goods.live.id}`} className="text-sm text-zinc-600">{t('detail.backToRoom')}</Link>
        {checkout && sku && sku.stock > 0 ? (
          <Link href={checkout} data-testid="buy-button" className="ml-auto rounded-full bg-brand px-8 py-2.5 text-center text-white">
            {t('detail.buy')}
          </Link>
        ) : (
          <span className="ml-auto rounded-full bg-zinc-300 px-8 py-2.5 text-white">{sku ? t('detail.soldOut') : t('detail.chooseSku')}</span>
        )}
      </footer>
    </div>
  );
}
