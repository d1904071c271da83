'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { controlProps, errorAt, FieldMessage } from '@/components/forms/field';
import { serverIssues } from '@/components/forms/issue-resolver';
import { useIssueForm } from '@/components/forms/use-issue-form';
import { useErrorText } from '@/components/ui/field-errors';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { keywordInput } from '@/server/modules/interaction/interaction.schema';
import type { RoomItem } from '@/server/modules/live/room-view';

/** In the item's line: its keyword and 想要 count — how many viewers asked for it in a comment (pushed as they do). */
export function DeskWant({ item }: { item: RoomItem }) {
  const { t } = useI18n();
  return (
    <>
      {item.keyword ? <span data-testid="desk-item-keyword"> · {t('keyword.label')} {item.keyword}</span> : null}
      {' · '}
      <span className="text-brand" data-testid="want-count" data-count={item.wantCount}>
        {t('keyword.want', { n: item.wantCount })}
      </span>
    </>
  );
}

/** An item's comment-to-buy keyword ("1号", "想要"): the owner and operators set it. */
export function DeskKeyword({ liveId, item, editable }: { liveId: number; item: RoomItem; editable: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  // Moderators (场控) see the keyword; the owner and operators set it.
  const canEdit = editable && (me.data?.shopRole === 'OWNER' || me.data?.shopRole === 'OPERATOR');
  return (
    <div className="mt-2 flex flex-wrap items-center gap-2 text-sm" data-testid="desk-keyword">
      {canEdit ? (
        <KeywordForm liveId={liveId} item={item} />
      ) : item.keyword ? (
        <span className="text-xs text-zinc-500">
          {t('keyword.label')}：<span translate="no">{item.keyword}</span>
        </span>
      ) : null}
    </div>
  );
}

function KeywordForm({ liveId, item }: { liveId: number; item: RoomItem }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  // The room's keyword fills the field, also when another desk changes it; one being typed stays.
  const form = useIssueForm(keywordInput, { values: { liveId, roomGoodsId: item.roomGoodsId, keyword: item.keyword ?? '' }, resetOptions: { keepDirtyValues: true } });
  const { register, formState, refuse, reset, bindForm, submit } = form;
  const save = useMutation(
    trpc.interaction.setKeyword.mutationOptions({
      onSuccess: (desk, input) => {
        queryClient.setQueryData(trpc.live.desk.queryKey({ liveId }), desk);
        // What was saved is what the field shows now (the form's resetOptions keep typed values, not here).
        reset({ liveId, roomGoodsId: item.roomGoodsId, keyword: input.keyword ?? '' }, { keepDirtyValues: false });
      },
      onError: (error) => void refuse(error),
    }),
  );
  const id = `keyword-${item.roomGoodsId}`;
  const error = errorAt(formState.errors, 'keyword');
  const refusal = save.error && serverIssues(save.error).length === 0 ? errorText(save.error) : null;
  return (
    <>
      <form ref={bindForm} onSubmit={submit((input) => save.mutate(input))} noValidate className="flex flex-wrap items-center gap-1" title={t('keyword.hint')}>
        <label className="text-xs whitespace-nowrap text-zinc-500" htmlFor={id}>{t('keyword.label')}</label>
        <input
          {...controlProps(id, error)}
          {...register('keyword')}
          placeholder={t('keyword.placeholder')}
          maxLength={20}
          data-testid="keyword-input"
          className="w-28 rounded border border-zinc-300 px-1.5 py-0.5 text-xs aria-invalid:border-red-500"
        />
        <button type="submit" disabled={save.isPending || !formState.isDirty} data-testid="keyword-save" className="rounded border border-zinc-300 px-1.5 py-0.5 text-xs whitespace-nowrap disabled:opacity-50">
          {t('keyword.save')}
        </button>
        {item.keyword ? (
          <button type="button" disabled={save.isPending} onClick={() => save.mutate({ liveId, roomGoodsId: item.roomGoodsId, keyword: null })} className="px-1 text-xs whitespace-nowrap text-zinc-400 hover:text-zinc-700">
            {t('keyword.clear')}
          </button>
        ) : null}
      </form>
      <FieldMessage id={id} name="keyword" error={error} />
      {refusal ? <span role="alert" className="text-xs text-red-600">{refusal}</span> : null}
    </>
  );
}
