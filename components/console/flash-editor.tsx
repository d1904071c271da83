'use client';

import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { ErrorBanner, FieldError, issuesOf } from '@/components/ui/field-errors';
import { formatFen } from '@/components/ui/money';
import { Loading } from '@/components/ui/states';
import type { RoomItem } from '@/server/modules/live/room-view';
import { yuanToFen } from './goods-form';

interface Row {
  include: boolean;
  price: string;
  stock: string;
  limit: string;
}

const toLocalInput = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
const int = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : Number.NaN);

/** The 秒杀 editor for one room item: window, pay window, and per SKU price / stock / limit. */
export function FlashEditor({ liveId, item, onDone, onClose }: { liveId: number; item: RoomItem; onDone: () => void; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const goods = useQuery(trpc.catalog.goodsById.queryOptions({ spuId: item.spuId }));
  const [mode, setMode] = useState<'now' | 'scheduled'>('now');
  const [duration, setDuration] = useState('10');
  const [startsAt, setStartsAt] = useState(() => toLocalInput(new Date(Date.now() + 10 * 60_000)));
  const [endsAt, setEndsAt] = useState(() => toLocalInput(new Date(Date.now() + 40 * 60_000)));
  const [payWindow, setPayWindow] = useState('600');
  const [rows, setRows] = useState<Record<number, Row>>({});
  const create = useMutation(trpc.flashSale.create.mutationOptions({ onSuccess: () => { onDone(); onClose(); } }));
  const issues = issuesOf(create.error);

  if (goods.isPending) return <Loading />;
  if (goods.isError) return <ErrorBanner error={goods.error} />;
  const skus = goods.data.skus;
  const rowOf = (id: number): Row => rows[id] ?? { include: true, price: '', stock: '', limit: '1' };
  const setRow = (id: number, patch: Partial<Row>) => setRows((r) => ({ ...r, [id]: { ...rowOf(id), ...patch } }));
  const included = skus.filter((s) => rowOf(s.id).include);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      liveId,
      roomGoodsId: item.roomGoodsId,
      window: mode === 'now' ? { kind: 'now', durationMinutes: int(duration) } : { kind: 'scheduled', startsAt: new Date(startsAt), endsAt: new Date(endsAt) },
      payWindowSeconds: int(payWindow),
      skus: included.map((s) => ({ skuId: s.id, flashPrice: yuanToFen(rowOf(s.id).price), flashStock: int(rowOf(s.id).stock), perUserLimit: int(rowOf(s.id).limit) })),
    });
  };

  const field = 'mt-1 w-full rounded-md border border-zinc-300 px-2 py-1 text-sm';
  return (
    <div role="dialog" aria-modal="true" aria-label={t('flash.new')} className="fixed inset-0 z-20 grid place-items-center bg-black/40 p-4">
      <form onSubmit={submit} noValidate className="max-h-[90dvh] w-full max-w-2xl overflow-auto rounded-xl bg-white p-5 shadow-xl" data-testid="flash-editor">
        <h2 className="font-semibold">{t('flash.new')} · {item.title}</h2>
        {create.error && !issues.size ? <div className="mt-3"><ErrorBanner error={create.error} /></div> : null}
        <fieldset className="mt-4 grid gap-3 md:grid-cols-2">
          <legend className="text-sm text-zinc-600">{t('flash.window')}</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="mode" checked={mode === 'now'} onChange={() => setMode('now')} /> {t('flash.startNow')}
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="mode" checked={mode === 'scheduled'} onChange={() => setMode('scheduled')} /> {t('flash.scheduled')}
          </label>
          {mode === 'now' ? (
            <label className="text-sm">
              {t('flash.duration')}
              <input name="duration" inputMode="numeric" value={duration} onChange={(e) => setDuration(e.target.value)} className={field} />
              <FieldError issues={issues} path="window.durationMinutes" />
            </label>
          ) : (
            <>
              <label className="text-sm">
                {t('flash.startsAt')}
                <input type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} className={field} />
                <FieldError issues={issues} path="window.startsAt" />
              </label>
              <label className="text-sm">
                {t('flash.endsAt')}
                <input type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} className={field} />
                <FieldError issues={issues} path="window.endsAt" />
              </label>
            </>
          )}
          <label className="text-sm">
            {t('flash.payWindow')}
            <input name="payWindow" inputMode="numeric" value={payWindow} onChange={(e) => setPayWindow(e.target.value)} className={field} />
            <FieldError issues={issues} path="payWindowSeconds" />
          </label>
        </fieldset>
        <table className="mt-4 w-full text-sm">
          <thead className="text-left text-xs text-zinc-500">
            <tr>
              <th>{t('flash.include')}</th>
              <th>SKU</th>
              <th>{t('flash.price')}</th>
              <th>{t('flash.stock')}</th>
              <th>{t('flash.limit')}</th>
            </tr>
          </thead>
          <tbody>
            {skus.map((sku) => {
              const row = rowOf(sku.id);
              const index = included.findIndex((s) => s.id === sku.id);
              return (
                <tr key={sku.id} className="align-top">
                  <td className="py-1"><input type="checkbox" aria-label={`${t('flash.include')} ${sku.skuCode}`} checked={row.include} onChange={(e) => setRow(sku.id, { include: e.target.checked })} /></td>
                  <td className="py-1 pr-2 text-zinc-600">
                    {Object.values(sku.specs).join(' / ') || sku.skuCode}
                    <span className="block text-xs text-zinc-400">{formatFen(sku.price)} · {t('goods.stock')} {sku.stock}</span>
                  </td>
                  <td className="py-1 pr-2">
                    <input aria-label={`${t('flash.price')} ${sku.skuCode}`} inputMode="decimal" disabled={!row.include} value={row.price} onChange={(e) => setRow(sku.id, { price: e.target.value })} className={field} />
                    {index >= 0 ? <FieldError issues={issues} path={`skus.${index}.flashPrice`} /> : null}
                  </td>
                  <td className="py-1 pr-2">
                    <input aria-label={`${t('flash.stock')} ${sku.skuCode}`} inputMode="numeric" disabled={!row.include} value={row.stock} onChange={(e) => setRow(sku.id, { stock: e.target.value })} className={field} />
                    {index >= 0 ? <FieldError issues={issues} path={`skus.${index}.flashStock`} /> : null}
                  </td>
                  <td className="py-1">
                    <input aria-label={`${t('flash.limit')} ${sku.skuCode}`} inputMode="numeric" disabled={!row.include} value={row.limit} onChange={(e) => setRow(sku.id, { limit: e.target.value })} className={field} />
                    {index >= 0 ? <FieldError issues={issues} path={`skus.${index}.perUserLimit`} /> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <FieldError issues={issues} path="skus" />
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" onClick={onClose} className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm">{t('desk.cancel')}</button>
          <button type="submit" disabled={create.isPending || included.length === 0} className="rounded-md bg-brand px-3 py-1.5 text-sm text-white disabled:opacity-50">{t('flash.create')}</button>
        </div>
      </form>
    </div>
  );
}
