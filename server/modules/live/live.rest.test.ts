// The OpenAPI document's pattern for live_id says exactly what the server accepts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '@/server/openapi';
import { goodsListQuery } from './live.rest';

const documented = () => {
  const parameters = buildOpenApiDocument().paths?.['/api/live/goods-list']?.get?.parameters as { name: string; schema: { pattern: string } }[];
  return new RegExp(parameters.find((p) => p.name === 'live_id')!.schema.pattern);
};
const accepted = (value: string) => goodsListQuery.safeParse({ live_id: value }).success;

describe('live_id in the OpenAPI document', () => {
  const pattern = documented();

  it('matches the server on the edges of the range and the usual mistakes', () => {
    const cases = ['1', '9', '10', '999999999', '1000000000', '1999999999', '2000000000', '2147483647', '2147483646', '2147483648', '2147483650', '2148000000', '2200000000', '3000000000', '9999999999', '10000000000', '0', '00', '01', '-1', '+1', '1.0', '1e0', '0x1', ' 1', '1 ', '', 'abc', '１'];
    for (const value of cases) expect(pattern.test(value), value).toBe(accepted(value));
    expect(accepted('2147483647')).toBe(true);
    expect(accepted('2147483648')).toBe(false);
  });

  it('matches the server on any number and any digit string', () => {
    const inputs = fc.oneof(
      fc.integer({ min: -10, max: 2 ** 32 }).map(String),
      fc.bigInt({ min: 0n, max: 10n ** 12n }).map(String),
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 0, maxLength: 12 }),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(fc.property(inputs, (value) => pattern.test(value) === accepted(value)), { numRuns: 5000 });
  });
});
