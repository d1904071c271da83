'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorAt, Field } from '@/components/forms/field';
import { serverIssues } from '@/components/forms/issue-resolver';
import { useIssueForm } from '@/components/forms/use-issue-form';
import { useSocket } from '@/components/providers/socket-provider';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { useErrorText } from '@/components/ui/field-errors';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { signUpInput } from '@/server/modules/auth/auth.schema';
import { homeOf } from './auth-words';

const input = 'mt-1 w-full rounded-md border border-zinc-300 px-3 py-2 outline-none focus:border-brand aria-invalid:border-red-500';

/** A new account: a viewer, or — with an invitation code — a member of the inviting shop. */
export function SignUpForm({ next, invitation: invited }: { next?: string; invitation?: string }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const socket = useSocket();
  const form = useIssueForm(signUpInput, { defaultValues: { username: '', displayName: '', password: '', invitation: invited ?? '' } });
  const { register, formState, refuse, bindForm, submit } = form;
  const errorOf = (name: 'username' | 'displayName' | 'password' | 'invitation') => errorAt(formState.errors, name);
  const signUp = useMutation(
    trpc.auth.signUp.mutationOptions({
      onSuccess: (user) => {
        queryClient.clear();
        socket?.disconnect().connect();
        router.replace(next ?? homeOf[user.role]);
        router.refresh();
      },
      onError: (error) => void refuse(error),
    }),
  );
  // Left empty, the optional fields are not sent: the server picks the display name.
  const onSubmit = submit((values) => signUp.mutate({ ...values, displayName: values.displayName || undefined, invitation: values.invitation || undefined }));

  return (
    <main className="mx-auto grid min-h-dvh max-w-md items-center p-6">
      <form ref={bindForm} onSubmit={onSubmit} method="post" className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm" noValidate data-testid="sign-up-form">
        <div className="flex items-center justify-between">
          <h1 className="text-lg font-semibold">{t('signup.title')}</h1>
          <LanguageSwitch />
        </div>
        <Field label={t('signup.username')} name="username" error={errorOf('username')} hint={t('signup.usernameHint')} className="mt-6 text-sm">
          {(p) => <input {...p} {...register('username')} autoComplete="username" className={input} />}
        </Field>
        <Field label={t('signup.displayName')} name="displayName" error={errorOf('displayName')} className="mt-4 text-sm">
          {(p) => <input {...p} {...register('displayName')} autoComplete="nickname" className={input} />}
        </Field>
        <Field label={t('signup.password')} name="password" error={errorOf('password')} hint={t('signup.passwordHint')} className="mt-4 text-sm">
          {(p) => <input {...p} {...register('password')} type="password" autoComplete="new-password" className={input} />}
        </Field>
        <Field label={t('signup.invitation')} name="invitation" error={errorOf('invitation')} className="mt-4 text-sm">
          {(p) => <input {...p} {...register('invitation')} autoComplete="off" className={`${input} font-mono`} />}
        </Field>
        {signUp.error && serverIssues(signUp.error).length === 0 ? (
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
