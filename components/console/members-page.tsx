'use client';

import { useState, useSyncExternalStore } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorAt, Field } from '@/components/forms/field';
import { serverIssues } from '@/components/forms/issue-resolver';
import { useIssueForm } from '@/components/forms/use-issue-form';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorBanner } from '@/components/ui/field-errors';
import { ErrorState, Loading } from '@/components/ui/states';
import { inviteInput } from '@/server/modules/members/members.schema';

const noSubscribe = () => () => {};
const NAME = '\uE002';

/** Words around a member's name: the name as they wrote it (translate="no"). */
function Named({ words, name }: { words: string; name: string }) {
  const [before, after] = words.split(NAME);
  return (
    <>
      {before}
      <span translate="no">{name}</span>
      {after}
    </>
  );
}

/** The owner's page: the shop's members, new invitations (link and code) and their history. */
export function MembersPage() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const origin = useSyncExternalStore(noSubscribe, () => window.location.origin, () => '');
  const members = useQuery(trpc.members.list.queryOptions());
  const invitations = useQuery(trpc.members.invitations.queryOptions());
  const [copied, setCopied] = useState(false);
  const form = useIssueForm(inviteInput, { defaultValues: { role: 'OPERATOR' } });
  const { register, formState, refuse, bindForm, submit } = form;
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.members.invitations.queryKey() });
  };
  const invite = useMutation(trpc.members.invite.mutationOptions({ onSuccess: () => { setCopied(false); refresh(); }, onError: (error) => void refuse(error) }));
  const revoke = useMutation(trpc.members.revokeInvitation.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: refresh }));
  const when = (d: Date) => d.toLocaleString(locale === 'zh' ? 'zh-CN' : 'en');

  if (members.isPending) return <Loading />;
  if (members.isError) {
    return members.error.data?.reason === 'NOT_YOUR_PART' ? (
      <p className="rounded-lg bg-amber-50 p-4 text-sm text-amber-800" data-testid="owner-only">{t('members.ownerOnly')}</p>
    ) : (
      <ErrorState error={members.error} onRetry={() => members.refetch()} />
    );
  }
  const link = invite.data ? `${origin}/invite/${invite.data.code}` : '';

  return (
    // Grid items may shrink below their tables' width; the tables scroll inside their own box.
    <div className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-8">
      <section>
        <h1 className="text-lg font-semibold">{t('members.title')}</h1>
        <ErrorBanner error={remove.error} />
        <div className="mt-3 overflow-x-auto rounded-xl">
          <table className="w-full bg-white text-sm" data-testid="members">
            <thead className="bg-zinc-100 text-left text-xs text-zinc-500">
              <tr>
                <th className="px-4 py-2">{t('members.name')}</th>
                <th className="px-4 py-2">{t('members.username')}</th>
                <th className="px-4 py-2">{t('members.part')}</th>
                <th className="px-4 py-2" />
              </tr>
            </thead>
            <tbody>
              {members.data.map((m) => (
                <tr key={m.userId} className="border-t border-zinc-100" data-testid="member-row" data-username={m.username}>
                  <td className="px-4 py-2" translate="no">{m.name}</td>
                  <td className="px-4 py-2 font-mono text-xs" translate="no">{m.username}</td>
                  <td className="px-4 py-2">{t(`part.${m.shopRole}`)}</td>
                  <td className="px-4 py-2 text-right">
                    {m.shopRole === 'OWNER' ? null : (
                      <ConfirmDialog title={<Named words={t('members.confirmRemove', { name: NAME })} name={m.name} />} confirmLabel={t('members.remove')} destructive onConfirm={() => remove.mutateAsync({ userId: m.userId })}>
                        <button type="button" disabled={remove.isPending} className="rounded-md border border-red-200 px-2 py-1 text-xs whitespace-nowrap text-red-700 hover:bg-red-50 disabled:opacity-50">
                          {t('members.remove')}
                        </button>
                      </ConfirmDialog>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="rounded-xl border border-zinc-200 bg-white p-4">
        <h2 className="font-medium">{t('members.invite')}</h2>
        <form ref={bindForm} onSubmit={submit((input) => invite.mutate(input))} noValidate className="mt-3 flex flex-wrap items-end gap-3 text-sm">
          <Field label={t('members.inviteAs')} name="role" error={errorAt(formState.errors, 'role')} className="grid gap-1">
            {(p) => (
              <select {...p} {...register('role')} className="rounded-md border border-zinc-300 px-2 py-1.5">
                <option value="OPERATOR">{t('part.OPERATOR')}</option>
                <option value="MODERATOR">{t('part.MODERATOR')}</option>
              </select>
            )}
          </Field>
          <button type="submit" disabled={invite.isPending} className="rounded-md bg-zinc-900 px-3 py-1.5 whitespace-nowrap text-white disabled:opacity-50">
            {t('members.create')}
          </button>
        </form>
        <ErrorBanner error={invite.error && serverIssues(invite.error).length === 0 ? invite.error : null} />
        {invite.data ? (
          <div className="mt-4 rounded-lg bg-emerald-50 p-3 text-sm" data-testid="new-invitation">
            <p className="text-emerald-900">{t('members.newLink')}</p>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <code className="break-all rounded bg-white px-2 py-1 font-mono text-xs" data-testid="invitation-link" translate="no">{link}</code>
              <button
                type="button"
                onClick={() => void navigator.clipboard?.writeText(link).then(() => setCopied(true))}
                className="rounded-md border border-emerald-300 px-2 py-1 text-xs"
              >
                {copied ? t('members.copied') : t('members.copy')}
              </button>
            </div>
            <p className="mt-2 text-xs text-emerald-800">
              {t('members.code')}: <code className="font-mono" data-testid="invitation-code" translate="no">{invite.data.code}</code> · {t(`part.${invite.data.role}`)} ·{' '}
              {t('members.validUntil', { t: when(invite.data.expiresAt) })}
            </p>
          </div>
        ) : null}
      </section>

      <section>
        <h2 className="font-medium">{t('members.invitations')}</h2>
        <ErrorBanner error={revoke.error} />
        {invitations.isPending ? <Loading /> : invitations.isError ? <ErrorState error={invitations.error} onRetry={() => invitations.refetch()} /> : (
          <div className="mt-3 overflow-x-auto rounded-xl">
            <table className="w-full bg-white text-sm" data-testid="invitations">
              <tbody>
                {invitations.data.map((i) => (
                  <tr key={i.id} className="border-t border-zinc-100" data-testid="invitation-row" data-state={i.state}>
                    <td className="px-4 py-2 font-mono text-xs" translate="no">…{i.codeHint}</td>
                    <td className="px-4 py-2">{t(`part.${i.role}`)}</td>
                    <td className="px-4 py-2">{t(`members.state.${i.state}`)}</td>
                    <td className="px-4 py-2 text-xs text-zinc-500">
                      {t('members.createdBy')} <span translate="no">{i.createdBy}</span> · {when(i.createdAt)}
                      {i.acceptedBy ? (
                        <>
                          {' · '}
                          {t('members.acceptedBy')} <span translate="no">{i.acceptedBy}</span>
                        </>
                      ) : null}
                    </td>
                    <td className="px-4 py-2 text-right">
                      {i.state === 'PENDING' ? (
                        <button type="button" onClick={() => revoke.mutate({ invitationId: i.id })} disabled={revoke.isPending} className="rounded-md border border-zinc-300 px-2 py-1 text-xs disabled:opacity-50">
                          {t('members.revoke')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
