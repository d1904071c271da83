import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hasMessage, translate } from '@/components/i18n/messages';
import { issueText } from '@/components/ui/issue-text';
import { describeIssue } from '@/server/validation';
import { fenToYuanText, yuan, yuanProblem, yuanToFen } from './money';

// The server's fen rule, as the catalog states it: whole fen, above 0, at most ¥1,000,000.
const fen = z.number().int().positive().max(100_000_000);
const price = yuan(fen);

function words(locale: 'zh' | 'en', text: string): string[] {
  const result = price.safeParse(text);
  if (result.success) return [];
  return result.error.issues.map((issue) => issueText((key, values) => translate(locale, key, values), hasMessage, describeIssue(issue)));
}

describe('yuan', () => {
  it('reads 元 as whole fen', () => {
    expect(price.parse('19.9')).toBe(1990);
    expect(price.parse('19.99')).toBe(1999);
    expect(price.parse(' 0.29 ')).toBe(29);
    expect(price.parse('.5')).toBe(50);
    expect(price.parse('1000000')).toBe(100_000_000);
    expect(price.parse('3.')).toBe(300);
  });

  it('says what is wrong, one thing at a time, in both languages', () => {
    expect(words('zh', '')).toEqual(['请填写价格']);
    expect(words('zh', '   ')).toEqual(['请填写价格']);
    expect(words('zh', '-5')).toEqual(['价格须大于 0']);
    expect(words('zh', '0')).toEqual(['价格须大于 0']);
    expect(words('zh', '0.00')).toEqual(['价格须大于 0']);
    expect(words('zh', '12.345')).toEqual(['价格最多两位小数']);
    expect(words('zh', '0.001')).toEqual(['价格最多两位小数']);
    expect(words('zh', 'abc')).toEqual(['价格请填数字，如 19.90']);
    expect(words('zh', '1,000')).toEqual(['价格请填数字，如 19.90']);
    expect(words('zh', '1000000.01')).toEqual(['价格最多 1,000,000 元']);
    expect(words('en', '')).toEqual(['Enter a price']);
    expect(words('en', '-5')).toEqual(['The price must be above 0']);
    expect(words('en', '12.345')).toEqual(['Use at most two decimals']);
    expect(words('en', '2000000')).toEqual(['At most ¥1,000,000']);
  });

  it('takes its maximum from the server schema it feeds', () => {
    const small = yuan(z.number().int().positive().max(500));
    expect(small.safeParse('5').success).toBe(true);
    expect(yuanProblem('5.01', 500)).toEqual({ key: 'invalid.money.max', params: { max: 5 } });
    expect(small.safeParse('5.01').error?.issues[0]?.message).toBe('invalid.money.max');
  });

  it('can name a price of its own kind', () => {
    const flash = yuan(fen, { required: 'invalid.flash.priceRequired', positive: 'invalid.flash.pricePositive' });
    const say = (text: string) => issueText((key, values) => translate('zh', key, values), hasMessage, describeIssue(flash.safeParse(text).error!.issues[0]!));
    expect(say('')).toBe('请填写秒杀价');
    expect(say('-1')).toBe('秒杀价须大于 0');
    expect(say('1.234')).toBe('价格最多两位小数');
  });

  it('converts without floating-point drift, both ways', () => {
    for (let fen = 1; fen < 10_000; fen += 7) expect(yuanToFen(fenToYuanText(fen))).toBe(fen);
    expect(yuanToFen('0.29')).toBe(29);
    expect(yuanToFen('1.1')).toBe(110);
  });
});
