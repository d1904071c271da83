'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { ErrorBanner, FieldError, issuesOf } from '@/components/ui/field-errors';
import { ErrorState, Loading } from '@/components/ui/states';
import { specCombinations } from '@/server/modules/catalog/specs';

interface SpecRow {
  name: string;
  values: string;
}
interface SkuRow {
  id?: number;
  skuCode: string;
  specs: Record<string, string>;
  price: string; // yuan, as typed
  stock: string;
}
export interface GoodsFormValues {
  title: string;
  subtitle: string;
  description: string;
  categoryId: string;
  images: string[];
  specs: SpecRow[];
  skus: SkuRow[];
}

const EMPTY: GoodsFormValues = {
  title: '',
  subtitle: '',
  description: '',
  categoryId: '',
  images: [],
  specs: [{ name: '颜色', values: '' }],
  skus: [{ skuCode: 'SKU-01', specs: {}, price: '', stock: '' }],
};

const splitValues = (text: string) => [...new Set(text.split(/[,，、]/).map((v) => v.trim()).filter(Boolean))];
const comboKey = (specs: Record<string, string>) => JSON.stringify(Object.entries(specs).sort());

/** Yuan as typed → whole fen; NaN stays NaN so the server names the field. */
export function yuanToFen(text: string): number {
  if (!/^\d+(\.\d{1,2})?$/.test(text.trim())) return Number.NaN;
  return Math.round(Number(text) * 100);
}

// One SKU row per combination of the spec values; rows that still match keep what was typed.
function regenerateSkus(specs: SpecRow[], current: SkuRow[]): SkuRow[] {
  const defs = specs.filter((s) => s.name.trim()).map((s) => ({ name: s.name.trim(), values: splitValues(s.values) }));
  if (defs.some((d) => d.values.length === 0)) return current;
  const byKey = new Map(current.map((row) => [comboKey(row.specs), row]));
  return specCombinations(defs).map((specs, i) => byKey.get(comboKey(specs)) ?? { skuCode: `SKU-${String(i + 1).padStart(2, '0')}`, specs, price: current[0]?.price ?? '', stock: current[0]?.stock ?? '' });
}

function toInput(values: GoodsFormValues) {
  return {
    title: values.title,
    subtitle: values.subtitle,
    description: values.description,
    categoryId: Number(values.categoryId) || 0,
    images: values.images,
    specDefs: values.specs.filter((s) => s.name.trim() || s.values.trim()).map((s) => ({ name: s.name.trim(), values: splitValues(s.values) })),
    skus: values.skus.map((s) => ({ ...(s.id ? { id: s.id } : {}), skuCode: s.skuCode, specs: s.specs, price: yuanToFen(s.price), stock: /^\d+$/.test(s.stock.trim()) ? Number(s.stock) : Number.NaN })),
  };
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
        categoryId: String(g.categoryId),
        images: g.images,
        specs: g.specDefs.map((d) => ({ name: d.name, values: d.values.join(',') })),
        skus: g.skus.map((s) => ({ id: s.id, skuCode: s.skuCode, specs: s.specs, price: (s.price / 100).toFixed(2), stock: String(s.stock) })),
      }}
    />
  );
}

