import { describe, expect, it } from 'vitest';
import { errorKey, messageKeys, messages, translate } from './messages';

describe('messages', () => {
  it('has every key in both languages', () => {
    expect(messageKeys(messages.en)).toEqual(messageKeys(messages.zh));
  });

  it('fills in variables', () => {
    expect(translate('zh', 'viewer.lowStock', { n: 3 })).toBe('仅剩 3 件');
    expect(translate('en', 'viewer.lowStock', { n: 3 })).toBe('Only 3 left');
  });

  it('has the UI’s own words for the server’s refusal reasons', () => {
    expect(translate('zh', errorKey('SOLD_OUT')!)).toBe('已售罄');
    expect(translate('en', errorKey('LIMIT_REACHED')!)).toBe('You have reached the purchase limit');
    expect(translate('zh', errorKey('UNAVAILABLE')!)).toBe('系统繁忙，请稍后重试');
    expect(translate('zh', errorKey('INTERNAL')!)).toBe('出错了，请稍后重试');
    expect(translate('en', errorKey('UNAVAILABLE')!)).toMatch(/try again/);
    expect(errorKey('SOMETHING_NEW')).toBeNull();
    expect(errorKey(null)).toBeNull();
  });
});
