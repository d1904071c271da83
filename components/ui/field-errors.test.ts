// The error components as a page renders them, in both languages: field errors and banners in
// the user's words with what the seller typed marked translate="no"; another shop's object
// without a retry button, a server failure with one.
import { createElement as h, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { NextIntlClientProvider } from 'next-intl';
import { describe, expect, it, vi } from 'vitest';
import type { Locale } from '@/components/i18n/config';
import { messages } from '@/components/i18n/messages';
import { ErrorBanner, FieldError, issuesOf } from './field-errors';
import { ErrorState } from './states';

// useI18n's language switch needs a router and the tRPC client; these renders never switch.
vi.mock('next/navigation', () => ({ useRouter: () => ({ refresh: () => {} }) }));
vi.mock('@/components/providers/trpc-provider', () => ({ useTRPCClient: () => ({}) }));

const render = (locale: Locale, node: ReactNode) =>
  renderToStaticMarkup(h(NextIntlClientProvider, { locale, messages: messages[locale], timeZone: 'Asia/Shanghai', children: node }));
/** The text a reader sees, without what is marked translate="no". */
const ours = (html: string) => html.replace(/<span translate="no">[^<]*<\/span>/g, '').replace(/<[^>]+>/g, '');
const han = /\p{Script=Han}/u;

const refused = { message: 'Flash stock 50 of SKU-RED is above its inventory 30', data: { code: 'BAD_REQUEST', httpStatus: 400, reason: 'ABOVE_INVENTORY', params: { skuCode: 'SKU-RED', flashStock: 50, stock: 30 } } };
const invalid = {
  message: '[…]',
  data: {
    code: 'BAD_REQUEST',
    httpStatus: 400,
    reason: null,
    zod: {
      issues: [
        { path: 'skus.1.skuCode', code: 'custom', key: 'invalid.sku.duplicateCode', params: { skuCode: 'COAT-BLK' } },
        { path: 'skus.1.skuCode', code: 'too_big', key: 'invalid.sku.codeTooLong', params: { maximum: 64 } },
        { path: 'title', code: 'too_big', key: null, params: { maximum: 120, origin: 'string' } },
      ],
    },
  },
};

describe('field errors and banners', () => {
  it('put each field’s first issue next to it, in the user’s words', () => {
    const issues = issuesOf(invalid);
    expect([...issues.keys()]).toEqual(['skus.1.skuCode', 'title']);
    const zh = render('zh', [h(FieldError, { key: 1, issues, path: 'skus.1.skuCode' }), h(FieldError, { key: 2, issues, path: 'title' })]);
    expect(zh).toContain('SKU 编码 <span translate="no">COAT-BLK</span> 重复了');
    expect(zh).toContain('data-field-error="title"');
    expect(zh).toContain('最多 120 个字');
    const en = render('en', h(FieldError, { issues, path: 'title' }));
    expect(ours(en)).toBe('At most 120 characters');
    expect(render('en', h(FieldError, { issues, path: 'price' }))).toBe('');
  });

  it('a refusal’s banner reads its figures in the user’s language, never the server’s sentence', () => {
    const zh = render('zh', h(ErrorBanner, { error: refused }));
    expect(ours(zh)).toBe('秒杀库存 50 超过了  的库存 30');
    expect(zh).toContain('<span translate="no">SKU-RED</span>');
    const en = render('en', h(ErrorBanner, { error: refused }));
    expect(ours(en)).toBe('Flash stock 50 is above ’s stock of 30');
    expect(en).not.toContain('inventory');
  });
});

describe('error states', () => {
  const notFound = { message: 'Live room 7 does not exist in your shop', data: { code: 'NOT_FOUND', httpStatus: 404, reason: null } };
  const forbidden = { message: 'Only host accounts can do this', data: { code: 'FORBIDDEN', httpStatus: 403, reason: null } };
  const failed = { message: 'Internal error', data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, reason: 'INTERNAL', requestId: 'req-9' } };
  const retry = () => {};

  it('another shop’s object: not found or not yours, and no retry', () => {
    for (const locale of ['zh', 'en'] as const) {
      for (const error of [notFound, forbidden]) {
        const html = render(locale, h(ErrorState, { error, onRetry: retry }));
        expect(html).not.toContain('<button');
        expect(html).not.toContain(error.message);
        if (locale === 'en') expect(ours(html)).not.toMatch(han);
        else expect(ours(html)).not.toMatch(/[A-Za-z]{3,}/);
      }
    }
    expect(ours(render('zh', h(ErrorState, { error: notFound, onRetry: retry })))).toBe('没有找到：可能已删除，或不属于你');
    expect(ours(render('en', h(ErrorState, { error: forbidden, onRetry: retry })))).toBe('This is not yours, or you have no access to it');
  });

  it('a failure that may pass: the words, the request id and a retry button', () => {
    const zh = render('zh', h(ErrorState, { error: failed, onRetry: retry }));
    expect(ours(zh)).toBe('出错了出错了，请稍后重试 （请求编号 req-9）重试');
    const en = render('en', h(ErrorState, { error: new Error('Failed to fetch'), onRetry: retry }));
    expect(ours(en)).toBe('Something went wrongCould not reach the server; check your connection and try againRetry');
  });
});
