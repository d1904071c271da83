import { describe, expect, it } from 'vitest';
import { specCombinations } from '../server/modules/catalog/specs';
import { DEMO_USERS, GOODS } from './seed-data';

describe('seed data', () => {
  it('expands spec dimensions into every SKU combination', () => {
    const combos = specCombinations([
      { name: '颜色', values: ['黑', '白'] },
      { name: '尺码', values: ['M', 'L', 'XL'] },
    ]);
    expect(combos).toHaveLength(6);
    expect(combos[0]).toEqual({ 颜色: '黑', 尺码: 'M' });
    expect(combos[5]).toEqual({ 颜色: '白', 尺码: 'XL' });
  });

  it('has two hosts of different shops, ops and several viewers', () => {
    const hosts = DEMO_USERS.filter((u) => u.role === 'HOST');
    expect(new Set(hosts.map((h) => h.shop)).size).toBeGreaterThanOrEqual(2);
    expect(DEMO_USERS.some((u) => u.role === 'OPS')).toBe(true);
    expect(DEMO_USERS.filter((u) => u.role === 'VIEWER').length).toBeGreaterThanOrEqual(3);
  });

  it('gives every shop one owner, and shop 1 an operator (助播)', () => {
    const hosts = DEMO_USERS.filter((u) => u.role === 'HOST');
    for (const shop of new Set(hosts.map((h) => h.shop))) {
      expect(hosts.filter((h) => h.shop === shop && h.shopRole === 'OWNER')).toHaveLength(1);
    }
    expect(DEMO_USERS.find((u) => u.username === 'host1b')).toMatchObject({ shop: 'li', shopRole: 'OPERATOR' });
    expect(DEMO_USERS.filter((u) => u.role !== 'HOST').every((u) => u.shop === null && u.shopRole === null)).toBe(true);
  });

  it('prices goods in whole fen', () => {
    for (const g of GOODS) expect(Number.isInteger(g.price) && g.price > 0).toBe(true);
  });
});
