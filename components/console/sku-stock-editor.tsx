'use client';

import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { formatFen } from '@/components/ui/money';
import { issuesOf, useErrorText, useIssueText } from '@/components/ui/field-errors';
import { Loading } from '@/components/ui/states';

/** Mid-stream stock changes, one SKU at a time. */
export function SkuStockEditor({ spuId, onChanged }: { spuId: number; onChanged: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errorText = useErrorText();
  const issueText = useIssueText();
  const goods = useQuery(trpc.catalog.goodsById.queryOptions({ spuId }));
  const [draft, setDraft] = useState<Record<number, string>>({});
  const change = useMutation(trpc.catalog.changeStock.mutationOptions({ onSuccess: () => { void goods.refetch(); onChanged(); } }));
  if (goods.isPending) return <Loading />;
  if (goods.isError) return <p className="text-sm text-red-600">{errorText(goods.error)}</p>;
  return (
    <div className="mt-2 rounded-lg bg-zinc-50 p-3">
      {change.error ? <p role="alert" className="mb-2 text-sm text-red-600">{[...issuesOf(change.error).values()].map(issueText)[0] ?? errorText(change.error)}</p> : null}
      <table className="w-full text-sm" data-testid="sku-stock">
        <tbody>
          {goods.data.skus.map((sku) => (
            <tr key={sku.id}>
              <td className="py-1 text-zinc-600">{Object.values(sku.specs).join(' / ') || sku.skuCode}</td>
              <td className="py-1 tabular-nums">{formatFen(sku.price)}</td>
              <td className="py-1">
                <input
                  aria-label={`${t('desk.stock')} ${sku.skuCode}`}
                  inputMode="numeric"
                  value={draft[sku.id] ?? String(sku.stock)}
                  onChange={(e) => setDraft((d) => ({ ...d, [sku.id]: e.target.value }))}
                  className="w-24 rounded-md border border-zinc-300 px-2 py-1"
                />
              </td>
              <td className="py-1 text-right">
                <button
                  type="button"
                  disabled={change.isPending || draft[sku.id] === undefined}
                  onClick={() => change.mutate({ skuId: sku.id, stock: /^\d+$/.test(draft[sku.id] ?? '') ? Number(draft[sku.id]) : Number.NaN })}
                  className="rounded-md border border-zinc-300 px-2 py-1 text-xs disabled:opacity-40"
                >
                  {t('desk.saveStock')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
