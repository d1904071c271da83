'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type Announcements, type DragEndEvent, type ScreenReaderInstructions } from '@dnd-kit/core';
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useI18n } from '@/components/providers/i18n-provider';
import { useSocketEvent, useSocketRoom } from '@/components/providers/socket-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { useCoalesced } from '@/components/providers/use-coalesced';
import { MissingState } from '@/components/layout/missing-state';
import { TruncatedText } from '@/components/layout/truncated-text';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorBanner } from '@/components/ui/field-errors';
import { formatFenRange } from '@/components/ui/money';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import type { RoomItem } from '@/server/modules/live/room-view';
import { AddGoodsDialog } from './add-goods-dialog';
import { FlashEditor } from './flash-editor';
import { DeskComments } from './desk-comments';
import { DeskKeyword, DeskWant } from './desk-keyword';
import { DeskStats } from './desk-stats';
import { DeskAudience } from './desk-audience';
import { FlashPanel } from './flash-panel';
import { OrderTicker } from './order-ticker';
import { SkuStockEditor } from './sku-stock-editor';
import { StreamPanel } from './stream-panel';

interface ItemActions {
  pending: boolean;
  flash: (item: RoomItem) => void;
  pin: (item: RoomItem) => void;
  shelf: (item: RoomItem) => void;
  welfare: (item: RoomItem) => void;
  remove: (item: RoomItem) => Promise<unknown>;
  stockChanged: () => void;
}

function DeskItem({ liveId, item, index, actions, editable }: { liveId: number; item: RoomItem; index: number; actions: ItemActions; editable: boolean }) {
  const { t } = useI18n();
  const [editingStock, setEditingStock] = useState(false);
  const [editingKeyword, setEditingKeyword] = useState(false);
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: item.roomGoodsId, disabled: !editable, attributes: { roleDescription: t('desk.dnd.role') } });
  const style = { transform: CSS.Transform.toString(transform), transition };
  return (
    <li ref={setNodeRef} style={style} data-testid="desk-item" data-room-goods-id={item.roomGoodsId} className={`rounded-xl border bg-white p-3 ${item.pinned ? 'border-brand' : 'border-zinc-200'} ${isDragging ? 'z-10 shadow-lg' : ''}`}>
      {/* Info and actions share a line when there is room; the actions go under it when not,
          so the title, price and stock keep their width in every language. */}
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <button type="button" {...attributes} {...listeners} aria-label={t('desk.drag')} data-testid="drag-handle" className="cursor-grab touch-none px-1 text-zinc-400 hover:text-zinc-700 disabled:cursor-default">
          ⋮⋮
        </button>
        <span className="w-6 shrink-0 text-center text-sm tabular-nums text-zinc-400">{index + 1}</span>
        {item.image ? <img src={item.image} alt="" className="size-14 shrink-0 rounded-md object-cover" /> : null}
        <div className="min-w-[9rem] flex-1 basis-40">
          <TruncatedText as="p" text={item.title} className="block cursor-default font-medium" testId="desk-item-title" />
          <p className="flex flex-wrap items-center gap-x-1.5 text-sm text-zinc-500">
            <span className="whitespace-nowrap tabular-nums" data-testid="desk-item-price">{formatFenRange(item.minPrice, item.maxPrice)}</span>
            <span aria-hidden>·</span>
            <span className="whitespace-nowrap">
              {t('goods.stock')} <span className="tabular-nums" data-testid="desk-item-stock">{item.totalStock}</span>
            </span>
            {item.onShelf ? null : <span className="whitespace-nowrap">· {t('desk.offShelf')}</span>}
            <DeskWant item={item} />
          </p>
        </div>
        {item.pinned ? <span className="shrink-0 rounded-full bg-brand/10 px-2 py-0.5 text-xs whitespace-nowrap text-brand">{t('desk.pinned')}</span> : null}
        {item.isWelfare ? <span className="shrink-0 rounded-full bg-amber-100 px-2 py-0.5 text-xs whitespace-nowrap text-amber-800">{t('viewer.welfare')}</span> : null}
        {editable ? (
          <div className="ml-auto flex flex-wrap justify-end gap-1.5 text-sm whitespace-nowrap">
            <button type="button" disabled={actions.pending || !item.onShelf} onClick={() => actions.pin(item)} className={`rounded-md px-3 py-1.5 disabled:opacity-50 ${item.pinned ? 'border border-zinc-300' : 'bg-brand text-white'}`}>
              {item.pinned ? t('desk.unpin') : t('desk.pin')}
            </button>
            <button type="button" disabled={actions.pending} onClick={() => actions.shelf(item)} className="rounded-md border border-zinc-300 px-2 py-1.5">
              {item.onShelf ? t('desk.takeOff') : t('desk.onShelf')}
            </button>
            <label className="flex items-center gap-1 rounded-md border border-zinc-300 px-2 py-1.5">
              <input type="checkbox" checked={item.isWelfare} disabled={actions.pending} onChange={() => actions.welfare(item)} />
              {t('desk.welfare')}
            </label>
            <button type="button" onClick={() => actions.flash(item)} className="rounded-md border border-brand px-2 py-1.5 text-brand">{t('flash.new')}</button>
            <button type="button" onClick={() => setEditingStock((v) => !v)} className="rounded-md border border-zinc-300 px-2 py-1.5">{t('desk.editStock')}</button>
            <button type="button" onClick={() => setEditingKeyword((v) => !v)} aria-expanded={editingKeyword} data-testid="keyword-toggle" className="rounded-md border border-zinc-300 px-2 py-1.5">{t('keyword.label')}</button>
            <ConfirmDialog title={t('desk.confirmRemove')} description={<span translate="no">{item.title}</span>} confirmLabel={t('desk.remove')} destructive onConfirm={() => actions.remove(item)}>
              <button type="button" disabled={actions.pending} className="rounded-md px-2 py-1.5 text-zinc-500 hover:text-red-600">
                {t('desk.remove')}
              </button>
            </ConfirmDialog>
          </div>
        ) : null}
      </div>
      {editingKeyword ? <DeskKeyword liveId={liveId} item={item} editable={editable} /> : null}
      {editingStock ? <SkuStockEditor spuId={item.spuId} onChanged={actions.stockChanged} /> : null}
    </li>
  );
}

