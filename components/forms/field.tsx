'use client';

// Form building blocks: a label, its control and the control's error right under it. The error
// is announced (role="alert") and tied to the control (aria-invalid, aria-describedby), and it
// is worded from its issue at render time, so a language switch rewords what is on screen.
import { Fragment, useId, type ReactNode } from 'react';
import { get, type FieldErrors, type FieldValues } from 'react-hook-form';
import { useI18n } from '@/components/providers/i18n-provider';
import { issueParts, issueText, UserText } from '@/components/ui/issue-text';
import type { IssueError } from './issue-resolver';

/** The error of one field, if any (an array's own error sits on its `root`). */
export function errorAt<T extends FieldValues>(errors: FieldErrors<T>, name: string): IssueError | undefined {
  const found = get(errors, name) as (IssueError & { root?: IssueError }) | undefined;
  if (!found) return undefined;
  if (found.issue || typeof found.message === 'string') return found;
  return found.root;
}

/** The props that tie a control to its error (and hint). */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

export function controlProps(id: string, error: IssueError | undefined, hintId?: string): ControlProps {
  const described = [error ? `${id}-error` : null, hintId ?? null].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described || undefined };
}

/** The error text under a control; `name` is the field's dotted path (data-field-error, for tests and styling). */
export function FieldMessage({ id, name, error }: { id: string; name: string; error: IssueError | undefined }) {
  const { t, has } = useI18n();
  if (!error) return null;
  // What the user typed (a SKU code, a spec value) inside the words stays as typed: translate="no".
  const parts = error.issue ? issueParts(t, has, error.issue) : error.message ? [error.message] : [];
  if (!parts.length) return null;
  return (
    <span id={`${id}-error`} role="alert" data-field-error={name} className="mt-1 block text-xs text-red-600">
      {parts.map((part, i) => (part instanceof UserText ? <span key={i} translate="no">{part.text}</span> : <Fragment key={i}>{part}</Fragment>))}
    </span>
  );
}

/** An id for a control that has no visible <label> (a table cell): aria-label names it. */
export function useControlId(): string {
  return useId();
}

/**
 * A labelled control with its hint and error:
 * `<Field label={label} name="title" error={errorAt(errors, 'title')}>{(p) => <input {...p} {...register('title')} />}</Field>`
 */
export function Field({
  label,
  name,
  error,
  hint,
  className = 'text-sm',
  children,
}: {
  label: ReactNode;
  name: string;
  error: IssueError | undefined;
  hint?: ReactNode;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block">
        {label}
      </label>
      {children(controlProps(id, error, hintId))}
      {hint ? (
        <span id={hintId} className="mt-1 block text-xs text-zinc-500">
          {hint}
        </span>
      ) : null}
      <FieldMessage id={id} name={name} error={error} />
    </div>
  );
}

/**
 * What the form as a whole has to say after a submit: the server's words for what no field
 * shows, else — while fields are marked — that nothing was saved yet.
 */
export function FormAlert<T extends FieldValues>({ errors, submitted }: { errors: FieldErrors<T>; submitted: boolean }) {
  const { t, has } = useI18n();
  const root = (errors.root as Record<string, IssueError> | undefined)?.server;
  const text = root ? (root.issue ? issueText(t, has, root.issue) : root.message) : submitted && Object.keys(errors).length > 0 ? t('form.fixErrors') : null;
  return text ? (
    <p role="alert" data-testid="form-alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
      {text}
    </p>
  ) : null;
}
