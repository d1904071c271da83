'use client';

import { useState } from 'react';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useI18n } from '@/components/providers/i18n-provider';
import { formatFen } from '@/components/ui/money';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import type { AuditEntry } from '@/server/modules/audit/audit.service';

type Page = { entries: AuditEntry[]; next: string | null };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** { skus: { 'TEE-01': { price: 5900 } } } → [['skus.TEE-01.price', 5900]] */
function flatten(value: unknown, prefix = ''): [string, unknown][] {
  if (!isObject(value)) return prefix ? [[prefix, value]] : [];
  return Object.entries(value).flatMap(([k, v]) => (isObject(v) && Object.keys(v).length ? flatten(v, prefix ? `${prefix}.${k}` : k) : [[prefix ? `${prefix}.${k}` : k, v] as [string, unknown]]));
}

type Words = (key: string, fallback: string) => string;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

function show(path: string, value: unknown, words: Words, locale: string): string {
  if (value === undefined || value === null) return '—';
  const field = path.split('.').pop()!;
  if (typeof value === 'number' && (field === 'price' || field === 'flashPrice')) return formatFen(value);
  if (typeof value === 'boolean') return words(value ? 'audit.yes' : 'audit.no', String(value));
  if (typeof value === 'string') {
    if (field === 'status') return words(`live.status.${value}`, words(`flash.status.${value}`, value));
    if (field === 'role' || field === 'shopRole') return words(`part.${value}`, value);
    if (ISO.test(value)) return new Date(value).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en');
    return value;
  }
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** Each changed value as "path: before → after" (values that were and stay empty left out). */
export function changeLines(before: unknown, after: unknown, words: Words = (_, fallback) => fallback, locale = 'zh'): { path: string; before: string; after: string }[] {
  const b = new Map(flatten(before));
  const a = new Map(flatten(after));
  return [...new Set([...b.keys(), ...a.keys()])]
    .map((path) => ({ path, before: show(path, b.get(path), words, locale), after: show(path, a.get(path), words, locale) }))
    .filter((line) => line.before !== line.after);
}

type Log = UseInfiniteQueryResult<InfiniteData<Page, unknown>, { message: string; data?: { reason?: string | null; httpStatus?: number } | null }>;

/**
 * The audit log, newest first, a page at a time (the owner's shop, or every shop for ops);
 * `onShop` lets ops narrow it to one shop by clicking its name.
 */
export function AuditTable({ log, showShop = false, onShop }: { log: Log; showShop?: boolean; onShop?: (shopId: number) => void }) {
  const { t, has, locale } = useI18n();
  const [open, setOpen] = useState<string | null>(null);
  if (log.isPending) return <Loading />;
  if (log.isError) return <ErrorState error={log.error} onRetry={() => log.refetch()} />;
  const entries = log.data.pages.flatMap((p) => p.entries);
  if (entries.length === 0) return <Empty />;
  // Words for what the UI knows; a newer action or part shows as the server wrote it.
  const words = (key: string, fallback: string) => (has(key) ? t(key) : fallback);
  return (
    <div>
      {/* The log is wide: it scrolls inside its own box on a narrow screen, never the page. */}
      <div className="mt-3 overflow-x-auto rounded-xl bg-white">
      <table className="w-full min-w-[48rem] text-sm" data-testid="audit-log">
        <thead className="bg-zinc-100 text-left text-xs text-zinc-500">
          <tr>
            <th className="px-3 py-2">{t('audit.time')}</th>
            {showShop ? <th className="px-3 py-2">{t('audit.shop')}</th> : null}
            <th className="px-3 py-2">{t('audit.actor')}</th>
            <th className="px-3 py-2">{t('audit.actionColumn')}</th>
            <th className="px-3 py-2">{t('audit.targetColumn')}</th>
            <th className="px-3 py-2">{t('audit.change')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const lines = changeLines(e.before, e.after, words, locale);
            const expanded = open === e.id;
            return (
              <tr key={e.id} className="border-t border-zinc-100 align-top" data-testid="audit-row" data-action={e.action}>
                <td className="whitespace-nowrap px-3 py-2 tabular-nums text-zinc-500">{new Date(e.createdAt).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en')}</td>
                {showShop ? (
                  <td className="px-3 py-2">
                    {e.shopId !== null && onShop ? (
                      <button type="button" translate="no" className="text-brand hover:underline" onClick={() => onShop(e.shopId!)}>{e.shop}</button>
                    ) : <span translate="no">{e.shop ?? '—'}</span>}
                  </td>
                ) : null}
                <td className="px-3 py-2">
                  <span translate="no">{e.actorName}</span> <span className="text-xs whitespace-nowrap text-zinc-500">{words(`part.${e.actorRole}`, words(`role.${e.actorRole}`, e.actorRole))}</span>
                </td>
                <td className="px-3 py-2">{words(`audit.action.${e.action}`, e.action)}</td>
                <td className="px-3 py-2">
                  <span className="text-xs text-zinc-500">{words(`audit.target.${e.targetType}`, e.targetType)}</span> <span translate="no" className="break-words">{e.targetName || `#${e.targetId}`}</span>
                </td>
                <td className="px-3 py-2 text-xs tabular-nums" data-testid="audit-change">
                  {(expanded ? lines : lines.slice(0, 3)).map((l) => (
                    <div key={l.path}>
                      <span className="text-zinc-500">{l.path.split('.').map((part) => words(`audit.field.${part}`, part)).join(' · ')}</span>: <span translate="no" className="break-words">{l.before}</span> → <span translate="no" className="break-words">{l.after}</span>
                    </div>
                  ))}
                  {lines.length > 3 ? (
                    <button type="button" className="text-brand" onClick={() => setOpen(expanded ? null : e.id)}>
                      {expanded ? '−' : `+${lines.length - 3}`}
                    </button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      </div>
      {log.hasNextPage ? (
        <button type="button" onClick={() => log.fetchNextPage()} disabled={log.isFetchingNextPage} className="mt-3 rounded-md border border-zinc-300 px-3 py-1.5 text-sm disabled:opacity-50">
          {t('audit.more')}
        </button>
      ) : null}
    </div>
  );
}
