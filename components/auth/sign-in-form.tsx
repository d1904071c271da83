'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorAt, Field } from '@/components/forms/field';
import { serverIssues } from '@/components/forms/issue-resolver';
import { useIssueForm } from '@/components/forms/use-issue-form';
import { useSocket } from '@/components/providers/socket-provider';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { useErrorText } from '@/components/ui/field-errors';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { signInInput } from '@/server/modules/auth/auth.schema';
import { homeOf } from './auth-words';

const input = 'mt-1 w-full rounded-md border border-zinc-300 px-3 py-2 outline-none focus:border-brand aria-invalid:border-red-500';

/** The sign-in page: a plain form; in demo mode (only) also the demo accounts, one click each. */
export function SignInForm({ next, demo }: { next?: string; demo: boolean }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const trpc = useTRPC();
  const form = useIssueForm(signInInput, { defaultValues: { username: '', password: '' } });
  const { register, setValue, formState, refuse, bindForm, submit } = form;
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
      onError: (error) => void refuse(error),
    }),
  );

  const refusal = (() => {
    const error = signIn.error;
    if (!error || serverIssues(error).length > 0) return null;
    if (error.data?.reason === 'BAD_CREDENTIALS') return t('login.badCredentials');
    // The server's wait (also its Retry-After) comes as a figure, not in its message.
    const seconds = error.data?.reason === 'TOO_MANY_ATTEMPTS' ? error.data.params?.seconds : undefined;
    const wait = typeof seconds === 'number' ? seconds : undefined;
    if (wait) return t('login.locked', { t: wait >= 120 ? t('time.minutes', { n: Math.ceil(wait / 60) }) : t('time.seconds', { n: wait }) });
    return errorText(error);
  })();

  const page = (
    <form ref={bindForm} onSubmit={submit((input) => signIn.mutate(input))} method="post" className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm" noValidate>
      <div className="flex items-center justify-between">
        <h1 className="text-lg font-semibold">{t('login.title')}</h1>
        <LanguageSwitch />
      </div>
      <Field label={t('login.username')} name="username" error={errorAt(formState.errors, 'username')} className="mt-6 text-sm">
        {(p) => <input {...p} {...register('username')} autoComplete="username" className={input} />}
      </Field>
      <Field label={t('login.password')} name="password" error={errorAt(formState.errors, 'password')} className="mt-4 text-sm">
        {(p) => <input {...p} {...register('password')} type="password" autoComplete="current-password" className={input} />}
      </Field>
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

  if (!demo) return <main className="mx-auto grid min-h-dvh max-w-md items-center p-6">{page}</main>;

  return (
    <main className="mx-auto grid min-h-dvh max-w-4xl items-center gap-8 p-6 md:grid-cols-2">
      {page}
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
                      setValue('username', account.username, { shouldValidate: formState.isSubmitted });
                      setValue('password', accounts.data.password, { shouldValidate: formState.isSubmitted });
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
