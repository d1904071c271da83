'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Controller, useFieldArray, useWatch } from 'react-hook-form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { controlProps, errorAt, Field, FieldMessage, FormAlert } from '@/components/forms/field';
import { serverIssues } from '@/components/forms/issue-resolver';
import { fenToYuanText, yuan } from '@/components/forms/money';
import { arrayLike, listText, numberText, splitValues, withFormFields } from '@/components/forms/typed';
import { useIssueForm } from '@/components/forms/use-issue-form';
import { categoryName } from '@/components/i18n/category';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { ErrorBanner } from '@/components/ui/field-errors';
import { ErrorState, Loading } from '@/components/ui/states';
import { createGoodsInput } from '@/server/modules/catalog/catalog.schema';
import { specCombinations } from '@/server/modules/catalog/specs';

const server = createGoodsInput.shape;
const specRow = server.specDefs.element;
const skuRow = server.skus.element;

/** The server's goods input as the form holds it: prices in 元, stock and spec values as typed. */
export const goodsFormSchema = withFormFields(createGoodsInput, {
  specDefs: arrayLike(server.specDefs, withFormFields(specRow, { values: listText(specRow.shape.values) })),
  skus: arrayLike(server.skus, withFormFields(skuRow, { price: yuan(skuRow.shape.price), stock: numberText(skuRow.shape.stock) })),
});
export type GoodsFormValues = z.input<typeof goodsFormSchema>;
type SpecRow = GoodsFormValues['specDefs'][number];
type SkuRow = GoodsFormValues['skus'][number];

// A spec's values are typed as one text: an issue of one value is shown at that text.
const fieldOf = (path: string) => path.replace(/^(specDefs\.\d+\.values)\.\d+$/, '$1') || null;

const comboKey = (specs: Record<string, string>) => JSON.stringify(Object.entries(specs).sort());

// One SKU row per combination of the spec values; rows that still match keep what was typed.
function regenerateSkus(specs: SpecRow[], current: SkuRow[]): SkuRow[] {
  const defs = specs.filter((s) => s.name.trim()).map((s) => ({ name: s.name.trim(), values: splitValues(s.values) }));
  if (defs.some((d) => d.values.length === 0)) return current;
  const byKey = new Map(current.map((row) => [comboKey(row.specs), row]));
  return specCombinations(defs).map((specs, i) => byKey.get(comboKey(specs)) ?? { skuCode: `SKU-${String(i + 1).padStart(2, '0')}`, specs, price: current[0]?.price ?? '', stock: current[0]?.stock ?? '' });
}

export function EditGoods({ spuId }: { spuId: number }) {
  const trpc = useTRPC();
  const goods = useQuery(trpc.catalog.goodsById.queryOptions({ spuId }));
  if (goods.isPending) return <Loading />;
  if (goods.isError) return <ErrorState error={goods.error} onRetry={() => goods.refetch()} />;
  const g = goods.data;
  return (
    <GoodsForm
      key={g.id}
      spuId={g.id}
      initial={{
        title: g.title,
        subtitle: g.subtitle,
        description: g.description,
        categoryId: g.categoryId,
        images: g.images,
        specDefs: g.specDefs.map((d) => ({ name: d.name, values: d.values.join(',') })),
        skus: g.skus.map((s) => ({ id: s.id, skuCode: s.skuCode, specs: s.specs, price: fenToYuanText(s.price), stock: String(s.stock) })),
      }}
    />
  );
}

