'use client';

import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { controlProps, errorAt, Field, FieldMessage, FormAlert } from '@/components/forms/field';
import { serverIssues } from '@/components/forms/issue-resolver';
import { yuan } from '@/components/forms/money';
import { numberText, withFormFields } from '@/components/forms/typed';
import { useIssueForm } from '@/components/forms/use-issue-form';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { ErrorBanner } from '@/components/ui/field-errors';
import { formatFen } from '@/components/ui/money';
import { Loading } from '@/components/ui/states';
import type { RoomItem } from '@/server/modules/live/room-view';
import { createSaleInput } from '@/server/modules/flash-sale/flash-sale.schema';
import type { ShopGoodsSku } from '@/server/modules/catalog/catalog.service';

const server = createSaleInput.shape;
const flashSku = server.skus.element;
const [nowWindow, scheduledWindow] = server.window.options;

// Every SKU of the goods has a row; the ones left out are not checked and not sent.
const chosenRow = withFormFields(flashSku, {
  flashPrice: yuan(flashSku.shape.flashPrice, { required: 'invalid.flash.priceRequired', positive: 'invalid.flash.pricePositive' }),
  flashStock: numberText(flashSku.shape.flashStock),
  perUserLimit: numberText(flashSku.shape.perUserLimit),
}).extend({ include: z.literal(true) });
const skippedRow = z.object({ include: z.literal(false), skuId: z.number(), flashPrice: z.string(), flashStock: z.string(), perUserLimit: z.string() });

/** The server's flash-sale input as the editor holds it: flash prices in 元, figures as typed. */
export const flashFormSchema = withFormFields(createSaleInput, {
  window: z.discriminatedUnion('kind', [withFormFields(nowWindow, { durationMinutes: numberText(nowWindow.shape.durationMinutes) }), scheduledWindow]),
  payWindowSeconds: numberText(server.payWindowSeconds),
  skus: z
    .array(z.discriminatedUnion('include', [chosenRow, skippedRow]))
    .transform((rows) => rows.flatMap((row) => (row.include ? [{ skuId: row.skuId, flashPrice: row.flashPrice, flashStock: row.flashStock, perUserLimit: row.perUserLimit }] : [])))
    .pipe(server.skus),
});
type FlashFormValues = z.input<typeof flashFormSchema>;

