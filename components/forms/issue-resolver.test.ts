import type { ResolverOptions } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hasMessage, translate } from '@/components/i18n/messages';
import { issueResolver, serverIssues, type Words } from './issue-resolver';
import { yuan } from './money';
import { arrayLike, listText, numberText, withFormFields } from './typed';

const wordsOf = (locale: 'zh' | 'en'): Words => ({ t: (key, values) => translate(locale, key, values), has: hasMessage });

// A server schema in the house style: message keys, one cross-field rule.
const server = z
  .object({
    title: z.string().trim().min(1, 'invalid.goods.titleRequired').max(120),
    specDefs: z.array(z.object({ name: z.string(), values: z.array(z.string().max(3)).min(1) })).max(3),
    skus: z.array(z.object({ price: z.number().int().positive().max(100_000_000), stock: z.number().int().min(0) })).min(1),
  })
  .superRefine((value, ctx) => {
    if (value.skus.length > 1 && value.skus[0]!.price === value.skus[1]!.price) ctx.addIssue({ code: 'custom', path: ['skus'], message: 'invalid.sku.sameSpecs' });
  });
const skuShape = server.shape.skus.element.shape;
const form = withFormFields(server, {
  specDefs: arrayLike(server.shape.specDefs, server.shape.specDefs.element.extend({ values: listText(server.shape.specDefs.element.shape.values) })),
  skus: arrayLike(server.shape.skus, z.object({ price: yuan(skuShape.price), stock: numberText(skuShape.stock) })),
});
const fieldOf = (path: string) => path.replace(/^(specDefs\.\d+\.values)\.\d+$/, '$1') || null;

const options = (names: string[]): ResolverOptions<z.input<typeof form>> => ({ fields: {}, names: names as never, shouldUseNativeValidation: false });

async function resolve(locale: 'zh' | 'en', values: z.input<typeof form>) {
  return issueResolver(form, wordsOf(locale), fieldOf)(values, undefined, options(['title', 'specDefs.0.values', 'skus.0.price', 'skus.0.stock', 'skus.1.price', 'skus.1.stock']));
}

describe('issueResolver', () => {
  it('hands the submit the server input: fen, numbers, arrays', async () => {
    const result = await resolve('zh', { title: ' 面霜 ', specDefs: [{ name: '颜色', values: '黑, 白，黑' }], skus: [{ price: '19.9', stock: '3' }] });
    expect(result.errors).toEqual({});
    expect(result.values).toEqual({ title: '面霜', specDefs: [{ name: '颜色', values: ['黑', '白'] }], skus: [{ price: 1990, stock: 3 }] });
  });

  it('words every field like the server does, with figures, in both languages', async () => {
    const values = { title: 'x'.repeat(121), specDefs: [{ name: '颜色', values: '黑,白色系列' }], skus: [{ price: '12.345', stock: '1.5' }, { price: '-5', stock: '' }] };
    const zh = await resolve('zh', values);
    const en = await resolve('en', values);
    const text = (result: typeof zh, path: string) => path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], result.errors) as { message: string; type: string };
    expect(text(zh, 'title').message).toBe('最多 120 个字');
    expect(text(en, 'title').message).toBe('At most 120 characters');
    // An element of a list typed as one text is shown at that text.
    expect(text(zh, 'specDefs.0.values').message).toBe('最多 3 个字');
    expect(text(zh, 'skus.0.price').message).toBe('价格最多两位小数');
    expect(text(en, 'skus.0.price').message).toBe('Use at most two decimals');
    expect(text(zh, 'skus.1.price').message).toBe('价格须大于 0');
    expect(text(zh, 'skus.0.stock')).toMatchObject({ type: 'invalid_type' });
    expect(text(zh, 'skus.1.stock').message).toBe('必填');
    expect(text(en, 'skus.1.stock').message).toBe('Required');
  });

  it('keeps the issue with the error, and the cross-field rules of the server schema', async () => {
    const result = await resolve('en', { title: 'ok', specDefs: [], skus: [{ price: '1', stock: '1' }, { price: '1.00', stock: '2' }] });
    // An array's own error sits on its root when its elements are fields.
    expect(result.errors.skus).toMatchObject({ root: { type: 'custom', message: 'Two SKUs have the same specs', issue: { path: 'skus', key: 'invalid.sku.sameSpecs' } } });
  });

  it('keeps the server array rules', async () => {
    const result = await resolve('zh', { title: 'ok', specDefs: [], skus: [] });
    expect(result.errors.skus).toMatchObject({ root: { message: '至少 1 项' } });
  });
});

describe('serverIssues', () => {
  it('reads the issues of a tRPC refusal', () => {
    const refusal = { data: { zod: { issues: [{ path: 'title', code: 'too_big', key: null, params: { maximum: 120, origin: 'string' } }] } } };
    expect(serverIssues(refusal)).toEqual([{ path: 'title', code: 'too_big', key: null, params: { maximum: 120, origin: 'string' } }]);
    expect(serverIssues({ data: { zod: null, reason: 'SOLD_OUT' } })).toEqual([]);
    expect(serverIssues(new Error('boom'))).toEqual([]);
    expect(serverIssues(null)).toEqual([]);
  });
});
