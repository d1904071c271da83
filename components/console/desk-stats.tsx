'use client';

import type { ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Sentence } from '@/components/layout/sentence';
import { useI18n } from '@/components/providers/i18n-provider';
import { formatCountdown, useServerNow } from '@/components/providers/server-clock';
import { useSocketEvent } from '@/components/providers/socket-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { useLastMinute } from '@/components/board/use-last-minute';
import { formatFen } from '@/components/ui/money';

const LOW_STOCK_SHARE = 0.8;
const ENDING_SOON_MS = 60_000;

/** The desk's compact board, and the alerts a host must not miss. */
export function DeskStats({ liveId }: { liveId: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useServerNow(1000);
  const board = useQuery(trpc.liveStats.board.queryOptions({ liveId }));
  const lastMinute = useLastMinute(liveId);
  const sales = useQuery(trpc.flashSale.forRoom.queryOptions({ liveId }));
  useSocketEvent('stats:updated', (p) => {
    if (p.liveId !== liveId) return;
    void queryClient.invalidateQueries({ queryKey: trpc.liveStats.board.queryKey({ liveId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.liveStats.lastMinute.queryKey({ liveId }) });
  });

  // Sale titles and spec values are the host's words: set apart inside the sentence.
  const alerts: { key: string; tone: 'warn' | 'stop'; text: ReactNode }[] = [];
  for (const sale of sales.data ?? []) {
    if (sale.status !== 'ACTIVE') continue;
    for (const s of sale.skus) {
      const name = `${sale.title}${Object.values(s.specs).length ? ` ${Object.values(s.specs).join('/')}` : ''}`;
      const pct = s.flashStock > 0 ? Math.round((s.sold / s.flashStock) * 100) : 0;
      if (s.flashStock > 0 && s.remaining <= 0) alerts.push({ key: `out-${s.flashSkuId}`, tone: 'stop', text: <Sentence words={(v) => t('alerts.soldOut', v)} values={{ title: name }} /> });
      else if (s.flashStock > 0 && s.sold / s.flashStock >= LOW_STOCK_SHARE) alerts.push({ key: `low-${s.flashSkuId}`, tone: 'warn', text: <Sentence words={(v) => t('alerts.lowStock', { ...v, pct })} values={{ title: name }} /> });
    }
    const left = Date.parse(String(sale.endsAt)) - now;
    if (left > 0 && left <= ENDING_SOON_MS) alerts.push({ key: `end-${sale.id}`, tone: 'warn', text: <Sentence words={(v) => t('alerts.endingSoon', { ...v, t: formatCountdown(left) })} values={{ title: sale.title }} /> });
  }

  const totals = board.data?.totals;
  return (
    <section className="rounded-xl border border-zinc-200 bg-white p-4" data-testid="desk-stats">
      <dl className="grid grid-cols-4 gap-2 text-center">
        {[
          [t('board.gmv'), totals ? formatFen(totals.gmv) : '—'],
          [t('board.orders'), totals?.orders ?? '—'],
          [t('board.buyers'), totals?.buyers ?? '—'],
          [t('board.lastMinute'), lastMinute.data?.lastMinute ?? board.data?.lastMinute ?? '—', 'desk-last-minute'],
        ].map(([label, value, testId]) => (
          <div key={String(label)} className="min-w-0">
            <dt className="text-[10px] text-zinc-500">{label}</dt>
            <dd className="truncate font-semibold tabular-nums" title={String(value)} data-testid={testId}>{value}</dd>
          </div>
        ))}
      </dl>
      {alerts.length ? (
        <ul className="mt-3 grid gap-1" data-testid="desk-alerts">
          {alerts.map((a) => (
            <li key={a.key} role="alert" className={`rounded-md px-2 py-1 text-xs ${a.tone === 'stop' ? 'bg-red-50 text-red-700' : 'bg-amber-50 text-amber-800'}`}>{a.text}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
