import { z } from 'zod';
import { dbId, dbIdWith } from '@/server/validation';

/** The highest price in fen (¥1,000,000.00); the words of invalid.price.tooHigh say it in 元. */
export const MAX_PRICE_FEN = 100_000_000;
// Integer fen: a whole number of fen is a price of at most two decimals in 元.
const fen = z.number({ error: 'invalid.price.required' }).int('invalid.price.decimals').positive('invalid.price.positive').max(MAX_PRICE_FEN, 'invalid.price.tooHigh');
const stock = z.number({ error: 'invalid.stock.required' }).int('invalid.stock.whole').min(0, 'invalid.stock.negative').max(10_000_000, 'invalid.stock.tooHigh');
const id = dbId;

/** Images are files shipped in public/goods or uploaded by the host (served under /uploads). */
export const imagePath = z
  .string()
  .max(200, 'invalid.image.path')
  .regex(/^\/(goods|uploads)\/[A-Za-z0-9._-]+\.(svg|png|jpe?g|webp|gif)$/, 'invalid.image.path');

export const specDef = z.object({
  name: z.string().trim().min(1, 'invalid.spec.nameRequired').max(20, 'invalid.spec.nameTooLong'),
  values: z
    .array(z.string().trim().min(1, 'invalid.spec.valueRequired').max(30, 'invalid.spec.valueTooLong'))
    .min(1, 'invalid.spec.valuesRequired')
    .max(50, 'invalid.spec.tooManyValues'),
});
export type SpecDef = z.infer<typeof specDef>;

export const skuInput = z.object({
  /** Present when editing an existing SKU. */
  id: id.optional(),
  skuCode: z
    .string()
    .trim()
    .min(1, 'invalid.sku.codeRequired')
    .max(64, 'invalid.sku.codeTooLong')
    .regex(/^[A-Za-z0-9_-]+$/, 'invalid.sku.codeFormat'),
  specs: z.record(z.string(), z.string()),
  price: fen,
  stock,
});
export type SkuInput = z.infer<typeof skuInput>;

const goodsFields = z.object({
  title: z.string().trim().min(1, 'invalid.goods.titleRequired').max(120, 'invalid.goods.titleTooLong'),
  subtitle: z.string().trim().max(200, 'invalid.goods.subtitleTooLong').default(''),
  description: z.string().trim().max(4000, 'invalid.goods.descriptionTooLong').default(''),
  // A form with no category chosen sends nothing (or 0): "choose a category", not "no such item".
  categoryId: dbIdWith('invalid.goods.categoryRequired'),
  images: z.array(imagePath).min(1, 'invalid.goods.imagesRequired').max(9, 'invalid.goods.tooManyImages'),
  specDefs: z.array(specDef).max(3, 'invalid.goods.tooManySpecs'),
  skus: z.array(skuInput).min(1, 'invalid.sku.required').max(200, 'invalid.sku.tooMany'),
});

// Cross-field rules: unique codes, and every SKU is one combination of the spec values.
function checkSkus(value: z.infer<typeof goodsFields>, ctx: z.RefinementCtx) {
  const names = value.specDefs.map((d) => d.name);
  if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', path: ['specDefs'], message: 'invalid.spec.duplicateName' });
  const codes = new Set<string>();
  const combos = new Set<string>();
  value.skus.forEach((sku, i) => {
    if (codes.has(sku.skuCode)) ctx.addIssue({ code: 'custom', path: ['skus', i, 'skuCode'], message: 'invalid.sku.duplicateCode', params: { skuCode: sku.skuCode } });
    codes.add(sku.skuCode);
    const keys = Object.keys(sku.specs).sort();
    if (keys.join('|') !== [...names].sort().join('|')) {
      if (names.length) ctx.addIssue({ code: 'custom', path: ['skus', i, 'specs'], message: 'invalid.sku.specsMissing', params: { specs: names.join(' / ') } });
      else ctx.addIssue({ code: 'custom', path: ['skus', i, 'specs'], message: 'invalid.sku.noSpecs' });
      return;
    }
    for (const def of value.specDefs) {
      if (!def.values.includes(sku.specs[def.name]!)) {
        ctx.addIssue({ code: 'custom', path: ['skus', i, 'specs'], message: 'invalid.sku.notAValue', params: { value: sku.specs[def.name] ?? '', spec: def.name } });
      }
    }
    const combo = names.map((n) => sku.specs[n]).join('|');
    if (combos.has(combo)) ctx.addIssue({ code: 'custom', path: ['skus', i, 'specs'], message: 'invalid.sku.sameSpecs' });
    combos.add(combo);
  });
}

export const createGoodsInput = goodsFields.superRefine(checkSkus);
export type CreateGoodsInput = z.infer<typeof createGoodsInput>;

export const updateGoodsInput = goodsFields.extend({ spuId: id }).superRefine(checkSkus);
export type UpdateGoodsInput = z.infer<typeof updateGoodsInput>;

export const listShopGoodsInput = z.object({
  search: z.string().trim().max(60, 'invalid.goods.searchTooLong').optional(),
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
