'use client';

import { Area, Bar, CartesianGrid, ComposedChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '@/components/providers/i18n-provider';

interface Curve {
  startedAt: number | null;
  endedAt: number | null;
  points: { t: number; online: number; entries: number }[];
  pins: { id: number; title: string; from: number; to: number | null }[];
  at: number;
}

const MINUTE = 60_000;
const PIN_COLOURS = ['#fde68a', '#bfdbfe', '#bbf7d0', '#fbcfe8', '#ddd6fe'];

/** Viewers online (peak per minute) and entries over the session, the 讲解 segments shaded. */
export function AudienceChart({ curve }: { curve: Curve }) {
  const { t } = useI18n();
  const byMinute = new Map(curve.points.map((p) => [p.t, p]));
  const first = Math.min(...[curve.startedAt, curve.points[0]?.t].filter((v): v is number => v != null).map((v) => Math.floor(v / MINUTE) * MINUTE));
  // Up to the end of the session, or the last minute sampled (the current one once it has a point).
  const last = Math.floor((curve.endedAt ?? Math.max(curve.at - MINUTE, curve.points.at(-1)?.t ?? 0)) / MINUTE) * MINUTE;
  // Minutes with nobody in the room have no row: they are zeros on the curve.
  const data: { t: number; online: number; entries: number }[] = [];
  if (Number.isFinite(first)) for (let m = first; m <= last && data.length < 24 * 60; m += MINUTE) data.push(byMinute.get(m) ?? { t: m, online: 0, entries: 0 });
  const clampMinute = (ms: number) => Math.min(Math.max(Math.floor(ms / MINUTE) * MINUTE, data[0]?.t ?? 0), data.at(-1)?.t ?? 0);
  const label = (v: number) => new Date(v).toLocaleTimeString('zh-CN', { hour12: false, hour: '2-digit', minute: '2-digit' });
  return (
    <div className="h-60 w-full" data-testid="audience-chart" data-points={curve.points.length}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -20 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" />
          <XAxis dataKey="t" tickFormatter={label} minTickGap={40} fontSize={11} />
          <YAxis allowDecimals={false} fontSize={11} />
          <Tooltip labelFormatter={(v) => label(Number(v))} />
          {curve.pins.map((p, i) => (
            <ReferenceArea
              key={p.id}
              // Minutes are the axis' categories: a segment covers the minutes it touches.
              x1={clampMinute(p.from)}
              x2={clampMinute(p.to ?? curve.at)}
              fill={PIN_COLOURS[i % PIN_COLOURS.length]}
              fillOpacity={0.5}
              ifOverflow="hidden"
              label={<PinLabel title={p.title} />}
            />
          ))}
          <Area type="linear" dataKey="online" name={t('audience.curveOnline')} stroke="#fe2c55" strokeWidth={2} fill="#fe2c55" fillOpacity={0.15} dot={data.length < 30} isAnimationActive={false} />
          <Bar dataKey="entries" name={t('audience.curveEntries')} fill="#71717a" fillOpacity={0.6} maxBarSize={10} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

// SVG's types lack the global `translate` attribute; the DOM keeps it like on any element.
const NOT_TRANSLATED = { translate: 'no' } as Record<string, string>;

/** A 讲解 segment's goods title: the seller's words, not the UI's (translate="no"). */
function PinLabel({ title, viewBox }: { title: string; viewBox?: { x?: number; y?: number } }) {
  if (viewBox?.x === undefined || viewBox.y === undefined) return null;
  return (
    <text x={viewBox.x + 4} y={viewBox.y + 12} fontSize={10} fill="#52525b" {...NOT_TRANSLATED}>
      {title}
    </text>
  );
}
