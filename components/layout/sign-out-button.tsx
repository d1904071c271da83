'use client';

import { useMutation } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';

export function SignOutButton() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: () => {
        window.location.href = '/login';
      },
    }),
  );
  return (
    <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending} className="text-xs text-zinc-500 hover:text-zinc-900">
      {t('nav.signOut')}
    </button>
  );
}
