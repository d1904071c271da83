'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState, type CSSProperties, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Sentence } from '@/components/layout/sentence';
import { useErrorText } from '@/components/ui/field-errors';
import { formatFen } from '@/components/ui/money';
import { useI18n } from '@/components/providers/i18n-provider';
import { useSocketEvent } from '@/components/providers/socket-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import type { RoomItem } from '@/server/modules/live/room-view';
import { COMMENT_MAX_CHARS, LIKES_PER_CALL, charCount, cleanCommentText } from '@/server/modules/interaction/comment-text';
import type { CommentView } from '@/server/realtime/events';
import styles from './live-comments.module.css';
import { useRoomComments } from './use-room-comments';

/** How often gathered taps are sent. */
const LIKE_EVERY_MS = 500;

type Line = CommentView | { id: string; kind: 'ORDER'; userName: string; at: number };

/** One line of the stream in the reader's words (system lines are worded here, not stored so). */
export function useCommentWords() {
  const { t } = useI18n();
  return function commentWords(c: CommentView): ReactNode {
    if (c.system?.type === 'arrivals') {
      const n = c.system.count;
      if (!c.userName) return t('comments.arrivedAnon', { n });
      // The name is the viewer's own: kept as typed, inside the reader's sentence.
      return n > 1 ? (
        <Sentence words={(v) => t('comments.arrivedMany', { ...v, n, others: n - 1 })} values={{ name: c.userName }} />
      ) : (
        <Sentence words={(v) => t('comments.arrived', v)} values={{ name: c.userName }} />
      );
    }
    return <span translate="no">{c.text}</span>;
  };
}

