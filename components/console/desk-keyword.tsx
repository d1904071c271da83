'use client';

import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useErrorText } from '@/components/ui/field-errors';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import type { RoomItem } from '@/server/modules/live/room-view';

/** In the item's line: its keyword and 想要 count — how many viewers asked for it in a comment (pushed as they do). */
export function DeskWant({ item }: { item: RoomItem }) {
  const { t } = useI18n();
  return (
    <>
      {item.keyword ? <span data-testid="desk-item-keyword"> · {t('keyword.label')} {item.keyword}</span> : null}
      {' · '}
      <span className="text-brand" data-testid="want-count" data-count={item.wantCount}>
        {t('keyword.want', { n: item.wantCount })}
      </span>
    </>
  );
}

/** An item's comment-to-buy keyword ("1号", "想要"): the owner and operators set it. */
export function DeskKeyword({ liveId, item, editable }: { liveId: number; item: RoomItem; editable: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const me = useQuery(trpc.auth.me.queryOptions());
  // Moderators (场控) see the keyword; the owner and operators set it.
  const canEdit = editable && (me.data?.shopRole === 'OWNER' || me.data?.shopRole === 'OPERATOR');
  const [draft, setDraft] = useState<string | null>(null);
  const save = useMutation(
    trpc.interaction.setKeyword.mutationOptions({
      onSuccess: (desk) => {
        queryClient.setQueryData(trpc.live.desk.queryKey({ liveId }), desk);
        setDraft(null);
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ liveId, roomGoodsId: item.roomGoodsId, keyword: draft ?? item.keyword });
  };
  const value = draft ?? item.keyword ?? '';
  return (
    <div className="mt-2 flex flex-wrap items-center gap-2 text-sm" data-testid="desk-keyword">
      {canEdit ? (
        <form onSubmit={submit} className="flex items-center gap-1" title={t('keyword.hint')}>
          <label className="text-xs text-zinc-500" htmlFor={`keyword-${item.roomGoodsId}`}>{t('keyword.label')}</label>
          <input
            id={`keyword-${item.roomGoodsId}`}
            value={value}
            onChange={(e) => setDraft(e.target.value)}
            placeholder={t('keyword.placeholder')}
            maxLength={20}
            data-testid="keyword-input"
            className="w-28 rounded border border-zinc-300 px-1.5 py-0.5 text-xs"
          />
          <button type="submit" disabled={save.isPending || draft === null} data-testid="keyword-save" className="rounded border border-zinc-300 px-1.5 py-0.5 text-xs disabled:opacity-50">
            {t('keyword.save')}
          </button>
          {item.keyword ? (
            <button type="button" disabled={save.isPending} onClick={() => save.mutate({ liveId, roomGoodsId: item.roomGoodsId, keyword: null })} className="px-1 text-xs text-zinc-400 hover:text-zinc-700">
              {t('keyword.clear')}
            </button>
          ) : null}
        </form>
      ) : item.keyword ? (
        <span className="text-xs text-zinc-500">
          {t('keyword.label')}：{item.keyword}
        </span>
      ) : null}
      {save.error ? <span role="alert" className="text-xs text-red-600">{errorText(save.error)}</span> : null}
    </div>
  );
}
