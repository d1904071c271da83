import { z } from 'zod';
import { dbId } from '@/server/validation';

const fen = z
  .number({ error: 'Enter a price' })
  .int('Price must be in whole fen')
  .positive('Price must be greater than 0')
  .max(100_000_000, 'Price must be at most ¥1,000,000');
const stock = z.number({ error: 'Enter a stock' }).int('Stock must be a whole number').min(0, 'Stock cannot be negative').max(10_000_000, 'Stock must be at most 10,000,000');
const id = dbId;

/** Images are files shipped in public/goods or uploaded by the host (served under /uploads). */
export const imagePath = z
  .string()
  .max(200)
  .regex(/^\/(goods|uploads)\/[A-Za-z0-9._-]+\.(svg|png|jpe?g|webp|gif)$/, 'Choose an image from the library or upload one');

export const specDef = z.object({
  name: z.string().trim().min(1, 'Name the spec, e.g. 颜色').max(20, 'At most 20 characters'),
  values: z.array(z.string().trim().min(1, 'Empty value').max(30, 'At most 30 characters')).min(1, 'Add at least one value').max(50, 'At most 50 values'),
});
export type SpecDef = z.infer<typeof specDef>;

export const skuInput = z.object({
  /** Present when editing an existing SKU. */
  id: id.optional(),
  skuCode: z
    .string()
    .trim()
    .min(1, 'Enter a SKU code')
    .max(64, 'At most 64 characters')
    .regex(/^[A-Za-z0-9_-]+$/, 'Letters, digits, - and _ only'),
  specs: z.record(z.string(), z.string()),
  price: fen,
  stock,
});
export type SkuInput = z.infer<typeof skuInput>;

const goodsFields = z.object({
  title: z.string().trim().min(1, 'Enter a title').max(120, 'At most 120 characters'),
  subtitle: z.string().trim().max(200, 'At most 200 characters').default(''),
  description: z.string().trim().max(4000, 'At most 4000 characters').default(''),
  categoryId: id,
  images: z.array(imagePath).min(1, 'Add at least one image').max(9, 'At most 9 images'),
  specDefs: z.array(specDef).max(3, 'At most 3 spec dimensions'),
  skus: z.array(skuInput).min(1, 'Add at least one SKU').max(200, 'At most 200 SKUs'),
});

// Cross-field rules: unique codes, and every SKU is one combination of the spec values.
function checkSkus(value: z.infer<typeof goodsFields>, ctx: z.RefinementCtx) {
  const names = value.specDefs.map((d) => d.name);
  if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', path: ['specDefs'], message: 'Spec names must differ' });
  const codes = new Set<string>();
  const combos = new Set<string>();
  value.skus.forEach((sku, i) => {
    if (codes.has(sku.skuCode)) ctx.addIssue({ code: 'custom', path: ['skus', i, 'skuCode'], message: `SKU code ${sku.skuCode} is used twice` });
    codes.add(sku.skuCode);
    const keys = Object.keys(sku.specs).sort();
    if (keys.join('|') !== [...names].sort().join('|')) {
      ctx.addIssue({ code: 'custom', path: ['skus', i, 'specs'], message: `Give a value for each spec: ${names.join(', ') || 'none'}` });
      return;
    }
    for (const def of value.specDefs) {
      if (!def.values.includes(sku.specs[def.name]!)) {
        ctx.addIssue({ code: 'custom', path: ['skus', i, 'specs'], message: `"${sku.specs[def.name]}" is not a value of ${def.name}` });
      }
    }
    const combo = names.map((n) => sku.specs[n]).join('|');
    if (combos.has(combo)) ctx.addIssue({ code: 'custom', path: ['skus', i, 'specs'], message: 'Two SKUs have the same specs' });
    combos.add(combo);
  });
}

export const createGoodsInput = goodsFields.superRefine(checkSkus);
export type CreateGoodsInput = z.infer<typeof createGoodsInput>;

export const updateGoodsInput = goodsFields.extend({ spuId: id }).superRefine(checkSkus);
export type UpdateGoodsInput = z.infer<typeof updateGoodsInput>;

export const listShopGoodsInput = z.object({
  search: z.string().trim().max(60).optional(),
  categoryId: id.optional(),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
export type ListShopGoodsInput = z.infer<typeof listShopGoodsInput>;

export const spuIdInput = z.object({ spuId: id });

export const goodsDetailInput = z.object({
  spuId: id,
  /** The room the viewer came from (deep link live_id); decides the flash price and visibility. */
  liveId: id.optional(),
});
export type GoodsDetailInput = z.infer<typeof goodsDetailInput>;

export const changeStockInput = z.object({ skuId: id, stock });
export type ChangeStockInput = z.infer<typeof changeStockInput>;
