'use client';

// The room's stream, full-bleed behind the room's overlays: the video sits under everything
// (the room's root is `isolate`, the video `-z-10`), and the player's own screens (not started,
// buffering, lost, ended, tap for sound) sit in the middle band, clear of the header, the
// pinned card and the cart.
import Link from 'next/link';
import { useRef, useState } from 'react';
import { useI18n } from '@/components/providers/i18n-provider';
import { formatCountdown, useServerNow } from '@/components/providers/server-clock';
import type { RoomStream } from '@/server/modules/live/stream-view';
import { useStream } from './use-stream';

interface Props {
  title: string;
  status: 'SCHEDULED' | 'LIVE' | 'ENDED';
  /** Absent in a room snapshot cached before streams existed. */
  stream: RoomStream | undefined;
}

function MutedIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M4 9h4l5-4v14l-5-4H4z" strokeLinejoin="round" />
      <path d="M16 9l5 6M21 9l-5 6" strokeLinecap="round" />
    </svg>
  );
}

function PlayIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-4" fill="currentColor" aria-hidden="true">
      <path d="M7 4.5v15l13-7.5z" />
    </svg>
  );
}

function Card({ children, testId }: { children: React.ReactNode; testId: string }) {
  return (
    <div data-testid={testId} className="pointer-events-auto mx-6 max-w-xs rounded-2xl bg-black/60 px-5 py-4 text-center text-white shadow-lg backdrop-blur-sm">
      {children}
    </div>
  );
}

function NotStarted({ title, scheduledAt }: { title: string; scheduledAt: string | null }) {
  const { t, locale } = useI18n();
  const now = useServerNow(1000);
  const left = scheduledAt ? Date.parse(scheduledAt) - now : 0;
  return (
    <Card testId="stream-not-started">
      <p className="text-xs text-white/70">{t('stream.notStarted')}</p>
      <p translate="no" title={title} className="mt-1 line-clamp-2 font-medium break-words">{title}</p>
      {scheduledAt ? (
        <>
          <p className="mt-2 text-xs text-white/80">
            {t('stream.startsAt', { t: new Date(scheduledAt).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-GB', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }) })}
          </p>
          <p className="mt-1 text-lg font-semibold tabular-nums" data-testid="stream-countdown">
            {left > 0 ? t('stream.startsIn', { t: formatCountdown(left) }) : t('stream.startingSoon')}
          </p>
        </>
      ) : null}
    </Card>
  );
}

function Ended({ goods }: { goods: RoomStream['endedGoods'] }) {
  const { t } = useI18n();
  if (goods.length === 0) return null;
  return (
    <Card testId="stream-ended">
      <p className="text-sm font-medium">{t('stream.endedGoods')}</p>
      <ul className="mt-2 grid max-h-48 gap-1 overflow-auto text-left text-sm">
        {goods.map((g) => (
          <li key={g.spuId}>
            <Link href={`/goods/${g.spuId}`} className="flex items-center gap-2 rounded-md px-1 py-1 hover:bg-white/10" data-testid="stream-ended-goods">
              {g.image ? <img src={g.image} alt="" className="size-8 rounded object-cover" /> : null}
              <span translate="no" title={g.title} className="truncate underline-offset-2 hover:underline">{g.title}</span>
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** The live video and its states. */
export function StreamPlayer({ title, status, stream }: Props) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [attempt, setAttempt] = useState(0);
  const [muted, setMuted] = useState(true);
  const url = status === 'LIVE' && stream?.url ? stream.url : '';
  const state = useStream(video, url, stream?.kind ?? null, attempt);
  const poster = stream?.poster ?? undefined;

  const unmute = () => {
    const el = video.current;
    if (!el) return;
    el.muted = false;
    setMuted(false);
    void el.play().catch(() => undefined);
  };
  const start = () => void video.current?.play().catch(() => undefined);

  let screen: React.ReactNode = null;
  if (status === 'SCHEDULED') screen = <NotStarted title={title} scheduledAt={stream?.scheduledAt ?? null} />;
  else if (status === 'ENDED') screen = <Ended goods={stream?.endedGoods ?? []} />;
  else if (!url) screen = <Card testId="stream-waiting"><p className="text-sm">{t('stream.waiting')}</p></Card>;
  else if (state === 'lost') {
    screen = (
      <Card testId="stream-lost">
        <p className="text-sm">{t('stream.lost')}</p>
        <button type="button" onClick={() => setAttempt((n) => n + 1)} className="mt-3 rounded-full bg-white px-4 py-1.5 text-sm font-medium text-zinc-900">
          {t('stream.retry')}
        </button>
      </Card>
    );
  } else if (state === 'unsupported') screen = <Card testId="stream-unsupported"><p className="text-sm">{t('stream.unsupported')}</p></Card>;
  else if (state === 'blocked') {
    screen = (
      <button type="button" onClick={start} data-testid="stream-play" className="pointer-events-auto flex items-center gap-1.5 rounded-full bg-black/60 px-5 py-2 text-sm text-white">
        <PlayIcon /> {t('stream.play')}
      </button>
    );
  } else if (state === 'loading' || state === 'buffering') {
    screen = (
      <p role="status" data-testid="stream-buffering" className="flex items-center gap-2 rounded-full bg-black/40 px-3 py-1 text-xs text-white">
        <span className="size-3 animate-spin rounded-full border-2 border-white/40 border-t-white" />
        {t('stream.buffering')}
      </p>
    );
  }

  return (
    <>
      <div className="absolute inset-0 -z-10 overflow-hidden bg-black" data-testid="stream" data-state={status === 'LIVE' ? (url ? state : 'waiting') : status.toLowerCase()}>
        {url ? (
          <video ref={video} data-testid="stream-video" className="size-full object-cover" poster={poster} muted playsInline autoPlay loop preload="auto" />
        ) : poster ? (
          <img src={poster} alt="" className="size-full object-cover opacity-70" />
        ) : null}
      </div>
      <div className="pointer-events-none absolute inset-x-0 top-20 flex flex-col items-center gap-3">
        {url && muted && (state === 'playing' || state === 'buffering') ? (
          <button type="button" onClick={unmute} data-testid="stream-unmute" className="pointer-events-auto ml-3 flex items-center gap-1 self-start rounded-full bg-black/50 px-3 py-1 text-xs text-white">
            <MutedIcon /> {t('stream.unmute')}
          </button>
        ) : null}
        {screen}
      </div>
    </>
  );
}
