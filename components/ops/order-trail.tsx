'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { useFormatter } from 'next-intl';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { formatFen } from '@/components/ui/money';
import { Empty, ErrorState, Loading } from '@/components/ui/states';

const ORDER_SN = /^\d{18,32}$/;

/** Ops look an order up by its order_sn and read its trail: each step and how long after the click. */
export function OrderTrailView({ orderSn }: { orderSn: string | null }) {
  const { t } = useI18n();
  const router = useRouter();
  const [text, setText] = useState(orderSn ?? '');
  const valid = ORDER_SN.test(text.trim());
  return (
    <div className="max-w-2xl">
      <h1 className="text-lg font-semibold">{t('trail.title')}</h1>
      <p className="mt-1 text-sm text-zinc-500">{t('trail.hint')}</p>
      <form
        className="mt-4 flex flex-wrap gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) router.push(`/ops/orders?order_sn=${text.trim()}`);
        }}
      >
        <label htmlFor="trail-sn" className="sr-only">
          {t('trail.orderSn')}
        </label>
        <input
          id="trail-sn"
          value={text}
          onChange={(e) => setText(e.target.value)}
          inputMode="numeric"
          placeholder={t('trail.placeholder')}
          aria-invalid={text !== '' && !valid}
          className="min-w-0 flex-1 rounded-md border border-zinc-300 px-3 py-2 font-mono text-sm"
        />
        <button type="submit" disabled={!valid} className="rounded-md bg-zinc-900 px-4 py-2 text-sm text-white disabled:opacity-40">
          {t('trail.find')}
        </button>
      </form>
      {text !== '' && !valid ? (
        <p role="alert" className="mt-1 text-xs text-red-600">
          {t('invalid.order.sn')}
        </p>
      ) : null}
      {orderSn ? <Trail orderSn={orderSn} /> : null}
    </div>
  );
}

function Trail({ orderSn }: { orderSn: string }) {
  const { t, has } = useI18n();
  const format = useFormatter();
  const trpc = useTRPC();
  const trail = useQuery(trpc.orders.trail.queryOptions({ orderSn }, { enabled: ORDER_SN.test(orderSn) }));
  if (trail.isPending) return <Loading />;
  if (trail.isError) return <ErrorState error={trail.error} onRetry={() => trail.refetch()} />;
  const data = trail.data;
  const start = Date.parse(data.steps[0]!.at);
  return (
    <section className="mt-6 rounded-lg border border-zinc-200 p-4" data-testid="order-trail">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1 text-sm">
        <span className="font-mono">{data.orderSn}</span>
        <span translate="no" className="min-w-0 truncate font-medium" title={data.title}>
          {data.title}
        </span>
        <span>{formatFen(data.totalAmount)}</span>
        <span className="text-zinc-500">{has(`orders.status.${data.status}`) ? t(`orders.status.${data.status}` as never) : data.status}</span>
      </div>
      <p className="mt-1 break-all text-xs text-zinc-500">
        trace_id: <span className="font-mono">{data.traceId ?? t('trail.noTrace')}</span>
      </p>
      {data.steps.length <= 1 ? <Empty>{t('trail.onlyOrder')}</Empty> : null}
      <ol className="mt-4 space-y-3 border-l-2 border-zinc-200 pl-4">
        {data.steps.map((s, i) => (
          <li key={`${s.step}-${i}`} className="relative" data-step={s.step}>
            <span className="absolute -left-[1.4rem] top-1.5 size-2.5 rounded-full bg-brand" aria-hidden />
            <span className="font-medium">{t(`trail.step.${s.step}` as never)}</span>
            <span className="ml-3 text-sm text-zinc-600">{format.dateTime(new Date(s.at), { dateStyle: 'short', timeStyle: 'medium' })}</span>
            {i > 0 ? <span className="ml-2 text-xs text-zinc-500">{t('trail.after', { seconds: Math.round((Date.parse(s.at) - start) / 1000) })}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
