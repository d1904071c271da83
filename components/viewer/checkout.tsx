'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { errorAt, Field, FormAlert } from '@/components/forms/field';
import { serverIssues } from '@/components/forms/issue-resolver';
import { useIssueForm } from '@/components/forms/use-issue-form';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { ErrorBanner } from '@/components/ui/field-errors';
import { formatFen } from '@/components/ui/money';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import { addressInput, type AddressInput } from '@/server/modules/orders/orders.schema';
import type { quote } from '@/server/modules/orders/orders.service';

interface Props {
  valid: boolean;
  skuId: number;
  liveId: number;
  initialQuantity: number;
  sourceType?: 'live' | 'share' | 'search';
  trackingCode?: string;
  isViewer: boolean;
}

const EMPTY_ADDRESS: AddressInput = { name: '', phone: '', region: '', detail: '' };
const ADDRESS_FIELDS = { name: 'checkout.name', phone: 'checkout.phone', region: 'checkout.region', detail: 'checkout.detail' } as const;
// The order's address fields are the form's fields; the rest of a refusal is the form's.
const addressFieldOf = (path: string) => (/^address\.\w+$/.test(path) ? path.slice('address.'.length) : null);

export function Checkout(props: Props) {
  const { t } = useI18n();
  if (!props.valid) return <Empty>{t('checkout.unavailable')}</Empty>;
  if (!props.isViewer) return <Empty>{t('forbidden.body')}</Empty>;
  return <CheckoutForm {...props} />;
}

function CheckoutForm({ skuId, liveId, initialQuantity, sourceType, trackingCode }: Props) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const quote = useQuery(trpc.orders.quote.queryOptions({ liveId, skuId }));
  const saved = useQuery(trpc.orders.myAddress.queryOptions());
  if (quote.isPending || saved.isPending) return <Loading />;
  if (quote.isError) return quote.error.data?.code === 'NOT_FOUND' ? <Empty>{t('checkout.unavailable')}</Empty> : <ErrorState error={quote.error} onRetry={() => quote.refetch()} />;
  return (
    <OrderForm
      quote={quote.data}
      address={saved.data ?? EMPTY_ADDRESS}
      refetchQuote={() => void quote.refetch()}
      order={{ liveId, skuId, initialQuantity, sourceType, trackingCode }}
    />
  );
}

type Quote = Awaited<ReturnType<typeof quote>>;

