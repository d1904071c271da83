'use client';

// The desk's stream panel: the room's pull URL (checked by the same rules as the server, in the
// host's words; stream-url.ts has no zod, whose eval probe the CSP would report) and a muted
// preview of what viewers see.
import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MessageKey } from '@/components/i18n/messages';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { ErrorBanner, issuesOf } from '@/components/ui/field-errors';
import { useStream } from '@/components/viewer/use-stream';
import { STREAM_URL_RULES, streamKindOf, streamUrlProblem } from '@/server/modules/live/stream-url';

const RULE_WORDS = new Map<string, MessageKey>([
  [STREAM_URL_RULES.tooLong, 'stream.rule.tooLong'],
  [STREAM_URL_RULES.notUrl, 'stream.rule.notUrl'],
  [STREAM_URL_RULES.format, 'stream.rule.format'],
  [STREAM_URL_RULES.credentials, 'stream.rule.credentials'],
]);

function Preview({ url }: { url: string }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const state = useStream(video, url, streamKindOf(url), 0);
  return (
    <figure className="mt-3">
      <div className="relative aspect-video overflow-hidden rounded-lg bg-black">
        <video ref={video} data-testid="stream-preview" data-state={state} className="size-full object-contain" muted playsInline autoPlay loop />
        {state !== 'playing' ? (
          <span className="absolute inset-x-0 bottom-2 text-center text-xs text-white/80">
            {state === 'lost' ? t('stream.lost') : state === 'unsupported' ? t('stream.unsupported') : t('stream.buffering')}
          </span>
        ) : null}
      </div>
      <figcaption className="mt-1 text-xs text-zinc-500">{t('stream.preview')}</figcaption>
    </figure>
  );
}

export function StreamPanel({ liveId, editable }: { liveId: number; editable: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const streamQuery = trpc.live.stream.queryOptions({ liveId });
  const stream = useQuery(streamQuery);
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const save = useMutation(
    trpc.live.setStream.mutationOptions({
      onSuccess: (data) => {
        queryClient.setQueryData(streamQuery.queryKey, data);
        setDraft(null);
      },
    }),
  );
  const saved = stream.data?.streamUrl ?? '';
  const value = draft ?? saved;

  const submit = (url: string) => {
    const value = url.trim();
    const rule = streamUrlProblem(value);
    if (rule) {
      setProblem(RULE_WORDS.get(rule) ?? 'stream.rule.notUrl');
      return;
    }
    setProblem(null);
    save.mutate({ liveId, streamUrl: value });
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit(value);
  };
  // The server's refusal of the URL, in the host's words too.
  const serverIssue = issuesOf(save.error).get('streamUrl');
  const shown = problem ?? (serverIssue?.key ? (RULE_WORDS.get(serverIssue.key) ?? null) : null);

  return (
    <section className="rounded-xl border border-zinc-200 bg-white p-4" data-testid="stream-panel">
      <h2 className="text-sm font-medium">{t('stream.panel')}</h2>
      <form onSubmit={onSubmit} className="mt-2 grid gap-2" noValidate>
        <label className="grid gap-1 text-xs text-zinc-600">
          {t('stream.url')}
          <input
            name="streamUrl"
            value={value}
            onChange={(e) => {
              setDraft(e.target.value);
              setProblem(null);
              save.reset();
            }}
            disabled={!editable}
            inputMode="url"
            spellCheck={false}
            placeholder="https://pull.example.com/live/room.m3u8"
            aria-invalid={shown ? true : undefined}
            className="rounded-md border border-zinc-300 px-2 py-1.5 font-mono text-xs text-zinc-900"
          />
        </label>
        {shown ? <span role="alert" data-field-error="streamUrl" className="text-xs text-red-600">{t(shown)}</span> : null}
        {!serverIssue ? <ErrorBanner error={save.error} /> : null}
        {editable ? (
          <div className="flex gap-2">
            <button type="submit" disabled={save.isPending || value.trim() === saved} className="rounded-md bg-zinc-900 px-3 py-1 text-sm text-white disabled:opacity-40">{t('stream.save')}</button>
            {saved ? (
              <button type="button" onClick={() => submit('')} disabled={save.isPending} className="rounded-md border border-zinc-300 px-3 py-1 text-sm">{t('stream.clear')}</button>
            ) : null}
          </div>
        ) : null}
        {save.isSuccess ? <p role="status" className="text-xs text-emerald-700">{t('stream.saved')}</p> : null}
        <p className="text-xs text-zinc-500">{t('stream.urlHint')}</p>
      </form>
      {saved && streamKindOf(saved) === 'flv' ? <p className="mt-2 rounded-md bg-amber-50 px-2 py-1 text-xs text-amber-800">{t('stream.flvNote')}</p> : null}
      {saved ? <Preview key={saved} url={saved} /> : <p className="mt-2 text-xs text-zinc-500">{t('stream.noUrl')}</p>}
    </section>
  );
}
