'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSocket } from '@/components/providers/socket-provider';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { FieldError, issuesOf, useErrorText } from '@/components/ui/field-errors';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { homeOf } from './auth-words';

const input = 'mt-1 w-full rounded-md border border-zinc-300 px-3 py-2 outline-none focus:border-brand';

/** A new account: a viewer, or — with an invitation code — a member of the inviting shop. */
export function SignUpForm({ next, invitation: invited }: { next?: string; invitation?: string }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const socket = useSocket();
  const [form, setForm] = useState({ username: '', displayName: '', password: '', invitation: invited ?? '' });
  const signUp = useMutation(
    trpc.auth.signUp.mutationOptions({
      onSuccess: (user) => {
        queryClient.clear();
        socket?.disconnect().connect();
        router.replace(next ?? homeOf[user.role]);
        router.refresh();
      },
    }),
  );
  const issues = issuesOf(signUp.error);
  const fieldError = (path: string) => <FieldError issues={issues} path={path} />;
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signUp.mutate({
      username: form.username,
      password: form.password,
      displayName: form.displayName.trim() || undefined,
      invitation: form.invitation.trim() || undefined,
    });
  };

  return (
    <main className="mx-auto grid min-h-dvh max-w-md items-center p-6">
      <form onSubmit={submit} className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm" noValidate data-testid="sign-up-form">
        <div className="flex items-center justify-between">
          <h1 className="text-lg font-semibold">{t('signup.title')}</h1>
          <LanguageSwitch />
        </div>
        <label className="mt-6 block text-sm">
          {t('signup.username')}
          <input name="username" autoComplete="username" value={form.username} onChange={set('username')} className={input} />
          <span className="mt-1 block text-xs text-zinc-500">{t('signup.usernameHint')}</span>
          {fieldError('username')}
        </label>
        <label className="mt-4 block text-sm">
          {t('signup.displayName')}
          <input name="displayName" autoComplete="nickname" value={form.displayName} onChange={set('displayName')} className={input} />
          {fieldError('displayName')}
        </label>
        <label className="mt-4 block text-sm">
          {t('signup.password')}
          <input name="password" type="password" autoComplete="new-password" value={form.password} onChange={set('password')} className={input} />
          <span className="mt-1 block text-xs text-zinc-500">{t('signup.passwordHint')}</span>
          {fieldError('password')}
        </label>
        <label className="mt-4 block text-sm">
          {t('signup.invitation')}
          <input name="invitation" autoComplete="off" value={form.invitation} onChange={set('invitation')} className={`${input} font-mono`} />
          {fieldError('invitation')}
        </label>
        {signUp.error && issues.size === 0 ? (
          <p role="alert" data-testid="sign-up-error" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {errorText(signUp.error)}
          </p>
        ) : null}
        <button type="submit" disabled={signUp.isPending} className="mt-6 w-full rounded-md bg-brand py-2 text-white disabled:opacity-60">
          {signUp.isPending ? t('signup.submitting') : t('signup.submit')}
        </button>
        <p className="mt-4 text-center text-sm text-zinc-600">
          {t('signup.haveAccount')}{' '}
          <Link href={next ? `/login?next=${encodeURIComponent(next)}` : '/login'} className="text-brand hover:underline">
            {t('signup.signIn')}
          </Link>
        </p>
      </form>
    </main>
  );
}