function OrderForm({
  quote: q,
  address,
  refetchQuote,
  order: { liveId, skuId, initialQuantity, sourceType, trackingCode },
}: {
  quote: Quote;
  address: AddressInput;
  refetchQuote: () => void;
  order: Pick<Props, 'liveId' | 'skuId' | 'initialQuantity' | 'sourceType' | 'trackingCode'>;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const [quantity, setQuantity] = useState(initialQuantity);
  // One key per visit of this page: a double tap or a retry gets the same order back.
  const [idempotencyKey] = useState(() => crypto.randomUUID().replace(/-/g, ''));
  const form = useIssueForm(addressInput, { defaultValues: address });
  const { register, formState, refuse, bindForm, submit } = form;
  const create = useMutation(
    trpc.orders.create.mutationOptions({
      onSuccess: (order) => router.push(`/orders?focus=${order.orderSn}`),
      onError: (error) => {
        // What the buyer typed stays; a refusal (sold out, limit reached …) means the figures changed: show the new ones.
        refuse(error, addressFieldOf);
        refetchQuote();
      },
    }),
  );
  const banner = create.error && serverIssues(create.error).length === 0 ? create.error : null;

  const max = Math.max(0, q.maxQuantity);
  // Why nothing can be bought: the viewer's own limit is not the same as the stock running out.
  const limitReached = q.flash ? q.flash.alreadyBought >= q.flash.perUserLimit : false;
  const blocked: 'limit' | 'sold_out' | null = max > 0 ? null : limitReached ? 'limit' : 'sold_out';
  const qty = Math.min(quantity, Math.max(1, max));

  const onSubmit = submit((address) => create.mutate({ liveId, skuId, flashSkuId: q.flash?.flashSkuId, quantity: qty, idempotencyKey, address, sourceType, trackingCode }));
  const autoComplete = { name: 'name', phone: 'tel', region: 'address-level1', detail: 'street-address' } as const;

  const field = 'mt-1 w-full rounded-md border border-zinc-300 px-3 py-2 text-sm aria-invalid:border-red-500';
  return (
    <form ref={bindForm} onSubmit={onSubmit} noValidate className="pb-24" data-testid="checkout">
      <div className="flex items-center justify-between gap-3 border-b border-zinc-100 p-4">
        <h1 className="text-lg font-semibold whitespace-nowrap">{t('checkout.title')}</h1>
        <Link href={`/live/${liveId}`} className="truncate text-xs text-zinc-500">{t('detail.backToRoom')}</Link>
      </div>
      <section className="grid gap-3 p-4" aria-label={t('checkout.address')}>
        <h2 className="text-sm font-medium">{t('checkout.address')}</h2>
        <FormAlert errors={formState.errors} submitted={false} />
        {(Object.keys(ADDRESS_FIELDS) as (keyof typeof ADDRESS_FIELDS)[]).map((name) => (
          <Field key={name} label={t(ADDRESS_FIELDS[name])} name={name} error={errorAt(formState.errors, name)}>
            {(p) => <input {...p} {...register(name)} autoComplete={autoComplete[name]} inputMode={name === 'phone' ? 'tel' : undefined} className={field} />}
          </Field>
        ))}
      </section>
      <section className="flex gap-3 border-t border-zinc-100 p-4">
        {q.image ? <img src={q.image} alt="" className="size-20 shrink-0 rounded-md object-cover" /> : null}
        <div className="min-w-0 flex-1">
          <p className="text-sm font-medium break-words" translate="no">{q.title}</p>
          <p className="text-xs text-zinc-500" translate="no">{Object.values(q.specs).join(' / ')}</p>
          <p className="mt-1 flex flex-wrap items-baseline gap-x-2">
            <span className="font-semibold whitespace-nowrap text-brand" data-testid="checkout-price">{formatFen(q.unitPrice)}</span>
            {q.flash ? <span className="text-xs whitespace-nowrap text-zinc-400 line-through">{formatFen(q.price)}</span> : null}
          </p>
          {q.flash ? (
            <p className={`text-xs ${limitReached ? 'text-amber-700' : 'text-brand'}`} data-testid="checkout-limit" data-limit-reached={limitReached ? 'true' : undefined}>
              {limitReached ? t('limit.reached', { n: q.flash.perUserLimit, m: q.flash.alreadyBought }) : t('checkout.limit', { n: q.flash.perUserLimit, m: q.flash.alreadyBought })}
            </p>
          ) : null}
        </div>
      </section>
      <section className="flex items-center justify-between gap-3 border-t border-zinc-100 p-4 text-sm">
        <span className="whitespace-nowrap">{t('checkout.quantity')}</span>
        <span className="flex items-center gap-2">
          <button type="button" aria-label={t('checkout.less')} disabled={qty <= 1} onClick={() => setQuantity(qty - 1)} className="size-8 rounded-full border border-zinc-300 disabled:opacity-40">−</button>
          <span className="w-6 text-center tabular-nums" data-testid="checkout-quantity">{qty}</span>
          <button type="button" aria-label={t('checkout.more')} disabled={qty >= max} onClick={() => setQuantity(qty + 1)} className="size-8 rounded-full border border-zinc-300 disabled:opacity-40">+</button>
        </span>
      </section>
      <p className="px-4 text-xs text-zinc-500">{t('checkout.payWithin', { m: Math.round(q.payWindowSeconds / 60) })}</p>
      {banner ? <div className="p-4"><ErrorBanner error={banner} /></div> : null}
      <footer className="fixed inset-x-0 bottom-0 mx-auto flex max-w-md items-center gap-3 border-t border-zinc-200 bg-white p-3">
        <span className="ml-auto min-w-0 truncate text-right text-sm">
          {t('orders.total')} <span className="text-lg font-semibold text-brand tabular-nums" data-testid="checkout-total">{formatFen(q.unitPrice * qty)}</span>
        </span>
        <button type="submit" disabled={create.isPending || blocked !== null} data-testid="submit-order" data-blocked={blocked ?? undefined} className="shrink-0 rounded-full bg-brand px-5 py-2.5 whitespace-nowrap text-white disabled:opacity-50">
          {blocked === 'limit' ? t('limit.button') : blocked === 'sold_out' ? t('detail.soldOut') : create.isPending ? t('checkout.submitting') : t('checkout.submit')}
        </button>
      </footer>
    </form>
  );
}
