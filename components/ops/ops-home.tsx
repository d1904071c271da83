'use client';

import Link from 'next/link';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { TruncatedText } from '@/components/layout/truncated-text';
import { useI18n } from '@/components/providers/i18n-provider';
import { useSocketEvent, useSocketRoom } from '@/components/providers/socket-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { LAST_MINUTE_POLL_MS } from '@/components/board/use-last-minute';
import { percent } from '@/components/board/use-audience';
import { formatFen } from '@/components/ui/money';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';

/** Every room with its numbers, live: the board pushes (throttled) when a room's numbers change. */
export function OpsHome() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // "Orders in the last 60 s" falls with time alone: poll while the page is visible.
  const rooms = useQuery({ ...trpc.liveStats.overview.queryOptions(), refetchInterval: LAST_MINUTE_POLL_MS });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.liveStats.overview.queryKey() });
  useSocketRoom({ as: 'ops' }, refresh);
  useSocketEvent('stats:updated', () => void refresh());

  return (
    <div>
      <h1 className="text-lg font-semibold">{t('ops.rooms')}</h1>
      {rooms.isPending ? <Loading /> : rooms.isError ? <ErrorState error={rooms.error} onRetry={() => rooms.refetch()} /> : rooms.data.length === 0 ? <Empty /> : (
        // A wide table scrolls inside its own box on a narrow screen, never the page.
        <div className="mt-3 overflow-x-auto rounded-xl bg-white">
        <table className="w-full min-w-[56rem] text-sm tabular-nums" data-testid="ops-rooms">
          <thead className="bg-zinc-100 text-left text-xs text-zinc-500">
            <tr>
              <th className="px-4 py-2">{t('ops.room')}</th>
              <th className="px-4 py-2">{t('ops.shop')}</th>
              <th className="px-4 py-2">{t('ops.status')}</th>
              <th className="px-4 py-2 text-right">{t('board.gmv')}</th>
              <th className="px-4 py-2 text-right">{t('board.orders')}</th>
              <th className="px-4 py-2 text-right">{t('board.buyers')}</th>
              <th className="px-4 py-2 text-right">{t('board.lastMinute')}</th>
              <th className="px-4 py-2 text-right">{t('audience.online')}</th>
              <th className="px-4 py-2 text-right">{t('audience.uv')}</th>
              <th className="px-4 py-2 text-right" title={t('audience.gpmHint')}>{t('audience.gpm')}</th>
              <th className="px-4 py-2 text-right" title={t('audience.conversionHint')}>{t('audience.conversion')}</th>
              <th className="px-4 py-2" />
            </tr>
          </thead>
          <tbody>
            {rooms.data.map((room) => (
              <tr key={room.id} className="border-t border-zinc-100" data-testid="ops-room-row" data-live-id={room.id}>
                <td className="max-w-[16rem] px-4 py-2"><TruncatedText text={room.title} className="block" /></td>
                <td className="max-w-[10rem] px-4 py-2"><TruncatedText text={room.shop} className="block" /></td>
                <td className="px-4 py-2"><StatusBadge status={room.status} /></td>
                <td className="px-4 py-2 text-right" data-testid="room-gmv">{formatFen(room.gmv)}</td>
                <td className="px-4 py-2 text-right" data-testid="room-orders">{room.orders}</td>
                <td className="px-4 py-2 text-right">{room.buyers}</td>
                <td className="px-4 py-2 text-right" data-testid="room-last-minute">{room.lastMinute}</td>
                <td className="px-4 py-2 text-right" data-testid="room-online">{room.online}</td>
                <td className="px-4 py-2 text-right" data-testid="room-uv">{room.uv}</td>
                <td className="px-4 py-2 text-right" data-testid="room-gpm">{formatFen(room.gpm)}</td>
                <td className="px-4 py-2 text-right" data-testid="room-conversion">{percent(room.conversion)}</td>
                <td className="px-4 py-2 text-right"><Link href={`/ops/live/${room.id}`} className="text-brand hover:underline">{t('board.open')}</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </div>
  );
}
