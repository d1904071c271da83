'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';

export function OpsHome() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const rooms = useQuery(trpc.live.allRooms.queryOptions());
  return (
    <div>
      <h1 className="text-lg font-semibold">{t('ops.rooms')}</h1>
      {rooms.isPending ? <Loading /> : rooms.isError ? <ErrorState error={rooms.error} onRetry={() => rooms.refetch()} /> : rooms.data.length === 0 ? <Empty /> : (
        <table className="mt-3 w-full overflow-hidden rounded-xl bg-white text-sm" data-testid="ops-rooms">
          <thead className="bg-zinc-100 text-left text-xs text-zinc-500">
            <tr>
              <th className="px-4 py-2">{t('ops.room')}</th>
              <th className="px-4 py-2">{t('ops.shop')}</th>
              <th className="px-4 py-2">{t('ops.status')}</th>
              <th className="px-4 py-2 text-right">{t('ops.goods')}</th>
            </tr>
          </thead>
          <tbody>
            {rooms.data.map((room) => (
              <tr key={room.id} className="border-t border-zinc-100">
                <td className="px-4 py-2">
                  <Link href={`/live/${room.id}`} className="hover:text-brand">{room.title}</Link>
                </td>
                <td className="px-4 py-2">{room.shop}</td>
                <td className="px-4 py-2"><StatusBadge status={room.status} /></td>
                <td className="px-4 py-2 text-right tabular-nums">{room.goodsCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
