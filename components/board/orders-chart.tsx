'use client';

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** Orders per second over the last minutes; seconds without orders count as 0. */
export function OrdersChart({ series, now, seconds = 300 }: { series: { t: number; orders: number }[]; now: number; seconds?: number }) {
  const bySecond = new Map(series.map((p) => [Math.floor(p.t / 1000), p.orders]));
  const end = Math.floor(now / 1000);
  const data = Array.from({ length: seconds }, (_, i) => {
    const s = end - seconds + 1 + i;
    return { t: s * 1000, orders: bySecond.get(s) ?? 0 };
  });
  const label = (t: number) => new Date(t).toLocaleTimeString('zh-CN', { hour12: false });
  return (
    <div className="h-56 w-full" data-testid="orders-chart" data-total={series.reduce((n, p) => n + p.orders, 0)}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -20 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" />
          <XAxis dataKey="t" tickFormatter={label} minTickGap={40} fontSize={11} />
          <YAxis allowDecimals={false} fontSize={11} />
          <Tooltip labelFormatter={(t) => label(Number(t))} />
          <Area type="stepAfter" dataKey="orders" stroke="#fe2c55" fill="#fe2c55" fillOpacity={0.2} isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
