'use client';

// Errors in the viewer's words: a field's broken rule next to the field, a refusal in a banner.
// The words come from the locale files by code (issue-text.ts); what a seller or viewer typed
// (a SKU code, a keyword) is marked translate="no".
import { Fragment } from 'react';
import { useCallback } from 'react';
import { useI18n } from '@/components/providers/i18n-provider';
import type { IssueCode } from '@/server/validation';
import { issueParts, issueText, refusalParts, refusalText, UserText, type ErrorLike, type WordPart } from './issue-text';

export type { ErrorLike } from './issue-text';
export type { IssueCode } from '@/server/validation';

/** Server validation issues by dotted path ("skus.2.price"), the first of each path, from a tRPC error. */
export function issuesOf(error: unknown): Map<string, IssueCode> {
  const issues = (error as ErrorLike | null)?.data?.zod?.issues ?? [];
  const map = new Map<string, IssueCode>();
  for (const issue of issues) if (!map.has(issue.path)) map.set(issue.path, issue);
  return map;
}

/** A REST edge's error body ({ error: { code, message, reason, params } }) as the error the hooks take. */
export function restError(body: unknown, httpStatus: number): ErrorLike {
  const error = (body as { error?: { code?: string; message?: string; reason?: string | null; params?: Record<string, string | number> } } | null)?.error;
  return { message: error?.message, data: { code: error?.code, httpStatus, reason: error?.reason ?? null, params: error?.params ?? null } };
}

function Parts({ parts }: { parts: WordPart[] }) {
  return (
    <>
      {parts.map((part, i) =>
        part instanceof UserText ? (
          <span key={i} translate="no">
            {part.text}
          </span>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

/** The words of one issue, as a string (setError, aria) — the browser's and the server's alike. */
export function useIssueText() {
  const { t, has } = useI18n();
  return useCallback((issue: Pick<IssueCode, 'code' | 'key' | 'params'>) => issueText(t, has, issue), [t, has]);
}

export function FieldError({ issues, path, id }: { issues: Map<string, IssueCode>; path: string; id?: string }) {
  const { t, has } = useI18n();
  const issue = issues.get(path);
  return issue ? (
    <span role="alert" id={id} data-field-error={path} className="mt-1 block text-xs text-red-600">
      <Parts parts={issueParts(t, has, issue)} />
    </span>
  ) : null;
}

/** A refusal in the viewer's language, as a string (toasts, aria-labels); null for no error. */
export function useErrorText() {
  const { t, has } = useI18n();
  return useCallback((error: ErrorLike | null | undefined) => (error ? refusalText(t, has, error) : null), [t, has]);
}

/** The same words as a node, with what a user typed marked translate="no". */
export function ErrorWords({ error }: { error: ErrorLike }) {
  const { t, has } = useI18n();
  return <Parts parts={refusalParts(t, has, error)} />;
}

export function ErrorBanner({ error }: { error: ErrorLike | null | undefined }) {
  return error ? (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
      <ErrorWords error={error} />
    </p>
  ) : null;
}
