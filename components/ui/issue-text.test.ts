// Errors in both languages: broken rules of the real schemas and refusals with their figures
// read in the viewer's language — no Han characters in English, no English words in Chinese
// (what the seller typed, marked translate="no", aside).
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import type { Locale } from '@/components/i18n/config';
import { hasMessage, messages, type MessageKey, type MessageValues } from '@/components/i18n/messages';
import { createGoodsInput } from '@/server/modules/catalog/catalog.schema';
import { createSaleInput } from '@/server/modules/flash-sale/flash-sale.schema';
import { addressInput } from '@/server/modules/orders/orders.schema';
import { signUpInput } from '@/server/modules/auth/auth.schema';
import { setStreamInput } from '@/server/modules/live/stream.schema';
import { describeIssue, type IssueCode } from '@/server/validation';
import { isRetryable, issueParts, issueText, refusalParts, refusalText, UserText, type ErrorLike, type WordPart } from './issue-text';

function translator(locale: Locale) {
  const t = createTranslator({ locale, messages: messages[locale], timeZone: 'Asia/Shanghai', onError: (error) => { throw error; } });
  return (key: MessageKey, values?: MessageValues) => t(key as never, values as never);
}
const t = { zh: translator('zh'), en: translator('en') };

const han = /\p{Script=Han}/u;
// As the locale test: acronyms and units may stand in Chinese words, English words may not.
const englishWord = /\b(?!(?:SKU|URL|HLS|FLV|PNG|JPEG|WebP|GIF|MB|http|https|m3u8|flv)\b)[A-Za-z]{3,}\b/;
/** The words without what a user typed (shown as is, marked translate="no"). */
const ours = (parts: WordPart[]) => parts.filter((p) => !(p instanceof UserText)).join('');

function issuesOf(schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: Parameters<typeof describeIssue>[0][] } } }, input: unknown): IssueCode[] {
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error!.issues.map(describeIssue);
}
const at = (issues: IssueCode[], path: string) => issues.find((i) => i.path === path)!;

const goods = {
  title: '走查外套',
  categoryId: 1,
  images: ['/goods/coat.svg'],
  specDefs: [{ name: '颜色', values: ['黑色', '白色'] }],
  skus: [
    { skuCode: 'COAT-BLK', specs: { 颜色: '黑色' }, price: 19900, stock: 10 },
    { skuCode: 'COAT-WHT', specs: { 颜色: '白色' }, price: 19900, stock: 10 },
  ],
};