export function GoodsForm({ spuId, initial = EMPTY }: { spuId?: number; initial?: GoodsFormValues }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<GoodsFormValues>(initial);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const categories = useQuery(trpc.catalog.categories.queryOptions());
  const library = useQuery(trpc.catalog.libraryImages.queryOptions());
  const done = () => queryClient.invalidateQueries({ queryKey: trpc.catalog.pathKey() });
  const create = useMutation(trpc.catalog.create.mutationOptions({ onSuccess: () => { void done(); router.push('/console'); } }));
  const update = useMutation(trpc.catalog.update.mutationOptions({ onSuccess: () => void done() }));
  const saving = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  const issues = issuesOf(error);

  const set = <K extends keyof GoodsFormValues>(key: K, value: GoodsFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const setSpecs = (specs: SpecRow[]) => setValues((v) => ({ ...v, specs, skus: regenerateSkus(specs, v.skus) }));
  const setSku = (index: number, patch: Partial<SkuRow>) => setValues((v) => ({ ...v, skus: v.skus.map((s, i) => (i === index ? { ...s, ...patch } : s)) }));
  const toggleImage = (url: string) => set('images', values.images.includes(url) ? values.images.filter((i) => i !== url) : [...values.images, url]);

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setUploading(true);
    setUploadError(null);
    const body = new FormData();
    body.set('file', file);
    const response = await fetch('/api/uploads', { method: 'POST', body });
    const json = (await response.json()) as { url?: string; error?: { message: string } };
    setUploading(false);
    if (json.url) set('images', [...values.images, json.url]);
    else setUploadError(json.error?.message ?? t('state.error'));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = toInput(values);
    if (spuId) update.mutate({ ...input, spuId });
    else create.mutate(input);
  };

  const input = 'mt-1 w-full rounded-md border border-zinc-300 px-3 py-2 text-sm';
  return (
    <form onSubmit={submit} noValidate className="mx-auto grid max-w-4xl gap-6" data-testid="goods-form">
      <div className="flex items-center justify-between">
        <h1 className="text-lg font-semibold">{spuId ? t('goodsForm.edit') : t('goodsForm.new')}</h1>
        <Link href="/console" className="text-sm text-zinc-600 hover:text-brand">{t('goodsForm.back')}</Link>
      </div>
      {error ? <ErrorBanner error={issues.size ? { message: t('goodsForm.fixErrors') } : error} /> : null}
      {update.isSuccess && !error ? <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-700">{t('goodsForm.saved')}</p> : null}

      <div className="grid gap-4 rounded-xl bg-white p-5 md:grid-cols-2">
        <label className="text-sm md:col-span-2">
          {t('goodsForm.title')}
          <input name="title" value={values.title} onChange={(e) => set('title', e.target.value)} className={input} />
          <FieldError issues={issues} path="title" />
        </label>
        <label className="text-sm">
          {t('goodsForm.subtitle')}
          <input name="subtitle" value={values.subtitle} onChange={(e) => set('subtitle', e.target.value)} className={input} />
          <FieldError issues={issues} path="subtitle" />
        </label>
        <label className="text-sm">
          {t('goodsForm.category')}
          <select name="categoryId" value={values.categoryId} onChange={(e) => set('categoryId', e.target.value)} className={input}>
            <option value="">{t('goodsForm.chooseCategory')}</option>
            {categories.data?.map((c) => (
              <option key={c.id} value={c.id}>{c.name}</option>
            ))}
          </select>
          <FieldError issues={issues} path="categoryId" />
        </label>
        <label className="text-sm md:col-span-2">
          {t('goodsForm.description')}
          <textarea name="description" rows={3} value={values.description} onChange={(e) => set('description', e.target.value)} className={input} />
          <FieldError issues={issues} path="description" />
        </label>
      </div>

      <fieldset className="rounded-xl bg-white p-5">
        <legend className="text-sm font-medium">{t('goodsForm.images')}</legend>
        <ul className="flex flex-wrap gap-2" data-testid="chosen-images">
          {values.images.map((url) => (
            <li key={url} className="relative">
              <img src={url} alt="" className="size-20 rounded-md object-cover ring-2 ring-brand" />
              <button type="button" onClick={() => toggleImage(url)} className="absolute right-0 top-0 rounded-bl-md bg-black/60 px-1 text-xs text-white" aria-label={t('goodsForm.remove')}>×</button>
            </li>
          ))}
        </ul>
        <FieldError issues={issues} path="images" />
        <p className="mt-4 text-xs text-zinc-500">{t('goodsForm.library')}</p>
        <div className="mt-2 flex flex-wrap gap-2">
          {library.data?.map((url) => (
            <button key={url} type="button" onClick={() => toggleImage(url)} aria-pressed={values.images.includes(url)} className={`rounded-md ${values.images.includes(url) ? 'ring-2 ring-brand' : 'opacity-70 hover:opacity-100'}`}>
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
        {values.specs.map((spec, i) => (
          <div key={i} className="mt-2 grid gap-2 md:grid-cols-[12rem_1fr_auto]">
            <label>
              <input aria-label={t('goodsForm.specName')} placeholder={t('goodsForm.specName')} value={spec.name} onChange={(e) => setSpecs(values.specs.map((s, j) => (j === i ? { ...s, name: e.target.value } : s)))} className={input} />
              <FieldError issues={issues} path={`specDefs.${i}.name`} />
            </label>
            <label>
              <input aria-label={t('goodsForm.specValues')} placeholder={t('goodsForm.specValues')} value={spec.values} onChange={(e) => setSpecs(values.specs.map((s, j) => (j === i ? { ...s, values: e.target.value } : s)))} className={input} />
              <FieldError issues={issues} path={`specDefs.${i}.values`} />
            </label>
            <button type="button" onClick={() => setSpecs(values.specs.filter((_, j) => j !== i))} className="self-start rounded-md px-2 py-2 text-sm text-zinc-500 hover:text-red-600">{t('goodsForm.remove')}</button>
          </div>
        ))}
        <FieldError issues={issues} path="specDefs" />
        {values.specs.length < 3 ? (
          <button type="button" onClick={() => setSpecs([...values.specs, { name: '', values: '' }])} className="mt-3 rounded-md border border-zinc-300 px-3 py-1.5 text-sm">
            {t('goodsForm.addSpec')}
          </button>
        ) : null}
      </fieldset>

      <fieldset className="rounded-xl bg-white p-5">
        <legend className="text-sm font-medium">{t('goodsForm.skus')}</legend>
        <FieldError issues={issues} path="skus" />
        <table className="mt-2 w-full text-sm" data-testid="sku-table">
          <thead className="text-left text-xs text-zinc-500">
            <tr>
              <th className="py-1">{t('goodsForm.specs')}</th>
              <th className="py-1">{t('goodsForm.skuCode')}</th>
              <th className="py-1">{t('goodsForm.price')}</th>
              <th className="py-1">{t('goodsForm.stock')}</th>
            </tr>
          </thead>
          <tbody>
            {values.skus.map((sku, i) => (
              <tr key={comboKey(sku.specs) + i} className="align-top">
                <td className="py-1 pr-2 text-zinc-600">
                  {Object.values(sku.specs).join(' / ') || '—'}
                  <FieldError issues={issues} path={`skus.${i}.specs`} />
                </td>
                <td className="py-1 pr-2">
                  <input aria-label={`${t('goodsForm.skuCode')} ${i + 1}`} value={sku.skuCode} onChange={(e) => setSku(i, { skuCode: e.target.value })} className="w-full rounded-md border border-zinc-300 px-2 py-1" />
                  <FieldError issues={issues} path={`skus.${i}.skuCode`} />
                </td>
                <td className="py-1 pr-2">
                  <input aria-label={`${t('goodsForm.price')} ${i + 1}`} inputMode="decimal" value={sku.price} onChange={(e) => setSku(i, { price: e.target.value })} className="w-full rounded-md border border-zinc-300 px-2 py-1" />
                  <FieldError issues={issues} path={`skus.${i}.price`} />
                </td>
                <td className="py-1">
                  <input aria-label={`${t('goodsForm.stock')} ${i + 1}`} inputMode="numeric" value={sku.stock} onChange={(e) => setSku(i, { stock: e.target.value })} className="w-full rounded-md border border-zinc-300 px-2 py-1" />
                  <FieldError issues={issues} path={`skus.${i}.stock`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>

      <div className="flex justify-end">
        <button type="submit" disabled={saving} className="rounded-md bg-brand px-6 py-2 text-white disabled:opacity-50">
          {saving ? t('goodsForm.saving') : t('goodsForm.save')}
        </button>
      </div>
    </form>
  );
}
