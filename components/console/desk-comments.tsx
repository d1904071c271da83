'use client';

import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorBanner } from '@/components/ui/field-errors';
import { Loading } from '@/components/ui/states';
import { useI18n } from '@/components/providers/i18n-provider';
import { useSocketEvent } from '@/components/providers/socket-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { useCommentWords, useCompactNumber } from '@/components/viewer/live-comments';
import { useRoomComments } from '@/components/viewer/use-room-comments';
import { MUTE_MINUTES } from '@/server/modules/interaction/comment-text';

/**
 * The desk's comment stream: every member of the shop — moderators (场控) included — deletes a
 * comment for everyone, mutes its author for a while and pins one over the stream. The owner
 * and operators also keep the shop's banned words. The desk page joins the socket room.
 */
export function DeskComments({ liveId, editable }: { liveId: number; editable: boolean }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const words = useCommentWords();
  const compact = useCompactNumber();
  const comments = useRoomComments(liveId);
  const me = useQuery(trpc.auth.me.queryOptions());
  const mutesQuery = trpc.interaction.mutes.queryOptions({ liveId });
  const mutes = useQuery(mutesQuery);
  const [minutes, setMinutes] = useState<number>(10);
  const refetchMutes = () => void queryClient.invalidateQueries({ queryKey: mutesQuery.queryKey });

  const remove = useMutation(trpc.interaction.delete.mutationOptions());
  const pin = useMutation(trpc.interaction.pin.mutationOptions());
  const mute = useMutation(trpc.interaction.mute.mutationOptions({ onSuccess: refetchMutes }));
  const unmute = useMutation(trpc.interaction.unmute.mutationOptions({ onSuccess: refetchMutes }));
  const error = remove.error ?? pin.error ?? mute.error ?? unmute.error;

  // 想要 counts move as viewers ask for items: the desk's list shows them at once.
  useSocketEvent('want:changed', (p) => {
    if (p.liveId !== liveId) return;
    const counts = new Map(p.items.map((i) => [i.roomGoodsId, i.wantCount]));
    queryClient.setQueryData(trpc.live.desk.queryKey({ liveId }), (old) =>
      old ? { ...old, goods: old.goods.map((g) => (counts.has(g.roomGoodsId) ? { ...g, wantCount: Math.max(g.wantCount, counts.get(g.roomGoodsId)!) } : g)) } : old,
    );
  });

  const time = (at: string | number) => new Date(at).toLocaleTimeString(locale === 'zh' ? 'zh-CN' : 'en', { hour: '2-digit', minute: '2-digit' });
  const pinnedId = comments.data?.pinned?.id ?? null;
  const lines = comments.data?.comments ?? [];
  const canEditWords = me.data?.shopRole === 'OWNER' || me.data?.shopRole === 'OPERATOR';

  return (
    <section className="rounded-xl border border-zinc-200 bg-white p-4" data-testid="desk-comments">
      <div className="flex items-center justify-between gap-2">
        <h2 className="font-semibold">{t('comments.title')}</h2>
        <span className="text-sm text-zinc-500" data-testid="desk-likes">♥ {t('comments.likesTotal', { n: compact(comments.data?.likes ?? 0), count: comments.data?.likes ?? 0 })}</span>
      </div>
      {comments.data?.pinned ? (
        <p className="mt-2 flex items-center gap-2 rounded-md bg-brand/10 px-2 py-1 text-sm" data-testid="desk-pinned-comment">
          <span className="rounded bg-brand px-1 text-[10px] text-white">{t('comments.pinned')}</span>
          <span translate="no" title={`${comments.data.pinned.userName}：${comments.data.pinned.text}`} className="min-w-0 flex-1 truncate">{comments.data.pinned.userName}：{comments.data.pinned.text}</span>
          <button type="button" disabled={pin.isPending} onClick={() => pin.mutate({ liveId, commentId: null })} className="text-xs text-zinc-500 hover:text-zinc-900">{t('comments.unpin')}</button>
        </p>
      ) : null}
      <div className="mt-2">
        <ErrorBanner error={error} />
      </div>
      <label className="mt-2 flex items-center gap-2 text-xs text-zinc-500">
        {t('comments.muteFor')}
        <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} data-testid="mute-minutes" className="rounded border border-zinc-300 px-1 py-0.5">
          {MUTE_MINUTES.map((m) => (
            <option key={m} value={m}>{m >= 24 * 60 ? t('comments.day') : t('comments.minutes', { n: m })}</option>
          ))}
        </select>
      </label>
      {comments.isPending ? (
        <Loading />
      ) : lines.length === 0 ? (
        <p className="mt-3 text-sm text-zinc-400">{t('comments.none')}</p>
      ) : (
        <ol className="mt-2 grid max-h-96 grid-cols-[minmax(0,1fr)] gap-1 overflow-y-auto" data-testid="desk-comment-list">
          {lines.map((c) => (
            <li key={c.id} data-testid="desk-comment" data-comment-id={c.id} className={`group rounded-md px-2 py-1 text-sm ${c.id === pinnedId ? 'bg-brand/5' : 'hover:bg-zinc-50'}`}>
              {c.kind === 'SYSTEM' ? (
                <span className="text-xs text-zinc-400">{words(c)}</span>
              ) : (
                <div className="flex items-start gap-2">
                  <span className="min-w-0 flex-1 break-words">
                    <span translate="no" className="mr-1 text-zinc-500">{c.userName}</span>
                    <span translate="no" data-testid="desk-comment-text">{c.text}</span>
                    {c.masked ? <span className="ml-1 rounded bg-zinc-100 px-1 text-[10px] text-zinc-500">{t('comments.masked')}</span> : null}
                  </span>
                  <span className="shrink-0 text-[10px] tabular-nums text-zinc-400">{time(c.at)}</span>
                  {editable ? (
                    <span className="flex shrink-0 flex-wrap justify-end gap-1 text-xs whitespace-nowrap">
                      <button type="button" disabled={pin.isPending} onClick={() => pin.mutate({ liveId, commentId: c.id === pinnedId ? null : c.id })} className="rounded border border-zinc-300 px-1.5 py-0.5">
                        {c.id === pinnedId ? t('comments.unpin') : t('comments.pin')}
                      </button>
                      <button type="button" disabled={mute.isPending} onClick={() => mute.mutate({ liveId, commentId: c.id, minutes })} className="rounded border border-zinc-300 px-1.5 py-0.5">
                        {t('comments.mute')}
                      </button>
                      <button type="button" disabled={remove.isPending} onClick={() => remove.mutate({ liveId, commentId: c.id })} className="rounded px-1.5 py-0.5 text-zinc-500 hover:text-red-600">
                        {t('comments.delete')}
                      </button>
                    </span>
                  ) : null}
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {mutes.data?.length ? (
        <div className="mt-3 border-t border-zinc-100 pt-2" data-testid="desk-mutes">
          <p className="text-xs font-medium text-zinc-500">{t('comments.mutedList')}</p>
          <ul className="mt-1 grid gap-1 text-sm">
            {mutes.data.map((m) => (
              <li key={m.userId} data-testid="desk-muted" className="flex items-center gap-2">
                <span translate="no" className="min-w-0 flex-1 truncate" title={m.userName}>{m.userName}</span>
                <span className="text-xs text-zinc-400">{t('comments.until', { time: time(m.until) })}</span>
                <button type="button" disabled={unmute.isPending} onClick={() => unmute.mutate({ liveId, userId: m.userId })} className="text-xs text-brand">{t('comments.unmute')}</button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {canEditWords ? <BannedWords /> : null}
    </section>
  );
}

/** The shop's banned words, one per line (owner and operators). */
function BannedWords() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = trpc.interaction.bannedWords.queryOptions();
  const current = useQuery(query);
  const [draft, setDraft] = useState<string | null>(null);
  const save = useMutation(
    trpc.interaction.setBannedWords.mutationOptions({
      onSuccess: (data) => {
        queryClient.setQueryData(query.queryKey, data);
        setDraft(null);
      },
    }),
  );
  const words = current.data?.words ?? [];
  return (
    <details className="mt-3 border-t border-zinc-100 pt-2" data-testid="banned-words">
      <summary className="cursor-pointer text-xs font-medium text-zinc-500">
        {t('comments.bannedWords')} · {words.length}
      </summary>
      <p className="mt-1 text-xs text-zinc-400">{t('comments.bannedHint')}</p>
      <textarea
        value={draft ?? words.join('\n')}
        onChange={(e) => setDraft(e.target.value)}
        rows={4}
        data-testid="banned-words-input"
        className="mt-1 w-full rounded-md border border-zinc-300 px-2 py-1 text-sm"
      />
      <ErrorBanner error={save.error} />
      <div className="mt-1 flex items-center gap-2">
        <button type="button" disabled={draft === null || save.isPending} onClick={() => save.mutate({ words: (draft ?? '').split('\n') })} data-testid="banned-words-save" className="rounded-md bg-zinc-900 px-3 py-1 text-xs text-white disabled:opacity-50">
          {t('comments.save')}
        </button>
        {save.isSuccess && draft === null ? <span className="text-xs text-emerald-600">{t('comments.saved')}</span> : null}
      </div>
    </details>
  );
}
