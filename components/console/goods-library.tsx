'use client';

import Link from 'next/link';
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { categoryName } from '@/components/i18n/category';
import { Sentence } from '@/components/layout/sentence';
import { TruncatedText } from '@/components/layout/truncated-text';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { formatFenRange } from '@/components/ui/money';
import { Empty, ErrorState, Loading } from '@/components/ui/states';

const PAGE_SIZE = 10;

export function GoodsLibrary() {
  const { t, locale } = useI18n();
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
            className="w-full min-w-0 rounded-md border border-zinc-300 px-3 py-1.5 text-sm sm:w-56"
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
                {categoryName(c, locale)}
              </option>
            ))}
          </select>
          <Link href="/console/goods/new" className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm text-white">
            {t('console.newGoods')}
          </Link>
        </div>
      </div>
      {goods.isPending ? <Loading /> : goods.isError ? <ErrorState error={goods.error} onRetry={() => goods.refetch()} /> : goods.data.items.length === 0 ? (
        search || categoryId ? (
          // A search or a filter that finds nothing is not an empty library: say so, offer the way back.
          <div data-testid="library-no-hit" className="mt-3 rounded-xl border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-500">
            <p className="break-words">
              {search ? <Sentence words={(v) => t('library.noHit', v)} values={{ q: search }} valueClassName="font-medium text-zinc-700" /> : t('library.noHitCategory')}
            </p>
            <button
              type="button"
              onClick={() => {
                setSearch('');
                setCategoryId(undefined);
                setPage(1);
              }}
              className="mt-3 rounded-md border border-zinc-300 px-3 py-1.5 text-zinc-700 hover:bg-zinc-100"
            >
              {t('library.clear')}
            </button>
          </div>
        ) : (
          <Empty>{t('goods.empty')}</Empty>
        )
      ) : (
        <>
          {/* Wide tables scroll in their own box, never the page. */}
          <div className="mt-3 overflow-x-auto rounded-xl bg-white">
          <table className="w-full min-w-[36rem] text-sm" data-testid="goods-table">
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
                  <td className="max-w-[20rem] px-4 py-2">
                    <span className="flex min-w-0 items-center gap-3">
                      {item.cover ? <img src={item.cover} alt="" className="size-10 shrink-0 rounded-md object-cover" /> : null}
                      <TruncatedText text={item.title} className="min-w-0" />
                    </span>
                  </td>
                  <td className="px-4 py-2 whitespace-nowrap">{categoryName({ name: item.category, nameEn: item.categoryEn }, locale)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{item.skuCount}</td>
                  <td className="px-4 py-2 text-right whitespace-nowrap tabular-nums">{formatFenRange(item.minPrice, item.maxPrice)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{item.totalStock}</td>
                  <td className="px-4 py-2 text-right whitespace-nowrap">
                    <Link href={`/console/goods/${item.id}`} className="text-brand hover:underline">
                      {t('console.edit')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
          <div className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm text-zinc-600">
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
