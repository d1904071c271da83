'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { ErrorBanner, FieldError, issuesOf } from '@/components/ui/field-errors';
import { formatFen } from '@/components/ui/money';
import { Empty, ErrorState, Loading } from '@/components/ui/states';

interface Props {
  valid: boolean;
  skuId: number;
  liveId: number;
  initialQuantity: number;
  sourceType?: 'live' | 'share' | 'search';
  trackingCode?: string;
  isViewer: boolean;
}

const EMPTY_ADDRESS = { name: '', phone: '', region: '', detail: '' };

export function Checkout(props: Props) {
  const { t } = useI18n();
  if (!props.valid) return <Empty>{t('checkout.unavailable')}</Empty>;
  if (!props.isViewer) return <Empty>{t('forbidden.body')}</Empty>;
  return <CheckoutForm {...props} />;
}

function CheckoutForm({ skuId, liveId, initialQuantity, sourceType, trackingCode }: Props) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const quote = useQuery(trpc.orders.quote.queryOptions({ liveId, skuId }));
  const saved = useQuery(trpc.orders.myAddress.queryOptions());
  const [quantity, setQuantity] = useState(initialQuantity);
  const [address, setAddress] = useState<typeof EMPTY_ADDRESS | null>(null);
  // One key per visit of this page: a double tap or a retry gets the same order back.
  const [idempotencyKey] = useState(() => crypto.randomUUID().replace(/-/g, ''));
  const create = useMutation(
    trpc.orders.create.mutationOptions({
      onSuccess: (order) => router.push(`/orders?focus=${order.orderSn}`),
      // A refusal (sold out, limit reached …) means the figures changed: show the new ones.
      onError: () => void quote.refetch(),
    }),
  );
  const issues = issuesOf(create.error);

  if (quote.isPending || saved.isPending) return <Loading />;
  if (quote.isError) return quote.error.data?.code === 'NOT_FOUND' ? <Empty>{t('checkout.unavailable')}</Empty> : <ErrorState error={quote.error} onRetry={() => quote.refetch()} />;
  const q = quote.data;
  const form = address ?? saved.data ?? EMPTY_ADDRESS;
  const max = Math.max(0, q.maxQuantity);
  // Why nothing can be bought: the viewer's own limit is not the same as the stock running out.
  const limitReached = q.flash ? q.flash.alreadyBought >= q.flash.perUserLimit : false;
  const blocked: 'limit' | 'sold_out' | null = max > 0 ? null : limitReached ? 'limit' : 'sold_out';
  const qty = Math.min(quantity, Math.max(1, max));
  const setField = (key: keyof typeof EMPTY_ADDRESS, value: string) => setAddress({ ...form, [key]: value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ liveId, skuId, flashSkuId: q.flash?.flashSkuId, quantity: qty, idempotencyKey, address: form, sourceType, trackingCode });
  };

  const field = 'mt-1 w-full rounded-md border border-zinc-300 px-3 py-2 text-sm';
  return (
    <form onSubmit={submit} noValidate className="pb-24" data-testid="checkout">
      <h1 className="border-b border-zinc-100 p-4 text-lg font-semibold">{t('checkout.title')}</h1>
      <section className="grid gap-3 p-4" aria-label={t('checkout.address')}>
        <h2 className="text-sm font-medium">{t('checkout.address')}</h2>
        <label className="text-sm">{t('checkout.name')}<input name="name" autoComplete="name" value={form.name} onChange={(e) => setField('name', e.target.value)} className={field} /><FieldError issues={issues} path="address.name" /></label>
        <label className="text-sm">{t('checkout.phone')}<input name="phone" inputMode="tel" autoComplete="tel" value={form.phone} onChange={(e) => setField('phone', e.target.value)} className={field} /><FieldError issues={issues} path="address.phone" /></label>
        <label className="text-sm">{t('checkout.region')}<input name="region" value={form.region} onChange={(e) => setField('region', e.target.value)} className={field} /><FieldError issues={issues} path="address.region" /></label>
        <label className="text-sm">{t('checkout.detail')}<input name="detail" autoComplete="street-address" value={form.detail} onChange={(e) => setField('detail', e.target.value)} className={field} /><FieldError issues={issues} path="address.detail" /></label>
      </section>
      <section className="flex gap-3 border-t border-zinc-100 p-4">
        {q.image ? <img src={q.image} alt="" className="size-20 rounded-md object-cover" /> : null}
        <div className="min-w-0 flex-1">
          <p className="text-sm font-medium">{q.title}</p>
          <p className="text-xs text-zinc-500">{Object.values(q.specs).join(' / ')}</p>
          <p className="mt-1 flex items-baseline gap-2">
            <span className="font-semibold text-brand" data-testid="checkout-price">{formatFen(q.unitPrice)}</span>
            {q.flash ? <span className="text-xs text-zinc-400 line-through">{formatFen(q.price)}</span> : null}
          </p>
          {q.flash ? (
            <p className={`text-xs ${limitReached ? 'text-amber-700' : 'text-brand'}`} data-testid="checkout-limit" data-limit-reached={limitReached ? 'true' : undefined}>
              {limitReached ? t('limit.reached', { n: q.flash.perUserLimit, m: q.flash.alreadyBought }) : t('checkout.limit', { n: q.flash.perUserLimit, m: q.flash.alreadyBought })}
            </p>
          ) : null}
        </div>
      </section>
      <section className="flex items-center justify-between border-t border-zinc-100 p-4 text-sm">
        <span>{t('checkout.quantity')}</span>
        <span className="flex items-center gap-2">
          <button type="button" aria-label="-" disabled={qty <= 1} onClick={() => setQuantity(qty - 1)} className="size-8 rounded-full border border-zinc-300 disabled:opacity-40">−</button>
          <span className="w-6 text-center tabular-nums" data-testid="checkout-quantity">{qty}</span>
          <button type="button" aria-label="+" disabled={qty >= max} onClick={() => setQuantity(qty + 1)} className="size-8 rounded-full border border-zinc-300 disabled:opacity-40">+</button>
        </span>
      </section>
      <p className="px-4 text-xs text-zinc-500">{t('checkout.payWithin', { m: Math.round(q.payWindowSeconds / 60) })}</p>
      {create.error && !issues.size ? <div className="p-4"><ErrorBanner error={create.error} /></div> : null}
      <footer className="fixed inset-x-0 bottom-0 mx-auto flex max-w-md items-center gap-3 border-t border-zinc-200 bg-white p-3">
        <Link href={`/live/${liveId}`} className="text-sm text-zinc-600">{t('detail.backToRoom')}</Link>
        <span className="ml-auto text-sm">
          {t('orders.total')} <span className="text-lg font-semibold text-brand" data-testid="checkout-total">{formatFen(q.unitPrice * qty)}</span>
        </span>
        <button type="submit" disabled={create.isPending || blocked !== null} data-testid="submit-order" data-blocked={blocked ?? undefined} className="rounded-full bg-brand px-6 py-2.5 text-white disabled:opacity-50">
          {blocked === 'limit' ? t('limit.button') : blocked === 'sold_out' ? t('detail.soldOut') : create.isPending ? t('checkout.submitting') : t('checkout.submit')}
        </button>
      </footer>
    </form>
  );
}