export function GoodsForm({ spuId, initial }: { spuId?: number; initial?: GoodsFormValues }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const categories = useQuery(trpc.catalog.categories.queryOptions());
  const library = useQuery(trpc.catalog.libraryImages.queryOptions());
  const form = useIssueForm(goodsFormSchema, {
    fieldOf,
    // A new goods starts with one spec named in the host's language (颜色 / Color) and one SKU.
    defaultValues: initial ?? {
      title: '',
      subtitle: '',
      description: '',
      images: [],
      specDefs: [{ name: t('goodsForm.defaultSpec'), values: '' }],
      skus: [{ skuCode: 'SKU-01', specs: {}, price: '', stock: '' }],
    },
  });
  const { register, control, getValues, setValue, formState, refuse, bindForm, submit } = form;
  const { errors, isSubmitted } = formState;
  const specs = useFieldArray({ control, name: 'specDefs' });
  const skus = useFieldArray({ control, name: 'skus' });
  const images = useWatch({ control, name: 'images' }) ?? [];
  const skuValues = useWatch({ control, name: 'skus' }) ?? [];

  const done = () => queryClient.invalidateQueries({ queryKey: trpc.catalog.pathKey() });
  const create = useMutation(trpc.catalog.create.mutationOptions({ onSuccess: () => { void done(); router.push('/console'); }, onError: (e) => void refuse(e) }));
  const update = useMutation(trpc.catalog.update.mutationOptions({ onSuccess: () => void done(), onError: (e) => void refuse(e) }));
  const saving = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  // A refusal that names fields is shown at them; any other (not your goods, a SKU in use …) here.
  const banner = error && serverIssues(error).length === 0 ? error : null;

  const regenerate = () => {
    const current = getValues('skus');
    const next = regenerateSkus(getValues('specDefs'), current);
    if (next.map((s) => comboKey(s.specs)).join() !== current.map((s) => comboKey(s.specs)).join()) skus.replace(next);
  };
  const setImages = (next: string[]) => setValue('images', next, { shouldDirty: true, shouldValidate: isSubmitted });
  const toggleImage = (url: string) => setImages(images.includes(url) ? images.filter((i) => i !== url) : [...images, url]);

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setUploading(true);
    setUploadError(null);
    const body = new FormData();
    body.set('file', file);
    const response = await fetch('/api/uploads', { method: 'POST', body });
    const json = (await response.json()) as { url?: string; error?: { message: string } };
    setUploading(false);
    if (json.url) setImages([...getValues('images'), json.url]);
    else setUploadError(json.error?.message ?? t('state.error'));
  };

  const onSubmit = submit((input) => (spuId ? update.mutate({ ...input, spuId }) : create.mutate(input)));

  const input = 'mt-1 w-full rounded-md border border-zinc-300 px-3 py-2 text-sm aria-invalid:border-red-500';
  const cell = 'w-full min-w-0 rounded-md border border-zinc-300 px-2 py-1 aria-invalid:border-red-500';
  const imagesError = errorAt(errors, 'images');
  return (
    <form ref={bindForm} onSubmit={onSubmit} noValidate className="mx-auto grid max-w-4xl gap-6" data-testid="goods-form">
      <div className="flex items-center justify-between gap-3">
        <h1 className="text-lg font-semibold">{spuId ? t('goodsForm.edit') : t('goodsForm.new')}</h1>
        <Link href="/console" className="shrink-0 text-sm text-zinc-600 hover:text-brand">{t('goodsForm.back')}</Link>
      </div>
      <FormAlert errors={errors} submitted={isSubmitted} />
      <ErrorBanner error={banner} />
      {update.isSuccess && !error && !formState.isDirty ? <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-700">{t('goodsForm.saved')}</p> : null}

      <div className="grid gap-4 rounded-xl bg-white p-5 md:grid-cols-2">
        <Field label={t('goodsForm.title')} name="title" error={errorAt(errors, 'title')} className="text-sm md:col-span-2">
          {(p) => <input {...p} {...register('title')} className={input} />}
        </Field>
        <Field label={t('goodsForm.subtitle')} name="subtitle" error={errorAt(errors, 'subtitle')}>
          {(p) => <input {...p} {...register('subtitle')} className={input} />}
        </Field>
        <Field label={t('goodsForm.category')} name="categoryId" error={errorAt(errors, 'categoryId')}>
          {(p) => (
            <Controller
              control={control}
              name="categoryId"
              render={({ field }) => (
                <select
                  {...p}
                  name="categoryId"
                  ref={field.ref}
                  value={field.value ?? ''}
                  onBlur={field.onBlur}
                  onChange={(e) => field.onChange(e.target.value === '' ? undefined : Number(e.target.value))}
                  className={input}
                >
                  <option value="">{t('goodsForm.chooseCategory')}</option>
                  {categories.data?.map((c) => (
                    <option key={c.id} value={c.id}>{categoryName(c, locale)}</option>
                  ))}
                </select>
              )}
            />
          )}
        </Field>
        <Field label={t('goodsForm.description')} name="description" error={errorAt(errors, 'description')} className="text-sm md:col-span-2">
          {(p) => <textarea {...p} {...register('description')} rows={3} className={input} />}
        </Field>
      </div>

      <fieldset className="rounded-xl bg-white p-5">
        <legend className="text-sm font-medium">{t('goodsForm.images')}</legend>
        {/* Focus lands here when no image is chosen: the error is read with the list. */}
        <div tabIndex={-1} {...controlProps('goods-images', imagesError)} className="rounded-md outline-none focus:ring-2 focus:ring-red-300">
          <ul className="flex flex-wrap gap-2" data-testid="chosen-images">
            {images.map((url) => (
              <li key={url} className="relative">
                <img src={url} alt="" className="size-20 rounded-md object-cover ring-2 ring-brand" />
                <button type="button" onClick={() => toggleImage(url)} className="absolute right-0 top-0 rounded-bl-md bg-black/60 px-1 text-xs text-white" aria-label={t('goodsForm.remove')}>×</button>
              </li>
            ))}
          </ul>
          <FieldMessage id="goods-images" name="images" error={imagesError} />
        </div>
        <p className="mt-4 text-xs text-zinc-500">{t('goodsForm.library')}</p>
        <div className="mt-2 flex flex-wrap gap-2">
          {library.data?.map((url) => (
            <button key={url} type="button" onClick={() => toggleImage(url)} aria-pressed={images.includes(url)} className={`rounded-md ${images.includes(url) ? 'ring-2 ring-brand' : 'opacity-70 hover:opacity-100'}`}>
              <img src={url} alt={url.split('/').pop()} className="size-12 rounded-md object-cover" />
            </button>
          ))}
        </div>
        <label className="mt-4 inline-block cursor-pointer rounded-md border border-zinc-300 px-3 py-1.5 text-sm">
          {uploading ? t('goodsForm.uploading') : t('goodsForm.upload')}
          <input type="file" accept="image/png,image/jpeg,image/webp,image/gif" className="sr-only" onChange={(e) => void upload(e.target.files?.[0])} />
        </label>
        {uploadError ? <span role="alert" className="ml-3 text-xs text-red-600">{uploadError}</span> : null}
      </fieldset>

      <fieldset className="rounded-xl bg-white p-5">
        <legend className="text-sm font-medium">{t('goodsForm.specs')}</legend>
        {specs.fields.map((spec, i) => (
          <div key={spec.id} className="mt-2 grid gap-2 md:grid-cols-[12rem_1fr_auto]">
            <SpecInput name={`specDefs.${i}.name`} label={t('goodsForm.specName')} error={errorAt(errors, `specDefs.${i}.name`)} input={input}>
              {register(`specDefs.${i}.name`, { onChange: regenerate })}
            </SpecInput>
            <SpecInput name={`specDefs.${i}.values`} label={t('goodsForm.specValues')} error={errorAt(errors, `specDefs.${i}.values`)} input={input}>
              {register(`specDefs.${i}.values`, { onChange: regenerate })}
            </SpecInput>
            <button
              type="button"
              onClick={() => {
                specs.remove(i);
                regenerate();
              }}
              className="self-start rounded-md px-2 py-2 text-sm text-zinc-500 hover:text-red-600"
            >
              {t('goodsForm.remove')}
            </button>
          </div>
        ))}
        <FieldMessage id="goods-specs" name="specDefs" error={errorAt(errors, 'specDefs')} />
        {specs.fields.length < 3 ? (
          <button type="button" onClick={() => specs.append({ name: '', values: '' }, { shouldFocus: true })} className="mt-3 rounded-md border border-zinc-300 px-3 py-1.5 text-sm">
            {t('goodsForm.addSpec')}
          </button>
        ) : null}
      </fieldset>

      <fieldset className="min-w-0 rounded-xl bg-white p-5">
        <legend className="text-sm font-medium">{t('goodsForm.skus')}</legend>
        <FieldMessage id="goods-skus" name="skus" error={errorAt(errors, 'skus')} />
        <div className="overflow-x-auto">
          <table className="mt-2 w-full min-w-[32rem] text-sm" data-testid="sku-table">
            <thead className="text-left text-xs text-zinc-500">
              <tr>
                <th className="py-1 font-normal">{t('goodsForm.specs')}</th>
                <th className="py-1 font-normal">{t('goodsForm.skuCode')}</th>
                <th className="py-1 font-normal whitespace-nowrap">{t('goodsForm.price')}</th>
                <th className="py-1 font-normal">{t('goodsForm.stock')}</th>
              </tr>
            </thead>
            <tbody>
              {skus.fields.map((sku, i) => {
                const specsError = errorAt(errors, `skus.${i}.specs`);
                return (
                  <tr key={sku.id} className="align-top">
                    <td className="py-1 pr-2 text-zinc-600">
                      <span translate="no">{Object.values(skuValues[i]?.specs ?? sku.specs).join(' / ') || '—'}</span>
                      <FieldMessage id={`goods-sku-${i}-specs`} name={`skus.${i}.specs`} error={specsError} />
                    </td>
                    <SkuCell name={`skus.${i}.skuCode`} label={`${t('goodsForm.skuCode')} ${i + 1}`} error={errorAt(errors, `skus.${i}.skuCode`)} className={cell}>
                      {register(`skus.${i}.skuCode`)}
                    </SkuCell>
                    <SkuCell name={`skus.${i}.price`} label={`${t('goodsForm.price')} ${i + 1}`} error={errorAt(errors, `skus.${i}.price`)} className={cell} inputMode="decimal">
                      {register(`skus.${i}.price`)}
                    </SkuCell>
                    <SkuCell name={`skus.${i}.stock`} label={`${t('goodsForm.stock')} ${i + 1}`} error={errorAt(errors, `skus.${i}.stock`)} className={cell} inputMode="numeric">
                      {register(`skus.${i}.stock`)}
                    </SkuCell>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </fieldset>

      <div className="flex justify-end">
        <button type="submit" disabled={saving} className="rounded-md bg-brand px-6 py-2 whitespace-nowrap text-white disabled:opacity-50">
          {saving ? t('goodsForm.saving') : t('goodsForm.save')}
        </button>
      </div>
    </form>
  );
}

type Registered = ReturnType<ReturnType<typeof useIssueForm<typeof goodsFormSchema>>['register']>;

/** A spec's name or values: the placeholder shows an example, aria-label names it. */
function SpecInput({ name, label, error, input, children }: { name: string; label: string; error: ReturnType<typeof errorAt>; input: string; children: Registered }) {
  const id = `goods-${name.replace(/\./g, '-')}`;
  return (
    <div>
      <input {...controlProps(id, error)} {...children} aria-label={label} placeholder={label} className={input} />
      <FieldMessage id={id} name={name} error={error} />
    </div>
  );
}

/** A cell of the SKU table: the column head names it for the eye, aria-label for a reader. */
function SkuCell({ name, label, error, className, inputMode, children }: { name: string; label: string; error: ReturnType<typeof errorAt>; className: string; inputMode?: 'decimal' | 'numeric'; children: Registered }) {
  const id = `goods-${name.replace(/\./g, '-')}`;
  return (
    <td className="py-1 pr-2">
      <input {...controlProps(id, error)} {...children} aria-label={label} inputMode={inputMode} className={className} />
      <FieldMessage id={id} name={name} error={error} />
    </td>
  );
}