export function useCompactNumber() {
  const { locale } = useI18n();
  return (n: number) => new Intl.NumberFormat(locale === 'zh' ? 'zh-CN' : 'en', { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

/** Taps gathered and sent once per 500 ms (≤ 50 a call); whatever is left goes on leaving. */
function useLikeSender(liveId: number) {
  const trpc = useTRPC();
  const like = useMutation(trpc.interaction.like.mutationOptions());
  const pending = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const send = useRef<() => void>(() => {});
  useEffect(() => {
    send.current = () => {
      timer.current = null;
      const count = Math.min(LIKES_PER_CALL, pending.current);
      if (count <= 0) return;
      pending.current -= count;
      like.mutate({ liveId, count });
      if (pending.current > 0) timer.current = setTimeout(() => send.current(), LIKE_EVERY_MS);
    };
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      send.current();
    },
    [],
  );
  return useCallback(() => {
    pending.current += 1;
    timer.current ??= setTimeout(() => send.current(), LIKE_EVERY_MS);
  }, []);
}

/**
 * The room's comments over the stream: the pinned comment, the last lines (with "X 来了" and
 * "X 刚刚下单"), the box to write one, and the like button with the running count. A comment
 * naming an item's keyword opens that item's card for the writer.
 */
export function LiveComments({ liveId, goods, ended, open }: { liveId: number; goods: RoomItem[]; ended: boolean; open: (spuId: number) => void }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errorText = useErrorText();
  const words = useCommentWords();
  const compact = useCompactNumber();
  const me = useQuery(trpc.auth.me.queryOptions());
  const comments = useRoomComments(liveId);
  const [orders, setOrders] = useState<Line[]>([]);
  const [text, setText] = useState('');
  const [want, setWant] = useState<number | null>(null);
  // This page's taps on top of the last total it knew, until the pushed total overtakes them.
  const [mine, setMine] = useState({ from: 0, taps: 0 });
  const [hearts, setHearts] = useState<{ id: number; drift: number }[]>([]);
  const list = useRef<HTMLOListElement>(null);
  const tapLike = useLikeSender(liveId);

  const send = useMutation(
    trpc.interaction.send.mutationOptions({
      onSuccess: (reply) => {
        setText('');
        if (reply.want) setWant(reply.want.roomGoodsId);
      },
    }),
  );

  // "X 刚刚下单": the room's order ticker (already coalesced on the server), as a line here.
  useSocketEvent('order:ticker', (p) => {
    if (p.liveId !== liveId) return;
    setOrders((old) => [...old.slice(-4), { id: `order-${p.at}-${p.buyer}`, kind: 'ORDER', userName: p.buyer, at: Date.parse(p.at) }]);
  });

  const serverLikes = comments.data?.likes ?? 0;
  const likes = Math.max(serverLikes, mine.from + mine.taps);

  const lines: Line[] = [...(comments.data?.comments ?? []), ...orders].sort((a, b) => a.at - b.at).slice(-40);
  const lastId = lines.at(-1)?.id;
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lastId]);

  const cleaned = cleanCommentText(text);
  const tooLong = charCount(cleaned) > COMMENT_MAX_CHARS;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!cleaned || tooLong || send.isPending) return;
    send.mutate({ liveId, text: cleaned });
  };
  const tap = () => {
    tapLike();
    setMine((m) => (m.from + m.taps >= serverLikes ? { from: m.from, taps: m.taps + 1 } : { from: serverLikes, taps: 1 }));
    setHearts((h) => [...h.slice(-11), { id: Date.now() + Math.random(), drift: Math.round(Math.random() * 40 - 20) }]);
  };

  const sendError = send.error;
  // The refusal carries the end of the mute (epoch ms) as a figure, never as words to parse.
  const mutedUntil = sendError?.data?.reason === 'MUTED' ? (sendError.data as { params?: { until?: number } }).params?.until : undefined;
  const errorLine = mutedUntil
    ? t('comments.muted', { time: new Date(mutedUntil).toLocaleTimeString(locale === 'zh' ? 'zh-CN' : 'en', { hour: '2-digit', minute: '2-digit' }) })
    : errorText(sendError);
  const pinned = comments.data?.pinned ?? null;
  const wanted = want === null ? undefined : goods.find((g) => g.roomGoodsId === want);
  const viewer = me.data?.role === 'VIEWER';

  return (
    <div className="pointer-events-none flex flex-1 flex-col justify-end gap-2 px-3 pb-2" data-testid="comments">
      {pinned ? (
        <p data-testid="pinned-comment" className="pointer-events-auto max-w-[85%] self-start rounded-lg bg-black/55 px-3 py-1.5 text-sm text-white shadow">
          <span className="mr-1 rounded bg-brand px-1 text-[10px]">{t('comments.pinned')}</span>
          <span translate="no" className="text-amber-200">{pinned.userName}</span>：<span translate="no">{pinned.text}</span>
        </p>
      ) : null}

      <ol ref={list} aria-live="polite" className="pointer-events-auto max-h-[34dvh] w-4/5 overflow-y-auto [mask-image:linear-gradient(to_bottom,transparent,black_1.5rem)]" data-testid="comment-list">
        {lines.map((c) => (
          <li key={c.id} data-testid="comment" data-comment-id={c.id} data-kind={c.kind ?? 'USER'} className={`${styles.line} mt-1 w-fit max-w-full break-words rounded-2xl bg-black/35 px-2.5 py-1 text-sm leading-snug text-white`}>
            {c.kind === 'ORDER' ? (
              <span className="text-amber-200"><Sentence words={(v) => t('comments.justOrdered', v)} values={{ buyer: c.userName }} /></span>
            ) : c.kind === 'SYSTEM' ? (
              <span className="text-white/70">{words(c)}</span>
            ) : (
              <>
                <span translate="no" className="mr-1 text-sky-200">{c.userName}</span>
                <span translate="no" data-testid="comment-text">{c.text}</span>
              </>
            )}
          </li>
        ))}
      </ol>

      {wanted ? (
        <div data-testid="want-card" className="pointer-events-auto flex w-72 items-center gap-2 self-start rounded-xl bg-white p-2 text-zinc-900 shadow-lg">
          {wanted.image ? <img src={wanted.image} alt="" className="size-14 rounded object-cover" /> : null}
          <span className="min-w-0 flex-1">
            <span className="block text-[10px] text-brand">{t('comments.want')}</span>
            <span translate="no" title={wanted.title} className="block truncate text-sm font-medium" data-testid="want-title">{wanted.title}</span>
            <span className="block text-sm font-semibold text-brand">{formatFen(wanted.flash?.status === 'ACTIVE' ? wanted.flash.minPrice : wanted.minPrice)}</span>
          </span>
          <span className="flex flex-col items-end gap-1">
            <button type="button" onClick={() => setWant(null)} aria-label={t('comments.close')} className="px-1 text-xs text-zinc-400">✕</button>
            <button type="button" data-testid="want-buy" onClick={() => open(wanted.spuId)} className="rounded-full bg-brand px-3 py-1 text-xs text-white">{t('comments.wantBuy')}</button>
          </span>
        </div>
      ) : null}

      {errorLine ? (
        <p role="alert" data-testid="comment-error" className="pointer-events-auto self-start rounded-full bg-red-600/80 px-3 py-1 text-xs text-white">{errorLine}</p>
      ) : null}

      <div className="pointer-events-auto flex items-center gap-2">
        {ended ? (
          <span className="flex-1" />
        ) : viewer ? (
          <form onSubmit={submit} className="flex flex-1 items-center gap-1 rounded-full bg-black/40 py-1 pl-3 pr-1">
            <input
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={t('comments.placeholder')}
              aria-label={t('comments.placeholder')}
              data-testid="comment-input"
              enterKeyHint="send"
              className="min-w-0 flex-1 bg-transparent text-sm text-white placeholder:text-white/60 focus:outline-none"
            />
            {tooLong ? <span className="text-[10px] text-red-300">{t('comments.tooLong', { n: COMMENT_MAX_CHARS })}</span> : null}
            <button type="submit" disabled={!cleaned || tooLong || send.isPending} data-testid="comment-send" className="rounded-full bg-brand px-3 py-1 text-xs text-white disabled:opacity-50">
              {t('comments.send')}
            </button>
          </form>
        ) : me.data === null ? (
          <Link href={`/login?next=${encodeURIComponent(`/live/${liveId}`)}`} data-testid="comment-sign-in" className="flex-1 rounded-full bg-black/40 px-3 py-2 text-sm text-white/80">
            {t('comments.signIn')}
          </Link>
        ) : (
          <span className="flex-1" />
        )}
        <div className="relative">
          {hearts.map((h) => (
            <span
              key={h.id}
              aria-hidden="true"
              className={`${styles.heart} pointer-events-none absolute bottom-full left-1/2 text-xl text-brand`}
              style={{ '--drift': `${h.drift}px` } as CSSProperties}
              onAnimationEnd={() => setHearts((all) => all.filter((x) => x.id !== h.id))}
            >
              ♥
            </span>
          ))}
          <button type="button" onClick={tap} disabled={ended} data-testid="like-button" aria-label={t('comments.like')} className="grid size-11 place-items-center rounded-full bg-black/40 text-xl text-brand disabled:opacity-50">
            ♥
          </button>
          <span key={likes} data-testid="like-count" data-count={likes} className={`${styles.pop} absolute -bottom-1 left-1/2 -translate-x-1/2 whitespace-nowrap rounded-full bg-black/60 px-1.5 text-[10px] text-white`}>
            {compact(likes)}
          </span>
        </div>
      </div>
    </div>
  );
}
