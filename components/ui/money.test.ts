import { describe, expect, it } from 'vitest';
import { formatFen, formatFenRange } from './money';

describe('money', () => {
  it('formats integer fen as yuan with two decimals', () => {
    expect(formatFen(5900)).toBe('¥59.00');
    expect(formatFen(1)).toBe('¥0.01');
    expect(formatFen(12345678)).toBe('¥123,456.78');
  });

  it('shows a range only when the prices differ', () => {
    expect(formatFenRange(2990, 2990)).toBe('¥29.90');
    expect(formatFenRange(2990, 6990)).toBe('¥29.90 – ¥69.90');
  });
});
