import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes cells with commas, quotes and new lines, and starts with a BOM for Excel', () => {
    expect(toCsv([['title', 'gmv'], ['纯棉T恤, 白色', 5900], ['say "hi"', 1]])).toBe('\uFEFFtitle,gmv\n"纯棉T恤, 白色",5900\n"say ""hi""",1\n');
  });
});
