'use client';

import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { useTRPC } from '@/components/providers/trpc-provider';
import { AuditTable } from '@/components/console/audit-table';

/** Every shop's change log for ops; a shop's name narrows it to that shop. */
export function OpsAudit() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [shopId, setShopId] = useState<number | undefined>(undefined);
  const log = useInfiniteQuery(trpc.audit.all.infiniteQueryOptions({ limit: 50, shopId }, { getNextPageParam: (last) => last.next }));
  return (
    <div>
      <div className="flex items-center gap-4">
        <h1 className="text-lg font-semibold">{t('audit.title')}</h1>
        {shopId ? (
          <button type="button" onClick={() => setShopId(undefined)} className="rounded-md border border-zinc-300 px-2 py-1 text-xs">
            {t('audit.allShops')}
          </button>
        ) : null}
      </div>
      <AuditTable log={log} showShop onShop={setShopId} />
    </div>
  );
}
