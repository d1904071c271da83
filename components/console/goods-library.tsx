'use client';

import Link from 'next/link';
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { formatFenRange } from '@/components/ui/money';
import { Empty, ErrorState, Loading } from '@/components/ui/states';

const PAGE_SIZE = 10;

export function GoodsLibrary() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [categoryId, setCategoryId] = useState<number | undefined>();
  const [page, setPage] = useState(1);
  const categories = useQuery(trpc.catalog.categories.queryOptions());
  const goods = useQuery({
    ...trpc.catalog.goods.queryOptions({ search: search || undefined, categoryId, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  return (
    <section>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold">{t('console.goods')}</h2>
        <div className="flex flex-wrap items-center gap-2">
          <input
            type="search"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
            placeholder={t('console.search')}
            aria-label={t('console.search')}
            className="w-56 rounded-md border border-zinc-300 px-3 py-1.5 text-sm"
          />
          <select
            aria-label={t('goods.category')}
            value={categoryId ?? ''}
            onChange={(e) => {
              setCategoryId(e.target.value ? Number(e.target.value) : undefined);
              setPage(1);
            }}
            className="rounded-md border border-zinc-300 px-2 py-1.5 text-sm"
          >
            <option value="">{t('console.allCategories')}</option>
            {categories.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <Link href="/console/goods/new" className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm text-white">
            {t('console.newGoods')}
          </Link>
        </div>
      </div>
      {goods.isPending ? <Loading /> : goods.isError ? <ErrorState error={goods.error} onRetry={() => goods.refetch()} /> : goods.data.items.length === 0 ? <Empty>{t('goods.empty')}</Empty> : (
        <>
          <table className="mt-3 w-full overflow-hidden rounded-xl bg-white text-sm" data-testid="goods-table">
            <thead className="bg-zinc-100 text-left text-xs text-zinc-500">
              <tr>
                <th className="px-4 py-2">{t('goods.title')}</th>
                <th className="px-4 py-2">{t('goods.category')}</th>
                <th className="px-4 py-2 text-right">{t('goods.skus')}</th>
                <th className="px-4 py-2 text-right">{t('goods.price')}</th>
                <th className="px-4 py-2 text-right">{t('goods.stock')}</th>
                <th className="px-4 py-2" />
              </tr>
            </thead>
            <tbody>
              {goods.data.items.map((item) => (
                <tr key={item.id} className="border-t border-zinc-100">
                  <td className="px-4 py-2">
                    <span className="flex items-center gap-3">
                      {item.cover ? <img src={item.cover} alt="" className="size-10 rounded-md object-cover" /> : null}
                      {item.title}
                    </span>
                  </td>
                  <td className="px-4 py-2">{item.category}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{item.skuCount}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{formatFenRange(item.minPrice, item.maxPrice)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{item.totalStock}</td>
                  <td className="px-4 py-2 text-right">
                    <Link href={`/console/goods/${item.id}`} className="text-brand hover:underline">
                      {t('console.edit')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="mt-3 flex items-center justify-between text-sm text-zinc-600">
            <span>{t('console.page', { page: goods.data.page, pages: goods.data.pages, total: goods.data.total })}</span>
            <span className="flex gap-2">
              <button type="button" disabled={page <= 1} onClick={() => setPage((p) => p - 1)} className="rounded-md border border-zinc-300 px-3 py-1 disabled:opacity-40">
                {t('console.prev')}
              </button>
              <button type="button" disabled={page >= goods.data.pages} onClick={() => setPage((p) => p + 1)} className="rounded-md border border-zinc-300 px-3 py-1 disabled:opacity-40">
                {t('console.next')}
              </button>
            </span>
          </div>
        </>
      )}
    </section>
  );
}
