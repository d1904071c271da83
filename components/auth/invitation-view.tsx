'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SignOutButton } from '@/components/layout/sign-out-button';
import { useI18n } from '@/components/providers/i18n-provider';
import { useSocket } from '@/components/providers/socket-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { useErrorText } from '@/components/ui/field-errors';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { Loading } from '@/components/ui/states';
import type { SessionUser } from '@/server/modules/auth/session';

/** The page an invitation link opens: which shop and part, and the way in for each visitor. */
export function InvitationView({ code, user }: { code: string; user: Pick<SessionUser, 'name' | 'role'> | null }) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const socket = useSocket();
  const info = useQuery({ ...trpc.members.invitation.queryOptions({ code }), retry: false, staleTime: Infinity });
  const accept = useMutation(
    trpc.members.accept.mutationOptions({
      onSuccess: () => {
        queryClient.clear();
        // The socket's handshake knew a viewer: shake hands again as a member.
        socket?.disconnect().connect();
        router.replace('/console');
        router.refresh();
      },
    }),
  );
  const here = `/invite/${encodeURIComponent(code)}`;

  return (
    <main className="mx-auto grid min-h-dvh max-w-md items-center p-6">
      <section className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm" data-testid="invitation">
        <div className="flex items-center justify-between">
          <h1 className="text-lg font-semibold">{t('invite.title')}</h1>
          <LanguageSwitch />
        </div>
        {info.isPending ? <Loading /> : info.isError ? (
          <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{errorText(info.error)}</p>
        ) : (
          <>
            <p className="mt-4 text-base" data-testid="invitation-body">{t('invite.body', { shop: info.data.shop, part: t(`part.${info.data.role}`) })}</p>
            <p className="mt-1 text-xs text-zinc-500">{t('invite.expires', { t: info.data.expiresAt.toLocaleString(locale === 'zh' ? 'zh-CN' : 'en') })}</p>
            {!user ? (
              <div className="mt-6 grid gap-3">
                <Link href={`/signup?invite=${encodeURIComponent(code)}&next=%2Fconsole`} className="rounded-md bg-brand px-4 py-2 text-center text-white">
                  {t('invite.signUp')}
                </Link>
                <Link href={`/login?next=${encodeURIComponent(here)}`} className="rounded-md border border-zinc-300 px-4 py-2 text-center text-sm">
                  {t('invite.signIn')}
                </Link>
              </div>
            ) : user.role === 'VIEWER' ? (
              <div className="mt-6">
                <p className="text-sm text-zinc-600">{t('invite.viewerNote')}</p>
                {accept.error ? <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{errorText(accept.error)}</p> : null}
                <button type="button" onClick={() => accept.mutate({ code })} disabled={accept.isPending} className="mt-4 w-full rounded-md bg-brand py-2 text-white disabled:opacity-60">
                  {accept.isPending ? t('invite.accepting') : t('invite.accept', { name: user.name })}
                </button>
              </div>
            ) : (
              <div className="mt-6 flex items-center justify-between gap-4">
                <p className="text-sm text-zinc-600">{t('invite.cannotJoin')}</p>
                <SignOutButton />
              </div>
            )}
          </>
        )}
      </section>
    </main>
  );
}
