// Money is integer fen everywhere; format only at the edge.
const cny = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY', minimumFractionDigits: 2 });

export function formatFen(fen: number): string {
  return cny.format(fen / 100);
}

export function formatFenRange(min: number, max: number): string {
  return min === max ? formatFen(min) : `${formatFen(min)} – ${formatFen(max)}`;
}
