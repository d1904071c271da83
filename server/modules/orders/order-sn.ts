// order_sn: yyyyMMddHHmmss (UTC+8, as the seed's "20231108123456") + 4 random digits + a
// 4-digit per-process sequence. Unique in the database; readable by people.
import { randomInt } from 'node:crypto';

let sequence = randomInt(10_000);

export function newOrderSn(now = new Date()): string {
  const beijing = new Date(now.getTime() + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
  sequence = (sequence + 1) % 10_000;
  return `${beijing}${String(randomInt(10_000)).padStart(4, '0')}${String(sequence).padStart(4, '0')}`;
}

/** "观众小美" → "观**": enough for a ticker, not enough to identify anyone. */
export function maskBuyer(name: string): string {
  const first = [...name][0] ?? '*';
  return `${first}**`;
}
