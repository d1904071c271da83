'use client';

import Link from 'next/link';
import { useState, useSyncExternalStore, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { QRCodeSVG } from 'qrcode.react';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { TruncatedText } from '@/components/layout/truncated-text';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorBanner, FieldError, issuesOf } from '@/components/ui/field-errors';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';

const noSubscribe = () => () => {};

export function RoomList() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rooms = useQuery(trpc.live.myRooms.queryOptions());
  const [title, setTitle] = useState('');
  // The page's own origin, known only in the browser (the server renders without it).
  const origin = useSyncExternalStore(noSubscribe, () => window.location.origin, () => '');
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.live.myRooms.queryKey() });
  const create = useMutation(trpc.live.create.mutationOptions({ onSuccess: () => { setTitle(''); void refresh(); } }));
  const start = useMutation(trpc.live.start.mutationOptions({ onSuccess: () => void refresh() }));
  const end = useMutation(trpc.live.end.mutationOptions({ onSuccess: () => void refresh() }));
  const issues = issuesOf(create.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ title });
  };

  return (
    <section>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-lg font-semibold">{t('console.rooms')}</h1>
        <form onSubmit={submit} className="flex w-full min-w-0 items-start gap-2 sm:w-auto" noValidate>
          <label className="min-w-0 flex-1 text-sm sm:flex-none">
            <span className="sr-only">{t('console.roomTitle')}</span>
            <input
              name="roomTitle"
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              placeholder={t('console.roomTitle')}
              className="w-full min-w-0 rounded-md border border-zinc-300 px-3 py-1.5 sm:w-64"
            />
            <FieldError issues={issues} path="title" />
          </label>
          <button type="submit" disabled={create.isPending} className="shrink-0 rounded-md bg-zinc-900 px-3 py-1.5 text-sm whitespace-nowrap text-white disabled:opacity-50">
            {t('console.newRoom')}
          </button>
        </form>
      </div>
      <div className="mt-2">
        <ErrorBanner error={start.error ?? end.error} />
      </div>
      {rooms.isPending ? <Loading /> : rooms.isError ? <ErrorState error={rooms.error} onRetry={() => rooms.refetch()} /> : rooms.data.length === 0 ? <Empty /> : (
        <ul className="mt-3 grid grid-cols-[minmax(0,1fr)] gap-3 md:grid-cols-2" data-testid="room-list">
          {rooms.data.map((room) => {
            const viewerUrl = `${origin}/live/${room.id}`;
            return (
              <li key={room.id} className="flex gap-4 rounded-xl border border-zinc-200 bg-white p-4" data-testid="room-card">
                <div className="min-w-0 flex-1">
                  <div className="flex items-center justify-between gap-3">
                    <TruncatedText text={room.title} className="min-w-0 font-medium" />
                    <StatusBadge status={room.status} />
                  </div>
                  <p className="mt-1 text-xs text-zinc-500">{t('console.goodsCount', { n: room._count.goods })}</p>
                  <div className="mt-3 flex flex-wrap gap-2 text-sm">
                    <Link href={`/console/live/${room.id}`} className="rounded-md bg-brand px-3 py-1.5 text-white">
                      {t('console.openDesk')}
                    </Link>
                    {room.status === 'SCHEDULED' ? (
                      <button type="button" disabled={start.isPending} onClick={() => start.mutate({ liveId: room.id })} className="rounded-md border border-zinc-300 px-3 py-1.5">
                        {t('console.start')}
                      </button>
                    ) : null}
                    {room.status === 'LIVE' ? (
                      <ConfirmDialog title={t('console.confirmEnd')} description={<span translate="no">{room.title}</span>} confirmLabel={t('console.end')} destructive onConfirm={() => end.mutateAsync({ liveId: room.id })}>
                        <button type="button" disabled={end.isPending} className="rounded-md border border-zinc-300 px-3 py-1.5">
                          {t('console.end')}
                        </button>
                      </ConfirmDialog>
                    ) : null}
                  </div>
                  <p className="mt-3 truncate text-xs text-zinc-500">
                    {t('console.viewerLink')}:{' '}
                    <a href={`/live/${room.id}`} target="_blank" rel="noreferrer" translate="no" className="text-brand underline">
                      {viewerUrl || `/live/${room.id}`}
                    </a>
                  </p>
                </div>
                {origin ? (
                  <figure className="hidden shrink-0 text-center sm:block">
                    <QRCodeSVG value={viewerUrl} size={88} level="M" aria-label={t('console.qr')} />
                    <figcaption className="mt-1 text-[10px] text-zinc-500">{t('console.qr')}</figcaption>
                  </figure>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