export function ControlDesk({ liveId }: { liveId: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [flashFor, setFlashFor] = useState<RoomItem | null>(null);
  const deskQuery = trpc.live.desk.queryOptions({ liveId });
  const desk = useQuery(deskQuery);
  const refetch = () => queryClient.invalidateQueries({ queryKey: deskQuery.queryKey });
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));

  useSocketRoom({ liveId, as: 'host' }, refetch);
  // Other operators of the shop change the room too: follow them, never going back a version.
  useSocketEvent('goods:changed', (payload) => {
    const current = queryClient.getQueryData(deskQuery.queryKey);
    if (payload.liveId !== liveId) return;
    if (!current || payload.version > current.version) void refetch();
    // A regular stock change shows in the stock editors open on this desk too.
    void queryClient.invalidateQueries({ queryKey: trpc.catalog.goodsById.pathKey() });
  });
  useSocketEvent('room:status', (payload) => {
    if (payload.liveId === liveId) void refetch();
  });
  // Stock moves — flash (an order, another operator's change) or regular (goods:changed above) —
  // change the list's stock figures and the open stock editors; a storm refetches ≤ 2×/s.
  const stockMoved = useCoalesced(() => {
    void refetch();
    void queryClient.invalidateQueries({ queryKey: trpc.catalog.goodsById.pathKey() });
  });
  useSocketEvent('flash:changed', (payload) => {
    if (payload.liveId === liveId) stockMoved();
  });
  useSocketEvent('stock:changed', (payload) => {
    if (payload.liveId === liveId) stockMoved();
  });
  useSocketEvent('goods:stock', (payload) => {
    if (payload.liveId === liveId) stockMoved();
  });

  const onDesk = { onSuccess: (data: NonNullable<typeof desk.data>) => queryClient.setQueryData(deskQuery.queryKey, data), onError: () => void refetch() };
  const pin = useMutation(trpc.live.pin.mutationOptions(onDesk));
  const shelf = useMutation(trpc.live.setShelf.mutationOptions(onDesk));
  const welfare = useMutation(trpc.live.setWelfare.mutationOptions(onDesk));
  const remove = useMutation(trpc.live.removeGoods.mutationOptions(onDesk));
  const reorder = useMutation(trpc.live.reorder.mutationOptions(onDesk));
  const add = useMutation(trpc.live.addGoods.mutationOptions({ ...onDesk, onSuccess: (data) => { onDesk.onSuccess(data); setAdding(false); } }));
  const error = pin.error ?? shelf.error ?? welfare.error ?? remove.error ?? reorder.error ?? add.error;

  if (desk.isPending) return <Loading />;
  // Another shop's room is answered as missing: say so and lead back, no retry.
  if (desk.isError) {
    return desk.error.data?.code === 'NOT_FOUND' ? <MissingState title={t('desk.notFound')} back={{ href: '/console', label: t('desk.backToConsole') }} /> : <ErrorState error={desk.error} onRetry={() => desk.refetch()} />;
  }
  const room = desk.data;
  const editable = room.status !== 'ENDED';

  const actions: ItemActions = {
    pending: pin.isPending || shelf.isPending || welfare.isPending || remove.isPending,
    flash: (item) => setFlashFor(item),
    pin: (item) => pin.mutate({ liveId, roomGoodsId: item.pinned ? null : item.roomGoodsId }),
    shelf: (item) => shelf.mutate({ liveId, roomGoodsId: item.roomGoodsId, onShelf: !item.onShelf }),
    welfare: (item) => welfare.mutate({ liveId, roomGoodsId: item.roomGoodsId, isWelfare: !item.isWelfare }),
    remove: (item) => remove.mutateAsync({ liveId, roomGoodsId: item.roomGoodsId }),
    stockChanged: () => void refetch(),
  };

  // What a screen reader says while an item is moved by keyboard or pointer, in the user's words.
  const position = (id: number | string) => room.goods.findIndex((g) => g.roomGoodsId === Number(id)) + 1;
  const titleOf = (id: number | string) => room.goods.find((g) => g.roomGoodsId === Number(id))?.title ?? '';
  const total = room.goods.length;
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('desk.dnd.picked', { title: titleOf(active.id), position: position(active.id), total }),
    onDragOver: ({ active, over }) =>
      over ? t('desk.dnd.over', { title: titleOf(active.id), position: position(over.id), total }) : t('desk.dnd.outside', { title: titleOf(active.id) }),
    onDragEnd: ({ active, over }) =>
      over ? t('desk.dnd.dropped', { title: titleOf(active.id), position: position(over.id), total }) : t('desk.dnd.cancelled', { title: titleOf(active.id) }),
    onDragCancel: ({ active }) => t('desk.dnd.cancelled', { title: titleOf(active.id) }),
  };
  const screenReaderInstructions: ScreenReaderInstructions = { draggable: t('desk.dnd.instructions') };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const ids = room.goods.map((g) => g.roomGoodsId);
    const next = arrayMove(ids, ids.indexOf(Number(active.id)), ids.indexOf(Number(over.id)));
    // Show the new order at once; the server's answer (or a refetch on error) settles it.
    queryClient.setQueryData(deskQuery.queryKey, { ...room, goods: next.map((id) => room.goods.find((g) => g.roomGoodsId === id)!) });
    reorder.mutate({ liveId, roomGoodsIds: next });
  };

  return (
    <div>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="flex min-w-0 max-w-full items-baseline gap-1 text-lg font-semibold">
          <span className="shrink-0">{t('desk.title')} ·</span>
          <TruncatedText text={room.title} className="min-w-0" />
        </h1>
        <StatusBadge status={room.status} />
        <Link href={`/live/${liveId}`} target="_blank" className="text-sm text-brand hover:underline">{t('desk.viewerLink')}</Link>
        {editable ? (
          <button type="button" onClick={() => setAdding(true)} className="ml-auto rounded-md bg-zinc-900 px-3 py-1.5 text-sm text-white">
            {t('desk.addGoods')}
          </button>
        ) : null}
      </div>
      <div className="mt-3">
        <ErrorBanner error={error} />
      </div>
      {/* minmax(0, …): a long title or a wide row never widens a column past the screen. */}
      <div className="mt-4 grid grid-cols-[minmax(0,1fr)] gap-4 xl:grid-cols-[minmax(0,1fr)_minmax(0,24rem)]">
      <div className="min-w-0">
      {room.goods.length === 0 ? (
        <Empty>{t('desk.empty')}</Empty>
      ) : (
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ announcements, screenReaderInstructions }}>
          <SortableContext items={room.goods.map((g) => g.roomGoodsId)} strategy={verticalListSortingStrategy}>
            <ol className="grid gap-2" data-testid="desk-goods">
              {room.goods.map((item, index) => (
                <DeskItem key={item.roomGoodsId} liveId={liveId} item={item} index={index} actions={actions} editable={editable} />
              ))}
            </ol>
          </SortableContext>
        </DndContext>
      )}
      </div>
      <aside className="grid min-w-0 grid-cols-[minmax(0,1fr)] content-start gap-4">
        <DeskStats liveId={liveId} />
        <DeskAudience liveId={liveId} />
        <StreamPanel liveId={liveId} editable={editable} />
        <DeskComments liveId={liveId} editable={editable} />
        <FlashPanel liveId={liveId} editable={editable} />
        <OrderTicker liveId={liveId} />
      </aside>
      </div>
      {flashFor ? <FlashEditor liveId={liveId} item={flashFor} onDone={() => void refetch()} onClose={() => setFlashFor(null)} /> : null}
      {adding ? <AddGoodsDialog inRoom={room.goods.map((g) => g.spuId)} pending={add.isPending} onAdd={(spuIds) => add.mutate({ liveId, spuIds })} onClose={() => setAdding(false)} /> : null}
    </div>
  );
}
