'use client';

import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export function FunnelChart({ stages }: { stages: { name: string; value: number }[] }) {
  return (
    <div className="h-56 w-full" data-testid="funnel-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={stages} layout="vertical" margin={{ top: 4, right: 40, bottom: 4, left: 20 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" horizontal={false} />
          <XAxis type="number" allowDecimals={false} fontSize={11} />
          <YAxis type="category" dataKey="name" width={90} fontSize={12} />
          <Tooltip />
          <Bar dataKey="value" fill="#fe2c55" isAnimationActive={false}>
            <LabelList dataKey="value" position="right" fontSize={12} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
