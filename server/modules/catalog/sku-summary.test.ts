import { describe, expect, it } from 'vitest';
import { buyableItemUnits, buyableUnits, stockState } from './sku-summary';

describe('what a viewer can buy', () => {
  it('sells a SKU’s flash stock while its sale runs, else its stock', () => {
    expect(buyableUnits(200, undefined)).toBe(200);
    expect(buyableUnits(200, 3)).toBe(3);
    expect(buyableUnits(200, 0)).toBe(0);
    expect(buyableUnits(0, -1)).toBe(0);
  });

  it('keeps an item buyable while any SKU is: a sold-out flash SKU beside a regular one', () => {
    const skus = [
      { id: 1, stock: 198 },
      { id: 2, stock: 200 },
    ];
    expect(stockState(buyableItemUnits(skus, new Map([[1, 0]])))).toBe('in_stock');
    expect(stockState(buyableItemUnits([{ id: 1, stock: 198 }, { id: 2, stock: 4 }], new Map([[1, 0]])))).toBe('low');
    expect(stockState(buyableItemUnits([{ id: 1, stock: 198 }, { id: 2, stock: 0 }], new Map([[1, 0]])))).toBe('sold_out');
    expect(stockState(buyableItemUnits([], new Map()))).toBe('sold_out');
  });
});
