'use client';

// The desk's stream panel: the room's pull URL (checked by the server's own schema as it is
// typed, in the host's words) and a muted preview of what viewers see.
import { useRef } from 'react';
import { useWatch } from 'react-hook-form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorAt, Field } from '@/components/forms/field';
import { serverIssues } from '@/components/forms/issue-resolver';
import { useIssueForm } from '@/components/forms/use-issue-form';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { ErrorBanner } from '@/components/ui/field-errors';
import { useStream } from '@/components/viewer/use-stream';
import { setStreamInput } from '@/server/modules/live/stream.schema';
import { streamKindOf } from '@/server/modules/live/stream-url';

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
  const saved = stream.data?.streamUrl ?? '';
  // The saved URL fills the field once it is read, and again after a save; a URL being typed stays.
  const form = useIssueForm(setStreamInput, { values: { liveId, streamUrl: saved }, resetOptions: { keepDirtyValues: true } });
  const { register, control, formState, refuse, reset, bindForm, submit } = form;
  const save = useMutation(
    trpc.live.setStream.mutationOptions({
      onSuccess: (data) => {
        queryClient.setQueryData(streamQuery.queryKey, data);
        reset({ liveId, streamUrl: data.streamUrl ?? '' }, { keepDirtyValues: false });
      },
      onError: (error) => void refuse(error),
    }),
  );
  const value = useWatch({ control, name: 'streamUrl' }) ?? '';
  const banner = save.error && serverIssues(save.error).length === 0 ? save.error : null;

  return (
    <section className="rounded-xl border border-zinc-200 bg-white p-4" data-testid="stream-panel">
      <h2 className="text-sm font-medium">{t('stream.panel')}</h2>
      <form ref={bindForm} onSubmit={submit((input) => save.mutate(input))} className="mt-2 grid gap-2" noValidate>
        <Field label={t('stream.url')} name="streamUrl" error={errorAt(formState.errors, 'streamUrl')} className="grid gap-1 text-xs text-zinc-600">
          {(p) => (
            <input
              {...p}
              {...register('streamUrl', { onChange: () => save.reset() })}
              disabled={!editable}
              inputMode="url"
              spellCheck={false}
              placeholder="https://pull.example.com/live/room.m3u8"
              className="rounded-md border border-zinc-300 px-2 py-1.5 font-mono text-xs text-zinc-900 aria-invalid:border-red-500"
            />
          )}
        </Field>
        <ErrorBanner error={banner} />
        {editable ? (
          <div className="flex gap-2">
            <button type="submit" disabled={save.isPending || value.trim() === saved} className="rounded-md bg-zinc-900 px-3 py-1 text-sm whitespace-nowrap text-white disabled:opacity-40">{t('stream.save')}</button>
            {saved ? (
              <button type="button" onClick={() => save.mutate({ liveId, streamUrl: '' })} disabled={save.isPending} className="rounded-md border border-zinc-300 px-3 py-1 text-sm whitespace-nowrap">{t('stream.clear')}</button>
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