const toLocalInput = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** The 秒杀 editor for one room item: window, pay window, and per SKU price / stock / limit. */
export function FlashEditor({ liveId, item, onDone, onClose }: { liveId: number; item: RoomItem; onDone: () => void; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const goods = useQuery(trpc.catalog.goodsById.queryOptions({ spuId: item.spuId }));
  return (
    <div role="dialog" aria-modal="true" aria-label={t('flash.new')} className="fixed inset-0 z-20 grid place-items-center bg-black/40 p-4">
      <div className="max-h-[90dvh] w-full max-w-2xl overflow-auto rounded-xl bg-white p-5 shadow-xl">
        <h2 className="font-semibold">
          {t('flash.new')} · <span translate="no">{item.title}</span>
        </h2>
        {goods.isPending ? <Loading /> : goods.isError ? <div className="mt-3"><ErrorBanner error={goods.error} /></div> : <FlashForm liveId={liveId} item={item} skus={goods.data.skus} onDone={onDone} onClose={onClose} />}
      </div>
    </div>
  );
}

type Sku = ShopGoodsSku;

function FlashForm({ liveId, item, skus, onDone, onClose }: { liveId: number; item: RoomItem; skus: Sku[]; onDone: () => void; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  // Both kinds of window keep their fields, so switching back and forth loses nothing typed.
  const [defaultValues] = useState<FlashFormValues>(() => ({
    liveId,
    roomGoodsId: item.roomGoodsId,
    window: { kind: 'now', durationMinutes: '10', startsAt: toLocalInput(new Date(Date.now() + 10 * 60_000)), endsAt: toLocalInput(new Date(Date.now() + 40 * 60_000)) } as FlashFormValues['window'],
    payWindowSeconds: '600',
    skus: skus.map((s) => ({ include: true as const, skuId: s.id, flashPrice: '', flashStock: '', perUserLimit: '1' })),
  }));
  const form = useIssueForm(flashFormSchema, { defaultValues });
  const { register, control, formState, refuse, bindForm, submit } = form;
  const { errors, isSubmitted } = formState;
  const kind = useWatch({ control, name: 'window.kind' });
  const rows = useWatch({ control, name: 'skus' }) ?? [];
  const included = skus.filter((_, i) => rows[i]?.include);
  // The server numbers only the SKUs sent; the form has a row for every SKU.
  const rowOfSent = (path: string) => path.replace(/^skus\.(\d+)/, (_, n: string) => `skus.${skus.indexOf(included[Number(n)]!)}`) || null;
  const create = useMutation(
    trpc.flashSale.create.mutationOptions({
      onSuccess: () => {
        onDone();
        onClose();
      },
      onError: (error) => void refuse(error, rowOfSent),
    }),
  );
  const banner = create.error && serverIssues(create.error).length === 0 ? create.error : null;
  const onSubmit = submit((input) => create.mutate(input));

  const field = 'mt-1 w-full min-w-0 rounded-md border border-zinc-300 px-2 py-1 text-sm disabled:bg-zinc-50 aria-invalid:border-red-500';
  return (
    <form ref={bindForm} onSubmit={onSubmit} noValidate data-testid="flash-editor">
      <div className="mt-3 grid gap-2">
        <FormAlert errors={errors} submitted={isSubmitted} />
        <ErrorBanner error={banner} />
      </div>
      <fieldset className="mt-4 grid gap-3 md:grid-cols-2">
        <legend className="text-sm text-zinc-600">{t('flash.window')}</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" value="now" {...register('window.kind')} /> {t('flash.startNow')}
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" value="scheduled" {...register('window.kind')} /> {t('flash.scheduled')}
        </label>
        {kind === 'now' ? (
          <Field label={t('flash.duration')} name="window.durationMinutes" error={errorAt(errors, 'window.durationMinutes')}>
            {(p) => <input {...p} {...register('window.durationMinutes')} inputMode="numeric" className={field} />}
          </Field>
        ) : (
          <>
            <Field label={t('flash.startsAt')} name="window.startsAt" error={errorAt(errors, 'window.startsAt')}>
              {(p) => <input {...p} {...register('window.startsAt')} type="datetime-local" className={field} />}
            </Field>
            <Field label={t('flash.endsAt')} name="window.endsAt" error={errorAt(errors, 'window.endsAt')}>
              {(p) => <input {...p} {...register('window.endsAt')} type="datetime-local" className={field} />}
            </Field>
          </>
        )}
        <Field label={t('flash.payWindow')} name="payWindowSeconds" error={errorAt(errors, 'payWindowSeconds')}>
          {(p) => <input {...p} {...register('payWindowSeconds')} inputMode="numeric" className={field} />}
        </Field>
      </fieldset>
      <div className="mt-4 overflow-x-auto">
        <table className="w-full min-w-[30rem] text-sm">
          <thead className="text-left text-xs text-zinc-500">
            <tr>
              <th className="pr-2 font-normal whitespace-nowrap">{t('flash.include')}</th>
              <th className="pr-2 font-normal">SKU</th>
              <th className="pr-2 font-normal whitespace-nowrap">{t('flash.price')}</th>
              <th className="pr-2 font-normal whitespace-nowrap">{t('flash.stock')}</th>
              <th className="font-normal whitespace-nowrap">{t('flash.limit')}</th>
            </tr>
          </thead>
          <tbody>
            {skus.map((sku, i) => {
              const off = !rows[i]?.include;
              const cell = (name: 'flashPrice' | 'flashStock' | 'perUserLimit', label: string, inputMode: 'decimal' | 'numeric') => {
                const path = `skus.${i}.${name}` as const;
                const id = `flash-${i}-${name}`;
                const error = off ? undefined : errorAt(errors, path);
                return (
                  <td className="py-1 pr-2">
                    <input {...controlProps(id, error)} {...register(path)} aria-label={`${label} ${sku.skuCode}`} inputMode={inputMode} disabled={off} className={field} />
                    <FieldMessage id={id} name={path} error={error} />
                  </td>
                );
              };
              return (
                <tr key={sku.id} className="align-top">
                  <td className="py-1"><input type="checkbox" {...register(`skus.${i}.include`)} aria-label={`${t('flash.include')} ${sku.skuCode}`} /></td>
                  <td className="py-1 pr-2 text-zinc-600">
                    <span translate="no">{Object.values(sku.specs).join(' / ') || sku.skuCode}</span>
                    <span className="block text-xs whitespace-nowrap text-zinc-400">{formatFen(sku.price)} · {t('goods.stock')} {sku.stock}</span>
                  </td>
                  {cell('flashPrice', t('flash.price'), 'decimal')}
                  {cell('flashStock', t('flash.stock'), 'numeric')}
                  {cell('perUserLimit', t('flash.limit'), 'numeric')}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <FieldMessage id="flash-skus" name="skus" error={errorAt(errors, 'skus')} />
      <div className="mt-4 flex justify-end gap-2">
        <button type="button" onClick={onClose} className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm whitespace-nowrap">{t('desk.cancel')}</button>
        <button type="submit" disabled={create.isPending || included.length === 0} className="rounded-md bg-brand px-3 py-1.5 text-sm whitespace-nowrap text-white disabled:opacity-50">{t('flash.create')}</button>
      </div>
    </form>
  );
}
