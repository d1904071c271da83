'use client';

import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSocket } from '@/components/providers/socket-provider';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';

export function SignOutButton() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const socket = useSocket();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: () => {
        queryClient.clear();
        socket?.disconnect().connect();
        router.replace('/login');
        router.refresh();
      },
    }),
  );
  return (
    <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending} className="text-xs text-zinc-500 hover:text-zinc-900">
      {t('nav.signOut')}
    </button>
  );
}