describe('broken rules, in the viewer’s words', () => {
  it('the goods form: price, title, category, duplicate codes, spec values', () => {
    const fields = issuesOf(createGoodsInput, {
      ...goods,
      title: 'x'.repeat(121),
      categoryId: 0,
      skus: [{ ...goods.skus[0], price: -500 }, { ...goods.skus[1], price: 1234.5 }],
    });
    // Cross-field rules run once every field passes (zod skips refinements of a broken object).
    const across = issuesOf(createGoodsInput, { ...goods, skus: [goods.skus[0], { ...goods.skus[1], skuCode: 'COAT-BLK', specs: { 颜色: '红色' } }] });
    const issues = [...fields, ...across];
    const zh = (path: string) => issueText(t.zh, hasMessage, at(issues, path));
    const en = (path: string) => issueText(t.en, hasMessage, at(issues, path));
    expect(zh('title')).toBe('标题最多 120 个字');
    expect(en('title')).toBe('A title has at most 120 characters');
    expect(zh('categoryId')).toBe('请选择类目');
    expect(zh('skus.0.price')).toBe('价格须大于 0');
    expect(zh('skus.1.price')).toBe('价格最多两位小数');
    expect(en('skus.1.price')).toBe('A price has at most two decimals');
    expect(zh('skus.1.skuCode')).toBe('SKU 编码 COAT-BLK 重复了');
    expect(en('skus.1.specs')).toBe('“红色” is not a value of 颜色');
    // The seller's own words stand apart, to be marked translate="no".
    expect(issueParts(t.en, hasMessage, at(issues, 'skus.1.specs'))).toEqual(['“', new UserText('红色'), '” is not a value of ', new UserText('颜色')]);
    for (const issue of issues) {
      expect(ours(issueParts(t.zh, hasMessage, issue))).not.toMatch(englishWord);
      expect(ours(issueParts(t.en, hasMessage, issue))).not.toMatch(han);
      expect(issue.key, issue.path).toMatch(/^invalid\./);
    }
  });

  it('a price over the limit says it in 元', () => {
    const issues = issuesOf(createGoodsInput, { ...goods, skus: [{ ...goods.skus[0], price: 100_000_001 }, goods.skus[1]] });
    expect(issueText(t.zh, hasMessage, at(issues, 'skus.0.price'))).toBe('价格不能超过 ¥1,000,000.00');
  });

  it('checkout’s address, the flash editor, sign-up and the stream URL', () => {
    const address = issuesOf(addressInput, { name: ' ', phone: '12345', region: '', detail: '' });
    expect(address.map((i) => issueText(t.zh, hasMessage, i))).toEqual(['请填写收货人', '请填写 1 开头的 11 位手机号', '请填写省 / 市 / 区', '请填写详细地址']);
    expect(address.map((i) => issueText(t.en, hasMessage, i))).toEqual(['Enter the receiver’s name', 'Enter an 11-digit mobile number starting with 1', 'Enter the province / city / district', 'Enter the street address']);

    const sale = issuesOf(createSaleInput, {
      liveId: 1,
      roomGoodsId: 1,
      window: { kind: 'now', durationMinutes: 0 },
      skus: [{ skuId: 1, flashPrice: 0, flashStock: 0, perUserLimit: 100 }],
    });
    expect(sale.map((i) => [i.path, issueText(t.zh, hasMessage, i)])).toEqual([
      ['window.durationMinutes', '时长至少 1 分钟'],
      ['skus.0.flashPrice', '秒杀价须大于 0'],
      ['skus.0.flashStock', '秒杀库存至少 1'],
      ['skus.0.perUserLimit', '每人限购最多 99 件'],
    ]);
    expect(issueText(t.en, hasMessage, at(sale, 'window.durationMinutes'))).toBe('The sale lasts at least 1 minute');

    const signUp = issuesOf(signUpInput, { username: 'ab', password: 'short' });
    expect(signUp.map((i) => issueText(t.zh, hasMessage, i))).toEqual(['用户名须为 3–20 位字母、数字或下划线并以字母开头，或 11 位手机号', '密码至少 8 位']);
    expect(issueText(t.en, hasMessage, at(issuesOf(setStreamInput, { liveId: 1, streamUrl: `https://x.example/${'a'.repeat(600)}.m3u8` }), 'streamUrl'))).toBe('Use at most 500 characters');
  });

  it('a rule without a key of its own gets generic words with its figures', () => {
    expect(issueText(t.zh, hasMessage, { code: 'too_small', key: null, params: { origin: 'number', minimum: 0, exclusive: 1 } })).toBe('须大于 0');
    expect(issueText(t.en, hasMessage, { code: 'too_big', key: null, params: { origin: 'string', maximum: 1 } })).toBe('At most 1 character');
    expect(issueText(t.zh, hasMessage, { code: 'unrecognized_keys', key: null, params: {} })).toBe('填写有误');
  });
});

const refusal = (reason: string | null, params: Record<string, string | number> = {}, httpStatus = 400, code = 'BAD_REQUEST'): ErrorLike => ({
  message: 'English text for the logs',
  data: { code, httpStatus, reason, params },
});

