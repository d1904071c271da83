import { describe, expect, it } from 'vitest';
import { changedOnly } from './audit';

describe('changedOnly', () => {
  it('keeps only what moved, down to a SKU’s field', () => {
    const before = { title: 'T恤', subtitle: '', skus: { 'TEE-01': { price: 5900, stock: 10 }, 'TEE-02': { price: 5900, stock: 4 } } };
    const after = { title: 'T恤', subtitle: '新款', skus: { 'TEE-01': { price: 4900, stock: 10 }, 'TEE-02': { price: 5900, stock: 4 } } };
    expect(changedOnly(before, after)).toEqual([
      { subtitle: '', skus: { 'TEE-01': { price: 5900 } } },
      { subtitle: '新款', skus: { 'TEE-01': { price: 4900 } } },
    ]);
  });

  it('shows a SKU added or removed whole, and arrays whole', () => {
    expect(changedOnly({ skus: { A: { price: 1 } }, order: [1, 2] }, { skus: { B: { price: 2 } }, order: [2, 1] })).toEqual([
      { skus: { A: { price: 1 } }, order: [1, 2] },
      { skus: { B: { price: 2 } }, order: [2, 1] },
    ]);
  });
});
