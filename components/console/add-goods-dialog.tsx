'use client';

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { formatFenRange } from '@/components/ui/money';
import { Loading } from '@/components/ui/states';

/** Picks goods of the library that are not in the room yet. */
export function AddGoodsDialog({ inRoom, pending, onAdd, onClose }: { inRoom: number[]; pending: boolean; onAdd: (spuIds: number[]) => void; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [chosen, setChosen] = useState<number[]>([]);
  const library = useQuery(trpc.catalog.goods.queryOptions({ page: 1, pageSize: 100 }));
  const candidates = library.data?.items.filter((g) => !inRoom.includes(g.id)) ?? [];
  const toggle = (id: number) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));

  return (
    <div role="dialog" aria-modal="true" aria-label={t('desk.addGoods')} className="fixed inset-0 z-20 grid place-items-center bg-black/40 p-4">
      <div className="max-h-[80dvh] w-full max-w-lg overflow-auto rounded-xl bg-white p-5 shadow-xl">
        <h2 className="font-semibold">{t('desk.addGoods')}</h2>
        {library.isPending ? <Loading /> : candidates.length === 0 ? <p className="py-6 text-sm text-zinc-500">{t('desk.allAdded')}</p> : (
          <ul className="mt-3 grid gap-2" data-testid="add-goods-list">
            {candidates.map((g) => (
              <li key={g.id}>
                <label className="flex cursor-pointer items-center gap-3 rounded-md border border-zinc-200 p-2 hover:bg-zinc-50">
                  <input type="checkbox" checked={chosen.includes(g.id)} onChange={() => toggle(g.id)} />
                  {g.cover ? <img src={g.cover} alt="" className="size-10 rounded object-cover" /> : null}
                  <span className="min-w-0 flex-1 truncate text-sm" translate="no" title={g.title}>{g.title}</span>
                  <span className="shrink-0 text-xs whitespace-nowrap text-zinc-500">{formatFenRange(g.minPrice, g.maxPrice)}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" onClick={onClose} className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm whitespace-nowrap">{t('desk.cancel')}</button>
          <button type="button" disabled={chosen.length === 0 || pending} onClick={() => onAdd(chosen)} className="rounded-md bg-brand px-3 py-1.5 text-sm whitespace-nowrap text-white disabled:opacity-50">
            {t('desk.addSelected')}
          </button>
        </div>
      </div>
    </div>
  );
}
