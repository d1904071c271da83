'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { controlProps, errorAt, FieldMessage } from '@/components/forms/field';
import { serverIssues } from '@/components/forms/issue-resolver';
import { numberText, withFormFields } from '@/components/forms/typed';
import { useIssueForm } from '@/components/forms/use-issue-form';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { formatFen } from '@/components/ui/money';
import { ErrorBanner, useErrorText } from '@/components/ui/field-errors';
import { Loading } from '@/components/ui/states';
import { changeStockInput } from '@/server/modules/catalog/catalog.schema';
import type { ShopGoodsSku } from '@/server/modules/catalog/catalog.service';

/** The server's stock change, with the stock as typed. */
const stockFormSchema = withFormFields(changeStockInput, { stock: numberText(changeStockInput.shape.stock) });

type Sku = ShopGoodsSku;

/** Mid-stream stock changes, one SKU at a time. */
export function SkuStockEditor({ spuId, onChanged }: { spuId: number; onChanged: () => void }) {
  const trpc = useTRPC();
  const errorText = useErrorText();
  const goods = useQuery(trpc.catalog.goodsById.queryOptions({ spuId }));
  if (goods.isPending) return <Loading />;
  if (goods.isError) return <p role="alert" className="text-sm text-red-600">{errorText(goods.error)}</p>;
  return (
    <ul className="mt-2 grid gap-1 rounded-lg bg-zinc-50 p-3 text-sm" data-testid="sku-stock">
      {goods.data.skus.map((sku) => (
        <StockRow
          key={sku.id}
          sku={sku}
          onChanged={() => {
            void goods.refetch();
            onChanged();
          }}
        />
      ))}
    </ul>
  );
}

function StockRow({ sku, onChanged }: { sku: Sku; onChanged: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const form = useIssueForm(stockFormSchema, { defaultValues: { skuId: sku.id, stock: String(sku.stock) } });
  const { register, formState, refuse, reset, bindForm, submit } = form;
  const change = useMutation(
    trpc.catalog.changeStock.mutationOptions({
      onSuccess: (_data, input) => {
        reset({ skuId: sku.id, stock: String(input.stock) });
        onChanged();
      },
      onError: (error) => void refuse(error),
    }),
  );
  const banner = change.error && serverIssues(change.error).length === 0 ? change.error : null;
  const error = errorAt(formState.errors, 'stock');
  const id = `stock-${sku.id}`;
  return (
    <li>
      <form ref={bindForm} onSubmit={submit((input) => change.mutate(input))} noValidate className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="min-w-0 flex-1 truncate text-zinc-600" translate="no" title={Object.values(sku.specs).join(' / ') || sku.skuCode}>
          {Object.values(sku.specs).join(' / ') || sku.skuCode}
        </span>
        <span className="tabular-nums whitespace-nowrap">{formatFen(sku.price)}</span>
        <input {...controlProps(id, error)} {...register('stock')} aria-label={`${t('desk.stock')} ${sku.skuCode}`} inputMode="numeric" className="w-24 rounded-md border border-zinc-300 px-2 py-1 aria-invalid:border-red-500" />
        <button type="submit" disabled={change.isPending || !formState.isDirty} className="rounded-md border border-zinc-300 px-2 py-1 text-xs whitespace-nowrap disabled:opacity-40">
          {t('desk.saveStock')}
        </button>
        <span className="basis-full empty:hidden">
          <FieldMessage id={id} name="stock" error={error} />
        </span>
      </form>
      {banner ? <div className="mt-1"><ErrorBanner error={banner} /></div> : null}
    </li>
  );
}
