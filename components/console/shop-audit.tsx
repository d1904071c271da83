'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { AuditTable } from './audit-table';

/** The shop's change log, for its owner. */
export function ShopAudit() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const owner = me.data?.shopRole === 'OWNER';
  const log = useInfiniteQuery({ ...trpc.audit.shop.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (last) => last.next }), enabled: owner });
  if (me.data && !owner) {
    return <p className="rounded-lg bg-amber-50 p-4 text-sm text-amber-800" data-testid="owner-only">{t('members.ownerOnly')}</p>;
  }
  return (
    <div>
      <h1 className="text-lg font-semibold">{t('audit.title')}</h1>
      <AuditTable log={log} />
    </div>
  );
}
