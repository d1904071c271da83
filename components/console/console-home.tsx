'use client';

import Link from 'next/link';
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { formatFenRange } from '@/components/ui/money';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';

export function ConsoleHome() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const rooms = useQuery(trpc.live.myRooms.queryOptions());
  const goods = useQuery({ ...trpc.catalog.goods.queryOptions({ search: search || undefined, page: 1, pageSize: 50 }), placeholderData: keepPreviousData });

  return (
    <div className="grid gap-8">
      <section>
        <h1 className="text-lg font-semibold">{t('console.rooms')}</h1>
        {rooms.isPending ? <Loading /> : rooms.isError ? <ErrorState error={rooms.error} onRetry={() => rooms.refetch()} /> : rooms.data.length === 0 ? <Empty /> : (
          <ul className="mt-3 grid gap-3 md:grid-cols-2">
            {rooms.data.map((room) => (
              <li key={room.id} className="rounded-xl border border-zinc-200 bg-white p-4">
                <div className="flex items-center justify-between gap-3">
                  <span className="font-medium">{room.title}</span>
                  <StatusBadge status={room.status} />
                </div>
                <p className="mt-1 text-xs text-zinc-500">{t('console.goodsCount', { n: room._count.goods })}</p>
                <div className="mt-3 flex gap-3 text-sm">
                  <Link href={`/console/live/${room.id}`} className="rounded-md bg-brand px-3 py-1.5 text-white">
                    {t('console.openDesk')}
                  </Link>
                  <Link href={`/live/${room.id}`} target="_blank" className="rounded-md border border-zinc-300 px-3 py-1.5">
                    {t('console.viewerLink')}
                  </Link>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section>
        <div className="flex items-center justify-between gap-4">
          <h2 className="text-lg font-semibold">{t('console.goods')}</h2>
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={t('console.search')}
            className="w-64 rounded-md border border-zinc-300 px-3 py-1.5 text-sm"
          />
        </div>
        {goods.isPending ? <Loading /> : goods.isError ? <ErrorState error={goods.error} onRetry={() => goods.refetch()} /> : goods.data.items.length === 0 ? <Empty>{t('goods.empty')}</Empty> : (
          <table className="mt-3 w-full overflow-hidden rounded-xl bg-white text-sm" data-testid="goods-table">
            <thead className="bg-zinc-100 text-left text-xs text-zinc-500">
              <tr>
                <th className="px-4 py-2">{t('goods.title')}</th>
                <th className="px-4 py-2">{t('goods.category')}</th>
                <th className="px-4 py-2 text-right">{t('goods.skus')}</th>
                <th className="px-4 py-2 text-right">{t('goods.price')}</th>
                <th className="px-4 py-2 text-right">{t('goods.stock')}</th>
              </tr>
            </thead>
            <tbody>
              {goods.data.items.map((item) => (
                <tr key={item.id} className="border-t border-zinc-100">
                  <td className="flex items-center gap-3 px-4 py-2">
                    {item.cover ? <img src={item.cover} alt="" className="size-10 rounded-md object-cover" /> : null}
                    {item.title}
                  </td>
                  <td className="px-4 py-2">{item.category}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{item.skuCount}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{formatFenRange(item.minPrice, item.maxPrice)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{item.totalStock}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
