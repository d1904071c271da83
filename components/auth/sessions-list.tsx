'use client';

import { useRouter } from 'next/navigation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { useSocket } from '@/components/providers/socket-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorBanner } from '@/components/ui/field-errors';
import { ErrorState, Loading } from '@/components/ui/states';

/** "Chrome 131 on Android" from a User-Agent, or the raw text's start. */
function deviceOf(userAgent: string): string | null {
  if (!userAgent) return null;
  const browser = /(Edg|Chrome|Firefox|Version(?=.*Safari)|MicroMessenger)\/(\d+)/.exec(userAgent);
  const os = /(Android|iPhone|iPad|Windows|Mac OS X|Linux)/.exec(userAgent);
  const name = browser ? `${{ Edg: 'Edge', Version: 'Safari', MicroMessenger: 'WeChat' }[browser[1]!] ?? browser[1]} ${browser[2]}` : null;
  return name ? `${name}${os ? ` · ${os[1] === 'Mac OS X' ? 'macOS' : os[1]}` : ''}` : userAgent.slice(0, 40);
}

/** The account's signed-in browsers: end one, or all of them. */
export function SessionsList() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const socket = useSocket();
  const sessions = useQuery(trpc.auth.sessions.queryOptions());
  const signedOut = () => {
    queryClient.clear();
    socket?.disconnect().connect();
    router.replace('/login');
    router.refresh();
  };
  const revoke = useMutation(
    trpc.auth.revokeSession.mutationOptions({
      onSuccess: (_, { id }) => (sessions.data?.find((s) => s.id === id)?.current ? signedOut() : void sessions.refetch()),
    }),
  );
  const all = useMutation(trpc.auth.signOutEverywhere.mutationOptions({ onSuccess: signedOut }));
  const when = (d: Date) => d.toLocaleString(locale === 'zh' ? 'zh-CN' : 'en');

  return (
    <section className="max-w-3xl">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-lg font-semibold">{t('sessions.title')}</h1>
        <ConfirmDialog title={t('sessions.confirmAll')} confirmLabel={t('sessions.signOutAll')} destructive onConfirm={() => all.mutateAsync()}>
          <button
            type="button"
            disabled={all.isPending}
            className="rounded-md border border-red-200 px-3 py-1.5 text-sm text-red-700 hover:bg-red-50 disabled:opacity-50"
          >
            {t('sessions.signOutAll')}
          </button>
        </ConfirmDialog>
      </div>
      <p className="mt-1 text-xs text-zinc-500">{t('sessions.note')}</p>
      <ErrorBanner error={revoke.error ?? all.error} />
      {sessions.isPending ? <Loading /> : sessions.isError ? <ErrorState error={sessions.error} onRetry={() => sessions.refetch()} /> : (
        <table className="mt-3 w-full overflow-hidden rounded-xl bg-white text-sm" data-testid="sessions">
          <thead className="bg-zinc-100 text-left text-xs text-zinc-500">
            <tr>
              <th className="px-4 py-2">{t('sessions.device')}</th>
              <th className="px-4 py-2">{t('sessions.ip')}</th>
              <th className="px-4 py-2">{t('sessions.created')}</th>
              <th className="px-4 py-2">{t('sessions.lastSeen')}</th>
              <th className="px-4 py-2" />
            </tr>
          </thead>
          <tbody>
            {sessions.data.map((s) => (
              <tr key={s.id} className="border-t border-zinc-100" data-testid="session-row" data-current={s.current}>
                <td className="px-4 py-2">
                  {deviceOf(s.userAgent) ?? t('sessions.unknownDevice')}
                  {s.current ? <span className="ml-2 rounded-full bg-emerald-100 px-2 py-0.5 text-xs text-emerald-800">{t('sessions.current')}</span> : null}
                </td>
                <td className="px-4 py-2 font-mono text-xs">{s.ip.replace(/^::ffff:/, '')}</td>
                <td className="px-4 py-2 text-xs text-zinc-500">{when(s.createdAt)}</td>
                <td className="px-4 py-2 text-xs text-zinc-500">{when(s.lastSeenAt)}</td>
                <td className="px-4 py-2 text-right">
                  <button type="button" onClick={() => revoke.mutate({ id: s.id })} disabled={revoke.isPending} className="rounded-md border border-zinc-300 px-2 py-1 text-xs disabled:opacity-50">
                    {t('sessions.signOut')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