describe('refusals, in the viewer’s words', () => {
  const samples: [ErrorLike, string, string][] = [
    [refusal('ABOVE_INVENTORY', { skuCode: 'SKU-01', flashStock: 50, stock: 30 }), '秒杀库存 50 超过了 SKU-01 的库存 30', 'Flash stock 50 is above SKU-01’s stock of 30'],
    [refusal('BELOW_SOLD', { sold: 7 }, 412), '秒杀库存不能低于 7：已有 7 件已付款或待支付', 'Flash stock cannot go below 7: that many are paid or held by unpaid orders'],
    [refusal('RATE_LIMITED', { seconds: 3 }, 429), '操作太频繁，请 3 秒后再试', 'Too many attempts; try again in 3 seconds'],
    [refusal('BAD_TRANSITION', { status: 'ENDED' }, 412), '已结束，不能进行此操作', 'Not possible: it has ended'],
    [refusal('BAD_TRANSITION', { status: 'SCHEDULED' }, 412), '还未开始，不能进行此操作', 'Not possible: it has not started'],
    [refusal('SKU_IN_USE', { skuCode: 'RED-M' }, 409), 'RED-M 已有订单或秒杀，不能删除，请把库存改为 0', 'RED-M has orders or a flash sale: set its stock to 0 instead of removing it'],
    [refusal('FLASH_PRICE_NOT_BELOW', { skuCode: 'RED-M', price: '99.00' }), 'RED-M 的秒杀价须低于原价 ¥99.00', 'RED-M’s flash price must be below its regular price ¥99.00'],
    [refusal('PRICE_NOT_ABOVE_FLASH', { skuCode: 'RED-M', flashPrice: '59.90' }), '秒杀进行中，RED-M 的价格须高于秒杀价 ¥59.90', 'While its flash sale runs, RED-M’s price must stay above the flash price ¥59.90'],
    [refusal('ABOVE_LIMIT', { limit: 2 }), '每人最多买 2 件', 'At most 2 per person'],
    [refusal('NOT_PAYABLE', { status: 'EXPIRED' }, 412), '这笔订单已过期，无法支付', 'This order has expired: it can no longer be paid'],
    [refusal('NOT_CANCELLABLE', { status: 'PAID' }, 412), '只有待支付的订单可以取消，这笔订单已支付', 'Only unpaid orders can be cancelled: this one is paid'],
    [refusal('NOT_YOUR_PART', { part: 'MODERATOR', ask: 'OWNER_OR_OPERATOR' }, 403, 'FORBIDDEN'), '你的角色不能进行此操作（你是场控），请找店主或助播', 'As a moderator of this shop you cannot do this: ask the owner or an operator'],
    [refusal('KEYWORD_TAKEN', { keyword: '1号', title: '走查外套' }, 409), '口令“1号”已被「走查外套」使用', '“1号” is already the keyword of 走查外套'],
    [refusal('FILE_TOO_LARGE', { maxMb: 5 }), '图片最大 5 MB', 'Images may be at most 5 MB'],
    [refusal('SOLD_OUT', {}, 409), '已售罄', 'Sold out'],
    // No reason: generic words by tRPC code, never the server's English.
    [refusal(null, {}, 404, 'NOT_FOUND'), '没有找到：可能已删除，或不属于你', 'Not found: it may have been removed, or it is not yours'],
    [refusal(null, {}, 403, 'FORBIDDEN'), '这不是你的，或你没有权限访问', 'This is not yours, or you have no access to it'],
    [refusal(null, {}, 401, 'UNAUTHORIZED'), '请先登录', 'Sign in first'],
    [refusal(null, {}, 409, 'CONFLICT'), '数据刚刚有变化，请刷新后重试', 'Something changed meanwhile; reload and try again'],
    [{ message: 'x', data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, reason: 'INTERNAL', requestId: 'r-1' } }, '出错了，请稍后重试 （请求编号 r-1）', 'Something went wrong; try again later (request r-1)'],
    [{ message: 'x', data: { httpStatus: 503, reason: 'UNAVAILABLE' } }, '系统繁忙，请稍后重试', 'The service is busy; try again in a moment'],
    [Object.assign(new Error('Failed to fetch'), { data: undefined }), '网络连接失败，请检查网络后重试', 'Could not reach the server; check your connection and try again'],
    // A bad input's refusal: the first issue's words.
    [{ message: '[{"code":"too_small"…', data: { code: 'BAD_REQUEST', httpStatus: 400, reason: null, zod: { issues: [{ path: 'title', code: 'too_small', key: 'invalid.goods.titleRequired', params: {} }] } } }, '请填写标题', 'Enter a title'],
  ];

  it.each(samples)('%# reads right in both languages', (error, zh, en) => {
    expect(refusalText(t.zh, hasMessage, error)).toBe(zh);
    expect(refusalText(t.en, hasMessage, error)).toBe(en);
    expect(ours(refusalParts(t.zh, hasMessage, error))).not.toMatch(englishWord);
    expect(ours(refusalParts(t.en, hasMessage, error))).not.toMatch(han);
  });

  it('an overlapping sale names its times in the viewer’s time zone', () => {
    const error = refusal('OVERLAPPING_SALE', { skuCode: 'SKU-01', startsAt: Date.UTC(2026, 11, 1, 12, 0), endsAt: Date.UTC(2026, 11, 1, 13, 30) }, 409, 'CONFLICT');
    expect(refusalText(t.zh, hasMessage, error)).toBe('SKU-01 在 12月1日 20:00 至 12月1日 21:30 已有秒杀');
    expect(refusalText(t.en, hasMessage, error)).toBe('SKU-01 already has a flash sale from Dec 1, 20:00 to Dec 1, 21:30');
  });

  it('a caller’s own words (a plain object) show as they are', () => {
    expect(refusalText(t.en, hasMessage, { message: 'Fix the fields marked below' })).toBe('Fix the fields marked below');
  });

  it('a retry is offered only where it may pass', () => {
    expect([404, 403, 400, 409, 412].map((s) => isRetryable(refusal(null, {}, s)))).toEqual([false, false, false, false, false]);
    expect([500, 503, 429].map((s) => isRetryable(refusal(null, {}, s)))).toEqual([true, true, true]);
    expect(isRetryable(new Error('Failed to fetch'))).toBe(true);
  });
});
