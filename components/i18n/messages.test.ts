import { describe, expect, it } from 'vitest';
import { messages, translate } from './messages';

describe('messages', () => {
  it('has every key in both languages', () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.zh).sort());
  });

  it('fills in variables', () => {
    expect(translate('zh', 'viewer.lowStock', { n: 3 })).toBe('仅剩 3 件');
    expect(translate('en', 'viewer.lowStock', { n: 3 })).toBe('Only 3 left');
  });
});
