'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSocket } from '@/components/providers/socket-provider';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { FieldError, issuesOf, useErrorText } from '@/components/ui/field-errors';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { homeOf, waitSecondsOf } from './auth-words';

/** The sign-in page: a plain form; in demo mode (only) also the demo accounts, one click each. */
export function SignInForm({ next, demo }: { next?: string; demo: boolean }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const trpc = useTRPC();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const router = useRouter();
  const queryClient = useQueryClient();
  const socket = useSocket();
  const accounts = useQuery({ ...trpc.auth.demoAccounts.queryOptions(), enabled: demo });
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: (user) => {
        queryClient.clear();
        // The socket authenticated with the old cookie at its handshake: shake hands again.
        socket?.disconnect().connect();
        router.replace(next ?? homeOf[user.role]);
        router.refresh();
      },
    }),
  );
  const issues = issuesOf(signIn.error);
  const fieldErrors = issues.size ? issues : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ username, password });
  };

  const refusal = (() => {
    const error = signIn.error;
    if (!error || fieldErrors) return null;
    if (error.data?.reason === 'BAD_CREDENTIALS') return t('login.badCredentials');
    const wait = error.data?.reason === 'TOO_MANY_ATTEMPTS' ? waitSecondsOf(error.message) : undefined;
    if (wait) return t('login.locked', { t: wait >= 120 ? t('time.minutes', { n: Math.ceil(wait / 60) }) : t('time.seconds', { n: wait }) });
    return errorText(error);
  })();

  const form = (
    <form onSubmit={submit} className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm" noValidate>
      <div className="flex items-center justify-between">
        <h1 className="text-lg font-semibold">{t('login.title')}</h1>
        <LanguageSwitch />
      </div>
      <label className="mt-6 block text-sm">
        {t('login.username')}
        <input
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          className="mt-1 w-full rounded-md border border-zinc-300 px-3 py-2 outline-none focus:border-brand"
        />
        <FieldError issues={issues} path="username" />
      </label>
      <label className="mt-4 block text-sm">
        {t('login.password')}
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className="mt-1 w-full rounded-md border border-zinc-300 px-3 py-2 outline-none focus:border-brand"
        />
        <FieldError issues={issues} path="password" />
      </label>
      {refusal ? (
        <p role="alert" data-testid="sign-in-error" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {refusal}
        </p>
      ) : null}
      <button type="submit" disabled={signIn.isPending} className="mt-6 w-full rounded-md bg-brand py-2 text-white disabled:opacity-60">
        {signIn.isPending ? t('login.submitting') : t('login.submit')}
      </button>
      <p className="mt-4 text-center text-sm text-zinc-600">
        {t('login.noAccount')}{' '}
        <Link href={next ? `/signup?next=${encodeURIComponent(next)}` : '/signup'} className="text-brand hover:underline">
          {t('login.signUp')}
        </Link>
      </p>
    </form>
  );

  if (!demo) return <main className="mx-auto grid min-h-dvh max-w-md items-center p-6">{form}</main>;

  return (
    <main className="mx-auto grid min-h-dvh max-w-4xl items-center gap-8 p-6 md:grid-cols-2">
      {form}
      <section className="rounded-xl border border-dashed border-zinc-300 p-6">
        <h2 className="text-sm font-medium text-zinc-700">{t('login.demo')}</h2>
        {accounts.data ? (
          <>
            <ul className="mt-3 grid gap-2" data-testid="demo-accounts">
              {accounts.data.accounts.map((account) => (
                <li key={account.username}>
                  <button
                    type="button"
                    onClick={() => {
                      setUsername(account.username);
                      setPassword(accounts.data.password);
                    }}
                    className="flex w-full items-center justify-between rounded-md bg-white px-3 py-2 text-left text-sm hover:bg-zinc-100"
                  >
                    <span>
                      <span className="font-mono">{account.username}</span> · {account.name}
                    </span>
                    <span className="text-xs text-zinc-500">
                      {account.shopRole ? t(`part.${account.shopRole}`) : t(`role.${account.role}`)}
                      {account.shop ? ` · ${account.shop}` : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            <p className="mt-3 text-xs text-zinc-500">
              {t('login.demoPassword')}: <code className="font-mono">{accounts.data.password}</code>
            </p>
          </>
        ) : null}
      </section>
    </main>
  );
}
